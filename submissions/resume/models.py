"""A way back to a draft: one row per "Later verder" request, holding a hash, never the token."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ResumeToken(models.Model):
    """A signed, expiring, single-use way back to a submission that is still being filled in.

    The link token or code itself is never stored: it is derived from ``salt`` with the
    server key (:mod:`.codes`), and only its SHA-256 is kept for the lookup. The e-mail
    address waits here until the mail has been handed to the mail server, then it is wiped.
    The row outlives the draft it points to (``submission`` becomes empty when retention
    deletes the draft), so a citizen with an old link is told it expired, not that it never
    existed; the row then holds no personal data.
    """

    class Kind(models.TextChoices):
        LINK = "link", _("link")
        CODE = "code", _("code")

    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resume_tokens",
    )
    form_slug = models.SlugField(_("form"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    salt = models.CharField(_("salt"), max_length=64, editable=False)
    token_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(
        _("replaced at"), null=True, blank=True, help_text=_("A newer request for the same submission replaced it.")
    )
    mail_to = models.CharField(
        _("address to send to"),
        max_length=254,
        blank=True,
        editable=False,
        help_text=_("Kept only until the mail server accepted the message."),
    )
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    class Meta:
        app_label = "submissions"
        verbose_name = _("resume token")
        verbose_name_plural = _("resume tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.form_slug} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"
