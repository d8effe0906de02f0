"""Settings shared by every environment; each knob comes from the environment.

The defaults give the embedded setup (SQLite file, filesystem broker) so a fresh
clone runs without servers. Production overrides live in ``production.py``.
"""

from pathlib import Path

import dj_database_url

from .environment import REQUIRED, as_bool, as_list, env

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
    "machtigen",
    "availability",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "forms_platform.error_pages.UploadSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "forms_platform.context_processors.organisation",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Citizen pages are Dutch; definitions may carry translations for when a language switch arrives.
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
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

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
EMAIL_TIMEOUT = env("EMAIL_TIMEOUT", default=30, cast=int)
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

# The organisation (bestuursorgaan) shown on pages and receipts.
LOKET_ORGANISATION_NAME = env("LOKET_ORGANISATION_NAME", default="Gemeente Voorbeeld")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # PDF rendering reports every layout step at INFO; only problems matter.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Receipts: private files (never served as media), the key that signs receipt digests.
LOKET_PRIVATE_MEDIA_ROOT = Path(env("LOKET_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
LOKET_RECEIPT_SIGNING_KEY = env("LOKET_RECEIPT_SIGNING_KEY", default=SECRET_KEY)
# How many reverse proxies in front of Loket append to X-Forwarded-For (0: use REMOTE_ADDR).
LOKET_TRUSTED_PROXIES = env("LOKET_TRUSTED_PROXIES", default=0, cast=int)
LOKET_RECEIPT_LINK_MAX_AGE = env("LOKET_RECEIPT_LINK_MAX_AGE", default=7 * 24 * 3600, cast=int)

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("CACHE_URL")}
        if env("CACHE_URL", default="").startswith("redis")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

CELERY_BEAT_SCHEDULE = {
    "sweep-jobs": {"task": "submissions.tasks.sweep_jobs", "schedule": 60.0},
}
LOKET_CONTACT = env(
    "LOKET_CONTACT",
    default="Bel 14 020 (maandag tot en met vrijdag, 8.30 tot 17.00 uur) of kom langs bij het stadhuis.",
)
