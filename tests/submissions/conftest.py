import pytest

from submissions import jobs


@pytest.fixture
def registry(monkeypatch):
    """An empty registry of job kinds for the test (the app's kinds come back afterwards)."""
    monkeypatch.setattr(jobs.job_kinds, "_plugins", {})
