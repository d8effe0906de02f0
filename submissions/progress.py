"""The "Voortgang" list: every step that applies, then the overview, with where the citizen is.

Steps the citizen may go back to are links; later ones are plain text, because the form
state would send them to the first open step anyway.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from builder.state import FormState

from .entry import Visit

__all__ = ["ProgressItem", "progress"]

OVERVIEW = "__overview__"


@dataclass(frozen=True)
class ProgressItem:
    label: str
    status: str  # "done", "current" or "todo"
    url: str = ""

    @property
    def is_current(self) -> bool:
        return self.status == "current"


def progress(visit: Visit, state: FormState, current_key: str) -> list[ProgressItem]:
    """The steps of ``state`` and the overview; ``current_key`` is a step key or ``OVERVIEW``."""
    items = []
    for step in state.steps:
        status = "current" if step.key == current_key else ("done" if step.key in state.data else "todo")
        url = visit.step_url(step.key) if status != "current" and state.may_visit(step) else ""
        items.append(ProgressItem(step.label, status, url))
    complete = state.first_open_step() is None
    overview_status = "current" if current_key == OVERVIEW else "todo"
    overview_url = visit.url("overview") if complete and overview_status != "current" else ""
    items.append(ProgressItem(gettext("Controleren en versturen"), overview_status, overview_url))
    return items
