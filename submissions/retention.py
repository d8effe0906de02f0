"""Retention: delete what Loket no longer needs to keep, and keep proof of each deletion.

Per form (``Form.draft_retention_days``, ``Form.retention_days``):

- a submission that was started but never sent is deleted once nothing changed for
  ``draft_retention_days`` (no step saved, nor the start itself) and no way back to it sent
  with "Later verder" still works: a draft is kept at least as long as its resume link or code;
- a received submission is deleted ``retention_days`` after its moment of receipt, once all work
  after receipt is done: a submission whose receipt, e-mail or registration still waits or failed
  stays until staff have dealt with it.

A submission goes whole, in one statement per batch: its steps, events, jobs and receipt PDF row
with it (the database guards allow deleting a received submission only as a whole), the PDF file
after the transaction commits. A :class:`DeletionRecord` with the reference, the form and the
dates is written in the same transaction, so every deletion can be proven and none is recorded
that did not happen.

Celery beat runs :func:`apply_retention` every hour (``CELERY_BEAT_SCHEDULE``).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from builder.models import Form

from .models import DeletionRecord, Job, ReceiptFile, ResumeToken, Submission, SubmissionStep
from .resume.service import MAIL_JOB as RESUME_MAIL

BATCH = 200
SPENT_TOKENS_KEPT = datetime.timedelta(days=90)
"""How long an expired resume token's row (a hash and dates, no personal data) still tells a citizen it expired."""


@dataclass(frozen=True)
class RetentionResult:
    drafts: int = 0
    received: int = 0


def expired_drafts(form: Form, now: datetime.datetime) -> QuerySet[Submission]:
    cutoff = now - datetime.timedelta(days=form.draft_retention_days)
    recent_step = SubmissionStep.objects.filter(submission=OuterRef("pk"), saved_at__gte=cutoff)
    way_back = ResumeToken.objects.filter(
        submission=OuterRef("pk"), used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )
    return (
        Submission.objects.filter(form_version__form=form, status=Submission.Status.IN_PROGRESS, started_at__lt=cutoff)
        .exclude(Exists(recent_step))
        .exclude(Exists(way_back))
    )


def expired_received(form: Form, now: datetime.datetime) -> QuerySet[Submission]:
    cutoff = now - datetime.timedelta(days=form.retention_days)
    # A "Later verder" e-mail still waiting when the form was sent is no work after receipt.
    open_work = Job.objects.filter(submission=OuterRef("pk")).exclude(status=Job.Status.DONE).exclude(kind=RESUME_MAIL)
    return Submission.objects.filter(
        form_version__form=form, status=Submission.Status.RECEIVED, received_at__lt=cutoff
    ).exclude(Exists(open_work))


def apply_retention(now: datetime.datetime | None = None) -> RetentionResult:
    """Delete every submission past its form's retention; return how many of each sort went."""
    now = now or timezone.now()
    drafts = received = 0
    for form in Form.objects.all():
        drafts += _delete_all(expired_drafts(form, now), DeletionRecord.Rule.DRAFT_INACTIVE, form)
        received += _delete_all(expired_received(form, now), DeletionRecord.Rule.RETENTION_PERIOD, form)
    ResumeToken.objects.filter(submission__isnull=True, expires_at__lt=now - SPENT_TOKENS_KEPT).delete()
    return RetentionResult(drafts=drafts, received=received)


def _delete_all(expired: QuerySet[Submission], rule: str, form: Form) -> int:
    deleted = 0
    while count := _delete_batch(expired, rule, form):
        deleted += count
    return deleted


def _delete_batch(expired: QuerySet[Submission], rule: str, form: Form) -> int:
    with transaction.atomic():
        # Locked (PostgreSQL; SQLite locks the whole database) so a citizen saving a step right now
        # either comes first, and the draft is no longer expired, or finds it gone.
        batch = list(
            expired.select_related("form_version")
            .select_for_update(of=("self",), skip_locked=True)
            .only("pk", "public_reference", "started_at", "received_at", "form_version__number")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return 0
        ids = [submission.pk for submission in batch]
        storage = ReceiptFile._meta.get_field("pdf").storage
        files = list(ReceiptFile.objects.filter(submission_id__in=ids).values_list("pdf", flat=True))
        DeletionRecord.objects.bulk_create(
            DeletionRecord(
                reference=submission.public_reference or "",
                form_slug=form.slug,
                form_version=submission.form_version.number,
                rule=rule,
                started_at=submission.started_at,
                received_at=submission.received_at,
            )
            for submission in batch
        )
        Submission.objects.filter(pk__in=ids).delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in files if name])
    return len(batch)
