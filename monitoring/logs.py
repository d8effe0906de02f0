"""Structured logs: one JSON object per line, each with the request id of the work it belongs to.

The request id is set when a web request arrives (:mod:`monitoring.middleware`) and
travels with every Celery task published while it is handled
(:mod:`monitoring.tracing`), so one id ties a citizen's submit to the receipt PDF and
e-mail made for it. Log lines carry ids and references, never answers: what a
citizen typed stays in the database.
"""

import contextvars
import datetime
import logging
import re
import uuid

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

__all__ = ["JsonFormatter", "RequestIdFilter", "bind_request_id", "current_request_id", "new_request_id"]

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("loket_request_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return _request_id.get()


def bind_request_id(value: str | None) -> contextvars.Token:
    """Make ``value`` the request id of this thread or task; pass the token to :func:`unbind_request_id`."""
    return _request_id.set(value)


def unbind_request_id(token: contextvars.Token) -> None:
    _request_id.reset(token)


# A signed value in a path (Django's "value:timestamp:signature", as in a signed link to a
# receipt PDF) opens that receipt to whoever holds it: Django's own warnings ("Not Found:
# /ontvangstbevestiging/pdf/...") must not carry it into the logs.
_SIGNED_PATH_SEGMENT = re.compile(r"(?<=/)[\w-]+(?::[\w-]+)+(?=/|$|\s|')")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or task) and hides signed links."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get() or "-"
        message = record.getMessage()
        if _SIGNED_PATH_SEGMENT.search(message):
            record.msg, record.args = _SIGNED_PATH_SEGMENT.sub("[signed]", message), None
        return True


class JsonFormatter(_LibraryJsonFormatter):
    """``{"time", "level", "logger", "message", "request_id", ...extra fields}`` on one line."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "{asctime}{levelname}{name}{message}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("json_ensure_ascii", False)
        # Django adds the request object to its records; its repr names the full path.
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        super().__init__(*args, **kwargs)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """ISO 8601 in UTC, whatever the process's time zone: web and worker lines sort together."""
        return datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds")

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        log_data.setdefault("request_id", getattr(record, "request_id", None) or _request_id.get() or "-")
