"""Is a form available right now? Used by every citizen page that accepts input.

Outages are rare and few, so the active ones are cached as plain data for a few
seconds and the cache is cleared whenever an outage changes: the check costs no
query on the hot path, and a new outage shows within ``CACHE_SECONDS`` in every
process even when the cache is per process.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from .models import Outage

__all__ = ["active_outage", "end_outage", "forget_cached_outages"]

CACHE_KEY = "loket:availability:outages"
CACHE_SECONDS = 10


@dataclass(frozen=True)
class _Current:
    pk: int
    started_at: datetime
    ended_at: datetime | None
    form_ids: frozenset[int]

    def covers(self, form_id: int, at: datetime) -> bool:
        in_time = self.started_at <= at and (self.ended_at is None or self.ended_at > at)
        return in_time and (not self.form_ids or form_id in self.form_ids)


def _current() -> list[_Current]:
    current = cache.get(CACHE_KEY)
    if current is None:
        now = timezone.now()
        # Outages starting soon are included so they take effect on time, not at the next refresh.
        soon = now + timezone.timedelta(seconds=CACHE_SECONDS)
        rows = Outage.objects.filter(started_at__lte=soon).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=now))
        current = [
            _Current(o.pk, o.started_at, o.ended_at, frozenset(f.pk for f in o.forms.all()))
            for o in rows.prefetch_related("forms").order_by("started_at")
        ]
        cache.set(CACHE_KEY, current, CACHE_SECONDS)
    return current


def active_outage(form_id: int) -> Outage | None:
    """The outage that covers form ``form_id`` now, if any (no query while none is active)."""
    now = timezone.now()
    for item in _current():
        if item.covers(form_id, now):
            return Outage.objects.filter(pk=item.pk).first()
    return None


def forget_cached_outages(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def end_outage(outage: Outage) -> Outage:
    if outage.ended_at is None:
        outage.ended_at = timezone.now()
        outage.save(update_fields=["ended_at"])
    return outage
