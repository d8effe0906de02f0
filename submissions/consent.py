"""Consent to reply electronically (Awb 2:8, Wmebv A12), asked per form with an unticked checkbox.

An editor turns it on with the form setting ``reply_consent``: the question the citizen
sees. The answer is stored with the submit, on the submission (``Submission.reply_consent``),
with its moment (the moment of receipt), the channel and the scope: this form, i.e. this
kind of message, and nothing else. Registrations read it from there (:func:`as_data`); the
receipt shows it (:func:`receipt_line`).
"""

import datetime

from django.utils.translation import gettext

from builder.spec import FormSpec

from .receipt_time import format_moment

__all__ = ["CHANNEL", "FIELD", "as_data", "asked", "receipt_line", "record"]

FIELD = "antwoord_elektronisch"
"""The checkbox's name on the overview page."""
CHANNEL = "email"


def asked(spec: FormSpec) -> bool:
    return bool(spec.setting("reply_consent"))


def record(spec: FormSpec, given: bool, at: datetime.datetime) -> dict | None:
    """What is stored for the answer: None when the form does not ask."""
    if not asked(spec):
        return None
    return {
        "given": given,
        "at": at.isoformat(timespec="microseconds"),
        "channel": CHANNEL,
        "scope": {"form": spec.slug, "form_name": spec.name},
        "question": spec.setting("reply_consent"),
    }


def as_data(stored: dict | None) -> dict | None:
    """The consent as registrations pass it on (zaak data, toelichting): a copy, or None when not asked."""
    return dict(stored) if stored else None


def receipt_line(stored: dict | None) -> str:
    """One sentence for the receipt (page, PDF, e-mail); empty when the form did not ask."""
    if not stored:
        return ""
    if stored.get("given"):
        moment = format_moment(datetime.datetime.fromisoformat(stored["at"]))
        return gettext(
            "Ja. U gaf op %(moment)s toestemming dat de gemeente u over dit formulier per e-mail antwoordt."
        ) % {"moment": moment}
    return gettext("Nee. De gemeente antwoordt u over dit formulier per post.")
