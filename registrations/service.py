"""What the rest of Loket (admin, job engine, builder) may do with registrations.

The ``registration`` job runs after the receipt PDF exists. It keeps one
:class:`~.models.RegistrationRecord` per configured backend and runs every
backend that has not registered the submission yet. A backend that fails for a
while (a server that is down) keeps the job retrying with backoff; one that is
refused (a 4xx, a configuration error) is flagged for staff at once. Staff's
"opnieuw registreren" runs it again, also after the automatic attempts are used up.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from builder.definition.validation import DefinitionError
from builder.models import Form
from submissions import authentication, jobs
from submissions.jobs import GiveUp, RetryLater, job
from submissions.models import Job, ReceiptFile, Submission, SubmissionEvent

from .models import FormRegistration, RegistrationRecord
from .registry import OptionError, backends, option_errors
from .run import RegistrationRun

__all__ = [
    "JOB_KIND",
    "STATE_NONE",
    "STATE_PENDING",
    "STATE_REGISTERED",
    "configuration_problems",
    "not_registered_after",
    "publish_problems",
    "register_again",
    "register_submission",
    "registration_state",
]

logger = logging.getLogger(__name__)

JOB_KIND = "registration"
STATE_NONE = _("ontvangen")
STATE_PENDING = _("ontvangen, registratie volgt")
STATE_REGISTERED = _("geregistreerd")


# --- configuration -----------------------------------------------------------------


def configuration_problems(config: FormRegistration) -> list[OptionError]:
    """Everything wrong with one configured backend: unknown backend, or options that do not fit."""
    backend = backends.get(config.backend)
    if backend is None:
        return [OptionError("backend", f"onbekende registratie-backend {config.backend!r}")]
    return option_errors(backend, config.options)


def publish_problems(form: Form) -> list[DefinitionError]:
    """The publish check: a form whose registration is missing or misconfigured is not published."""
    problems = []
    for config in FormRegistration.objects.filter(form=form):
        for error in configuration_problems(config):
            problems.append(DefinitionError(f"registratie {config.backend} #{config.pk}", str(error)))
    return problems


# --- running -----------------------------------------------------------------------


@dataclass
class _Outcome:
    record: RegistrationRecord
    error: Exception | None = None


def _records(submission: Submission) -> list[RegistrationRecord]:
    """The submission's records, one per configured backend; new configurations get a new record."""
    configs = FormRegistration.objects.filter(form_id=submission.form_version.form_id)
    have = {
        record.form_registration_id: record
        for record in RegistrationRecord.objects.filter(submission=submission).select_related("form_registration")
    }
    for config in configs:
        if config.pk not in have:
            try:
                with transaction.atomic():
                    have[config.pk] = RegistrationRecord.objects.create(
                        submission=submission, form_registration=config, backend=config.backend, options=config.options
                    )
            except IntegrityError:  # a concurrent run made it
                have[config.pk] = RegistrationRecord.objects.get(submission=submission, form_registration=config)
    return sorted(have.values(), key=lambda record: record.pk)


def _run(record: RegistrationRecord, submission: Submission) -> _Outcome:
    backend = backends.get(record.backend)
    record.attempts += 1
    try:
        if backend is None:
            raise GiveUp(f"de registratie-backend {record.backend!r} is niet geïnstalleerd")
        problems = option_errors(backend, record.options)
        if problems:
            raise GiveUp("onjuiste configuratie: " + "; ".join(str(problem) for problem in problems))
        backend.register(RegistrationRun(record, submission))
    except Exception as exc:
        if not isinstance(exc, RetryLater | GiveUp):
            logger.exception("registration %s of %s failed", record.backend, submission.public_reference)
        record.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        record.status = RegistrationRecord.Status.FAILED if isinstance(exc, GiveUp) else record.status
        record.save(update_fields=["attempts", "last_error", "status", "updated_at"])
        return _Outcome(record, exc)
    record.status = RegistrationRecord.Status.REGISTERED
    record.registered_at = timezone.now()
    record.last_error = ""
    with transaction.atomic():
        record.save(update_fields=["attempts", "last_error", "status", "registered_at", "updated_at"])
        SubmissionEvent.objects.create(
            submission=submission,
            kind=SubmissionEvent.Kind.REGISTERED,
            detail={"backend": record.backend, "summary": backend.summary(record.results), **_links(record)},
        )
    return _Outcome(record)


def _links(record: RegistrationRecord) -> dict:
    return {key: value for key, value in record.results.items() if key in ("zaak", "message_id", "object")}


def _last_attempt(submission: Submission) -> bool:
    # The engine counts the attempt when it claims the job, so this one is included.
    attempts = Job.objects.filter(submission=submission, kind=JOB_KIND).values_list("attempts", flat=True).first()
    return attempts is not None and attempts >= jobs.get_kind(JOB_KIND).max_attempts


def _has_backends(submission: Submission) -> bool:
    """Only forms with a backend get a registration job (one EXISTS query at completion)."""
    return FormRegistration.objects.filter(form_id=submission.form_version.form_id).exists()


@job(JOB_KIND, after=("receipt_pdf",), applies=_has_backends, event="registration")
def register_submission(submission: Submission) -> None:
    """The job: every configured backend registers the submission once."""
    if not ReceiptFile.objects.filter(submission=submission).exists():
        # Registration sends the receipt PDF along. The engine runs this job after the PDF job
        # (after=); should the PDF still be missing (removed, or the engine changed), wait for it.
        raise RetryLater("het ontvangstbewijs (PDF) is er nog niet")
    outcomes = [
        _run(record, submission)
        for record in _records(submission)
        if record.status == RegistrationRecord.Status.PENDING
    ]
    failed = [outcome for outcome in outcomes if outcome.error is not None]
    if not failed:
        # Every backend has what it needs: the BSNs need not be kept in the clear any more.
        if not submission.registrations.exclude(status=RegistrationRecord.Status.REGISTERED).exists():
            authentication.pseudonymise(submission.pk)
        return
    message = "; ".join(f"{outcome.record.backend}: {outcome.error}" for outcome in failed)
    if any(not isinstance(outcome.error, GiveUp) for outcome in failed):
        if _last_attempt(submission):
            RegistrationRecord.objects.filter(pk__in=[o.record.pk for o in failed]).update(
                status=RegistrationRecord.Status.FAILED
            )
        raise RetryLater(message)
    raise GiveUp(message)


def register_again(submissions: QuerySet[Submission] | list[Submission]) -> int:
    """Staff's "opnieuw registreren": run every unregistered backend again, now, with fresh attempts."""
    ids = [submission.pk for submission in submissions]
    unregistered = RegistrationRecord.objects.filter(submission_id__in=ids).exclude(
        status=RegistrationRecord.Status.REGISTERED
    )
    # Staff usually retry after correcting the configuration: the next attempt uses it. Steps
    # already stored are kept, so nothing done before is done again.
    for record in unregistered.select_related("form_registration"):
        if record.form_registration is not None:
            record.options = record.form_registration.options
        record.status = RegistrationRecord.Status.PENDING
        record.save(update_fields=["options", "status", "updated_at"])
    now = timezone.now()
    due = Job.objects.filter(submission_id__in=ids, kind=JOB_KIND).exclude(status=Job.Status.DONE)
    due = due.filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))  # one that runs right now is left be
    job_ids = list(due.values_list("pk", flat=True))
    Job.objects.filter(pk__in=job_ids).update(
        status=Job.Status.PENDING, attempts=0, next_attempt_at=now, locked_until=None, finished_at=None
    )
    transaction.on_commit(lambda: jobs.enqueue(job_ids))
    return len(job_ids)


# --- what staff see ----------------------------------------------------------------


def registration_state(submission: Submission) -> str:
    """Wmebv B7 for staff: "ontvangen, registratie volgt" until every backend has registered it."""
    if not submission.is_received:
        return ""
    records = list(submission.registrations.all())
    waiting = Job.objects.filter(submission=submission, kind=JOB_KIND).exclude(status=Job.Status.DONE).exists()
    if waiting or any(record.status != RegistrationRecord.Status.REGISTERED for record in records):
        return str(STATE_PENDING)
    return str(STATE_REGISTERED) if records else str(STATE_NONE)


def not_registered_after(queryset: QuerySet[Submission], hours: int) -> QuerySet[Submission]:
    """Received more than ``hours`` ago and still not registered by every backend."""
    open_job = Job.objects.filter(submission=OuterRef("pk"), kind=JOB_KIND).exclude(status=Job.Status.DONE)
    open_record = RegistrationRecord.objects.filter(submission=OuterRef("pk")).exclude(
        status=RegistrationRecord.Status.REGISTERED
    )
    cutoff = timezone.now() - timedelta(hours=hours)
    return queryset.filter(status=Submission.Status.RECEIVED, received_at__lt=cutoff).filter(
        Exists(open_job) | Exists(open_record)
    )


# --- the demo ----------------------------------------------------------------------

DEMO_ADDRESS = "afdeling-{slug}@gemeente.invalid"


def configure_demo(sender, forms: list[Form], **kwargs) -> str:
    """``make demo``: every newly loaded demo form sends its submissions by e-mail (to var/mail/)."""
    configured = []
    for form in forms:
        if not FormRegistration.objects.filter(form=form).exists():
            FormRegistration.objects.create(
                form=form, backend="email", options={"to": DEMO_ADDRESS.format(slug=form.slug)}
            )
            configured.append(form.slug)
    return f"registration by e-mail for: {', '.join(configured)}" if configured else ""
