"""Who is logged in, for this browser session: the one place citizen code asks.

The authentication context is the dict described by
``machtigen/schemas/authentication-context.schema.json`` (``source``,
``levelOfAssurance``, ``authorizee``, and for acting on someone's behalf
``representee`` and ``mandate``). Login plugins store it here after a
successful login; the citizen-view entry, Mijn Loket and completion read it.

Session rules (docs/authentication.md): a login ends after
``LOKET_LOGIN_IDLE_SECONDS`` without a request (15 minutes) and in any case
``LOKET_LOGIN_MAX_SECONDS`` after it began. :func:`current_context` answers
``None`` for an expired login, so every reader sees the same rule;
:func:`touch` (the middleware, on each citizen request) moves the idle clock.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

__all__ = [
    "SESSION_KEY",
    "current_context",
    "current_plugin",
    "expires_at",
    "forget",
    "remember",
    "seconds_left",
    "touch",
    "was_expired",
]

SESSION_KEY = "loket_auth_context"
META_KEY = "loket_auth_meta"
"""``{"plugin": id, "since": epoch, "seen": epoch}`` beside the context."""
EXPIRED_KEY = "loket_auth_expired"


def _now() -> int:
    return int(timezone.now().timestamp())


def idle_seconds() -> int:
    return getattr(settings, "LOKET_LOGIN_IDLE_SECONDS", 15 * 60)


def max_seconds() -> int:
    return getattr(settings, "LOKET_LOGIN_MAX_SECONDS", 2 * 60 * 60)


def _expired(meta: dict[str, int], now: int) -> bool:
    return now - meta.get("seen", 0) > idle_seconds() or now - meta.get("since", 0) > max_seconds()


def current_context(request: HttpRequest) -> dict[str, Any] | None:
    """The authentication context of the logged-in citizen, or ``None`` when nobody is logged in."""
    context = request.session.get(SESSION_KEY)
    if context is None:
        return None
    meta = request.session.get(META_KEY)
    if meta is not None and _expired(meta, _now()):
        forget(request)
        request.session[EXPIRED_KEY] = True
        return None
    return context


def current_plugin(request: HttpRequest) -> str | None:
    """The id of the plugin the current login came through."""
    if current_context(request) is None:
        return None
    return (request.session.get(META_KEY) or {}).get("plugin")


def remember(request: HttpRequest, context: dict[str, Any], plugin_id: str = "") -> None:
    """Log the citizen in: a fresh session key (no planted cookie carries over), then the context."""
    request.session.cycle_key()
    now = _now()
    request.session[SESSION_KEY] = context
    request.session[META_KEY] = {"plugin": plugin_id, "since": now, "seen": now}
    request.session.pop(EXPIRED_KEY, None)


def touch(request: HttpRequest, min_interval: int = 0) -> None:
    """The citizen did something: the idle clock starts again (the absolute limit stays).

    ``min_interval``: leave the clock alone when it moved less than this many seconds
    ago, so a busy citizen does not cost a session write per request.
    """
    if current_context(request) is None:
        return
    now = _now()
    meta = dict(request.session[META_KEY]) if META_KEY in request.session else {"since": now, "seen": 0}
    if now - meta.get("seen", 0) < min_interval:
        return
    meta["seen"] = now
    request.session[META_KEY] = meta


def expires_at(request: HttpRequest) -> int | None:
    """When the current login ends if the citizen does nothing (epoch seconds); None when not logged in."""
    if current_context(request) is None:
        return None
    meta = request.session.get(META_KEY) or {}
    now = _now()
    return min(meta.get("seen", now) + idle_seconds(), meta.get("since", now) + max_seconds())


def seconds_left(request: HttpRequest) -> int | None:
    end = expires_at(request)
    return None if end is None else max(0, end - _now())


def was_expired(request: HttpRequest) -> bool:
    """Whether a login of this session ran out (read once: the flag is cleared)."""
    current_context(request)
    return bool(request.session.pop(EXPIRED_KEY, False))


def forget(request: HttpRequest) -> None:
    """Log the citizen out."""
    request.session.pop(SESSION_KEY, None)
    request.session.pop(META_KEY, None)
