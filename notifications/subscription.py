"""The abonnement on the Notificaties API: made once, checked since.

Loket subscribes to the ``zaken`` kanaal with its webhook as callback URL
(from ``LOKET_PUBLIC_URL``) and the Authorization value it will demand from
the caller (``LOKET_NOTIFICATIONS_AUTH``). The abonnement's URL is kept in
:class:`~.models.Subscription`, so the system check can see, without the
network, whether one was made for the callback URL of today's settings.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from zgw_consumers.constants import APITypes
from zgw_consumers.models import Service

from registrations.contrib.zgw.client import ZGWClient

from .models import Subscription

__all__ = ["KANAAL", "SubscriptionProblem", "callback_url", "check", "notifications_service", "subscribe"]

KANAAL = "zaken"


class SubscriptionProblem(Exception):
    """What is wrong with the subscription, in words for whoever runs the command."""


@dataclass(frozen=True)
class Result:
    subscription: Subscription
    created: bool


def callback_url() -> str:
    return settings.LOKET_PUBLIC_URL.rstrip("/") + reverse("notifications:webhook")


def notifications_service() -> Service:
    slug = settings.LOKET_NOTIFICATIONS_SERVICE
    if not slug:
        raise SubscriptionProblem("LOKET_NOTIFICATIONS_SERVICE is not set (the slug of the Notificaties API service)")
    service = Service.objects.filter(slug=slug).first()
    if service is None:
        raise SubscriptionProblem(f"there is no service with slug {slug!r}")
    if service.api_type != APITypes.nrc:
        raise SubscriptionProblem(f"service {slug!r} is of type {service.api_type}, not a Notificaties API (nrc)")
    return service


def _mine(abonnement: dict) -> bool:
    return abonnement.get("callbackUrl") == callback_url() and any(
        group.get("naam") == KANAAL for group in abonnement.get("kanalen", [])
    )


def subscribe() -> Result:
    """Make the abonnement, or adopt the one that already delivers to us; idempotent."""
    if not settings.LOKET_NOTIFICATIONS_AUTH:
        raise SubscriptionProblem("LOKET_NOTIFICATIONS_AUTH is not set (the Authorization value the caller must send)")
    service = notifications_service()
    client = ZGWClient(service)
    try:
        if not client.get("kanaal", params={"naam": KANAAL}):
            raise SubscriptionProblem(f"the Notificaties API has no kanaal {KANAAL!r}: the Zaken API registers it")
        existing = next((item for item in client.get("abonnement") or [] if _mine(item)), None)
        created = existing is None
        if created:
            body = {
                "callbackUrl": callback_url(),
                "auth": settings.LOKET_NOTIFICATIONS_AUTH,
                "kanalen": [{"naam": KANAAL, "filters": {}}],
            }
            existing = client.post("abonnement", body)
    finally:
        client.close()
    subscription, _ = Subscription.objects.update_or_create(
        url=existing["url"],
        defaults={"service_slug": service.slug, "callback_url": callback_url(), "kanalen": [KANAAL]},
    )
    return Result(subscription, created)


def check(remote: bool = True) -> list[str]:
    """Problems with the subscription; ``remote`` also asks the Notificaties API whether it still holds it."""
    problems = []
    if not settings.LOKET_NOTIFICATIONS_AUTH:
        problems.append("LOKET_NOTIFICATIONS_AUTH is not set")
    try:
        service = notifications_service()
    except SubscriptionProblem as exc:
        return [*problems, str(exc)]
    mine = Subscription.objects.filter(service_slug=service.slug, callback_url=callback_url())
    subscription = mine.order_by("-created_at", "-pk").first()
    if subscription is None:
        return [*problems, f"no abonnement for {callback_url()}: run manage.py subscribe_notifications"]
    if remote:
        client = ZGWClient(service)
        try:
            abonnement = client.get(subscription.url)
        except Exception as exc:
            problems.append(f"the abonnement {subscription.url} could not be read: {exc}")
        else:
            if not _mine(abonnement):
                problems.append(f"the abonnement {subscription.url} no longer delivers kanaal {KANAAL!r} to us")
        finally:
            client.close()
    return problems
