"""Proof of receipt: a digest over exactly what was received, and a server signature over it.

The digest is SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) form of
the proof document: form version, answers, attachment hashes, moment of
receipt and reference. Anyone holding the receipt can have it checked on the
public verification page; the HMAC shows the digest was issued by this server.

A receipt must verify for as long as it is kept, whatever the code does by
then. So completion stores the canonical bytes themselves, the id of the proof
format that built them and the id of the key that signed the digest; checking
a receipt reads those and never builds the document again. Proof formats are
plugins on a registry: a new format (say, with the attachments' hashes or the
authentication context) is registered beside the old ones and made current,
and a registered format never changes. Signing keys form a keyring: the first
key signs, every key verifies, so a key can be rotated without breaking a
single older receipt.
"""

import datetime
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import rfc8785
from django.conf import settings
from django.core import checks

from forms_platform.registry import Registry

from ..models import Submission

__all__ = [
    "CURRENT_FORMAT",
    "PROOF_FORMATS",
    "PROOF_PARTS",
    "Seal",
    "SigningKey",
    "canonical_bytes",
    "check_signing_keys",
    "derived_key_id",
    "digest",
    "keyring",
    "proof_document",
    "seal",
    "sign",
    "signature_matches",
    "stored_document",
    "verify",
]

ProofFormat = Callable[[Submission, dict[str, Any]], dict]

PROOF_FORMATS: Registry[ProofFormat] = Registry("receipt proof format")
"""Builders of the proof document, by format id; each one, once registered, is frozen."""

CURRENT_FORMAT = "loket-receipt/2"
"""The format new receipts are made in. Older receipts keep the one they were made in."""

ProofPart = Callable[[Submission], Any]

PROOF_PARTS: Registry[ProofPart] = Registry("receipt proof part")
"""What other parts of Loket put in the proof, by name: ``attachments`` and ``authentication``.

Format 2 asks these for its ``attachments`` (a list of ``{"field", "name", "size",
"sha256"}``) and ``authentication`` (the authentication context, or ``None`` for
an anonymous submission). The app that owns the concept registers the part, so
the receipt never imports uploads or login code.
"""

_PART_DEFAULTS = {"attachments": [], "authentication": None}


@PROOF_FORMATS.register("loket-receipt/1")
def _format_1(submission: Submission, answers: dict[str, Any]) -> dict:
    version = submission.form_version
    return {
        "format": "loket-receipt/1",
        "form": {"slug": version.form.slug, "version": version.number, "definition_sha256": version.digest},
        "reference": submission.public_reference,
        "received_at": submission.received_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "answers": answers,
        "attachments": [],
    }


@PROOF_FORMATS.register("loket-receipt/2")
def _format_2(submission: Submission, answers: dict[str, Any]) -> dict:
    """Format 1 plus the attachments' hashes and who submitted (and for whom)."""
    document = _format_1(submission, answers)
    parts = {
        name: PROOF_PARTS[name](submission) if name in PROOF_PARTS else default
        for name, default in _PART_DEFAULTS.items()
    }
    return {**document, "format": "loket-receipt/2", **parts}


def proof_document(submission: Submission, answers: dict[str, Any], format_id: str | None = None) -> dict:
    """The proof document of ``submission`` in ``format_id`` (default: the current format)."""
    return PROOF_FORMATS[format_id or CURRENT_FORMAT](submission, answers)


def canonical_bytes(document: dict) -> bytes:
    return rfc8785.dumps(document)


def digest(document: dict) -> str:
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


# --- keys --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningKey:
    id: str
    secret: str = field(repr=False)  # never printed, not even in a traceback

    def sign(self, digest_hex: str) -> str:
        return hmac.new(self.secret.encode(), digest_hex.encode(), hashlib.sha256).hexdigest()


def derived_key_id(secret: str) -> str:
    """The id of a key given without one (``LOKET_RECEIPT_SIGNING_KEY``): stable, and not the key."""
    return "sha256-" + hashlib.sha256(secret.encode()).hexdigest()[:8]


def keyring() -> list[SigningKey]:
    """``LOKET_RECEIPT_SIGNING_KEYS`` (first signs, all verify), else the one ``LOKET_RECEIPT_SIGNING_KEY``."""
    configured = getattr(settings, "LOKET_RECEIPT_SIGNING_KEYS", None)
    if configured:
        return [SigningKey(key_id, secret) for key_id, secret in configured]
    secret = settings.LOKET_RECEIPT_SIGNING_KEY
    return [SigningKey(derived_key_id(secret), secret)]


def sign(digest_hex: str) -> str:
    """The signature of ``digest_hex`` with the current key."""
    return keyring()[0].sign(digest_hex)


def signature_matches(digest_hex: str, signature: str, key_id: str = "") -> bool:
    """Whether ``signature`` is ours: made with the key ``key_id`` (or, without an id, any key we hold).

    A key removed from the keyring no longer verifies anything: that is how a leaked key is retired.
    """
    keys = [key for key in keyring() if key.id == key_id] if key_id else keyring()
    return any(hmac.compare_digest(key.sign(digest_hex), signature) for key in keys)


MIN_KEY_LENGTH = 32


def check_signing_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Deploy check: a short signing key can be guessed, and then anyone can sign a receipt."""
    short = [key.id for key in keyring() if len(key.secret) < MIN_KEY_LENGTH]
    if not short:
        return []
    return [
        checks.Warning(
            f"Receipt signing key(s) {', '.join(short)} are shorter than {MIN_KEY_LENGTH} characters.",
            hint="Put a new long random key first in LOKET_RECEIPT_SIGNING_KEYS and keep the old one behind it.",
            id="loket.W010",
        )
    ]


# --- sealing and checking ----------------------------------------------------------------------


@dataclass(frozen=True)
class Seal:
    """What completion stores with a received submission."""

    format: str
    document: bytes
    digest: str
    signature: str
    key_id: str


def seal(submission: Submission, answers: dict[str, Any]) -> Seal:
    """The proof of ``submission`` (reference and moment already set) in the current format, signed."""
    document = canonical_bytes(proof_document(submission, answers))
    digest_hex = hashlib.sha256(document).hexdigest()
    key = keyring()[0]
    return Seal(CURRENT_FORMAT, document, digest_hex, key.sign(digest_hex), key.id)


def stored_document(submission: Submission, answers: dict[str, Any] | None = None) -> bytes:
    """The exact bytes the receipt's digest was computed over.

    Receipts store them. Receipts made before they did are rebuilt from the
    record with the format they were made in (registered formats never change).
    """
    if submission.receipt_document:
        return bytes(submission.receipt_document)
    if answers is None:
        answers = dict(submission.steps.values_list("step_key", "data"))
    return canonical_bytes(proof_document(submission, answers, submission.receipt_format or "loket-receipt/1"))


def verify(reference: str, digest_hex: str) -> bool:
    """Whether ``digest_hex`` is the digest of the received submission ``reference``.

    The digest is recomputed from the stored proof document and the signature
    checked with the key that made it, so a changed record or a forged
    signature fails. Says nothing else about the submission.
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
    if submission is None or not submission.receipt_digest:
        return False
    try:
        document = stored_document(submission)
    except LookupError:  # a format this code does not know: it cannot vouch for it
        return False
    return (
        hmac.compare_digest(hashlib.sha256(document).hexdigest(), digest_hex)
        and hmac.compare_digest(submission.receipt_digest, digest_hex)
        and signature_matches(digest_hex, submission.receipt_signature, submission.receipt_key_id)
    )
