"""Wmebv C2 and C3: a new status of a zaak from a Loket submission becomes one short, link-free e-mail."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from notifications.models import ReceivedNotification, StatusMailText
from submissions.models import Job, SubmissionEvent

from .conftest import AUTH, message, run_due_jobs, set_status, zaak_url

WEBHOOK = reverse("notifications:webhook")


def post(client, body, auth: str | None = AUTH):
    headers = {"HTTP_AUTHORIZATION": auth} if auth is not None else {}
    return client.post(WEBHOOK, body, content_type="application/json", **headers)


@pytest.fixture
def new_status(registered, zgw, zgw_services):
    """The zaaksysteem moved the zaak to "In behandeling"; the notification about it, not yet delivered."""
    zaak = zaak_url(registered)
    status = set_status(zgw, zgw_services, zaak, "In behandeling", "2026-12-01T10:00:00+01:00")
    mail.outbox.clear()
    return message(zaak, status["url"])


def status_mails() -> list:
    return [item for item in mail.outbox if "status van uw zaak" in item.subject]


def test_a_new_status_sends_exactly_one_link_free_mail(client, registered, new_status):
    response = post(client, new_status)
    assert response.status_code == 204
    assert mail.outbox == []  # the webhook only writes the job; the worker sends
    run_due_jobs()

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["jan@example.nl"]
    html = sent.alternatives[0][0]
    for part in (sent.body, html):
        assert "<a" not in part.lower() and "http" not in part.lower()
        assert "Bezwaar" in part and registered.public_reference in part and "In behandeling" in part
        assert "niets te doen" in part and "Mijn Loket" in part and "geen link" in part and "14 020" in part
    kinds = list(registered.events.values_list("kind", flat=True))
    assert kinds.count("status_email_sending") == 1 and kinds.count("status_email_sent") == 1
    sent_event = registered.events.get(kind="status_email_sent")
    assert sent_event.detail["status"] == "In behandeling" and sent_event.detail["to"] == "j***@example.nl"


def test_a_replayed_notification_sends_nothing(client, registered, new_status):
    assert post(client, new_status).status_code == 204
    run_due_jobs()
    assert post(client, new_status).status_code == 204  # the Notificaties API retries, or someone replays
    run_due_jobs()

    assert len(status_mails()) == 1
    assert ReceivedNotification.objects.count() == 1
    assert Job.objects.filter(submission=registered, kind="status_email").count() == 1


def test_each_status_gets_its_own_mail(client, registered, new_status, zgw, zgw_services):
    post(client, new_status)
    later = set_status(zgw, zgw_services, new_status["hoofdObject"], "Afgehandeld", "2026-12-02T10:00:00+01:00")
    post(client, message(new_status["hoofdObject"], later["url"], when="2026-12-02T10:00:01+01:00"))
    run_due_jobs()

    assert [item.body.count("Afgehandeld") > 0 for item in status_mails()] == [False, True]


@pytest.mark.parametrize("auth", [None, "", "Token fout", AUTH + " ", AUTH.lower()])
def test_an_unknown_caller_is_refused(client, registered, new_status, auth):
    response = post(client, new_status, auth=auth)

    assert response.status_code == 403
    assert ReceivedNotification.objects.count() == 0
    run_due_jobs()
    assert status_mails() == []


def test_without_a_configured_secret_every_caller_is_refused(client, registered, new_status, settings):
    settings.LOKET_NOTIFICATIONS_AUTH = ""
    assert post(client, new_status, auth="").status_code == 403


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("geen json", "geen JSON"),
        ([], "(body)"),
        ({"kanaal": "zaken"}, "'hoofdObject' is a required property"),
        ({"resourceUrl": 7}, "resourceUrl: 7 is not of type 'string'"),
        ({"aanmaakdatum": "gisteren"}, "aanmaakdatum: 'gisteren' is not a 'date-time'"),
        ({"kenmerken": {"zaaktype": ["lijst"]}}, "kenmerken/zaaktype"),
    ],
)
def test_a_bad_body_gets_a_clear_400(client, new_status, body, named):
    if isinstance(body, dict) and set(body) != {"kanaal"}:
        body = {**new_status, **body}
    response = client.post(WEBHOOK, body, content_type="application/json", HTTP_AUTHORIZATION=AUTH)

    assert response.status_code == 400
    assert named in str(response.json())
    assert ReceivedNotification.objects.count() == 0


def test_a_notification_about_another_zaak_is_stored_and_sends_nothing(client, registered, new_status):
    other = {**new_status, "hoofdObject": new_status["hoofdObject"][:-4] + "0000"}
    assert post(client, other).status_code == 204
    assert post(client, {**new_status, "resource": "zaak", "actie": "partial_update"}).status_code == 204
    run_due_jobs()

    assert status_mails() == []
    assert ReceivedNotification.objects.count() == 2
    assert not Job.objects.filter(kind="status_email").exists()


def test_the_webhook_costs_a_few_queries(client, registered, new_status, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        assert post(client, new_status).status_code == 204


class _Refusing(EmailBackend):
    code = 550

    def send_messages(self, messages):
        to = messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({to: (self.code, b"5.1.1 mailbox unavailable")})


class _Greylisting(_Refusing):
    code = 451


def test_a_permanent_bounce_is_flagged_for_staff(client, registered, new_status, settings):
    settings.EMAIL_BACKEND = f"{__name__}._Refusing"
    post(client, new_status)
    run_due_jobs()

    item = Job.objects.get(submission=registered, kind="status_email")
    assert item.status == Job.Status.FAILED and item.attempts == 1
    gave_up = registered.events.get(kind="status_email_gave_up")
    assert "550" in gave_up.detail["error"] and "jan@" not in gave_up.detail["error"]


def test_a_temporary_failure_is_retried_and_then_sent(client, registered, new_status, settings):
    settings.EMAIL_BACKEND = f"{__name__}._Greylisting"
    post(client, new_status)
    run_due_jobs()
    item = Job.objects.get(submission=registered, kind="status_email")
    assert item.status == Job.Status.PENDING and registered.events.filter(kind="status_email_failed").count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Job.objects.filter(pk=item.pk).update(next_attempt_at=item.created_at)
    run_due_jobs()

    assert len(status_mails()) == 1
    assert Job.objects.get(pk=item.pk).status == Job.Status.DONE


def test_a_link_typed_into_the_text_stops_the_mail(client, registered, new_status):
    text = StatusMailText.get_solo()
    text.contact = "Zie www.voorbeeld.nl/contact"
    text.save()
    post(client, new_status)
    run_due_jobs()

    assert status_mails() == []
    assert SubmissionEvent.objects.filter(submission=registered, kind="status_email_gave_up").exists()
