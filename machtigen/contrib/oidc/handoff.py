"""Handing a checked authentication context over to machtigen, which logs the citizen in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from machtigen import session

__all__ = ["finish"]


def finish(request: HttpRequest, plugin, context: dict[str, Any], *, return_to: str) -> HttpResponse:
    # remember() gives the session a fresh key: a session id planted before the login is worthless after it.
    session.remember(request, context)
    return HttpResponseRedirect(return_to)
