from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from builder.models import Form
from submissions.models import Submission


class FormRegistration(models.Model):
    """One backend configured for a form: where its submissions go, with which options.

    Options hold no secrets: credentials live on the service records they name
    (zgw-consumers ``Service``), so options travel with the form's export.
    """

    form = models.ForeignKey(Form, verbose_name=_("form"), on_delete=models.CASCADE, related_name="registrations")
    backend = models.CharField(_("backend"), max_length=60)
    options = models.JSONField(_("options"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("registration backend of a form")
        verbose_name_plural = _("registration backends of forms")
        ordering = ["form", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.form.slug}: {self.backend}"


class RegistrationRecord(models.Model):
    """Where one submission stands with one backend; the submission itself stays frozen.

    ``results`` holds the result of every external step (zaak URL, rol URL,
    document URLs ...), stored the moment the step succeeds, so a retry
    continues where the last attempt stopped.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        REGISTERED = "registered", _("registered")
        FAILED = "failed", _("failed, needs attention")

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="registrations"
    )
    form_registration = models.ForeignKey(
        FormRegistration,
        verbose_name=_("configuration"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="records",
    )
    backend = models.CharField(_("backend"), max_length=60)
    options = models.JSONField(_("options used"), default=dict, help_text=_("As configured at the first attempt."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    results = models.JSONField(_("results of each step"), default=dict, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["submission", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "form_registration"], name="registrations_one_record_per_backend"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.submission} -> {self.backend} ({self.status})"
