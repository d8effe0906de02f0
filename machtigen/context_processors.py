"""What every page needs to know of the login: whether to show the logout button and the timeout notice."""

import datetime

from django.http import HttpRequest
from django.utils import timezone

from . import context, session

WARN_BEFORE_SECONDS = 2 * 60


def login(request: HttpRequest) -> dict:
    if not hasattr(request, "session") or session.SESSION_KEY not in request.session:
        return {"login": None}
    current = session.current_context(request)
    end = session.expires_at(request)
    if current is None or end is None:
        return {"login": None}
    moment = timezone.localtime(datetime.datetime.fromtimestamp(end, tz=datetime.UTC))
    return {
        "login": {
            "who": context.mask(context.submitted_by(current)),
            "expires_iso": moment.isoformat(timespec="seconds"),
            "expires_clock": moment.strftime("%H:%M"),
            "seconds_left": session.seconds_left(request),
            "warn_before": WARN_BEFORE_SECONDS,
        }
    }
