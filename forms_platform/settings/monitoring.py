"""Operations: logs, health and metrics (the ``monitoring`` app), where private files live. Imported by ``base.py``."""

from django.core.exceptions import ImproperlyConfigured

from .environment import REQUIRED, as_list, env


def logging_config(debug: bool) -> dict:
    """Console logs as JSON lines (``LOG_FORMAT=json``, the default without DEBUG) or as text.

    Every record carries the request id of the request or task it belongs to.
    """
    log_format = env("LOG_FORMAT", default="text" if debug else "json")
    if log_format not in ("json", "text"):
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

# Private files (receipt PDFs): a folder (LOKET_PRIVATE_MEDIA_ROOT) or a private S3-compatible bucket.
LOKET_PRIVATE_STORAGE = env("LOKET_PRIVATE_STORAGE", default="filesystem")
if LOKET_PRIVATE_STORAGE not in ("filesystem", "s3"):
    raise ImproperlyConfigured(
        f"Environment variable LOKET_PRIVATE_STORAGE={LOKET_PRIVATE_STORAGE!r} is invalid: use filesystem or s3."
    )
# django-storages options; credentials come from the standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
# (or the machine's role), never from here.
LOKET_PRIVATE_S3 = {
    "bucket_name": env("LOKET_S3_BUCKET", default="" if LOKET_PRIVATE_STORAGE != "s3" else REQUIRED),
    "endpoint_url": env("LOKET_S3_ENDPOINT_URL", default=None),
    "region_name": env("LOKET_S3_REGION", default=None),
    "location": env("LOKET_S3_PREFIX", default="private"),
    "default_acl": "private",
    "file_overwrite": False,  # a second render never replaces a stored receipt
    "querystring_auth": True,  # no object is readable without a signature
    "signature_version": "s3v4",
    "object_parameters": {"ServerSideEncryption": env("LOKET_S3_ENCRYPTION", default="AES256")},
}
