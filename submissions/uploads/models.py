"""A file a citizen attached: stored privately, named by its SHA-256, deleted with its submission."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """Stored under ids only: the citizen's file name never becomes part of a path."""
    return f"attachments/{attachment.submission.uuid}/{attachment.uuid}"


class Attachment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="attachments")
    field = models.CharField(_("field"), max_length=200, help_text=_("Step key and field path: bezwaar.besluit."))
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120, help_text=_("Found in the bytes."))
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path, max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        app_label = "submissions"
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["submission", "field"])]

    def __str__(self) -> str:
        return self.name

    def open(self, mode: str = "rb"):
        """The stored bytes, for registrations (a ZGW document) and staff."""
        return self.file.storage.open(self.file.name, mode)

    def as_value(self) -> dict:
        """What the step's data stores for this file (and registrations receive)."""
        return {
            "id": str(self.uuid),
            "name": self.name,
            "type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }
