"""Retention: drafts and received submissions go after their form's periods; a record of each stays."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from submissions import tasks
from submissions.models import DeletionRecord, Job, ReceiptFile, Submission, SubmissionEvent, SubmissionStep
from submissions.retention import apply_retention
from tests.flow import VRAAG_ANSWERS, fill, start, submit

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def later(days: float):
    return time_machine.travel(timezone.now() + days * DAY, tick=False)


@pytest.fixture
def sent(citizen, vraag, django_capture_on_commit_callbacks, private_media) -> Submission:
    """A received vraag with its receipt PDF, all work after receipt done."""
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, VRAAG_ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        submit(citizen, submission)
    submission = Submission.objects.get(pk=submission.pk)
    assert list(private_media.rglob("*.pdf"))
    # Whatever else follows receipt (registrations retry on their own clock) counts as done here.
    Job.objects.filter(submission=submission).update(status=Job.Status.DONE)
    return submission


def draft(citizen, steps: dict) -> Submission:
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, steps)
    return submission


def test_a_draft_goes_after_thirty_days_without_a_change(citizen, other_citizen, vraag):
    idle = draft(citizen, {"bericht": VRAAG_ANSWERS["bericht"]})
    busy = draft(other_citizen, {})
    with later(25):  # a step saved later (the session itself would have expired by then)
        SubmissionStep.objects.create(submission=busy, step_key="bericht", data={"onderwerp": "x"})

    with later(30.01):
        result = apply_retention()

    assert (result.drafts, result.received) == (1, 0)
    assert list(Submission.objects.values_list("pk", flat=True)) == [busy.pk]
    assert not SubmissionStep.objects.filter(submission_id=idle.pk).exists()
    record = DeletionRecord.objects.get()
    assert (record.reference, record.form_slug, record.form_version, record.rule) == (
        "",
        "vraag-of-bericht",
        1,
        DeletionRecord.Rule.DRAFT_INACTIVE,
    )
    assert (record.started_at, record.received_at) == (idle.started_at, None)

    with later(55.01):  # 30 days after its last step
        assert apply_retention().drafts == 1
    assert not Submission.objects.exists()


def test_a_received_submission_goes_whole_after_its_period(sent, private_media, django_capture_on_commit_callbacks):
    pdf_path = ReceiptFile.objects.get(submission=sent).pdf.path

    with later(364):
        assert apply_retention().received == 0
    with later(365.01), django_capture_on_commit_callbacks(execute=True):
        deleted_at = timezone.now()
        result = apply_retention()

    assert result.received == 1
    for model in [Submission, SubmissionStep, SubmissionEvent, Job, ReceiptFile]:
        assert not model.objects.exists(), model
    assert not list(private_media.rglob("*.pdf")), pdf_path
    record = DeletionRecord.objects.get()
    assert (record.reference, record.rule) == (sent.public_reference, DeletionRecord.Rule.RETENTION_PERIOD)
    assert (record.started_at, record.received_at, record.deleted_at) == (sent.started_at, sent.received_at, deleted_at)


def test_a_received_submission_with_work_left_stays(sent):
    Job.objects.filter(submission=sent, kind="receipt_email").update(status=Job.Status.FAILED)

    with later(400):
        assert apply_retention().received == 0

    assert Submission.objects.filter(pk=sent.pk).exists()
    assert not DeletionRecord.objects.exists()


def test_each_form_has_its_own_periods(sent, citizen, bezwaar):
    vraag = sent.form_version.form
    vraag.retention_days, vraag.draft_retention_days = 10, 2
    vraag.save()
    unsent_vraag = draft(citizen, {})
    unsent_bezwaar = start(citizen, "bezwaar")

    with later(3):
        assert apply_retention().drafts == 1
    with later(10.01):
        assert apply_retention().received == 1

    assert list(Submission.objects.values_list("pk", flat=True)) == [unsent_bezwaar.pk]
    assert unsent_vraag.pk not in Submission.objects.values_list("pk", flat=True)


def test_beat_runs_retention_every_hour(citizen, vraag):
    draft(citizen, {})
    schedule = settings.CELERY_BEAT_SCHEDULE["retention"]
    assert (schedule["task"], schedule["schedule"]) == ("submissions.tasks.apply_retention", 3600.0)

    with later(31):
        assert tasks.apply_retention.delay().get() == {"drafts": 1, "received": 0}


def test_deletion_records_cannot_be_changed(citizen, vraag):
    draft(citizen, {})
    with later(31):
        apply_retention()

    with pytest.raises(DatabaseError, match="deletion records are final"), transaction.atomic():
        DeletionRecord.objects.update(reference="BZW-2026-ANDERS")
