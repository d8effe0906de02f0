"""Proof of receipt: a digest over exactly what was received, and a server signature over it.

The digest is SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) form of
the proof document: form version, answers, attachment hashes, moment of
receipt and reference. Anyone holding the receipt can have it checked on the
public verification page; the HMAC shows the digest was issued by this server.
"""

import datetime
import hashlib
import hmac
from typing import Any

import rfc8785
from django.conf import settings

from ..models import Submission

PROOF_FORMAT = "loket-receipt/1"


def proof_document(submission: Submission, answers: dict[str, Any], attachments: list[dict] | None = None) -> dict:
    version = submission.form_version
    return {
        "format": PROOF_FORMAT,
        "form": {"slug": version.form.slug, "version": version.number, "definition_sha256": version.digest},
        "reference": submission.public_reference,
        "received_at": submission.received_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "answers": answers,
        "attachments": attachments or [],
    }


def canonical_bytes(document: dict) -> bytes:
    return rfc8785.dumps(document)


def digest(document: dict) -> str:
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def sign(digest_hex: str) -> str:
    key = settings.LOKET_RECEIPT_SIGNING_KEY.encode()
    return hmac.new(key, digest_hex.encode(), hashlib.sha256).hexdigest()


def signature_matches(digest_hex: str, signature: str) -> bool:
    return hmac.compare_digest(sign(digest_hex), signature)


def verify(reference: str, digest_hex: str) -> bool:
    """Whether ``digest_hex`` is the digest of the received submission ``reference``.

    The digest is recomputed from the stored record, so a changed record or a
    forged signature fails too. Says nothing else about the submission.
    """
    reference = reference.strip().upper()
    digest_hex = digest_hex.strip().lower()
    if not reference or len(digest_hex) != 64:
        return False
    submission = (
        Submission.objects.select_related("form_version__form")
        .filter(public_reference=reference, status=Submission.Status.RECEIVED)
        .first()
    )
    if submission is None:
        return False
    answers = dict(submission.steps.values_list("step_key", "data"))
    recomputed = digest(proof_document(submission, answers))
    return (
        hmac.compare_digest(recomputed, digest_hex)
        and hmac.compare_digest(submission.receipt_digest, digest_hex)
        and signature_matches(digest_hex, submission.receipt_signature)
    )
