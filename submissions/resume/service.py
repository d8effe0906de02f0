"""Save and resume on any device ("Later verder"): ask for a way back, and use it once.

A citizen pauses a submission that is still being filled in and gives an e-mail address.
Loket sends, through the outbox, either a link (forms whose e-mail may carry links) or a
code to type on the form's start page (forms in link-free mode, see
:mod:`submissions.receipt.mail`). Using it opens the draft in the browser it is used in:
the session gets ownership (:mod:`submissions.ownership`) and then the citizen goes
through the normal entry (:mod:`submissions.entry`), so a draft started after login asks
for that same login again. A newer request replaces older ones; the way back works once
and for ``LOKET_RESUME_DAYS`` days.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .. import jobs
from ..models import Job, Submission
from ..receipt.mail import NO_LINKS, mode_for
from . import codes
from .models import ResumeToken

__all__ = [
    "MAIL_JOB",
    "ResumeRefused",
    "kind_for",
    "redeem",
    "request_resume",
    "valid_until",
]

MAIL_JOB = "resume_mail"


class ResumeRefused(Exception):
    """The way back cannot be used; ``reason`` says why, in terms the page explains to the citizen."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REPLACED = "replaced"
    SENT = "sent"

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Requested:
    kind: str
    expires_at: datetime.datetime


def kind_for(submission: Submission) -> str:
    """A link where the form's e-mail may carry links; a code to type in link-free mode."""
    return ResumeToken.Kind.CODE if mode_for(submission) == NO_LINKS else ResumeToken.Kind.LINK


def valid_until(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(days=settings.LOKET_RESUME_DAYS)


def request_resume(submission: Submission, address: str) -> Requested:
    """Replace any earlier way back to ``submission`` by a new one and queue its e-mail to ``address``.

    Raises ValidationError for an address that is not an e-mail address.
    """
    address = address.strip()
    EmailValidator(message=gettext("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."))(address)
    if len(address) > 254:
        raise ValidationError(gettext("Dit e-mailadres is te lang."))
    if submission.is_received:
        raise ResumeRefused(ResumeRefused.SENT)
    kind = kind_for(submission)
    now = timezone.now()
    salt = codes.new_salt()
    with transaction.atomic():
        ResumeToken.objects.filter(submission=submission, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now, mail_to=""
        )
        row = ResumeToken.objects.create(
            submission=submission,
            form_slug=submission.form_version.spec.slug,
            kind=kind,
            salt=salt,
            token_hash=codes.lookup_hash(kind, codes.derive(kind, salt)),
            created_at=now,
            expires_at=valid_until(now),
            mail_to=address,
        )
        _queue_mail(submission, now)
    return Requested(kind=kind, expires_at=row.expires_at)


def _queue_mail(submission: Submission, now: datetime.datetime) -> None:
    """One outbox job per draft sends whatever resume mail is waiting; a new request sets it going again."""
    item, created = Job.objects.get_or_create(submission=submission, kind=MAIL_JOB)
    if not created:
        # Taking the lease away too: a worker still busy with an older mail then cannot mark the job
        # done over this new request; the job runs again and sends what is still waiting.
        Job.objects.filter(pk=item.pk).update(
            status=Job.Status.PENDING,
            attempts=0,
            next_attempt_at=now,
            locked_until=None,
            finished_at=None,
            last_error="",
        )
    transaction.on_commit(lambda: jobs.enqueue([item.pk]))


def redeem(kind: str, secret: str, slug: str) -> Submission:
    """Use a link token or a (normalised) code of the form ``slug``, once; the draft it opens.

    Raises :class:`ResumeRefused`. A code for another form counts as unknown.
    """
    now = timezone.now()
    with transaction.atomic():
        row = (
            ResumeToken.objects.select_for_update(of=("self",))
            .select_related("submission__form_version")
            .filter(token_hash=codes.lookup_hash(kind, secret), kind=kind)
            .first()
        )
        if row is None or row.form_slug != slug:
            raise ResumeRefused(ResumeRefused.UNKNOWN)
        if row.used_at is not None:
            raise ResumeRefused(ResumeRefused.USED)
        if row.revoked_at is not None:
            raise ResumeRefused(ResumeRefused.REPLACED)
        if row.expires_at <= now or row.submission is None:
            raise ResumeRefused(ResumeRefused.EXPIRED)
        # Conditional, so two browsers using the same link at once cannot both get in.
        if not ResumeToken.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now, mail_to=""):
            raise ResumeRefused(ResumeRefused.USED)
        if row.submission.is_received:
            raise ResumeRefused(ResumeRefused.SENT)
        return row.submission
