"""Structured logs: a request id from the web request into its jobs, and no personal data anywhere."""

import logging

import pytest
from django.core import mail

from builder.service import import_definition
from monitoring.logs import bind_request_id, unbind_request_id
from tests import definitions
from tests.flow import overview_url, start, step_url, submission_url, submit

pytestmark = pytest.mark.django_db


def test_a_log_line_is_one_json_object_with_the_request_id(captured):
    token = bind_request_id("abc123def456")
    try:
        logging.getLogger("loket.test").warning("job %s failed", 42, extra={"job": 42})
    finally:
        unbind_request_id(token)

    [line] = [line for line in captured.lines() if line["logger"] == "loket.test"]
    assert line["message"] == "job 42 failed"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "abc123def456"
    assert line["job"] == 42
    assert line["time"].endswith("+00:00")  # ISO 8601, UTC


def test_every_response_names_its_request_id(client):
    first, second = client.get("/"), client.get("/")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_request_id_from_the_proxy_is_kept_when_it_is_plain(client, captured):
    assert client.get("/", HTTP_X_REQUEST_ID="lb-7f3a9c21e5").headers["X-Request-ID"] == "lb-7f3a9c21e5"
    hostile = client.get("/", HTTP_X_REQUEST_ID='x" {"level": "CRITICAL"}\n')

    assert hostile["X-Request-ID"] != 'x" {"level": "CRITICAL"}\n'
    assert len(hostile["X-Request-ID"]) == 32


# Everything the citizen types that identifies them or says something about them.
PERSONAL = [
    "111222333",
    "111 222 333",
    "jan@example.nl",
    "Jan Jansen",
    "Regel een",
    "Regel twee",
    "NL91ABNA0417164300",
    "nl91 abna",
    "Dorpsstraat",
    "1234 AB",
    "1234ab",
    "06 12345678",
]


def test_no_personal_data_in_any_log_line_of_a_full_flow(citizen, captured, django_capture_on_commit_callbacks):
    """Start, a refused step, the step, overview, submit, receipt PDF and e-mail jobs, downloads."""
    import_definition(definitions.all_kinds(), publish_it=True)
    submission = start(citizen, "alle-soorten")
    url = step_url(submission, "velden")
    # A wrong BSN and e-mail first: validation errors are where a value could slip into a message.
    wrong = {**definitions.ALL_KINDS_POST, "bsn": "111222334", "email": "jan@example"}
    assert citizen.post(url, wrong).status_code == 400
    assert citizen.post(url, definitions.ALL_KINDS_POST).status_code == 302
    assert citizen.get(overview_url(submission)).status_code == 200
    assert citizen.get(submission_url("concept-pdf", submission)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(citizen, submission)
    assert response.status_code == 302
    assert citizen.get(response.url).status_code == 200
    assert citizen.get(submission_url("receipt-pdf", submission)).status_code == 200
    assert [message.to for message in mail.outbox] == [["jan@example.nl"]]  # the e-mail job ran

    text = captured.stream.getvalue()
    assert len(captured.records) > 5
    for record in captured.records:
        text += record.getMessage() + repr(record.args) + repr(record.__dict__)
    leaked = [value for value in PERSONAL if value.lower() in text.lower()]
    assert leaked == []


@pytest.mark.django_db(transaction=True)
def test_the_request_id_of_the_submit_follows_into_its_jobs(citizen, captured):
    """Real commits: the jobs are queued when completion commits, inside the request (here run eagerly)."""
    import_definition(definitions.all_kinds(), publish_it=True)
    submission = start(citizen, "alle-soorten")
    assert citizen.post(step_url(submission, "velden"), definitions.ALL_KINDS_POST).status_code == 302
    captured.records.clear()
    response = submit(citizen, submission)

    request_id = response["X-Request-ID"]
    mail_lines = [r for r in captured.records if r.name == "submissions.receipt.mail"]
    assert mail_lines, "the e-mail job logs that it sent the receipt"
    assert {r.request_id for r in mail_lines} == {request_id}
    [request_line] = [r for r in captured.records if r.name == "loket.request"]
    assert request_line.request_id == request_id
    assert request_line.status == 302
    assert request_line.route == "formulieren/<slug:slug>/<uuid:submission_id>/controleren/"


def test_a_signed_receipt_link_never_reaches_the_logs(client, captured):
    """Django logs 'Not Found: <path>'; a signed link in that path would open the receipt to log readers."""
    token = "3f1c2a9e-1b7d-4c7e-9a51-2f7f0c1d9e88:1vKx2Q:Zq7N0b2yQd1c4s5kH8Jt0aX3mW9pLrE2uYv6nTiBgAs"

    response = client.get(f"/ontvangstbevestiging/pdf/{token}/")

    assert response.status_code in (404, 410)
    text = captured.stream.getvalue() + "".join(record.getMessage() for record in captured.records)
    assert "Zq7N0b2yQd1c4s5kH8Jt0aX3mW9pLrE2uYv6nTiBgAs" not in text
    assert "3f1c2a9e-1b7d-4c7e-9a51-2f7f0c1d9e88" not in text
    assert any("/ontvangstbevestiging/pdf/[signed]/" in record.getMessage() for record in captured.records)
