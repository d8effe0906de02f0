"""Time limits in a real prefork worker process: a handler that overruns fails its attempt and is
retried; one that ignores the soft limit is killed at the hard limit, and its job is taken up again
once the lease runs out, never while the handler still runs.

The worker is a separate process (``overrunning_worker``), so it needs a database that other
processes can reach: PostgreSQL (CI runs the Celery tests there too when DATABASE_URL says so).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from submissions import jobs, tasks
from submissions.models import Job, SubmissionEvent
from tests.conftest import against_broker

from .test_celery_worker import wait_for
from .test_jobs import Handler, receive, registered

pytestmark = [
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker process needs a shared database"),
]


@pytest.fixture
def prefork_worker(broker, registry):
    """A real worker process with the prefork pool on a queue of its own; yields that queue."""
    url, options = broker
    queue = f"limits-{uuid.uuid4().hex[:8]}"
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "forms_platform.settings.test",
        "DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**database),
        "CELERY_BROKER_URL": url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    if options:
        env["LOKET_VAR_DIR"] = str(Path(options["data_folder_in"]).parent)
    command = [sys.executable, "-m", "celery", "-A", "tests.submissions.overrunning_worker", "worker"]
    command += ["-Q", queue, "-P", "prefork", "-c", "1", "--loglevel=INFO", "-n", f"{queue}@%h"]
    process = subprocess.Popen(  # noqa: S603 (our own worker, no shell)
        command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        with against_broker(broker):
            yield queue
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def test_a_handler_over_the_soft_limit_fails_its_attempt_and_is_retried(prefork_worker):
    item = Job.objects.create(submission=receive(), kind="test_overruns")

    tasks.run_job.apply_async((item.pk,), queue=prefork_worker, soft_time_limit=2, time_limit=10)

    assert wait_for(lambda: Job.objects.get(pk=item.pk).attempts == 1 and not Job.objects.get(pk=item.pk).locked_until)
    failed = Job.objects.get(pk=item.pk)
    assert failed.status == Job.Status.PENDING and "SoftTimeLimitExceeded" in failed.last_error
    [event] = SubmissionEvent.objects.filter(submission=failed.submission, kind=SubmissionEvent.Kind.JOB_FAILED)
    assert event.detail["retry_in_seconds"] == 30


def test_a_handler_that_ignores_the_soft_limit_is_killed_and_never_runs_twice(prefork_worker):
    name = "test_ignores_the_soft_limit"
    item = Job.objects.create(submission=receive(), kind=name)

    tasks.run_job.apply_async((item.pk,), queue=prefork_worker, soft_time_limit=1, time_limit=4)

    assert wait_for(lambda: Job.objects.get(pk=item.pk).attempts == 1)
    with registered(name, Handler()):  # this process may run it too, once it is free
        leases = []
        for _ in range(6):  # 3 s, past the 2 s lease the worker process keeps renewing
            time.sleep(0.5)
            assert jobs.run(item.pk) is None
            leases.append(Job.objects.get(pk=item.pk).locked_until)
        assert len(set(leases)) > 1  # the heartbeat renews it

        # Killed at the hard limit: the lease is no longer renewed and runs out.
        assert wait_for(lambda: Job.objects.get(pk=item.pk).locked_until < timezone.now(), timeout=30)
        taken_up = jobs.run(item.pk)

    assert (taken_up.status, taken_up.attempts) == (Job.Status.DONE, 2)  # recorded as interrupted, run again
    [event] = SubmissionEvent.objects.filter(submission=taken_up.submission, kind=SubmissionEvent.Kind.JOB_FAILED)
    assert "Interrupted" in event.detail["error"] and event.detail["retry_in_seconds"] == 0
