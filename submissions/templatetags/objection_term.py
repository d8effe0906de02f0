from django import template

from builder.spec import Step
from builder.state import FormState

from ..objection_hint import decision_date_field, late_reason_step, term_hint

register = template.Library()


@register.inclusion_tag("submissions/objection_term/_hint.html")
def objection_term_hint(state: FormState, step: Step | None = None) -> dict:
    """The bezwaartermijn hint on the steps after the besluit date and on the overview (``step`` None).

    Reads the answers the page's form state already holds: no query of its own.
    """
    found = decision_date_field(state.spec)
    # The hint never shows on or before the step that asks the date.
    if found is None or (step is not None and step.index <= found[0].index):
        return {"hint": None}
    return {
        "hint": term_hint(state.spec, state.data),
        "reason_here": step is not None and late_reason_step(state.spec) == step.key,
    }
