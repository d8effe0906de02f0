"""After-receipt work through a real Celery worker and broker.

The broker is CELERY_BROKER_URL (CI: Redis, and RabbitMQ in a second run) or, by default, kombu's filesystem
transport in a temporary folder. The worker runs in a thread of this process,
so it shares the test database and the locmem mailbox.
"""

import json
import logging
import time
from pathlib import Path

import pytest
from django.core import mail
from django.http import QueryDict

from builder import service as builder_service
from forms_platform.celery import app
from submissions import jobs, service
from submissions.models import Job, ReceiptFile, SubmissionEvent

from .test_jobs import registered

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

DEMO = Path(__file__).resolve().parents[2] / "demo" / "forms" / "vraag-of-bericht.json"
ANSWERS = {
    "bericht": {"onderwerp": "Losse stoeptegel", "bericht": "Voor huisnummer 12 ligt een tegel los."},
    "contact": {"naam": "Jan Jansen", "email": "jan@example.nl", "antwoord": "email"},
}


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def received_submission():
    form, _ = builder_service.import_definition(json.loads(DEMO.read_text()), publish_it=True)
    submission = service.start_submission(form)
    spec = submission.form_version.spec
    for step in spec.steps:
        post = QueryDict(mutable=True)
        post.update(ANSWERS[step.key])
        assert service.submit_step(submission, step, post).is_valid
    return service.complete_submission(submission, declaration_accepted=True)


def test_receipt_work_runs_on_the_worker_after_commit(worker):
    submission = received_submission()
    received_at = submission.received_at

    assert wait_for(lambda: not Job.objects.filter(submission=submission, status=Job.Status.PENDING).exists())
    assert set(Job.objects.filter(submission=submission).values_list("kind", "status")) == {
        ("receipt_pdf", Job.Status.DONE),
        ("receipt_email", Job.Status.DONE),
    }
    assert ReceiptFile.objects.filter(submission=submission).count() == 1
    assert len(mail.outbox) == 1 and submission.public_reference in mail.outbox[0].subject
    submission.refresh_from_db()
    assert submission.received_at == received_at


def test_a_lost_message_is_picked_up_by_the_sweep(worker):
    calls = []
    with registered("test_lost", lambda submission: calls.append(submission.pk)):
        submission = received_submission()
        lost = Job.objects.get(submission=submission, kind="test_lost")
        # Simulate the broker losing the message: the job is still pending after the others finished.
        assert wait_for(lambda: Job.objects.filter(pk=lost.pk, status=Job.Status.DONE).exists())
        Job.objects.filter(pk=lost.pk).update(status=Job.Status.PENDING, finished_at=None)
        calls.clear()

        app.send_task("submissions.tasks.sweep_jobs")

        assert wait_for(lambda: Job.objects.filter(pk=lost.pk, status=Job.Status.DONE).exists())
    assert calls == [submission.pk]


def test_a_failing_job_is_retried_and_recorded(worker, caplog):
    caplog.set_level(logging.INFO, logger="celery.app.trace")
    attempts = []

    def flaky(submission):
        attempts.append(time.monotonic())
        if len(attempts) == 1:
            raise jobs.RetryLater("the back office is down")

    with registered("test_flaky", flaky):
        submission = received_submission()
        flaky_job = Job.objects.get(submission=submission, kind="test_flaky")
        assert wait_for(lambda: Job.objects.filter(pk=flaky_job.pk, attempts=1, locked_until=None).exists())
        # Make the retry due now instead of in 30 seconds, then let the sweep find it.
        Job.objects.filter(pk=flaky_job.pk).update(next_attempt_at=submission.received_at)
        app.send_task("submissions.tasks.sweep_jobs")
        assert wait_for(lambda: Job.objects.get(pk=flaky_job.pk).status == Job.Status.DONE)

    failures = SubmissionEvent.objects.filter(submission=submission, kind=SubmissionEvent.Kind.JOB_FAILED)
    assert [event.detail["job"] for event in failures if event.detail["job"] == "test_flaky"] == ["test_flaky"]
    assert len(attempts) == 2
    # The worker's log tells the failed attempt apart from the successful one.
    failed = f"job {flaky_job.pk} (test_flaky) attempt 1 failed with submissions.jobs.RetryLater"
    assert f"raised expected: AttemptFailed('{failed}')" in caplog.text
    assert f"job {flaky_job.pk} (test_flaky) attempt 1 failed with RetryLater; retry in 30 s" in caplog.text
