"""Bounded jobs: a lease renewed while the handler runs, time limits, honest task outcomes, queues."""

import logging
import time

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from submissions import jobs, tasks
from submissions.models import Job

from .test_jobs import Handler, Kind, Status, events, receive, registered, stored

KIND = "test_kind"


@pytest.mark.django_db(transaction=True)  # the heartbeat writes from its own thread and connection
def test_the_lease_is_renewed_while_the_handler_runs_so_it_never_runs_twice(registry, monkeypatch):
    monkeypatch.setattr(jobs, "LEASE", jobs.timedelta(seconds=1))
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.2)
    item = Job.objects.create(submission=receive(), kind=KIND)
    leases, second_worker = [], []

    def slow(submission):
        for _ in range(5):  # 2.5 s: far past the 1 s lease
            time.sleep(0.5)
            leases.append(stored(item).locked_until)
            second_worker.append(jobs.run(item.pk))  # the same message, delivered to another worker

    with registered(KIND, slow):
        done = jobs.run(item.pk)

    assert second_worker == [None] * 5
    assert leases == sorted(leases) and len(set(leases)) >= 4  # moved on with every beat
    assert (done.status, stored(item).status, stored(item).attempts) == (Status.DONE, Status.DONE, 1)


@pytest.mark.django_db
def test_a_worker_that_lost_its_lease_records_nothing(registry, clock, caplog):
    """Should the lease run out anyway (a database that was unreachable), the new holder's record wins."""
    item = Job.objects.create(submission=receive(), kind=KIND)

    def taken_over(submission):
        Job.objects.filter(pk=item.pk).update(locked_until=jobs.timezone.now() + jobs.LEASE * 2)
        raise jobs.RetryLater("too late")

    with registered(KIND, taken_over), caplog.at_level(logging.WARNING, logger="submissions.jobs"):
        jobs.run(item.pk)

    assert events(item.submission) == []
    assert stored(item).last_error == "" and stored(item).locked_until is not None
    assert f"job {item.pk}: lease lost" in caplog.text


@pytest.mark.django_db
def test_a_handler_over_its_soft_time_limit_fails_the_attempt_and_is_retried(registry, clock):
    """Celery raises SoftTimeLimitExceeded in the handler; a real prefork worker does it in test_celery_limits."""
    item = Job.objects.create(submission=receive(), kind=KIND)
    with registered(KIND, Handler(SoftTimeLimitExceeded("SoftTimeLimitExceeded(True,)"))):
        failed = jobs.run(item.pk)

    assert (failed.status, failed.attempts, failed.locked_until) == (Status.PENDING, 1, None)
    assert [(kind, detail["retry_in_seconds"]) for kind, detail in events(failed.submission)] == [(Kind.JOB_FAILED, 30)]


def test_the_time_limits_end_a_handler_well_before_its_retry_would_be_due():
    assert tasks.run_job.soft_time_limit == jobs.SOFT_TIME_LIMIT < tasks.run_job.time_limit == jobs.TIME_LIMIT
    # Three heartbeats per lease: one slow write does not lose it.
    assert jobs.HEARTBEAT_SECONDS * 3 <= jobs.LEASE.total_seconds() <= 60


# --- what Celery reports -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_task_reports_a_failed_attempt_as_a_failure(registry, clock):
    item = Job.objects.create(submission=receive(), kind=KIND)
    with registered(KIND, Handler(jobs.RetryLater("503"))):
        with pytest.raises(jobs.AttemptFailed, match=rf"job {item.pk} \({KIND}\) attempt 1 failed with .*RetryLater"):
            tasks.run_job(item.pk)
        assert tasks.run_job(item.pk).startswith("not run")  # not due yet
        clock.shift(30)
        assert tasks.run_job(item.pk) == "done"

    assert jobs.AttemptFailed in tasks.run_job.throws  # Celery logs it at INFO, without a traceback, and does not retry


# --- queues --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mail_goes_to_its_own_queue(monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(tasks.run_job, "apply_async", lambda args, **options: sent.append((args, options)))
    with django_capture_on_commit_callbacks(execute=True):
        received = receive()

    queues = {Job.objects.get(pk=job_id).kind: options["queue"] for (job_id,), options in sent}
    assert queues == {"receipt_pdf": jobs.DEFAULT_QUEUE, "receipt_email": jobs.MAIL_QUEUE}
    assert jobs.job_kinds["registration"].queue == jobs.DEFAULT_QUEUE  # queued once the PDF is done
    assert set(Job.objects.filter(submission=received).values_list("kind", flat=True)) == set(queues)
