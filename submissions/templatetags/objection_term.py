from django import template

from builder.spec import Step

from ..answers import saved_data
from ..models import Submission
from ..objection_hint import decision_date_field, late_reason_step, term_hint

register = template.Library()


@register.inclusion_tag("submissions/objection_term/_hint.html")
def objection_term_hint(submission: Submission, step: Step | None = None) -> dict:
    """The bezwaartermijn hint on the steps after the besluit date and on the overview (``step`` None)."""
    spec = submission.form_version.spec
    found = decision_date_field(spec)
    # Forms without a besluit date cost nothing; and the hint never shows on or before the step that asks it.
    if found is None or (step is not None and step.index <= found[0].index):
        return {"hint": None}
    hint = term_hint(spec, saved_data(submission))
    return {"hint": hint, "reason_here": step is not None and late_reason_step(spec) == step.key}
