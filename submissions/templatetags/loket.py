from django import template

from builder.spec import FormSpec
from builder.text import localize
from submissions.receipt_time import format_moment

register = template.Library()


@register.filter
def setting(spec: FormSpec, name: str) -> str:
    return spec.setting(name)


@register.filter
def localized(text) -> str:
    return localize(text)


@register.filter
def moment(value) -> str:
    return format_moment(value) if value else ""
