"""When sending the receipt e-mail fails (Wmebv C3): retried when temporary, flagged for staff when permanent."""

import datetime
import smtplib

import pytest
from django.core import mail
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
