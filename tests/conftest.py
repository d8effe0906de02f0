from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from builder.models import Form
from submissions.models import ReceiptFile
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
