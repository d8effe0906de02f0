"""The broker's way back in: one callback URL for every OIDC plugin (the redirect URI to register)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .service import LoginRefused, complete_login

logger = logging.getLogger(__name__)


@never_cache
@require_http_methods(["GET", "HEAD"])
def callback(request: HttpRequest) -> HttpResponse:
    try:
        if request.method == "HEAD":
            # A link checker or prefetch must not spend the citizen's login attempt.
            raise LoginRefused("a HEAD request does not complete a login")
        return complete_login(request)
    except LoginRefused as refused:
        logger.warning("OIDC login refused: %s", refused.reason)
        return render(request, "machtigen/oidc/refused.html", {"return_to": refused.return_to or "/"}, status=403)


__all__ = ["callback"]
