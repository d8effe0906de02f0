"""Bezwaartermijn help (Wmebv B9): the indicative end of the term, from the answer to "datum van het besluit".

An editor marks one date field with ``"decision_date": true``; once the citizen saved it, the
later steps and the overview show when the six-week term ends (:mod:`.objection_term`), and,
when that day has passed, that the bezwaar can still be sent and, where the form has a field
marked ``"late_reason": true``, that they may say why it is late. Nothing is ever blocked.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from builder.spec import FormSpec, Step

from .objection_term import TERM, objection_term_end

__all__ = ["TermHint", "decision_date_field", "late_reason_step", "term_hint"]


@dataclass(frozen=True)
class TermHint:
    decision_date: datetime.date
    end: datetime.date
    late: bool
    moved: bool
    """The end moved past a weekend or feestdag (the six weeks alone end earlier)."""
    step_index: int
    """Index of the step that asks the date: the hint is shown after it."""


def decision_date_field(spec: FormSpec) -> tuple[Step, tuple[str, ...]] | None:
    """The step and path of the field marked as the date of the besluit, or None."""
    for step in spec.steps:
        for item in step.data_fields():
            if item.ui.get("decision_date"):
                return step, item.path
    return None


def late_reason_step(spec: FormSpec) -> str | None:
    """The key of the step with the field marked for the reason of a late bezwaar, or None."""
    for step in spec.steps:
        if any(item.ui.get("late_reason") for item in step.data_fields()):
            return step.key
    return None


def term_hint(spec: FormSpec, data: dict[str, dict], today: datetime.date | None = None) -> TermHint | None:
    """The hint for saved ``data``; None when the form asks no besluit date or it is not (validly) answered."""
    found = decision_date_field(spec)
    if found is None:
        return None
    step, path = found
    value = data.get(step.key)
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    try:
        decision = datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if decision is None:
        return None
    end = objection_term_end(decision)
    today = today or timezone.localdate()
    return TermHint(decision, end, late=today > end, moved=end != decision + TERM, step_index=step.index)
