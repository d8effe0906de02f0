"""The demo zaaksysteem's set-up and ``demo_next_status``, against the same fakes the demo process serves."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from notifications import demo, service
from registrations.models import FormRegistration, RegistrationRecord
from registrations.service import configuration_problems
from tests.registrations.fake_zgw import CLIENT_ID, SECRET

from .conftest import AUTH, run_due_jobs


def test_configure_points_the_bezwaar_form_at_the_demo_zaaksysteem(bezwaar, zgw):
    demo.configure({api: zgw.roots[api] for api in demo.SLUGS}, "loket", "geheim")
    demo.configure({api: zgw.roots[api] for api in demo.SLUGS}, "loket", "geheim")  # a restart changes nothing

    [config] = FormRegistration.objects.filter(form=bezwaar, backend="zgw")
    assert configuration_problems(config) == []


def test_next_status_walks_the_statustypen_in_order(live_server, bezwaar, zgw, send_bezwaar, settings):
    """The demo's route: demo_next_status -> Zaken API -> Notificaties API -> webhook (live) -> e-mail."""
    settings.LOKET_NOTIFICATIONS_AUTH, settings.LOKET_PUBLIC_URL = AUTH, live_server.url
    settings.LOKET_NOTIFICATIONS_SERVICE = demo.SLUGS["notificaties"]
    demo.configure({api: zgw.roots[api] for api in demo.SLUGS}, CLIENT_ID, SECRET)
    service.subscribe()
    with pytest.raises(CommandError, match="send the demo bezwaarschrift first"):
        call_command("demo_next_status")
    submission = send_bezwaar()
    run_due_jobs()
    assert RegistrationRecord.objects.get(submission=submission).status == RegistrationRecord.Status.REGISTERED
    mail.outbox.clear()

    for expected in ("In behandeling", "Geaccepteerd", "Afgehandeld"):
        assert demo.next_status() == (submission.public_reference, expected)
    # Four notifications: "Ontvangen" (set by Loket's registration: no mail, the receipt said it) and three more.
    assert [status for _, status in zgw.deliveries] == [204, 204, 204, 204]
    assert submission.events.filter(kind="status_email_skipped", detail__reason="status set by Loket").count() == 1
    with pytest.raises(LookupError, match="final status"):
        demo.next_status(submission.public_reference)
    run_due_jobs()

    assert [item.body.split("Nieuwe status: ")[1].splitlines()[0] for item in mail.outbox] == [
        "In behandeling",
        "Geaccepteerd",
        "Afgehandeld",
    ]
