"""Prometheus metrics: restricted to a token or allowed addresses; Loket's own figures are right."""

import re

import pytest
from django.utils import timezone

from submissions.models import Job
from tests.flow import BEZWAAR_ANSWERS, fill, start, submit

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-the-test-0123456789"


def scrape(client, **extra) -> str:
    response = client.get("/metrics/", REMOTE_ADDR="127.0.0.1", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    return response.content.decode()


def value(page: str, name: str, **labels: str) -> float:
    """The sample ``name{labels}`` of the page, 0 when absent."""
    label_text = ",".join(f'{key}="{val}"' for key, val in sorted(labels.items()))
    pattern = rf"^{re.escape(name)}{re.escape('{' + label_text + '}') if labels else ''} (\S+)$"
    found = re.search(pattern, page, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_metrics_are_refused_to_other_addresses(client, settings):
    settings.LOKET_METRICS_TOKEN = TOKEN

    assert client.get("/metrics/", REMOTE_ADDR="203.0.113.9").status_code == 403
    wrong = client.get("/metrics/", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer raden")
    assert wrong.status_code == 403


def test_metrics_answer_a_bearer_token_from_anywhere(client, settings):
    settings.LOKET_METRICS_TOKEN = TOKEN

    response = client.get("/metrics/", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 200


def test_without_a_token_setting_no_header_gets_in(client, settings):
    settings.LOKET_METRICS_TOKEN = ""

    assert client.get("/metrics/", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_an_allowed_network_gets_in(client, settings):
    settings.LOKET_METRICS_ALLOWED_IPS = ["10.0.0.0/8"]

    assert client.get("/metrics/", REMOTE_ADDR="10.20.30.40").status_code == 200
    assert client.get("/metrics/", REMOTE_ADDR="127.0.0.1").status_code == 403


def test_request_metrics_of_django_prometheus_are_there(client):
    client.get("/")

    page = scrape(client)

    assert "django_http_requests_total_by_method_total" in page


def test_a_received_bezwaar_shows_in_the_counters_and_the_outbox(
    bezwaar, citizen, client, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("submissions.jobs._send", lambda rows, countdown=None: None)  # no worker: jobs wait
    before = scrape(client)
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(citizen, submission).status_code == 302
    Job.objects.filter(submission=submission).update(created_at=timezone.now() - timezone.timedelta(seconds=90))

    page = scrape(client)

    received = value(page, "loket_submissions_received_total", form="bezwaar")
    assert received - value(before, "loket_submissions_received_total", form="bezwaar") == 1
    assert value(page, "loket_jobs", status="pending", kind="receipt_pdf") == 1
    assert value(page, "loket_jobs", status="pending", kind="receipt_email") == 1
    assert value(page, "loket_jobs_oldest_pending_age_seconds") >= 90
    assert value(page, "loket_registration_backlog") == value(page, "loket_jobs", status="pending", kind="registration")
    assert "Jan Jansen" not in page and "jan@example.nl" not in page


def test_failed_jobs_and_the_registration_backlog(received_submission, client):
    Job.objects.filter(submission=received_submission, kind="receipt_email").update(status=Job.Status.FAILED)
    Job.objects.update_or_create(submission=received_submission, kind="registration", defaults={"status": "pending"})

    page = scrape(client)

    assert value(page, "loket_jobs", status="failed", kind="receipt_email") == 1
    assert value(page, "loket_registration_backlog") == 1


def test_rendering_a_receipt_pdf_is_timed(received_submission, client):
    from submissions.receipt.pdf import ensure_pdf

    before = value(scrape(client), "loket_receipt_pdf_seconds_count")
    ensure_pdf(received_submission)

    page = scrape(client)

    assert value(page, "loket_receipt_pdf_seconds_count") == before + 1
    assert value(page, "loket_receipt_pdf_seconds_sum") > 0
