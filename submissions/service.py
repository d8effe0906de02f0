"""The citizen flow's operations: start, save a step, review, complete.

Views stay thin and call these; every rule about a submission's lifecycle lives
here, so the admin, commands and tasks go through the same checks.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from builder.kinds import Posted
from builder.models import Form
from builder.spec import Step
from builder.state import FormState

from . import consent, jobs
from .answers import form_state, saved_data
from .models import Submission, SubmissionEvent, SubmissionLocked, SubmissionStep
from .receipt import proof
from .receipt_time import format_moment
from .references import new_reference
from .uploads import service as uploads
from .validation import StepResult, in_item, validate_post

__all__ = [
    "FormClosed",
    "IncompleteSubmission",
    "SubmissionLocked",
    "accepts_new_submissions",
    "act_on_step",
    "afschrift",
    "complete_submission",
    "saved_data",
    "start_submission",
    "submit_step",
]

REFERENCE_ATTEMPTS = 5


class FormClosed(Exception):
    """The form has no live version or is switched off."""


class IncompleteSubmission(Exception):
    def __init__(self, step: Step | None = None, declaration_missing: bool = False):
        self.step = step
        self.declaration_missing = declaration_missing
        super().__init__(step.key if step else "declaration")


def accepts_new_submissions(form: Form) -> bool:
    """Switched on, live, within its opening window, and below its maximum of sent submissions."""
    if not form.is_open_at(timezone.now()):
        return False
    if form.max_submissions is None:
        return True
    sent = Submission.objects.filter(form_version__form_id=form.pk, status=Submission.Status.RECEIVED).count()
    return sent < form.max_submissions


def start_submission(form: Form, language: str = "nl", auth_context: dict | None = None) -> Submission:
    """A new submission of the live version; ``auth_context``: who logged in (None: anonymous)."""
    if not accepts_new_submissions(form):
        raise FormClosed(form.slug)
    return Submission.objects.create(
        form_version_id=form.live_version_id, language=language[:8], auth_context=auth_context
    )


def submit_step(
    submission: Submission, step: Step, values, files=None, *, state: FormState | None = None
) -> StepResult:
    """Validate the posted values and files of ``step`` and, when valid, store them.

    ``state`` is the submission's form state when the caller has it (the step view
    does); otherwise it is loaded.
    """
    if submission.is_received:
        raise SubmissionLocked(str(submission))
    result = validate_post(state or form_state(submission), step, values, files, owner=submission)
    if result.is_valid:
        # One statement (INSERT ... ON CONFLICT DO UPDATE) instead of a SELECT and a write.
        SubmissionStep.objects.bulk_create(
            [SubmissionStep(submission=submission, step_key=step.key, data=result.data)],
            update_conflicts=True,
            unique_fields=["submission", "step_key"],
            update_fields=["data", "saved_at"],
        )
    return result


def act_on_step(
    submission: Submission, step: Step, values, files, action: str, *, state: FormState | None = None
) -> StepResult:
    """A button on the step that changes the page, not the step ("Verwijderen", "Nog een toevoegen").

    ``action`` is ``verb:field path:argument``. What was posted is read (new files are
    stored, typed text is kept), the field of ``field path`` acts, and the step is shown
    again with only the errors of input that could not be read; nothing is validated or
    saved, so a half-filled page is no problem.
    """
    if submission.is_received:
        raise SubmissionLocked(str(submission))
    state = state or form_state(submission)
    posted = Posted(values, files, owner=submission, scope=step.key)
    posted.read(state.fields(step))
    verb, _, rest = action.partition(":")
    path, _, argument = rest.rpartition(":")
    target = step.by_path.get(path) or step.by_path.get(
        ".".join(part for part in path.split(".") if not part.isdigit())
    )
    if target is not None and state.shows(step, target):
        target.kind.act(target, posted, verb, argument, path)
    errors = {path: in_item(step, path, message) for path, message in posted.errors.items()}
    return StepResult(data={}, errors=errors, raw=posted.raw)


def complete_submission(submission: Submission, declaration_accepted: bool, reply_consent: bool = False) -> Submission:
    """Accept the final submit: set the moment of receipt and the reference, once.

    Steps are re-validated against the pinned version, so data saved by an older
    request cannot slip through. Completing twice is refused. The moment of
    receipt, the receipt event and the after-receipt jobs are written in one
    transaction: either all of them exist or none. ``reply_consent`` is the answer to the
    form's question whether the gemeente may reply electronically, if it asks (:mod:`.consent`).
    """
    spec = submission.form_version.spec
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("form_version__form")
            .get(pk=submission.pk)
        )
        if locked.is_received:
            raise SubmissionLocked(str(locked))
        data = saved_data(locked)
        state = form_state(locked, data)
        incomplete = state.incomplete_step()
        if incomplete is not None:
            raise IncompleteSubmission(incomplete)
        data = _keep_what_applies(locked, data, state.applied_data())
        if spec.settings.get("declaration") and not declaration_accepted:
            raise IncompleteSubmission(declaration_missing=True)
        uploads.discard_unreferenced(locked, data)
        _seal(locked, data, spec.settings["reference_prefix"], declaration_accepted, reply_consent)
        SubmissionEvent.objects.create(
            submission=locked,
            kind=SubmissionEvent.Kind.RECEIVED,
            at=locked.received_at,
            detail={"reference": locked.public_reference, "digest": locked.receipt_digest},
        )
        jobs.create_jobs(locked)
    return Submission.objects.select_related("form_version__form").get(pk=submission.pk)


def _keep_what_applies(locked: Submission, saved: dict, applied: dict) -> dict:
    """Store the answers as form logic applies them, before the receipt is sealed.

    Answers of steps and fields the rules hide are deleted and values the rules
    set are stored, so the receipt, its PDF and e-mail and every registration
    (which all read the stored answers) hold only what the submission says.
    """
    gone = [key for key in saved if key not in applied]
    if gone:
        locked.steps.filter(step_key__in=gone).delete()
    changed = [
        SubmissionStep(submission=locked, step_key=key, data=values)
        for key, values in applied.items()
        if values != saved[key]
    ]
    if changed:
        SubmissionStep.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["submission", "step_key"], update_fields=["data"]
        )
    return applied


def _seal(locked: Submission, data: dict, prefix: str, declaration_accepted: bool, reply_consent: bool) -> None:
    """Write status, moment, reference and signed digest in one conditional UPDATE.

    A reference that happens to exist already trips the unique constraint; then
    a new one is drawn (the digest covers the reference, so it is recomputed).
    """
    locked.received_at = timezone.now()
    locked.reply_consent = consent.record(locked.form_version.spec, reply_consent, locked.received_at)
    year = timezone.localtime(locked.received_at).year
    for attempt in range(REFERENCE_ATTEMPTS):
        locked.public_reference = new_reference(prefix, year)
        sealed = proof.seal(locked, data)
        locked.receipt_digest = sealed.digest
        try:
            with transaction.atomic():
                updated = Submission.objects.filter(pk=locked.pk, status=Submission.Status.IN_PROGRESS).update(
                    status=Submission.Status.RECEIVED,
                    received_at=locked.received_at,
                    public_reference=locked.public_reference,
                    declaration_accepted=declaration_accepted,
                    reply_consent=locked.reply_consent,
                    receipt_digest=sealed.digest,
                    receipt_signature=sealed.signature,
                    receipt_format=sealed.format,
                    receipt_key_id=sealed.key_id,
                    receipt_document=sealed.document,
                )
        except IntegrityError:
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
        else:
            if updated != 1:
                raise SubmissionLocked(str(locked))
            return


def afschrift(submissions: Iterable[Submission]) -> list[dict]:
    """The event log of received submissions as staff export it (an afschrift), oldest event first.

    Pass a queryset with ``prefetch_related("events")`` and ``select_related("form_version__form")``.
    """
    return [
        {
            "reference": submission.public_reference,
            "form": submission.form_version.form.slug,
            "form_version": submission.form_version.number,
            "received_at": submission.received_at.isoformat(timespec="microseconds"),
            "received_at_local": format_moment(submission.received_at),
            "receipt_digest": submission.receipt_digest,
            "events": [
                {"at": event.at.isoformat(timespec="microseconds"), "event": event.kind, "detail": event.detail}
                for event in submission.events.all()
            ],
        }
        for submission in submissions
        if submission.is_received
    ]
