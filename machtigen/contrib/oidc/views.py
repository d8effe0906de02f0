"""The broker's way back in: one callback URL for every OIDC plugin (the redirect URI to register)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from machtigen.registry import login_plugins

from .flow import LoginRefused, begin_login, complete_login

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    try:
        return complete_login(request)
    except LoginRefused as refused:
        logger.warning("OIDC login refused: %s", refused.reason)
        return render(request, "machtigen/oidc/refused.html", {"return_to": refused.return_to or "/"}, status=403)


@never_cache
@require_GET
def start(request: HttpRequest, plugin_id: str) -> HttpResponse:
    """``/inloggen/oidc/<plugin>/?next=/path``: leave for the broker, come back to ``next``."""
    plugin = login_plugins.get(plugin_id)
    if plugin is None or not getattr(plugin, "oidc", False):
        return render(request, "404.html", status=404)
    try:
        return begin_login(request, plugin, return_to=request.GET.get("next", "/"))
    except ValueError:
        return render(request, "400.html", status=400)
    except LookupError:
        return render(request, "404.html", status=404)


__all__ = ["callback", "start"]
