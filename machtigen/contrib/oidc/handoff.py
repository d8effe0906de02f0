"""Handing a checked authentication context over to machtigen, which logs the citizen in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from machtigen import service

__all__ = ["finish"]


def finish(request: HttpRequest, plugin, context: dict[str, Any]) -> HttpResponse:
    # finish_login checks the form's minimum level and the context's shape, then logs in with a
    # fresh session key (a session id planted before the login is worthless after it).
    return service.finish_login(request, plugin, context)
