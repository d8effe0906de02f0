"""One OIDC login from start to finish: the redirect to the broker and the callback.

What the callback refuses, each with the same answer to the citizen (the reason goes to the log,
without any claim values):

* a ``state`` this browser session did not start (forged, from another session, or replayed:
  the state is removed from the session before anything else happens, so it works once);
* a login attempt older than :data:`ATTEMPT_MAX_AGE`;
* a code the broker will not exchange (PKCE verifier, redirect URI, used before);
* an ID token with a bad signature, another nonce, another audience or issuer, or expired;
* claims that do not make a valid context (missing or invalid BSN, unknown level).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import requests
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

from machtigen.registry import login_plugins

from .backend import ClaimsBackend, authorization_redirect
from .claims import ClaimError
from .handoff import finish
from .models import OIDCClient

__all__ = ["ATTEMPT_MAX_AGE", "LoginRefused", "begin_login", "complete_login"]

logger = logging.getLogger(__name__)

ATTEMPT_MAX_AGE = 15 * 60
"""Seconds between leaving for the broker and coming back; DigiD's own session is shorter."""


@dataclass
class LoginRefused(Exception):
    """The callback cannot log anybody in; ``return_to`` is where the citizen came from, when known."""

    reason: str
    return_to: str = ""


def _safe_local(request: HttpRequest, url: str) -> str:
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    raise ValueError("return_to must be a local path")


def enabled_client(plugin_id: str) -> OIDCClient | None:
    return OIDCClient.objects.filter(plugin_id=plugin_id, enabled=True).first()


def begin_login(request: HttpRequest, plugin, *, return_to: str) -> HttpResponse:
    """Send the citizen to the broker; the state entry remembers the plugin and ``return_to``."""
    return_to = _safe_local(request, return_to)
    client = enabled_client(plugin.id)
    if client is None:
        raise LookupError(f"login plugin {plugin.id!r} has no enabled broker connection")
    response, state = authorization_redirect(request, client)
    entry = request.session["oidc_states"][state]
    entry["plugin"] = plugin.id
    entry["return_to"] = return_to
    request.session.modified = True
    return response


def _take_state(request: HttpRequest) -> dict[str, Any]:
    state = request.GET.get("state", "")
    states = request.session.get("oidc_states")
    if not state or not isinstance(states, dict) or state not in states:
        raise LoginRefused("the callback's state was not started by this session (forged, replayed or foreign)")
    entry = states.pop(state)
    # Saved now, before talking to the broker: the state is spent even if what follows fails.
    request.session.modified = True
    request.session.save()
    if time.time() - entry.get("added_on", 0) > ATTEMPT_MAX_AGE:
        raise LoginRefused("the login attempt is too old", entry.get("return_to", ""))
    return entry


def complete_login(request: HttpRequest) -> HttpResponse:
    """Handle the broker's callback; raises :class:`LoginRefused` for anything short of a valid login."""
    entry = _take_state(request)
    return_to = entry.get("return_to", "")
    if request.GET.get("error"):
        raise LoginRefused(f"the broker answered with error {request.GET['error'][:50]!r}", return_to)
    plugin = login_plugins.get(entry.get("plugin", ""))
    client = enabled_client(plugin.id) if plugin is not None else None
    if client is None:
        raise LoginRefused("the plugin of this login attempt is no longer enabled", return_to)
    try:
        claims = ClaimsBackend(client).authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except SuspiciousOperation as exc:
        raise LoginRefused(str(exc), return_to) from exc
    except requests.RequestException as exc:
        # The message of a token error holds the broker's answer, never the citizen's claims.
        raise LoginRefused(f"the broker did not exchange the code: {type(exc).__name__}", return_to) from exc
    if not claims:
        raise LoginRefused("the broker returned no claims", return_to)
    try:
        context = plugin.build_context(claims, client)
    except ClaimError as exc:
        raise LoginRefused(str(exc), return_to) from exc
    return finish(request, plugin, context)
