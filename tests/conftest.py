import os
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from builder.models import Form
from forms_platform.celery import app
from submissions import jobs
from submissions.models import Attachment, ReceiptFile
from submissions.storage import private_storage

from . import definitions
from .factories import FormFactory
from .staff import staff_client

DEMO_FORMS = Path(settings.BASE_DIR) / "demo" / "forms"


def pytest_configure(config):
    # WhiteNoise warns on every request when STATIC_ROOT (var/static) has not been collected yet;
    # tests serve no static files, so the warning is noise here.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning:django.core.handlers.base")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Nothing cached survives a test: cached outages or sessions would outlive the rolled-back database."""
    cache.clear()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path, monkeypatch) -> Path:
    """Private files, media and static files of each test live in its own temporary folders.

    The storage of ``ReceiptFile.pdf`` was built when the model was imported, so it is
    rebuilt here with the real ``private_storage()`` once the setting points elsewhere.
    """
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STATIC_ROOT = tmp_path / "static"
    settings.LOKET_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    monkeypatch.setattr(ReceiptFile._meta.get_field("pdf"), "storage", private_storage())
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", private_storage())
    return tmp_path / "private"


@pytest.fixture
def clock():
    """Time stands still until the test moves it (``clock.shift(seconds)``)."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def import_demo(db):
    """Import and publish a demo form the way ``make demo`` does."""

    def load(slug: str) -> Form:
        call_command("import_form", DEMO_FORMS / f"{slug}.json", publish=True, stdout=StringIO())
        return Form.objects.select_related("live_version").get(slug=slug)

    return load


@pytest.fixture
def bezwaar(import_demo) -> Form:
    return import_demo("bezwaar")


@pytest.fixture
def vraag(import_demo) -> Form:
    return import_demo("vraag-of-bericht")


@pytest.fixture
def citizen(db) -> Client:
    """An anonymous citizen in their own browser session."""
    return Client()


@pytest.fixture
def other_citizen(db) -> Client:
    """Someone else, in another browser."""
    return Client()


@pytest.fixture
def editor(db):
    """The demo editor: staff, with the permissions ``load_demo`` grants (not a superuser)."""
    call_command("load_demo", stdout=StringIO())
    return get_user_model().objects.get(username="redacteur")


@pytest.fixture
def editor_client(editor) -> Client:
    return staff_client(editor)


@pytest.fixture
def all_kinds_form(db) -> Form:
    """A published form with one step holding a field of every kind (see ``definitions.all_kinds``)."""
    return FormFactory(definition=definitions.all_kinds(), published=True)


# --- Celery: one broker per session, workers in threads of this process ---------------------------


@pytest.fixture(scope="session")
def broker(tmp_path_factory) -> tuple[str, dict]:
    """One broker for the whole session: Celery keeps its connection pool, so its address must not move."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if url.startswith(("redis", "amqp")):
        return url, {}
    # The layout the settings give LOKET_VAR_DIR, so a worker process can share it.
    folder = tmp_path_factory.mktemp("var")
    for name in ("broker", "broker-processed", "broker-control"):
        (folder / name).mkdir()
    return "filesystem://", {
        "data_folder_in": str(folder / "broker"),
        "data_folder_out": str(folder / "broker"),
        "processed_folder": str(folder / "broker-processed"),
        "control_folder": str(folder / "broker-control"),
    }


@contextmanager
def against_broker(broker):
    url, options = broker
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "broker_transport_options")}
    app.conf.update(task_always_eager=False, broker_url=url, broker_transport_options=options)
    try:
        yield
    finally:
        app.conf.update(previous)


def _worker(name: str, queues: list[str]):
    """A solo worker in a thread of this process: it shares the test database and the locmem mailbox.

    The queues are always named: a worker's selection stays on the app for the next worker.
    """
    return start_worker(
        app,
        pool="solo",
        hostname=f"{name}@loket-test",
        queues=queues,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=30,
    )


@pytest.fixture
def worker(broker):
    """One worker for every queue."""
    with against_broker(broker), _worker("all", [jobs.DEFAULT_QUEUE, jobs.MAIL_QUEUE]):
        yield app


@pytest.fixture
def workers_per_queue(broker):
    """One worker for receipt PDFs and other jobs, one for mail, as ``bin/demo`` and the README run them."""
    with against_broker(broker), _worker("jobs", [jobs.DEFAULT_QUEUE]), _worker("mail", [jobs.MAIL_QUEUE]):
        yield app
