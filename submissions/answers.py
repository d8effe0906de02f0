"""A submission's answers and form state: the one source of steps and rows.

The step pages, the overview, completion and the receipt (page, PDF, e-mail)
all get the submission's :class:`~builder.state.FormState` and its answer rows
from here, so they can never disagree on which steps apply or how an answer
reads.
"""

from typing import Any

from builder.kinds import EMPTY, OverviewRow
from builder.spec import Step
from builder.state import FormState

from .models import Submission

__all__ = ["OverviewRow", "form_state", "rows", "saved_data"]


def saved_data(submission: Submission) -> dict[str, dict]:
    """The saved data of every step, keyed by step key (one query)."""
    return dict(submission.steps.values_list("step_key", "data"))


def form_state(submission: Submission, data: dict[str, dict] | None = None, auth: Any = None) -> FormState:
    """The form state of ``submission``; ``data`` when the caller has loaded it already."""
    return FormState(submission.form_version.spec, saved_data(submission) if data is None else data, auth)


def rows(state: FormState, step: Step) -> list[OverviewRow]:
    """Every answer of a step as label and display text, fieldsets as headed groups."""
    values = state.step_data(step)
    result: list[OverviewRow] = []

    def shown(item) -> bool:
        return state.shows(step, item)

    for item in state.fields(step):
        result += item.kind.rows(item, values.get(item.name, EMPTY), 0, shown)
    return result
