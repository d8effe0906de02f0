"""After-receipt work: the registry of job kinds and the engine that runs them.

Completion writes one :class:`~submissions.models.Job` per registered kind in
the same transaction as the moment of receipt, so no work is lost when the
broker drops a message or a worker dies. Running a job:

1. claims it with a lease (one conditional UPDATE), so two workers never run it at once;
2. calls the handler, which records its own result (an event, a stored file);
3. marks the job done, or schedules a retry with backoff, or gives up and
   flags it for staff when the attempts are used up.

Handlers register themselves: ``@job("receipt_pdf")``. Registrations and other
apps add their kinds from their ``AppConfig.ready()``.
"""

import logging
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Job, Submission, SubmissionEvent

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
BACKOFF_SECONDS = (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)


class RetryLater(Exception):
    """A temporary failure (a server that is down, a timeout): try again later."""


class GiveUp(Exception):
    """A permanent failure (an address that does not exist): retrying cannot help."""


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: Callable[[Submission], dict | None]
    max_attempts: int
    applies: Callable[[Submission], bool]
    event: str
    """Prefix of the failure events in the submission's history: ``email`` gives ``email_failed``."""


_kinds: dict[str, JobKind] = {}


def job(
    name: str,
    *,
    max_attempts: int = len(BACKOFF_SECONDS),
    applies: Callable[[Submission], bool] | None = None,
    event: str = "job",
):
    """Register ``handler(submission) -> detail`` as the job kind ``name``."""

    def decorator(handler):
        if name in _kinds:
            raise ValueError(f"job kind {name!r} is registered twice")
        _kinds[name] = JobKind(name, handler, max_attempts, applies or (lambda submission: True), event)
        return handler

    return decorator


@contextmanager
def temporarily_registered(name: str, handler: Callable[[Submission], dict | None], **options):
    """Register a job kind for the duration of a block (tests, experiments)."""
    job(name, **options)(handler)
    try:
        yield _kinds[name]
    finally:
        del _kinds[name]


def get_kind(name: str) -> JobKind:
    return _kinds[name]


def create_jobs(submission: Submission) -> list[Job]:
    """Write the jobs for a just-received submission; call inside the completion transaction."""
    jobs = Job.objects.bulk_create(
        Job(submission=submission, kind=kind.name) for kind in _kinds.values() if kind.applies(submission)
    )
    ids = list(Job.objects.filter(submission=submission).values_list("pk", flat=True))
    transaction.on_commit(lambda: enqueue(ids))
    return jobs


def enqueue(job_ids: list[int], countdown: float | None = None) -> None:
    from .tasks import run_job  # the task module imports this one

    for job_id in job_ids:
        try:
            run_job.apply_async((job_id,), countdown=countdown)
        except Exception:
            # The broker is unreachable; the job row is safe and the sweep will pick it up.
            logger.exception("could not enqueue job %s", job_id)


def _claim(job_id: int) -> bool:
    now = timezone.now()
    return bool(
        Job.objects.filter(pk=job_id, status=Job.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + LEASE)
    )


def run(job_id: int) -> Job | None:
    """Run one job if it is due and nobody else runs it; returns the job, or None when skipped."""
    if not _claim(job_id):
        return None
    item = Job.objects.select_related("submission__form_version__form").get(pk=job_id)
    kind = _kinds.get(item.kind)
    try:
        if kind is None:
            raise GiveUp(f"no handler registered for job kind {item.kind!r}")
        kind.handler(item.submission)
    except Exception as exc:
        _failed(item, kind, exc)
    else:
        item.status = Job.Status.DONE
        item.finished_at = timezone.now()
        item.locked_until = None
        item.attempts += 1
        item.last_error = ""
        item.save(update_fields=["status", "finished_at", "locked_until", "attempts", "last_error"])
    return item


def _failed(item: Job, kind: JobKind | None, exc: Exception) -> None:
    item.attempts += 1
    item.locked_until = None
    item.last_error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
    final = isinstance(exc, GiveUp) or kind is None or item.attempts >= kind.max_attempts
    if not isinstance(exc, RetryLater | GiveUp):
        logger.exception("job %s (%s) failed", item.pk, item.kind)
    if final:
        item.status = Job.Status.FAILED
        item.finished_at = timezone.now()
        event = f"{kind.event if kind else 'job'}_gave_up"
        delay = None
    else:
        delay = BACKOFF_SECONDS[min(item.attempts - 1, len(BACKOFF_SECONDS) - 1)]
        item.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        event = f"{kind.event}_failed"
    with transaction.atomic():
        item.save(update_fields=["attempts", "locked_until", "last_error", "status", "finished_at", "next_attempt_at"])
        SubmissionEvent.objects.create(
            submission_id=item.submission_id,
            kind=event,
            detail={"job": item.kind, "attempt": item.attempts, "error": item.last_error, "retry_in_seconds": delay},
        )
    if delay is not None:
        transaction.on_commit(lambda: enqueue([item.pk], countdown=delay))


def due_jobs(limit: int = 500) -> list[int]:
    now = timezone.now()
    return list(
        Job.objects.filter(status=Job.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def sweep() -> int:
    """Enqueue every due job: those whose message was lost, whose worker died, or whose retry is due."""
    ids = due_jobs()
    enqueue(ids)
    return len(ids)


def retry_now(item: Job) -> None:
    """Staff action: give a failed job a fresh set of attempts, starting now."""
    Job.objects.filter(pk=item.pk, status=Job.Status.FAILED).update(
        status=Job.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), locked_until=None, finished_at=None
    )
    transaction.on_commit(lambda: enqueue([item.pk]))
