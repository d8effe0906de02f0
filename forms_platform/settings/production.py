"""Production: HTTPS only, strict cookies, HSTS. SECRET_KEY, ALLOWED_HOSTS and LOKET_PUBLIC_URL are required."""

from .base import *  # noqa: F403
from .environment import as_bool, as_list, as_public_url, env

DEBUG = False
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
