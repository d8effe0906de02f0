import uuid

from django.db import models, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from builder.models import FormVersion

from .storage import private_storage


class SubmissionLocked(Exception):
    """A received submission is a record; it cannot be changed any more."""


class SubmissionQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete whole submissions (retention): each submission's row first, then what belongs to it.

        The database refuses to delete a single step or event of a received submission and
        allows it once the submission's row is gone (submissions/guards.py). Django deletes
        related rows first, so the rows of the submissions go before it runs; foreign keys
        are only checked at commit.
        """
        with transaction.atomic(using=self.db):
            collector = Collector(using=self.db, origin=self)
            collector.collect(list(self))
            pks = [submission.pk for submission in collector.data.get(self.model, ())]
            # Attached files go with their submission: the bytes once the deletion has committed.
            files = list(Attachment.objects.using(self.db).filter(submission_id__in=pks).values_list("file", flat=True))
            storage = Attachment._meta.get_field("file").storage
            transaction.on_commit(lambda: [storage.delete(name) for name in files if name], using=self.db)
            deleted = self.model._base_manager.using(self.db).filter(pk__in=pks)._raw_delete(self.db)
            total, counts = collector.delete()
        if deleted:
            counts[self.model._meta.label] = deleted
        return total + deleted, counts


class Submission(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        RECEIVED = "received", _("received")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    form_version = models.ForeignKey(
        FormVersion, verbose_name=_("form version"), on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    received_at = models.DateTimeField(
        _("moment of receipt"), null=True, blank=True, help_text=_("Set once when the final submit is accepted.")
    )
    public_reference = models.CharField(_("reference"), max_length=32, unique=True, null=True, blank=True)
    declaration_accepted = models.BooleanField(_("declaration accepted"), default=False)
    receipt_digest = models.CharField(
        _("receipt digest"), max_length=64, blank=True, help_text=_("SHA-256 over the canonical receipt document.")
    )
    receipt_signature = models.CharField(
        _("receipt signature"), max_length=64, blank=True, help_text=_("HMAC-SHA256 of the digest with the server key.")
    )
    # Stored so a receipt verifies forever, whatever later code would build (receipt/proof.py).
    receipt_format = models.CharField(
        _("receipt proof format"), max_length=40, blank=True, help_text=_("Format of the proof document.")
    )
    receipt_key_id = models.CharField(
        _("receipt signing key"),
        max_length=40,
        blank=True,
        help_text=_("Id of the key that signed the digest; empty for receipts from before key ids."),
    )
    receipt_document = models.BinaryField(
        _("receipt proof document"),
        blank=True,
        default=b"",
        help_text=_("The canonical JSON (RFC 8785) the digest covers, byte for byte."),
    )
    language = models.CharField(_("language"), max_length=8, default="nl")
    auth_context = models.JSONField(
        _("authentication context"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Who filled this in and for whom (machtigen/context.py); empty for an anonymous submission."),
    )

    reply_consent = models.JSONField(
        _("consent to reply electronically"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Given or not, when, by which channel, for which form; empty when the form does not ask."),
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["status", "received_at"])]
        # The pairs of the authentication context the database itself keeps together:
        # an identifier type never without its value, a mandate never without the representee.
        constraints = [
            models.CheckConstraint(
                condition=Q(auth_context__isnull=True)
                | Q(
                    auth_context__authorizee__legalSubject__identifierType__isnull=False,
                    auth_context__authorizee__legalSubject__identifier__isnull=False,
                ),
                name="submissions_auth_subject_identified",
            ),
            models.CheckConstraint(
                condition=Q(auth_context__isnull=True)
                | Q(auth_context__representee__isnull=True)
                | Q(
                    auth_context__representee__identifierType__isnull=False,
                    auth_context__representee__identifier__isnull=False,
                ),
                name="submissions_auth_representee_identified",
            ),
            models.CheckConstraint(
                condition=Q(auth_context__isnull=True)
                | Q(auth_context__has_keys=["mandate", "representee"])
                | (~Q(auth_context__has_key="mandate") & ~Q(auth_context__has_key="representee")),
                name="submissions_auth_mandate_with_representee",
            ),
        ]

    def __str__(self) -> str:
        return self.public_reference or str(self.uuid)

    def save(self, *args, **kwargs):
        # The database refuses this too (see the trigger migration); checking here gives a clear error.
        if getattr(self, "_stored_status", None) == self.Status.RECEIVED:
            raise SubmissionLocked(f"submission {self} is received and cannot be changed")
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def delete(self, using: str | None = None, keep_parents: bool = False) -> tuple[int, dict[str, int]]:
        """Delete the whole submission (retention), in the order the database guards allow."""
        result = type(self).objects.db_manager(using or self._state.db).filter(pk=self.pk).delete()
        self.pk = None
        return result

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.status
        return instance

    @property
    def is_received(self) -> bool:
        return self.status == self.Status.RECEIVED


class SubmissionStep(models.Model):
    """The data of one step, saved when the citizen moves on."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="steps")
    step_key = models.CharField(_("step"), max_length=60)
    data = models.JSONField(_("data"), default=dict)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("submission step")
        verbose_name_plural = _("submission steps")
        constraints = [models.UniqueConstraint(fields=["submission", "step_key"], name="submissions_unique_step")]

    def __str__(self) -> str:
        return f"{self.submission} / {self.step_key}"


class SubmissionEvent(models.Model):
    """One line of a submission's append-only history: the proof of what happened when."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("received")
        PDF_GENERATED = "pdf_generated", _("PDF generated")
        EMAIL_SENDING = "email_sending", _("e-mail being handed to the mail server")
        EMAIL_SENT = "email_sent", _("e-mail sent")
        EMAIL_SKIPPED = "email_skipped", _("no e-mail address given")
        PDF_FAILED = "pdf_failed", _("PDF failed, will retry")
        PDF_GAVE_UP = "pdf_gave_up", _("PDF failed for good, needs attention")
        EMAIL_FAILED = "email_failed", _("e-mail failed, will retry")
        EMAIL_GAVE_UP = "email_gave_up", _("e-mail failed for good, needs attention")
        JOB_FAILED = "job_failed", _("attempt failed, will retry")
        JOB_GAVE_UP = "job_gave_up", _("failed for good, needs attention")
        REGISTERED = "registered", _("registered")
        VIEWED_BY_STAFF = "viewed_by_staff", _("viewed by staff")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=40)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission} {self.kind} {self.at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SubmissionLocked("events are append-only")
        super().save(*args, **kwargs)


class Job(models.Model):
    """Work that follows receipt (PDF, e-mail, registration), written in the completion transaction.

    A job is retried until it succeeds or runs out of attempts; a lease
    (``locked_until``) lets the periodic sweep pick up work of a crashed worker.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DONE = "done", _("done")
        FAILED = "failed", _("failed, needs attention")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(
        _("key"), max_length=64, blank=True, default="", help_text=_("Which one, for kinds that run more than once.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind", "key"], name="submissions_one_job_per_kind_and_key")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.submission} {self.kind} ({self.status})"


def receipt_pdf_path(receipt_file: "ReceiptFile", filename: str) -> str:
    """Filed under the month of receipt (Amsterdam time), not the month the PDF happened to be made."""
    moment = timezone.localtime(receipt_file.submission.received_at or timezone.now())
    return f"receipts/{moment:%Y/%m}/{filename}"


class ReceiptFile(models.Model):
    """The PDF copy of the receipt, stored privately (never under a public URL)."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="receipt_file")
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=receipt_pdf_path)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("receipt PDF")
        verbose_name_plural = _("receipt PDFs")

    def __str__(self) -> str:
        return f"{self.submission}.pdf"


class DeletionRecord(models.Model):
    """What retention deleted and when: the proof of the deletion, without the personal data."""

    class Rule(models.TextChoices):
        DRAFT_INACTIVE = "draft_inactive", _("not sent, inactive too long")
        RETENTION_PERIOD = "retention_period", _("retention period over")

    reference = models.CharField(_("reference"), max_length=32, blank=True)
    form_slug = models.SlugField(_("form"), max_length=80)
    form_version = models.PositiveIntegerField(_("form version"))
    rule = models.CharField(_("rule"), max_length=30, choices=Rule.choices)
    started_at = models.DateTimeField(_("started at"))
    received_at = models.DateTimeField(_("moment of receipt"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("deletion record")
        verbose_name_plural = _("deletion records")
        ordering = ["-deleted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference or self.form_slug} ({self.deleted_at:%Y-%m-%d})"


from .resume.models import ResumeToken  # noqa: E402, F401  (its own module; registered with this app)
from .uploads.models import Attachment  # noqa: E402  (a model of this app, kept beside its uploads code)
