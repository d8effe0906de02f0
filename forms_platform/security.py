"""Response headers and session rules that protect what citizens and staff see (docs/security.md)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

# The session expiry is renewed at most this often, so an active citizen is not written to the
# session store on every step save (the hot path) yet never runs into the idle timeout.
RENEW_AFTER_SECONDS = 5 * 60
SEEN_KEY = "loket_seen"


class SecurityHeadersMiddleware:
    """``Cache-Control: no-store`` on every page Django renders, and a ``Permissions-Policy``.

    Steps, the overview, the confirmation, receipt PDFs and the admin all show personal data; a
    shared computer's browser cache or back button must not show them to the next person. Views
    that choose their own ``Cache-Control`` keep it. Static files never reach this middleware
    (WhiteNoise answers them first, with long cache headers).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.permissions_policy = ", ".join(f"{feature}=()" for feature in settings.LOKET_PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class IdleSessionMiddleware:
    """Turn ``SESSION_COOKIE_AGE`` into an idle timeout instead of a lifetime from the last change.

    Django renews a session's expiry only when the session changes. A citizen's session changes
    when a submission starts, not on each step, so without this a long form would lose its owner
    ``SESSION_COOKIE_AGE`` after it started. Marking the session as seen every few minutes renews
    it without a write per request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions the view used; a session about to be saved anyway gets the mark for free.
        if session is None or not session.accessed or session.is_empty():
            return response
        now = int(timezone.now().timestamp())
        if session.modified or now - session.get(SEEN_KEY, 0) >= RENEW_AFTER_SECONDS:
            session[SEEN_KEY] = now
        return response
