"""Is a form available right now? One query, used by every citizen page that accepts input."""

from django.db.models import Q
from django.utils import timezone

from builder.models import Form

from .models import Outage

__all__ = ["active_outage", "end_outage"]


def active_outage(form: Form) -> Outage | None:
    now = timezone.now()
    return (
        Outage.objects.filter(started_at__lte=now)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=now))
        .filter(Q(forms__isnull=True) | Q(forms=form))
        .order_by("started_at")
        .first()
    )


def end_outage(outage: Outage) -> Outage:
    if outage.ended_at is None:
        outage.ended_at = timezone.now()
        outage.save(update_fields=["ended_at"])
    return outage
