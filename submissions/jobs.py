"""After-receipt work: the job kinds (on the plugin registry) and the engine that runs them.

Completion writes one :class:`~submissions.models.Job` per applying kind in
the same transaction as the moment of receipt, so no work is lost when the
broker drops a message or a worker dies. Running a job:

1. claims it with a lease (one conditional UPDATE), so two workers never run it
   at once; a job whose predecessors (``after=``) are not done is not claimed
   and costs no attempt;
2. calls the handler, which records its own result (an event, a stored file),
   while a heartbeat renews the lease;
3. marks the job done and queues the jobs that waited for it, or schedules a
   retry with backoff, or gives up and flags it for staff when the attempts are
   used up.

Kinds register themselves with ``@job("receipt_pdf")``; other apps add theirs
from their ``AppConfig.ready()``, e.g.
``@job("registration", after=("receipt_pdf",), event="registration")``.

Most kinds run once per submission and are written at completion. A kind
registered with ``keyed=True`` (``status_email``: one per status a zaak gets)
is not: :func:`add_job` writes one job per ``key`` whenever the work arises,
and its handler is called as ``handler(submission, key)``.

Bounds. The Celery task has a soft and a hard time limit (``SOFT_TIME_LIMIT``,
``TIME_LIMIT``). A handler that passes the soft limit gets an exception: the
attempt is recorded as failed and retried with backoff. One that ignores it is
killed at the hard limit (prefork pool); its heartbeat dies with it, the lease
runs out within ``LEASE`` and the sweep records the attempt as interrupted and
runs the job again. The lease is short, but renewed every ``HEARTBEAT_SECONDS`` while
the handler runs, so a job is never claimed twice while its handler is alive,
and the job of a dead worker is picked up within about a minute.

Delivery is at least once: a worker that dies after the handler's side effect
but before it recorded the result runs the handler again. Handlers therefore
record their result before the next external step, and check for it first.
"""

import logging
import threading
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import IntegrityError, connections, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from .job_kinds import BACKOFF_SECONDS, DEFAULT_QUEUE, MAIL_QUEUE, JobKind, get_kind, job, job_kinds
from .models import Job, Submission, SubmissionEvent

__all__ = [
    "DEFAULT_QUEUE",
    "MAIL_QUEUE",
    "AttemptFailed",
    "GiveUp",
    "JobFailure",
    "JobKind",
    "RetryLater",
    "add_job",
    "create_jobs",
    "due_jobs",
    "enqueue",
    "get_kind",
    "job",
    "job_kinds",
    "retry_now",
    "run",
    "sweep",
]

logger = logging.getLogger(__name__)

LEASE = timedelta(seconds=45)
"""How long a claim holds without a heartbeat: a dead worker's job is free again after this."""
HEARTBEAT_SECONDS = 15.0
"""How often a running job renews its lease: three chances before it would run out."""
SOFT_TIME_LIMIT = 120
"""Seconds after which Celery raises in the handler: the attempt fails and is retried."""
TIME_LIMIT = 150
"""Seconds after which Celery kills the process running the handler (prefork pool)."""


class JobFailure(Exception):
    """A failure a handler reports on purpose; ``detail`` is added to the failure event in the history."""

    def __init__(self, message: str = "", *, detail: dict | None = None):
        super().__init__(message)
        self.detail = detail or {}


class RetryLater(JobFailure):
    """A temporary failure (a server that is down, a timeout): try again later."""


class GiveUp(JobFailure):
    """A permanent failure (an address that does not exist): retrying cannot help."""


class Interrupted(Exception):
    """The worker running an attempt stopped before it finished (killed, out of memory, hard time limit)."""


class AttemptFailed(Exception):
    """Raised by the Celery task after a failed attempt, so Celery reports a failure, not a success.

    The engine has recorded the attempt and scheduled its retry itself; Celery's
    own retry mechanism is not used (the task lists this as an expected error).
    """


# --- writing and queueing -------------------------------------------------------------------------


def create_jobs(submission: Submission) -> list[Job]:
    """Write the jobs for a just-received submission; call inside the completion transaction.

    Only jobs without a predecessor among them are queued now; the others are
    queued when their predecessors are done.
    """
    kinds = [kind for kind in job_kinds if not kind.keyed and kind.applies(submission)]
    jobs = Job.objects.bulk_create(Job(submission=submission, kind=kind.id) for kind in kinds)
    created = {kind.id for kind in kinds}
    ready = [kind.id for kind in kinds if not created.intersection(kind.after)]
    rows = list(Job.objects.filter(submission=submission, kind__in=ready).values_list("pk", "kind"))
    transaction.on_commit(lambda: _send(rows))
    return jobs


def add_job(submission_id: int, kind: str, key: str) -> Job | None:
    """Write the job ``kind`` for ``key`` (a keyed kind) and queue it on commit; None if it exists already.

    The unique (submission, kind, key) makes a second call for the same key a
    no-op, so work that arrives twice (a replayed notification) is done once.
    """
    if not job_kinds[kind].keyed:
        raise ValueError(f"job kind {kind!r} is not keyed; its job is written at completion")
    try:
        with transaction.atomic():
            item = Job.objects.create(submission_id=submission_id, kind=kind, key=key)
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _send([(item.pk, item.kind)]))
    return item


def enqueue(job_ids: Iterable[int], countdown: float | None = None) -> None:
    """Hand jobs to the broker, each on its kind's queue."""
    _send(Job.objects.filter(pk__in=list(job_ids)).values_list("pk", "kind"), countdown)


def _send(rows: Iterable[tuple[int, str]], countdown: float | None = None) -> None:
    from .tasks import run_job  # the task module imports this one

    for job_id, kind_id in rows:
        kind = job_kinds.get(kind_id)
        try:
            run_job.apply_async((job_id,), countdown=countdown, queue=kind.queue if kind else DEFAULT_QUEUE)
        except AttemptFailed:
            pass  # eager mode (tests) ran the job right here; the engine recorded and logged the failure
        except Exception:
            # The broker is unreachable; the job row is safe and the sweep will pick it up.
            logger.exception("could not enqueue job %s", job_id)


# --- claiming, the lease and its heartbeat --------------------------------------------------------


def _ready(jobs: QuerySet[Job]) -> QuerySet[Job]:
    """``jobs`` without those whose predecessors, for the same submission, are not done yet."""
    waiting = Q()
    for kind in job_kinds:
        if kind.after:
            unfinished = Job.objects.filter(submission_id=OuterRef("submission_id"), kind__in=kind.after).exclude(
                status=Job.Status.DONE
            )
            waiting |= Q(Exists(unfinished), kind=kind.id)
    return jobs.exclude(waiting) if waiting else jobs


class _Lease:
    """A claimed job's lease. ``token`` is the current ``locked_until``: only its holder can finish the job."""

    def __init__(self, job_id: int, token: datetime):
        self.job_id = job_id
        self.token = token
        self._stop = threading.Event()

    @contextmanager
    def kept(self) -> Iterator[None]:
        """Renew the lease every HEARTBEAT_SECONDS until the block ends."""
        beat = threading.Thread(target=self._beat, name=f"job-{self.job_id}-lease", daemon=True)
        beat.start()
        try:
            yield
        finally:
            self._stop.set()
            beat.join()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                renewed = timezone.now() + LEASE
                try:
                    kept = Job.objects.filter(pk=self.job_id, locked_until=self.token).update(locked_until=renewed)
                except Exception as exc:  # the next beat tries again; the lease still holds for a while
                    logger.warning("job %s: could not renew its lease: %s", self.job_id, type(exc).__name__)
                    continue
                if not kept:
                    logger.warning("job %s: lease lost while its handler runs", self.job_id)
                    return
                self.token = renewed
        finally:
            connections.close_all()  # this thread's own connections

    def release(self, **fields) -> bool:
        """Write ``fields`` and free the job, if the lease is still ours."""
        kept = Job.objects.filter(pk=self.job_id, locked_until=self.token).update(locked_until=None, **fields)
        if not kept:
            logger.warning("job %s: lease lost; another worker has taken the job over", self.job_id)
        return bool(kept)


def _claim(job_id: int, seen: dict, *, count_attempt: bool) -> _Lease | None:
    """Take the job if it is still as ``seen``, due, free and not waiting for a predecessor.

    ``seen`` (attempts and lease, as read just before) makes the UPDATE a
    compare-and-swap, so the claimer alone knows whether the previous attempt
    was left unfinished.
    """
    now = timezone.now()
    token = now + LEASE
    lease = Q(locked_until__isnull=True) if seen["locked_until"] is None else Q(locked_until=seen["locked_until"])
    updates: dict = {"locked_until": token}
    if count_attempt:
        updates["attempts"] = F("attempts") + 1
    claimed = _ready(
        Job.objects.filter(lease, pk=job_id, status=Job.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .filter(attempts=seen["attempts"])
    ).update(**updates)
    return _Lease(job_id, token) if claimed else None


# --- running --------------------------------------------------------------------------------------


def run(job_id: int) -> Job | None:
    """Run one job if it is due, its predecessors are done and nobody else runs it.

    Returns the job as it ended, or None when it was not run.
    """
    seen = Job.objects.filter(pk=job_id).values("attempts", "locked_until").first()
    if seen is None:
        return None
    # A pending job that still has a lease when it is free again was left by a worker that stopped.
    interrupted = seen["locked_until"] is not None
    lease = _claim(job_id, seen, count_attempt=not interrupted)
    if lease is None:
        return None
    item = Job.objects.select_related("submission__form_version__form").get(pk=job_id)
    kind = job_kinds.get(item.kind)
    if interrupted:
        # Recorded as a failed attempt, then run again at once (a worker that died in a deploy should
        # not delay the work); it counts, so a job that kills its worker every time still gives up.
        _failed(item, kind, Interrupted(f"attempt {item.attempts} did not finish: its worker stopped"), lease)
        return run(job_id) if item.status == Job.Status.PENDING else item
    try:
        if kind is None:
            raise GiveUp(f"no handler registered for job kind {item.kind!r}")
        with lease.kept():
            if kind.keyed:
                kind.handler(item.submission, item.key)
            else:
                kind.handler(item.submission)
    except Exception as exc:
        _failed(item, kind, exc, lease)
    else:
        _done(item, lease)
    return item


def _done(item: Job, lease: _Lease) -> None:
    item.status, item.finished_at, item.locked_until, item.last_error = Job.Status.DONE, timezone.now(), None, ""
    with transaction.atomic():
        if lease.release(status=item.status, finished_at=item.finished_at, last_error=""):
            waiting = [kind.id for kind in job_kinds if item.kind in kind.after]
            if waiting:
                rows = list(
                    Job.objects.filter(
                        submission_id=item.submission_id, kind__in=waiting, status=Job.Status.PENDING
                    ).values_list("pk", "kind")
                )
                transaction.on_commit(lambda: _send(rows))


def _failed(item: Job, kind: JobKind | None, exc: Exception, lease: _Lease) -> None:
    error_class = type(exc).__name__
    item.locked_until = None
    item.last_error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
    final = isinstance(exc, GiveUp) or kind is None or item.attempts >= kind.max_attempts
    detail: dict = {"job": item.kind, "attempt": item.attempts, "error": item.last_error}
    if final:
        item.status = Job.Status.FAILED
        item.finished_at = timezone.now()
        event = f"{kind.event if kind else 'job'}_gave_up"
        detail["retry_in_seconds"] = None
        # Staff see the failed job and, here, the jobs that now wait for it (they run once it is retried).
        blocked = sorted(other.id for other in job_kinds if item.kind in other.after)
        blocked = list(
            Job.objects.filter(submission_id=item.submission_id, kind__in=blocked, status=Job.Status.PENDING)
            .order_by("kind")
            .values_list("kind", flat=True)
        )
        if blocked:
            detail["waiting"] = blocked
    else:
        delay = 0 if isinstance(exc, Interrupted) else BACKOFF_SECONDS[min(item.attempts - 1, len(BACKOFF_SECONDS) - 1)]
        item.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        event = f"{kind.event}_failed"
        detail["retry_in_seconds"] = delay
    detail.update(getattr(exc, "detail", {}))
    # The class, never the message: messages may hold personal data (an address, a name in a reply).
    logger.warning(
        "job %s (%s) attempt %s failed with %s; %s",
        item.pk,
        item.kind,
        item.attempts,
        error_class,
        "gave up, needs attention" if final else f"retry in {detail['retry_in_seconds']} s",
    )
    if not isinstance(exc, JobFailure | Interrupted):
        logger.warning(
            "job %s (%s): where it failed:\n%s", item.pk, item.kind, "".join(traceback.format_tb(exc.__traceback__))
        )
    with transaction.atomic():
        if not lease.release(
            last_error=item.last_error,
            status=item.status,
            finished_at=item.finished_at,
            next_attempt_at=item.next_attempt_at,
        ):
            return
        SubmissionEvent.objects.create(submission_id=item.submission_id, kind=event, detail=detail)
        if not final and delay:
            transaction.on_commit(lambda: _send([(item.pk, item.kind)], countdown=detail["retry_in_seconds"]))


def due_jobs(limit: int = 500) -> list[int]:
    """Pending jobs that are due, free (no lease, or one that ran out) and not waiting for a predecessor."""
    now = timezone.now()
    return list(
        _ready(Job.objects.filter(status=Job.Status.PENDING, next_attempt_at__lte=now))
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
