"""Template helpers for file fields: their rules and the files a step lists."""

from django import template

from builder.kinds import Field

from ..uploads.models import Attachment
from ..uploads.rules import UploadRules, rules_of

register = template.Library()


@register.simple_tag
def upload_rules(field: Field) -> UploadRules:
    return rules_of(field.schema, field.ui)


@register.simple_tag
def attachments_of(bound, submission, step_key: str) -> list[Attachment]:
    """The files a bound file field lists (its values are their ids), in that order."""
    from ..uploads.service import kept

    if not bound.values or submission is None:
        return []
    return kept(submission, f"{step_key}.{bound.field.dotted}", bound.values)


@register.simple_tag
def upload_fields(spec) -> list[tuple[str, UploadRules]]:
    """Every file field of the form with its rules, for the start page (Wmebv A2: published = enforced)."""
    return [
        (item.label, rules_of(item.schema, item.ui))
        for step in spec.steps
        for top in step.fields
        for item in top.walk()
        if item.kind.takes_files
    ]
