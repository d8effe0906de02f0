"""Loket's own error pages (``handler400`` ... ``handler500``) and the request size limit.

Django's default error views are wrapped in ``requires_csrf_token``, which parses the
request body again: a body Django could not parse the first time (a urlencoded body
declared as UTF-16, say) then fails inside the error view too, and the visitor gets a
plain-text 500. These views never touch the body, the session or the database: they
render the Dutch templates with the organisation's name and nothing from the request.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

__all__ = ["UploadSizeLimitMiddleware", "bad_request", "page_not_found", "permission_denied", "server_error"]


def _page(template_name: str, status: int) -> HttpResponse:
    content = loader.render_to_string(template_name, {"organisation_name": settings.LOKET_ORGANISATION_NAME})
    return HttpResponse(content, status=status)


def too_large() -> HttpResponse:
    return _page("413.html", 413)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return too_large()
    return _page("400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page("403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page("404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return _page("500.html", 500)
    except Exception:  # a broken template must not turn the error page itself into a crash
        logger.exception("the 500 page could not be rendered")
        return HttpResponse("Er ging iets mis. Probeer het later opnieuw.", status=500, content_type="text/plain")


class UploadSizeLimitMiddleware:
    """Refuse a request body over ``LOKET_REQUEST_MAX_SIZE`` bytes before anything reads it.

    Django limits form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but spools files of any
    size to disk first. The declared Content-Length is what Django will read at most,
    so checking it here means an oversized upload is never read, let alone stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body at all then
        if length > settings.LOKET_REQUEST_MAX_SIZE:
            return too_large()
        return self.get_response(request)
