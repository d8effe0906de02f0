"""Settings shared by every environment; each knob comes from the environment.

The defaults give the embedded setup (SQLite file, filesystem broker) so a fresh
clone runs without servers. Production overrides live in ``production.py``.
"""

import datetime
from pathlib import Path

import dj_database_url

from .environment import REQUIRED, as_bool, as_keyring, as_list, as_public_url, env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("LOKET_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env("DEBUG", default=False, cast=as_bool)
SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-never-use-in-production" if DEBUG else REQUIRED)
ALLOWED_HOSTS = env("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [], cast=as_list)
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS", default=[], cast=as_list)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "forms_platform.apps.PlatformConfig",
    "builder",
    "submissions",
    "registrations",
    "registrations.contrib.zgw",
    "registrations.contrib.email",
    "registrations.contrib.objects",
    "machtigen",
    "machtigen.contrib.oidc",
    "availability",
    "theme",
    "notifications",
    "mijn",
    # zgw-consumers (ZGW service records, JWT auth) and what its models need
    "solo",
    "privates",
    "simple_certmanager",
    "zgw_consumers",
    # Admin protection: a second factor (TOTP, backup codes) and brute-force lockout.
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "maykin_2fa",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "forms_platform.error_pages.UploadSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The citizen's language: the language switch's cookie, else the browser's preference, else Dutch.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Security: see the block at the end of this file.
    "maykin_2fa.middleware.OTPMiddleware",
    "csp.middleware.CSPMiddleware",
    "forms_platform.security.SecurityHeadersMiddleware",
    "forms_platform.security.IdleSessionMiddleware",
    "machtigen.middleware.LoginSessionMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "forms_platform.urls"
WSGI_APPLICATION = "forms_platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "theme.context_processors.theme",
                "machtigen.context_processors.login",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'loket.sqlite3'}"),
        conn_max_age=env("DATABASE_CONN_MAX_AGE", default=0, cast=int),
    )
}
# The embedded database serves several citizens and the worker at once. A deferred transaction that
# reads and then writes is refused at once ("database is locked") when another connection writes,
# whatever the busy timeout; IMMEDIATE takes the write lock at BEGIN, where the timeout applies.
# WAL lets pages be read while someone writes. synchronous=NORMAL syncs at checkpoints, not at every
# commit: with FULL the write lock is held during each fsync, and 20 concurrent citizens waited up to
# 28 s (some past the timeout) instead of 6 s. The price: an operating-system crash or power cut may
# lose the last commits (never the file's integrity). That suits the embedded default (development,
# the demo, a small trial); production runs PostgreSQL.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env("DATABASE_SQLITE_TIMEOUT", default=20, cast=int),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# The largest request body Loket reads at all, files included (413 above it); form fields alone are
# also held to Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
LOKET_REQUEST_MAX_SIZE = env("LOKET_REQUEST_MAX_SIZE", default=10 * 1024 * 1024, cast=int)
# Attachments (submissions/uploads): no single file is kept beyond this many bytes, whatever a form
# allows; bytes past it are counted and hashed as they stream in, never stored.
LOKET_UPLOAD_MAX_FILE_SIZE = env("LOKET_UPLOAD_MAX_FILE_SIZE", default=LOKET_REQUEST_MAX_SIZE, cast=int)
FILE_UPLOAD_HANDLERS = ["submissions.uploads.handler.HashingUploadHandler"]
# ClamAV: unix:///run/clamav/clamd.ctl or tcp://clamav:3310; empty: uploads are not scanned.
LOKET_CLAMD = env("LOKET_CLAMD", default="")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Citizen pages speak Dutch first, English on request (the language switch); their messages are
# Dutch msgids with an English catalogue, admin and code messages English msgids with a Dutch one.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
# build/static: the NL Design System CSS from npm, put there by `make design` (never committed).
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "build" / "static"]
LOKET_PRIVATE_MEDIA_ROOT = Path(env("LOKET_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    # Certificates of ZGW services (django-simple-certmanager), never under a public URL.
    "privates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(LOKET_PRIVATE_MEDIA_ROOT / "certificates"), "base_url": "/private-media/"},
    },
}
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = STORAGES["privates"]["OPTIONS"]["location"]
SENDFILE_URL = STORAGES["privates"]["OPTIONS"]["base_url"]

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# E-mail
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env("EMAIL_PORT", default=25, cast=int)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", default=False, cast=as_bool)
EMAIL_USE_SSL = env("EMAIL_USE_SSL", default=False, cast=as_bool)
# Seconds per SMTP operation (connect, each reply): a server that hangs fails the attempt soon.
EMAIL_TIMEOUT = env("EMAIL_TIMEOUT", default=10, cast=int)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Gemeente Voorbeeld <noreply@loket.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: the filesystem transport needs no server; production points this at Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env("CELERY_TASK_ALWAYS_EAGER", default=False, cast=as_bool)
CELERY_TIMEZONE = TIME_ZONE
# Receipt e-mail has a queue of its own (submissions.jobs.MAIL_QUEUE), so a hanging SMTP server
# never holds up receipt PDFs or registrations. A worker without -Q consumes both.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = {"celery": {}, "mail": {}}

# The organisation (bestuursorgaan) shown on pages and receipts.
LOKET_ORGANISATION_NAME = env("LOKET_ORGANISATION_NAME", default="Gemeente Voorbeeld")

# Receipts: private files (never served as media), the key that signs receipt digests.
LOKET_RECEIPT_SIGNING_KEY = env("LOKET_RECEIPT_SIGNING_KEY", default=SECRET_KEY)
# Several keys, "id:key,id:key": the first signs, all verify (rotation). Overrides the single key above.
LOKET_RECEIPT_SIGNING_KEYS = env("LOKET_RECEIPT_SIGNING_KEYS", default=[], cast=as_keyring)
# Where citizens reach Loket; receipts (PDF, e-mail) name the check page with it. Required in production.
LOKET_PUBLIC_URL = env("LOKET_PUBLIC_URL", default="http://127.0.0.1:8000", cast=as_public_url)
# How many reverse proxies in front of Loket append to X-Forwarded-For (0: use REMOTE_ADDR).
LOKET_TRUSTED_PROXIES = env("LOKET_TRUSTED_PROXIES", default=0, cast=int)
LOKET_RECEIPT_LINK_MAX_AGE = env("LOKET_RECEIPT_LINK_MAX_AGE", default=7 * 24 * 3600, cast=int)
# Status notifications (docs/notifications.md): the slug of the Notificaties API service (empty: off),
# and the Authorization header value that service must send to our webhook (given in the abonnement).
LOKET_NOTIFICATIONS_SERVICE = env("LOKET_NOTIFICATIONS_SERVICE", default="")
LOKET_NOTIFICATIONS_AUTH = env("LOKET_NOTIFICATIONS_AUTH", default="")
# Mijn Loket: the Zaken and Catalogi API services asked for zaken by the citizen's BSN (empty: only
# the zaken of Loket's own submissions, through their registration).
LOKET_MIJN_ZAKEN_SERVICE = env("LOKET_MIJN_ZAKEN_SERVICE", default="")
LOKET_MIJN_CATALOGI_SERVICE = env("LOKET_MIJN_CATALOGI_SERVICE", default="")
# Seconds Mijn Loket waits for a ZGW API before it shows "status nu niet beschikbaar".
LOKET_MIJN_TIMEOUT = env("LOKET_MIJN_TIMEOUT", default=3, cast=int)
# "Later verder": how many days a resume link or code works (single use).
LOKET_RESUME_DAYS = env("LOKET_RESUME_DAYS", default=7, cast=int)

CACHES = {
    "default": (
        {"BACKEND": "forms_platform.cache.ResilientRedisCache", "LOCATION": env("CACHE_URL")}
        if env("CACHE_URL", default="").startswith("redis")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

CELERY_BEAT_SCHEDULE = {
    # With the 45-second lease, the job of a worker that died is picked up within about a minute.
    "sweep-jobs": {"task": "submissions.tasks.sweep_jobs", "schedule": 30.0},
}
# The theme in the admin (theme app) may replace this text in the footer.
LOKET_CONTACT = env(
    "LOKET_CONTACT",
    default="Bel 14 020 (maandag tot en met vrijdag, 8.30 tot 17.00 uur) of kom langs bij het stadhuis.",
)

# --- Operations: health, metrics, structured logs (settings/monitoring.py) ---------------------
from .monitoring import (  # noqa: E402, F401
    LOKET_METRICS_ALLOWED_IPS,
    LOKET_METRICS_TOKEN,
    LOKET_PRIVATE_S3,
    LOKET_PRIVATE_STORAGE,
    logging_config,
)

INSTALLED_APPS += ["django_prometheus", "monitoring"]
# First: health and metrics are answered before host checks and redirects, every other request
# gets its request id before anything can log. django-prometheus's pair wraps the rest.
MIDDLEWARE = [
    "monitoring.middleware.OperationsMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *MIDDLEWARE,
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
LOGGING = logging_config(DEBUG)
# Celery workers log through LOGGING too (JSON, with the request id), not through Celery's own handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Security: sessions, headers, admin login (docs/security.md) ----------------------------------
# Sessions end with the browser and after SESSION_COOKIE_AGE seconds without a request (the idle
# timeout; IdleSessionMiddleware renews the expiry at most every few minutes, so a citizen who keeps
# working stays in). Two hours: long enough to write a bezwaarschrift without a timeout warning,
# short enough that the next person at a shared computer finds no answers.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env("SESSION_COOKIE_AGE", default=2 * 60 * 60, cast=int)
# A login (DigiD, eHerkenning) ends sooner: after 15 minutes without a request, and at the latest
# LOKET_LOGIN_MAX_SECONDS after it began (docs/authentication.md). Saved answers stay.
LOKET_LOGIN_IDLE_SECONDS = env("LOKET_LOGIN_IDLE_SECONDS", default=15 * 60, cast=int)
LOKET_LOGIN_MAX_SECONDS = env("LOKET_LOGIN_MAX_SECONDS", default=2 * 60 * 60, cast=int)
# The demo login plugins (type any test BSN) for the embedded default; refused in production.
LOKET_DEMO_LOGIN = env("LOKET_DEMO_LOGIN", default=DEBUG, cast=as_bool)
# The key of the hash that replaces BSNs once they are no longer needed (default: derived from SECRET_KEY).
LOKET_PSEUDONYM_KEY = env("LOKET_PSEUDONYM_KEY", default="")

# Content-Security-Policy: no inline script or style anywhere, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Browser features no page of Loket uses; "()" switches each off for the page and any frame.
LOKET_PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
]

# The admin: username and password, then a second factor (TOTP app or backup code), set up on
# first login. No authentication backend skips the second factor.
LOGIN_URL = "maykin_2fa:login"
LOGIN_REDIRECT_URL = "admin:index"
LOGOUT_REDIRECT_URL = "maykin_2fa:login"
TWO_FACTOR_PATCH_ADMIN = False
MAYKIN_2FA_ALLOW_MFA_BYPASS_BACKENDS: list[str] = []
OTP_TOTP_ISSUER = f"Loket {LOKET_ORGANISATION_NAME}"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute force: five wrong passwords for one username from one address lock that pair for 15
# minutes. Locking the username alone would let anyone lock staff out.
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT", default=5, cast=int)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env("AXES_COOLOFF_MINUTES", default=15, cast=int))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_IPWARE_PROXY_COUNT = LOKET_TRUSTED_PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if LOKET_TRUSTED_PROXIES else ["REMOTE_ADDR"]
)

# Retention (submissions/retention.py): every hour, so a missed run costs an hour, not a day.
CELERY_BEAT_SCHEDULE["retention"] = {"task": "submissions.tasks.apply_retention", "schedule": 3600.0}
