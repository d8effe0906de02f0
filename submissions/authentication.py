"""The submission's side of login: starting with a login, the proof's ``authentication`` part,
and replacing the BSNs by a keyed hash once they are no longer needed.

The authentication context comes from :mod:`machtigen` (the only place that knows
its shape); the receipt and the registrations read it from the submission.
"""

import logging
from typing import Any

from django.db import transaction

from machtigen import context as auth_context
from machtigen import service as machtigen_service

from .models import Submission
from .receipt.proof import PROOF_PARTS

__all__ = ["pseudonymise", "receipt_lines"]

logger = logging.getLogger(__name__)


@PROOF_PARTS.register("authentication")
def _proof_part(submission: Submission) -> dict[str, Any] | None:
    """Who submitted, and for whom, exactly as stored (``None``: anonymous)."""
    return submission.auth_context


def receipt_lines(context: dict[str, Any] | None) -> dict[str, str]:
    """The receipt's "Ingediend door X namens Y", the kind of representation and the level; masked."""
    if not context:
        return {}
    return {
        "submitted_by": auth_context.mask(auth_context.submitted_by(context)),
        "on_behalf_of": auth_context.mask(auth_context.acting_for(context)),
        "representation": auth_context.representation_kind(context) or "",
        "level_of_assurance": auth_context.level_label(context.get("levelOfAssurance", "")),
    }


def pseudonymise(submission_id: int) -> bool:
    """Replace the identifiers of a received submission's context by a keyed hash; once.

    Called when registration has succeeded (what registration needed is delivered)
    and by retention. The receipt still verifies: its proof bytes are stored. The
    database allows exactly this change to a received row (guards.py).
    """
    with transaction.atomic():
        row = Submission.objects.select_for_update().filter(pk=submission_id).values("auth_context").first()
        context = row and row["auth_context"]
        if not context or auth_context.is_pseudonymised(context):
            return False
        Submission.objects.filter(pk=submission_id).update(auth_context=machtigen_service.pseudonymise(context))
    logger.info("authentication context pseudonymised", extra={"submission": submission_id})
    return True
