"""Production: HTTPS only, strict cookies, HSTS; a real database, broker and shared cache.

SECRET_KEY, ALLOWED_HOSTS, LOKET_PUBLIC_URL, DATABASE_URL, CELERY_BROKER_URL and CACHE_URL are required.
"""

from .base import *  # noqa: F403
from .environment import as_bool, as_list, as_public_url, env
from .services import database_settings, server_url

DEBUG = False
# Demo logins let anyone log in as anyone: a system check refuses them here (machtigen.E001).
LOKET_PRODUCTION = True
LOKET_DEMO_LOGIN = env("LOKET_DEMO_LOGIN", default=False, cast=as_bool)
# Read again without defaults: base.py may have chosen development defaults when DEBUG was set.
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS", cast=as_list)
LOKET_RECEIPT_SIGNING_KEY = env("LOKET_RECEIPT_SIGNING_KEY", default=SECRET_KEY)
# No default: a receipt on paper must name the real website of its check page.
LOKET_PUBLIC_URL = env("LOKET_PUBLIC_URL", cast=as_public_url)

SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", default=True, cast=as_bool)
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365, cast=int)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True, cast=as_bool)
SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD", default=True, cast=as_bool)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind a TLS-terminating proxy, set USE_X_FORWARDED_PROTO=1.
if env("USE_X_FORWARDED_PROTO", default=False, cast=as_bool):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Services ------------------------------------------------------------------------------
# The embedded defaults of base.py (SQLite, the filesystem broker, a cache per process) lose
# data or sessions as soon as a second process runs, so production refuses to start without
# real ones instead of falling back silently. The message names the variable, never its value.
DATABASES = {
    "default": database_settings(
        server_url("DATABASE_URL", refused={"sqlite": "an embedded SQLite file"}),
        # Persistent connections: with 0, step saves under gunicorn on PostgreSQL took about
        # twice as long. Behind pgbouncer in transaction pooling mode, set 0 (docs/deploy.md).
        conn_max_age=env("DATABASE_CONN_MAX_AGE", default=60, cast=int),
    )
}
CELERY_BROKER_URL = server_url(
    "CELERY_BROKER_URL",
    refused={"filesystem": "the filesystem broker of one machine", "memory": "an in-process broker"},
)
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CACHES = {
    "default": {
        "BACKEND": "forms_platform.cache.ResilientRedisCache",
        "LOCATION": server_url("CACHE_URL", allowed={"redis", "rediss"}),
        # A Redis that does not answer costs a request at most this long (forms_platform/cache.py).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
}

# --- Static files ----------------------------------------------------------------------------
# Hashed names (collectstatic writes a manifest), so WhiteNoise serves them with a year's
# Cache-Control and immutable, compressed with gzip and Brotli ahead of time.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
