"""Staff views of received submissions (Wmebv B5, B6, B7): read-only records, the afschrift, what needs attention."""

import copy
import datetime
import json
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from submissions import jobs
from submissions import service as submission_service
from submissions.models import Job, Submission, SubmissionEvent, SubmissionLocked
from submissions.receipt_time import format_moment
from tests.definitions import MELDING_DATA
from tests.factories import SubmissionFactory, UserFactory
from tests.html import page
from tests.staff import staff_client

RECEIVED_AT = datetime.datetime(2026, 2, 20, 22, 59, 59, 250000, tzinfo=datetime.UTC)
SUBMISSIONS = reverse("admin:submissions_submission_changelist")
JOBS = reverse("admin:submissions_job_changelist")

pytestmark = pytest.mark.django_db


def receive(onderwerp: str = "Losse stoeptegel") -> Submission:
    data = copy.deepcopy(MELDING_DATA)
    data["melding"]["onderwerp"] = onderwerp
    submission = SubmissionFactory(data=data)
    with time_machine.travel(RECEIVED_AT, tick=False):
        return submission_service.complete_submission(submission, declaration_accepted=True)


def add_event(submission: Submission, kind: str, seconds: int, **detail) -> SubmissionEvent:
    return SubmissionEvent.objects.create(
        submission=submission, kind=kind, at=RECEIVED_AT + datetime.timedelta(seconds=seconds), detail=detail
    )


@pytest.fixture
def admin_client(db) -> Client:
    return staff_client(UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def received() -> Submission:
    submission = receive()
    add_event(submission, SubmissionEvent.Kind.PDF_GENERATED, 2, sha256="ab" * 32, size=1234)
    add_event(submission, SubmissionEvent.Kind.EMAIL_SENT, 3, to="m***@example.nl", mode="pdf_attached")
    return submission


def change_url(submission: Submission) -> str:
    return reverse("admin:submissions_submission_change", args=[submission.pk])


def result_rows(response) -> list[str]:
    """The first column (the reference) of each row of the change list."""
    table = page(response).find("table", id="result_list")
    return [row.find("th").text for row in table.find("tbody").find_all("tr")]


def run_action(client: Client, changelist: str, action: str, objects) -> object:
    return client.post(changelist, {"action": action, "_selected_action": [obj.pk for obj in objects]})


# --- a received submission is a record --------------------------------------------------------


def test_the_change_page_is_read_only_with_jobs_and_events(admin_client, received):
    response = admin_client.get(change_url(received))

    assert response.status_code == 200
    html = page(response)
    main = html.find(id="content").text
    for value in [received.public_reference, received.receipt_digest, received.receipt_signature]:
        assert value in main
    content = html.find(id="content")
    assert {field.get("type") for field in content.find_all("input")} <= {"hidden"}  # CSRF, inline management
    assert not content.find_all("textarea") and not content.find_all("select") and not content.find_all("button")
    assert not html.find_all("a", class_="deletelink")
    events = html.by_id("events-group")
    assert [cell.text for cell in events.find_all("td", class_="field-kind")] == [
        "received",
        "pdf_generated",
        "email_sent",
    ]
    times = [cell.text for cell in events.find_all("td", class_="field-at")]
    assert len(times) == 3 and all("2026" in time for time in times), times
    assert sorted(c.text for c in html.by_id("jobs-group").find_all("td", class_="field-kind")) == [
        "receipt_email",
        "receipt_pdf",
    ]
    assert admin_client.post(change_url(received), {"public_reference": "MOR-2026-ANDERS"}).status_code == 403
    assert admin_client.get(reverse("admin:submissions_submission_delete", args=[received.pk])).status_code == 403
    assert admin_client.get(reverse("admin:submissions_submission_add")).status_code == 403
    assert Submission.objects.get(pk=received.pk).public_reference == received.public_reference


def test_the_list_offers_no_delete_action(admin_client, received):
    html = page(admin_client.get(SUBMISSIONS))

    actions = [option["value"] for option in html.find("select", name="action").find_all("option") if option["value"]]
    assert actions == ["export_afschrift", "register_again"]  # neither deletes nor changes the record


def test_events_are_append_only(received):
    event = SubmissionEvent.objects.filter(submission=received).first()
    event.detail = {"rewritten": True}

    with pytest.raises(SubmissionLocked, match="append-only"):
        event.save()
    for change in [
        lambda: SubmissionEvent.objects.filter(pk=event.pk).update(kind="registered"),
        lambda: SubmissionEvent.objects.filter(pk=event.pk).update(at=timezone.now()),
        lambda: connection.cursor().execute(
            "UPDATE submissions_submissionevent SET detail = '{}' WHERE id = %s", [event.pk]
        ),
    ]:
        with pytest.raises(DatabaseError, match="submission events cannot be changed"), transaction.atomic():
            change()

    stored = SubmissionEvent.objects.get(pk=event.pk)
    assert (stored.kind, stored.detail) == (
        SubmissionEvent.Kind.RECEIVED,
        {
            "reference": received.public_reference,
            "digest": received.receipt_digest,
        },
    )


# --- the afschrift (B6) -------------------------------------------------------------------------


def test_the_afschrift_lists_every_event_with_its_time(admin_client, received):
    other = receive("Kapotte lantaarnpaal")

    response = run_action(admin_client, SUBMISSIONS, "export_afschrift", [received])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="afschrift.json"'
    [record] = json.loads(response.content)
    assert record == {
        "reference": received.public_reference,
        "form": received.form_version.form.slug,
        "form_version": 1,
        "received_at": "2026-02-20T22:59:59.250000+00:00",
        "received_at_local": "20-02-2026 23:59:59 (CET)",
        "receipt_digest": received.receipt_digest,
        "events": [
            {
                "at": "2026-02-20T22:59:59.250000+00:00",
                "event": "received",
                "detail": {"reference": received.public_reference, "digest": received.receipt_digest},
            },
            {
                "at": "2026-02-20T23:00:01.250000+00:00",
                "event": "pdf_generated",
                "detail": {"sha256": "ab" * 32, "size": 1234},
            },
            {
                "at": "2026-02-20T23:00:02.250000+00:00",
                "event": "email_sent",
                "detail": {"to": "m***@example.nl", "mode": "pdf_attached"},
            },
        ],
    }
    assert other.public_reference not in response.content.decode()
    assert format_moment(received.received_at) == record["received_at_local"]


def test_the_afschrift_covers_several_references_and_skips_unsent_ones(admin_client, received):
    other = receive("Kapotte lantaarnpaal")
    unsent = SubmissionFactory()

    response = run_action(admin_client, SUBMISSIONS, "export_afschrift", [received, other, unsent])

    records = json.loads(response.content)
    assert sorted(r["reference"] for r in records) == sorted([received.public_reference, other.public_reference])
    assert {r["reference"]: len(r["events"]) for r in records} == {
        received.public_reference: 3,
        other.public_reference: 1,
    }


# --- what needs attention (B7) ------------------------------------------------------------------


def test_the_attention_filter_lists_only_submissions_with_a_failed_job(admin_client):
    failed, pending, done = receive("een"), receive("twee"), receive("drie")
    Job.objects.filter(submission=failed, kind="receipt_email").update(status=Job.Status.FAILED)
    Job.objects.filter(submission=done).update(status=Job.Status.DONE)

    everything = admin_client.get(SUBMISSIONS)
    attention = admin_client.get(SUBMISSIONS, {"attention": "yes"})

    assert sorted(result_rows(everything)) == sorted(s.public_reference for s in (failed, pending, done))
    assert attention.status_code == 200
    assert result_rows(attention) == [failed.public_reference]
    assert "vraagt aandacht" in page(everything).find(id="changelist-filter").text  # the admin speaks Dutch


def test_retrying_requeues_only_the_failed_jobs(
    admin_client, received, monkeypatch, django_capture_on_commit_callbacks
):
    enqueued = []
    monkeypatch.setattr(jobs, "enqueue", lambda ids, countdown=None: enqueued.extend(ids))
    failed = Job.objects.get(submission=received, kind="receipt_email")
    done = Job.objects.get(submission=received, kind="receipt_pdf")
    Job.objects.filter(pk=failed.pk).update(
        status=Job.Status.FAILED, attempts=8, finished_at=timezone.now(), last_error="SMTPRecipientsRefused: 550"
    )
    Job.objects.filter(pk=done.pk).update(status=Job.Status.DONE, attempts=1, finished_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(admin_client, JOBS, "retry", [failed, done])

    assert response.status_code == 302
    messages = [m.message for m in response.wsgi_request._messages]
    assert messages == ["1 taak/taken opnieuw ingepland."]
    again = Job.objects.get(pk=failed.pk)
    assert (again.status, again.attempts, again.finished_at) == (Job.Status.PENDING, 0, None)
    assert again.next_attempt_at <= timezone.now()
    assert Job.objects.get(pk=done.pk).status == Job.Status.DONE
    assert enqueued == [failed.pk]


def test_staff_without_the_job_permission_cannot_retry(received):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(*_permissions("view_job", "view_submission"))
    client = staff_client(viewer)
    failed = Job.objects.get(submission=received, kind="receipt_email")
    Job.objects.filter(pk=failed.pk).update(status=Job.Status.FAILED)

    listing = client.get(JOBS)
    run_action(client, JOBS, "retry", [failed])

    assert listing.status_code == 200
    assert not page(listing).find_all("option", value="retry")
    assert Job.objects.get(pk=failed.pk).status == Job.Status.FAILED


def _permissions(*codenames):
    return Permission.objects.filter(content_type__app_label="submissions", codename__in=codenames)


def test_the_admin_is_closed_to_citizens(received, citizen):
    for url in [SUBMISSIONS, change_url(received), JOBS]:
        response = citizen.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    assert (
        citizen.post(SUBMISSIONS, {"action": "export_afschrift", "_selected_action": [received.pk]}).status_code == 302
    )


def test_the_admin_pages_render(admin_client, received):
    job = Job.objects.filter(submission=received).first()
    for url in [JOBS, reverse("admin:submissions_job_change", args=[job.pk])]:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert not page(response).find_all("input", type="submit", name="_save")


def test_staff_can_hand_a_citizen_a_working_link_to_the_receipt_pdf(admin_client, received):
    html = admin_client.get(change_url(received)).content.decode()
    [href] = re.findall(r'<a href="(/ontvangstbevestiging/pdf/[^"]+/)">ontvangstbevestiging \(PDF\)</a>', html)

    # Without any session: 202 while the PDF is still being made, which proves the link is accepted.
    response = Client().get(href)
    assert response.status_code == 202
    assert received.public_reference in response.content.decode()
