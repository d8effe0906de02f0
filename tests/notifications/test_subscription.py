"""The abonnement (made once, checked) and the whole chain over real HTTP: zaaksysteem -> Notificaties -> Loket."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from notifications import service
from notifications.checks import check_subscription
from notifications.models import ReceivedNotification, Subscription

from .conftest import AUTH, run_due_jobs, set_status, zaak_url


def test_subscribing_twice_makes_one_abonnement(zgw, zgw_services, settings):
    settings.LOKET_PUBLIC_URL = "https://loket.example.nl"
    call_command("subscribe_notifications")
    call_command("subscribe_notifications")

    [abonnement] = zgw.store.all("abonnement")
    assert abonnement["callbackUrl"] == "https://loket.example.nl/api/notificaties/"
    assert abonnement["auth"] == AUTH
    assert [group["naam"] for group in abonnement["kanalen"]] == ["zaken"]
    assert Subscription.objects.get().url == abonnement["url"]
    call_command("subscribe_notifications", "--check")


def test_the_check_notices_a_missing_or_moved_abonnement(zgw, zgw_services, settings):
    settings.LOKET_PUBLIC_URL = "https://loket.example.nl"
    [warning] = check_subscription(databases=["default"])
    assert warning.id == "notifications.W001" and "subscribe_notifications" in warning.msg

    call_command("subscribe_notifications")
    assert check_subscription(databases=["default"]) == []

    zgw.store.objects["abonnement"].clear()  # removed at the Notificaties API
    with pytest.raises(CommandError, match="could not be read"):
        call_command("subscribe_notifications", "--check")

    settings.LOKET_PUBLIC_URL = "https://nieuw.example.nl"  # moved: the abonnement points at the old address
    assert "no abonnement for https://nieuw.example.nl" in check_subscription(databases=["default"])[0].msg


def test_misconfiguration_is_named(zgw, zgw_services, settings):
    settings.LOKET_NOTIFICATIONS_SERVICE = "zaken-fake"
    with pytest.raises(CommandError, match="not a Notificaties API"):
        call_command("subscribe_notifications")
    settings.LOKET_NOTIFICATIONS_SERVICE = ""
    assert check_subscription(databases=["default"]) == []  # off: nothing to check
    settings.LOKET_NOTIFICATIONS_SERVICE, settings.LOKET_NOTIFICATIONS_AUTH = "notificaties-fake", ""
    with pytest.raises(CommandError, match="LOKET_NOTIFICATIONS_AUTH"):
        call_command("subscribe_notifications")


def test_a_status_set_in_the_zaaksysteem_reaches_the_citizen(live_server, registered, zgw, zgw_services, settings):
    """Wmebv C2 end to end: the fake Zaken API notifies, the fake Notificaties API POSTs to our live webhook."""
    settings.LOKET_PUBLIC_URL = live_server.url
    assert service.subscribe().created
    mail.outbox.clear()

    set_status(zgw, zgw_services, zaak_url(registered), "In behandeling", "2026-12-01T10:00:00+01:00")

    assert zgw.deliveries == [(f"{live_server.url}/api/notificaties/", 204)]
    assert ReceivedNotification.objects.get().submission_id == registered.pk
    run_due_jobs()
    [sent] = mail.outbox
    assert "In behandeling" in sent.body and registered.public_reference in sent.body
    assert "http" not in sent.body and "<a" not in sent.alternatives[0][0]
