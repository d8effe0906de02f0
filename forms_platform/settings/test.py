"""Settings for the test suite; the database still comes from DATABASE_URL."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's default in-memory test database: that one is a single connection shared by
    # every thread, so the live server would never show what concurrent citizens do to SQLite. One
    # file per run, so runs side by side do not clobber each other's database.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"loket-test-{os.getpid()}.sqlite3")}  # noqa: F405

# The demo login plugins stand in for DigiD and eHerkenning in the citizen-flow tests.
LOKET_DEMO_LOGIN = True
