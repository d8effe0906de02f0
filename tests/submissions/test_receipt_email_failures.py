"""When sending the receipt e-mail fails (Wmebv C3): retried when temporary, flagged for staff when permanent."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from submissions import jobs
from submissions.models import Job, Submission, SubmissionEvent
from submissions.receipt import mail as receipt_mail

from .test_receipt_email import ADDRESS, MASKED, demo_definition, email_job, events, receive, use_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    return receive(demo_definition())


def test_temporary_failure_is_retried_and_then_sent(received, settings):
    backend = use_backend(settings, "FlakyBackend")
    backend.failures_left = 1
    received_at = Submission.objects.get(pk=received.pk).received_at

    item = jobs.run(email_job(received).pk)

    assert item.status == Job.Status.PENDING
    assert item.attempts == 1
    assert item.next_attempt_at > timezone.now()
    assert mail.outbox == []
    [failed] = events(received, SubmissionEvent.Kind.EMAIL_FAILED)
    assert failed.detail["job"] == "receipt_email"
    assert "SMTPServerDisconnected" in failed.detail["error"]
    assert events(received, SubmissionEvent.Kind.EMAIL_SENT) == []
    assert jobs.run(item.pk) is None  # not due yet

    Job.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    item = jobs.run(item.pk)

    assert item.status == Job.Status.DONE
    assert item.attempts == 2
    assert len(mail.outbox) == 1
    assert len(events(received, SubmissionEvent.Kind.EMAIL_SENT)) == 1
    assert Submission.objects.get(pk=received.pk).received_at == received_at


def test_permanent_failure_gives_up_for_staff_without_leaking_the_address(received, settings):
    use_backend(settings, "RefusingBackend")
    received_at = Submission.objects.get(pk=received.pk).received_at

    item = jobs.run(email_job(received).pk)

    assert item.status == Job.Status.FAILED
    assert item.attempts == 1
    assert mail.outbox == []
    [gave_up] = events(received, SubmissionEvent.Kind.EMAIL_GAVE_UP)
    assert "550" in gave_up.detail["error"]
    assert MASKED in gave_up.detail["error"]
    assert ADDRESS not in gave_up.detail["error"] and ADDRESS not in item.last_error
    assert events(received, SubmissionEvent.Kind.EMAIL_SENT) == []
    assert Submission.objects.get(pk=received.pk).received_at == received_at


@pytest.mark.parametrize(
    ("exc", "outcome"),
    [
        (smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"no such user")}), jobs.GiveUp),
        (smtplib.SMTPRecipientsRefused({ADDRESS: (451, b"greylisted, try again")}), jobs.RetryLater),
        (smtplib.SMTPSenderRefused(553, b"sender not allowed", "noreply@loket.invalid"), jobs.GiveUp),
        (smtplib.SMTPDataError(554, b"message rejected as spam"), jobs.GiveUp),
        (smtplib.SMTPDataError(452, b"insufficient storage"), jobs.RetryLater),
        (smtplib.SMTPResponseException(421, b"service not available"), jobs.RetryLater),
        (smtplib.SMTPServerDisconnected("gone"), jobs.RetryLater),
        (smtplib.SMTPConnectError(554, b"no service"), jobs.RetryLater),
        (ConnectionRefusedError(111, "Connection refused"), jobs.RetryLater),
        (TimeoutError("timed out"), jobs.RetryLater),
    ],
)
def test_failures_are_classified(exc, outcome):
    result = receipt_mail.classify(exc)
    assert type(result) is outcome
    assert ADDRESS not in str(result)


# --- at least once: a possible duplicate is on record ---------------------------------------------


class ScriptedBackend(LocmemBackend):
    """A mail server that behaves as ``script`` says, one entry per send, then delivers normally."""

    script: list[str] = []

    def open(self):
        if self.script and self.script[0] == "unreachable":
            self.script.pop(0)
            raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, messages):
        step = self.script.pop(0) if self.script else "deliver"
        if step == "greylisted":
            raise smtplib.SMTPRecipientsRefused({ADDRESS: (451, b"4.7.1 greylisted, try again later")})
        sent = super().send_messages(messages)  # in the citizen's mailbox from here on
        if step == "reply_lost":
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if step == "worker_killed":
            raise SystemExit("killed while sending")
        return sent


@pytest.fixture
def server(settings):
    settings.EMAIL_BACKEND = "tests.submissions.test_receipt_email_failures.ScriptedBackend"
    ScriptedBackend.script = []
    return ScriptedBackend


def history(submission) -> list[tuple[str, dict]]:
    mail_events = SubmissionEvent.objects.filter(submission=submission, kind__startswith="email_")
    return [(event.kind, event.detail) for event in mail_events]


def test_a_send_whose_outcome_is_unknown_makes_the_next_one_a_visible_possible_duplicate(
    received, server, clock, caplog
):
    server.script = ["reply_lost"]
    item = jobs.run(email_job(received).pk)
    clock.shift(30)
    jobs.run(item.pk)

    assert len(mail.outbox) == 2  # at least once: the citizen got it twice
    assert mail.outbox[0].extra_headers["Message-ID"] == mail.outbox[1].extra_headers["Message-ID"]
    (sending, first), (failed, failure), (sending_again, second), (sent, detail) = history(received)
    assert (sending, failed, sending_again, sent) == ("email_sending", "email_failed", "email_sending", "email_sent")
    assert (failure["send_id"], failure["delivered"]) == (first["send_id"], "unknown")
    assert second["possible_duplicate_of"] == [first["send_id"]]
    assert detail["send_id"] == second["send_id"] != first["send_id"]
    assert detail["possible_duplicate"] is True
    assert detail["message_id"] == first["message_id"]
    assert "sent again after a send with unknown outcome" in caplog.text


@pytest.mark.parametrize("refusal", ["greylisted", "unreachable"])
def test_a_send_that_certainly_failed_is_no_duplicate(received, server, clock, refusal):
    server.script = [refusal]
    item = jobs.run(email_job(received).pk)
    clock.shift(30)
    jobs.run(item.pk)

    assert len(mail.outbox) == 1
    (_, first), (_, failure), (_, second), (_, detail) = history(received)
    assert (failure["send_id"], failure["delivered"]) == (first["send_id"], "no")
    assert "possible_duplicate_of" not in second and "possible_duplicate" not in detail


def test_a_worker_killed_while_sending_makes_the_retry_a_possible_duplicate(received, server, clock):
    server.script = ["worker_killed"]
    with pytest.raises(SystemExit):
        jobs.run(email_job(received).pk)
    clock.shift(jobs.LEASE.total_seconds() + 1)
    jobs.run(email_job(received).pk)  # the sweep finds the interrupted attempt and sends again

    assert len(mail.outbox) == 2
    kinds = [kind for kind, _ in history(received)]
    assert kinds == ["email_sending", "email_failed", "email_sending", "email_sent"]
    assert "Interrupted" in history(received)[1][1]["error"]
    assert history(received)[3][1]["possible_duplicate"] is True
