"""The Celery app of a worker process started by ``test_celery_time_limits``: the project's app plus
job kinds that overrun their time limits, and a short lease so the test need not wait long.

Not a test module: ``celery -A tests.submissions.overrunning_worker worker`` imports it.
"""

import contextlib
import time
from datetime import timedelta

import django

django.setup()

from celery.exceptions import SoftTimeLimitExceeded  # noqa: E402

from forms_platform.celery import app  # noqa: E402, F401  (what `celery -A` looks for)
from submissions import jobs  # noqa: E402

jobs.LEASE = timedelta(seconds=2)
jobs.HEARTBEAT_SECONDS = 0.5


@jobs.job("test_overruns")
def overruns(submission) -> None:
    time.sleep(60)  # the soft time limit interrupts the sleep


@jobs.job("test_ignores_the_soft_limit")
def ignores_the_soft_limit(submission) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(SoftTimeLimitExceeded):  # carries on regardless: only the hard limit stops it
            time.sleep(60)
