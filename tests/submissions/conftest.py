import os
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker

from forms_platform.celery import app
from submissions import jobs


@pytest.fixture
def registry(monkeypatch):
    """An empty registry of job kinds for the test (the app's kinds come back afterwards)."""
    monkeypatch.setattr(jobs.job_kinds, "_plugins", {})


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
def _against(broker):
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
    with _against(broker), _worker("all", [jobs.DEFAULT_QUEUE, jobs.MAIL_QUEUE]):
        yield app


@pytest.fixture
def workers_per_queue(broker):
    """One worker for receipt PDFs and other jobs, one for mail, as ``bin/demo`` and the README run them."""
    with _against(broker), _worker("jobs", [jobs.DEFAULT_QUEUE]), _worker("mail", [jobs.MAIL_QUEUE]):
        yield app
