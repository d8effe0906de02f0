"""Celery tasks: thin wrappers that take ids and call into the job engine.

``run_job`` is bounded by Celery's soft and hard time limits (see
:mod:`submissions.jobs`). After a failed attempt it raises
:class:`~submissions.jobs.AttemptFailed`, so Celery and its monitoring report a
failure instead of "succeeded". That exception is listed in ``throws``: Celery
logs it at INFO without a traceback (the engine has already logged the attempt
at WARNING) and does not retry it; the engine has recorded the attempt and
scheduled the retry itself, from the database, where it cannot be lost.
"""

from celery import shared_task

from . import jobs, retention
from .models import Job


@shared_task(
    ignore_result=True,
    acks_late=True,
    throws=(jobs.AttemptFailed,),
    soft_time_limit=jobs.SOFT_TIME_LIMIT,
    time_limit=jobs.TIME_LIMIT,
)
def run_job(job_id: int) -> str:
    item = jobs.run(job_id)
    if item is None:
        return "not run: not due, waiting for an earlier job, or running elsewhere"
    if item.status != Job.Status.DONE:
        error_class = item.last_error.partition(":")[0]
        raise jobs.AttemptFailed(f"job {item.pk} ({item.kind}) attempt {item.attempts} failed with {error_class}")
    return "done"


@shared_task(ignore_result=True)
def sweep_jobs() -> int:
    return jobs.sweep()


@shared_task(ignore_result=True)
def apply_retention() -> dict[str, int]:
    result = retention.apply_retention()
    return {"drafts": result.drafts, "received": result.received}
