"""Settings for ``make bench``: the test settings on a throwaway SQLite database.

``bench/run.py`` creates a temporary directory, names it in ``LOKET_BENCH_DIR``
(and ``LOKET_VAR_DIR``, so nothing lands in ``var/``) and migrates it before any
scenario runs. The URLconf adds the bench-only views to the real ones.
"""

from pathlib import Path

from forms_platform.settings.environment import env
from forms_platform.settings.test import *  # noqa: F403

BENCH_DIR = Path(env("LOKET_BENCH_DIR"))

# Deliberately not DATABASE_URL: a benchmark must never write to a real database.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(BENCH_DIR / "bench.sqlite3"),
        # As the embedded default, except that every commit is flushed to disk as PostgreSQL does in
        # production: a baseline write without that flush would be unrealistically cheap.
        "OPTIONS": {**SQLITE_OPTIONS, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL"},  # noqa: F405
    }
}
if env("LOKET_BENCH_DATABASE_URL", default=""):
    # A PostgreSQL database of its own, for scenarios about concurrency (SQLite has one writer at a time).
    # Its own variable, never DATABASE_URL: the benchmark writes freely to whatever it is given.
    DATABASES = {"default": dj_database_url.parse(env("LOKET_BENCH_DATABASE_URL"))}  # noqa: F405
ROOT_URLCONF = "bench.urls"
DEBUG = False  # no query log, no debug pages: measure what production runs
# django.test.Client sends Host: testserver. run.py does not call setup_test_environment()
# (it would instrument template rendering and skew the timings), so allow the host here.
ALLOWED_HOSTS = ["testserver"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
