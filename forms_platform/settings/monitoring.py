"""Operations: logs, health and metrics (the ``monitoring`` app). Imported by ``base.py``."""

from .environment import as_list, env


def logging_config(debug: bool) -> dict:
    """Console logs as JSON lines (``LOG_FORMAT=json``, the default without DEBUG) or as text.

    Every record carries the request id of the request or task it belongs to.
    """
    log_format = env("LOG_FORMAT", default="text" if debug else "json")
    if log_format not in ("json", "text"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"Environment variable LOG_FORMAT={log_format!r} is invalid: use json or text.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "monitoring.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "monitoring.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": log_format, "filters": ["request_id"]},
        },
        "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
        "loggers": {
            # PDF rendering reports every layout step at INFO; only problems matter.
            "weasyprint.progress": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            # Loket logs each request itself (monitoring.middleware), with its request id.
            "django.server": {"level": "WARNING"},
        },
    }


# /metrics/ answers a bearer token, or connections from these addresses (IPs or networks).
LOKET_METRICS_TOKEN = env("LOKET_METRICS_TOKEN", default="")
LOKET_METRICS_ALLOWED_IPS = env("LOKET_METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"], cast=as_list)
