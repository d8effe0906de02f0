from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .definition.io import digest
from .spec import FormSpec, compiled
from .text import localize


class ImmutableVersion(Exception):
    """A published version is frozen; publish a new one instead."""


def display_name(definition: dict) -> str:
    """The Dutch name of a definition, as lists and the admin show it."""
    return localize(definition["name"], "nl")[:200]


class Form(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("The draft's name; citizens see the live one."))
    draft = models.JSONField(_("draft definition"), help_text=_("The definition being edited. Publish to use it."))
    # The draft's canonical digest, kept on every save: the forms list tells which drafts differ
    # from their live version by comparing two short strings, without reading either document.
    draft_digest = models.CharField(_("SHA-256 of the canonical draft"), max_length=64, editable=False, default="")
    live_version = models.ForeignKey(
        "FormVersion",
        verbose_name=_("live version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    is_active = models.BooleanField(_("open for citizens"), default=True)
    # When a form takes new submissions: a campaign or a subsidy round opens and closes by itself.
    # Submissions already started may still be sent after the end, as with is_active.
    available_from = models.DateTimeField(
        _("open from"), null=True, blank=True, help_text=_("Citizens can start the form from this moment on.")
    )
    available_until = models.DateTimeField(
        _("open until"), null=True, blank=True, help_text=_("No new submissions can be started after this moment.")
    )
    max_submissions = models.PositiveIntegerField(
        _("maximum number of submissions"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Once this many have been sent, no new submissions can be started. Empty: no maximum."),
    )
    # Retention (submissions/retention.py): a policy of the organisation for every version of the
    # form, so it lives here and not in the versioned definition.
    draft_retention_days = models.PositiveIntegerField(
        _("keep unsent forms (days)"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("A form that was started but not sent is deleted this many days after its last change."),
    )
    retention_days = models.PositiveIntegerField(
        _("keep received forms (days)"),
        default=365,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A received form, with its receipt PDF, is deleted this many days after receipt, once all "
            "work after receipt is done. A record of the deletion (reference, form, dates) stays."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.draft_digest = digest(self.draft)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "draft" in update_fields:
            kwargs["update_fields"] = {*update_fields, "draft_digest"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.available_from and self.available_until and self.available_from >= self.available_until:
            raise ValidationError({"available_until": _("The end must be after the start.")})

    def is_open_at(self, moment) -> bool:
        """Whether citizens may start this form at ``moment`` (switched on, live, within its window).

        The maximum number of submissions is counted by the submissions app, which owns them.
        """
        return (
            self.is_active
            and self.live_version_id is not None
            and (self.available_from is None or self.available_from <= moment)
            and (self.available_until is None or moment < self.available_until)
        )

    @classmethod
    def open_filter(cls, moment) -> models.Q:
        """:meth:`is_open_at` as a query filter, for lists of forms."""
        return (
            models.Q(is_active=True, live_version__isnull=False)
            & (models.Q(available_from__isnull=True) | models.Q(available_from__lte=moment))
            & (models.Q(available_until__isnull=True) | models.Q(available_until__gt=moment))
        )

    @property
    def has_unpublished_changes(self) -> bool:
        return self.live_version is None or self.live_version.digest != digest(self.draft)


class FormVersion(models.Model):
    """A published, frozen definition. Submissions pin the version they started on."""

    form = models.ForeignKey(Form, verbose_name=_("form"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    # The name citizens see in the list of forms, kept with the version it belongs to: a draft's
    # new name is not public until it is published. Read from the definition on save.
    name = models.CharField(_("name"), max_length=200, editable=False)
    definition = models.JSONField(_("definition"))
    digest = models.CharField(_("SHA-256 of the canonical definition"), max_length=64)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["form", "-number"]
        constraints = [models.UniqueConstraint(fields=["form", "number"], name="builder_unique_version_number")]

    def __str__(self) -> str:
        return f"{self.form.slug} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableVersion(f"{self} is published and cannot be changed")
        self.digest = digest(self.definition)
        self.name = display_name(self.definition)
        super().save(*args, **kwargs)

    @property
    def spec(self) -> FormSpec:
        return compiled(self.digest, lambda: self.definition)
