"""A Redis that is away for a moment (a restart) must not cost a citizen an error page or their draft."""

import socket

import pytest
from django.core.cache import caches
from django.test import Client

from submissions.models import Submission
from tests.flow import BEZWAAR_ANSWERS, confirmation_url, fill, start, submit

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A port nothing listens on: what a restarting Redis looks like to its clients."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_gone(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        "default": {
            "BACKEND": "forms_platform.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield caches["default"]
    caches["default"].close()


def test_reads_are_misses_and_writes_are_dropped(redis_gone):
    assert redis_gone.get("key", "default") == "default"
    assert redis_gone.get_many(["a", "b"]) == {}
    assert redis_gone.add("key", 1) is False
    assert redis_gone.set("key", 1) is None
    assert redis_gone.delete("key") is False
    with pytest.raises(ValueError):
        redis_gone.incr("key")


def test_a_citizen_completes_a_form_while_the_cache_is_down(redis_gone, bezwaar, caplog):
    client = Client()
    submission = start(client, bezwaar.slug)
    fill(client, submission, BEZWAAR_ANSWERS)  # sessions come from the database; the rate limit fails open
    response = submit(client, submission)

    assert response.status_code == 302
    assert response.url == confirmation_url(submission)
    assert client.get(response.url).status_code == 200
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.RECEIVED
    warnings = [record for record in caplog.records if record.name == "forms_platform.cache"]
    assert len(warnings) <= 1  # said once a minute, not on every request
