from typing import Any

from django import template

from .. import context

register = template.Library()


@register.filter
def namens(auth: dict[str, Any] | None) -> str:
    """Whom the form is filled in for, masked: ``BSN ******607``; empty when acting for oneself."""
    return context.mask(context.acting_for(auth))


@register.filter
def ingelogd_als(auth: dict[str, Any] | None) -> str:
    return context.mask(context.submitted_by(auth))


@register.filter
def vertegenwoordiging(auth: dict[str, Any] | None) -> str:
    return context.representation_kind(auth) or ""
