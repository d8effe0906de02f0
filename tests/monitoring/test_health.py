"""Liveness and readiness: answered for any host over plain HTTP, never logged, no personal data."""

import logging

import pytest

from forms_platform.celery import app

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readiness_checks_database_cache_broker_and_private_storage(client, private_media):
    response = client.get("/health/ready/")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok", "private_storage": "ok"},
    }
    # The storage probe cleans up after itself.
    assert not any(path.is_file() for path in private_media.rglob("*"))


@pytest.fixture
def unreachable_broker():
    previous = app.conf.broker_url, app.conf.broker_transport_options
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    app.conf.update(broker_url="redis://127.0.0.1:9/0", broker_transport_options={})
    yield
    app.conf.update(broker_url=previous[0], broker_transport_options=previous[1])


def test_readiness_fails_when_the_broker_is_unreachable(client, unreachable_broker):
    response = client.get("/health/ready/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"].startswith("Unavailable: broker unreachable (")
    assert "127.0.0.1:9" not in response.content.decode()  # no addresses, let alone passwords
    assert body["checks"]["database"] == "ok"


def test_readiness_fails_when_private_files_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.LOKET_PRIVATE_MEDIA_ROOT = blocker

    response = client.get("/health/ready/")

    assert response.status_code == 503
    assert response.json()["checks"]["private_storage"] != "ok"


def test_probes_work_for_any_host_and_over_plain_http(client, settings):
    """A load balancer probes the instance's address over HTTP: no host check, no HTTPS redirect."""
    settings.ALLOWED_HOSTS = ["formulieren.voorbeeld.nl"]
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/health/live/", HTTP_HOST="10.0.3.7:8000").status_code == 200
    assert client.get("/health/ready/", HTTP_HOST="10.0.3.7:8000").status_code == 200
    # Any other page for that host is refused, as before.
    assert client.get("/", HTTP_HOST="10.0.3.7:8000").status_code == 400


def test_probes_allow_get_and_head_only(client):
    assert client.head("/health/live/").status_code == 200
    response = client.post("/health/ready/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_probes_are_not_logged(client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/health/live/")
        client.get("/health/ready/")
        client.get("/")

    routes = [getattr(record, "route", None) for record in caplog.records if record.name == "loket.request"]
    assert routes == [""]  # the index page only (its route is the empty pattern)
