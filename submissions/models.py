import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from builder.models import FormVersion


class SubmissionLocked(Exception):
    """A received submission is a record; it cannot be changed any more."""


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
    language = models.CharField(_("language"), max_length=8, default="nl")

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self) -> str:
        return self.public_reference or str(self.uuid)

    def save(self, *args, **kwargs):
        # The database refuses this too (see the trigger migration); checking here gives a clear error.
        if getattr(self, "_stored_status", None) == self.Status.RECEIVED:
            raise SubmissionLocked(f"submission {self} is received and cannot be changed")
        super().save(*args, **kwargs)
        self._stored_status = self.status

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
