"""Session rules of a login: every citizen request moves the idle clock; an expired login is gone."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from . import session


class LoginSessionMiddleware:
    """Reads the login once per request, so an idle or too-old login ends before any view sees it.

    Static files never reach here (WhiteNoise answers them first), so only pages the
    citizen asked for count as activity.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie there is no login; not touching the session keeps such
        # responses free of "Vary: Cookie".
        if settings.SESSION_COOKIE_NAME in request.COOKIES and session.SESSION_KEY in request.session:
            session.touch(request, min_interval=30)  # ends the login instead when it has expired
        return self.get_response(request)
