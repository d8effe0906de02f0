"""Wmebv B7: nothing a job does, or fails to do, changes the moment of receipt or the digest."""

from contextlib import ExitStack

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from submissions import jobs
from submissions.models import Job, Submission
from submissions.receipt import pdf, proof

from .test_jobs import Handler, Kind, Status, events, receive, record, registered

pytestmark = pytest.mark.django_db


def change_the_record(submission: Submission) -> None:
    with transaction.atomic():  # a savepoint, so PostgreSQL can carry on after the refusal
        Submission.objects.filter(pk=submission.pk).update(received_at=timezone.now(), receipt_digest="0" * 64)


def save_the_record(submission: Submission) -> None:
    submission.received_at = timezone.now()
    submission.save()


def test_receipt_time_and_digest_survive_whatever_the_jobs_do(clock, private_media, monkeypatch):
    """The app's own kinds and every way of failing; retried by the sweep (B7)."""
    # The real PDF job minus WeasyPrint, which has tests of its own.
    monkeypatch.setattr(pdf, "render_pdf", lambda receipt, attachment=None: b"%PDF-1.4\n%%EOF\n")
    kinds = {
        "ok": (Handler(), {}),
        "temporary": (Handler(jobs.RetryLater("503"), jobs.RetryLater("503")), {}),
        "permanent": (Handler(jobs.GiveUp("410 Gone")), {}),
        "unexpected": (Handler(KeyError("zaaktype")), {}),
        "changes_the_record": (change_the_record, {"max_attempts": 2}),
        "saves_the_record": (save_the_record, {"max_attempts": 2}),
    }
    with ExitStack() as stack:
        for name, (handler, options) in kinds.items():
            stack.enter_context(registered(name, handler, **options))
        received = receive()
        before = record(received)
        Job.objects.create(submission=received, kind="unregistered")
        for _ in range(5):
            jobs.sweep()  # eager Celery: runs every due job now
            clock.shift(3600)
        assert jobs.due_jobs() == []

    assert record(received) == before
    assert proof.verify(received.public_reference, received.receipt_digest)
    statuses = dict(Job.objects.filter(submission=received).values_list("kind", "status"))
    assert statuses == {
        "receipt_pdf": Status.DONE,
        "receipt_email": Status.DONE,
        "ok": Status.DONE,
        "temporary": Status.DONE,
        "permanent": Status.FAILED,
        "unexpected": Status.DONE,
        "changes_the_record": Status.FAILED,
        "saves_the_record": Status.FAILED,
        "unregistered": Status.FAILED,
    }
    assert len(mail.outbox) == 1
    gave_up = {d["job"]: d["error"] for k, d in events(received) if k == Kind.JOB_GAVE_UP}
    assert gave_up.keys() == {"permanent", "changes_the_record", "saves_the_record", "unregistered"}
    assert "a received submission cannot be changed" in gave_up["changes_the_record"]  # the trigger
    assert "SubmissionLocked" in gave_up["saves_the_record"]  # the model
