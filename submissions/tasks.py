"""Celery tasks: thin wrappers that take ids and call into the job engine."""

from celery import shared_task

from . import jobs, retention


@shared_task(ignore_result=True, acks_late=True)
def run_job(job_id: int) -> None:
    jobs.run(job_id)


@shared_task(ignore_result=True)
def sweep_jobs() -> int:
    return jobs.sweep()


@shared_task(ignore_result=True)
def apply_retention() -> dict[str, int]:
    result = retention.apply_retention()
    return {"drafts": result.drafts, "received": result.received}
