"""Signed links to a receipt PDF: the one way to a submission without the citizen's session.

Staff hand such a link to a citizen who lost their copy. It names the
submission, is signed with the project's secret key and expires after
``LOKET_RECEIPT_LINK_MAX_AGE`` seconds.
"""

from uuid import UUID

from django.conf import settings
from django.core import signing
from django.urls import reverse

from ..models import Submission

__all__ = ["SIGNER_SALT", "received_submission_for", "signed_pdf_url"]

SIGNER_SALT = "loket.receipt-pdf"


def signed_pdf_url(submission: Submission) -> str:
    """A link to the PDF that works without the session, for LOKET_RECEIPT_LINK_MAX_AGE seconds."""
    token = signing.TimestampSigner(salt=SIGNER_SALT).sign(str(submission.uuid))
    return reverse("submissions:receipt-pdf-signed", args=[token])


def received_submission_for(token: str) -> Submission | None:
    """The received submission a token from :func:`signed_pdf_url` names; None when forged, expired or unknown."""
    try:
        value = signing.TimestampSigner(salt=SIGNER_SALT).unsign(token, max_age=settings.LOKET_RECEIPT_LINK_MAX_AGE)
        return Submission.objects.select_related("form_version__form").get(
            uuid=UUID(value), status=Submission.Status.RECEIVED
        )
    except (signing.BadSignature, ValueError, Submission.DoesNotExist):
        return None
