"""Who is logged in, for this browser session: the one place citizen code asks.

The authentication context is the dict described by
``../shared/schemas/openforms-auth-context.schema.json`` (``source``,
``levelOfAssurance``, ``authorizee``, and for acting on someone's behalf
``representee`` and ``mandate``). Login plugins store it here after a
successful login; the citizen-view entry, Mijn Loket and completion read it.
"""

from typing import Any

from django.http import HttpRequest

__all__ = ["SESSION_KEY", "current_context", "forget", "remember"]

SESSION_KEY = "loket_auth_context"


def current_context(request: HttpRequest) -> dict[str, Any] | None:
    """The authentication context of the logged-in citizen, or ``None`` when nobody is logged in."""
    return request.session.get(SESSION_KEY)


def remember(request: HttpRequest, context: dict[str, Any]) -> None:
    """Log the citizen in: a fresh session key (no planted cookie carries over), then the context."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = context


def forget(request: HttpRequest) -> None:
    """Log the citizen out."""
    request.session.pop(SESSION_KEY, None)
