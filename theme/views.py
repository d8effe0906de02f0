"""The theme's stylesheet, logo and the favicon: small, public, cached by the browser."""

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_http_methods

from .service import current_theme, theme_css

# The URLs carry the theme's version, so a changed theme is fetched anew at once.
YEAR = 365 * 24 * 3600


@require_http_methods(["GET", "HEAD"])
def stylesheet(request: HttpRequest, version: str) -> HttpResponse:
    response = HttpResponse(theme_css(current_theme()), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


@require_http_methods(["GET", "HEAD"])
def logo(request: HttpRequest, version: str) -> HttpResponse:
    name = current_theme().logo
    if not name or not default_storage.exists(name):
        raise Http404("no logo")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    # An SVG opened on its own is a document: it may run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@require_http_methods(["GET", "HEAD"])
def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico whatever the page says; send them to the real file.
    return redirect(static("loket/favicon.svg"), permanent=True)
