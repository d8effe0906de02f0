"""Storing the receipt PDF: exactly one private file per submission, whatever the timing of the workers."""

import datetime
import hashlib
import importlib
import os
import threading
from pathlib import Path

import pikepdf
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection

from submissions import jobs
from submissions.models import Job, ReceiptFile, Submission, SubmissionEvent
from submissions.receipt import pdf
from submissions.service import complete_submission, start_submission
from submissions.storage import private_storage

from .test_receipt_pdf import bezwaar_form, fill, receive

pytestmark = pytest.mark.django_db


def test_ensure_pdf_stores_one_file_and_one_event(private_media, settings):
    submission = receive()

    first = pdf.ensure_pdf(submission)
    second = pdf.ensure_pdf(Submission.objects.get(pk=submission.pk))

    assert first.pk == second.pk
    assert ReceiptFile.objects.filter(submission=submission).count() == 1
    events = list(SubmissionEvent.objects.filter(submission=submission, kind=SubmissionEvent.Kind.PDF_GENERATED))
    assert len(events) == 1
    content = first.pdf.open("rb").read()
    assert events[0].detail == {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    assert (first.sha256, first.size) == (events[0].detail["sha256"], len(content))
    assert content.startswith(b"%PDF-1.7")
    assert Path(first.pdf.name).name == f"{submission.public_reference}.pdf"
    # Private: never where media or static files are served from.
    stored = Path(first.pdf.path).resolve()
    assert stored.is_relative_to(private_media.resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert [path.name for path in private_media.rglob("*.pdf")] == [f"{submission.public_reference}.pdf"]


def test_the_configured_private_media_is_outside_media_and_static():
    # The autouse fixture replaced these for the test; read what the settings module configures.
    configured = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    private = Path(configured.LOKET_PRIVATE_MEDIA_ROOT).resolve()

    assert ReceiptFile._meta.get_field("pdf")._storage_callable is private_storage
    assert not private.is_relative_to(Path(configured.STATIC_ROOT).resolve())
    if getattr(configured, "MEDIA_ROOT", ""):
        assert not private.is_relative_to(Path(configured.MEDIA_ROOT).resolve())


def test_a_run_that_lost_the_race_returns_the_winners_file(private_media, monkeypatch):
    submission = receive()
    render = pdf.render_pdf

    def render_while_another_worker_stores(receipt, attachment=None):
        document = render(receipt, attachment)
        ReceiptFile.objects.create(
            submission=submission, pdf=ContentFile(b"%PDF-winner", name="winner.pdf"), sha256="0" * 64, size=11
        )
        return document

    monkeypatch.setattr(pdf, "render_pdf", render_while_another_worker_stores)

    result = pdf.ensure_pdf(submission)

    assert result.sha256 == "0" * 64
    assert [path.name for path in private_media.rglob("*.pdf")] == ["winner.pdf"]
    assert not SubmissionEvent.objects.filter(submission=submission, kind=SubmissionEvent.Kind.PDF_GENERATED).exists()


def test_the_unique_constraint_catches_what_the_lock_cannot(private_media, monkeypatch):
    """SQLite cannot lock a row: then the insert fails, and the file stored for it is removed."""
    submission = receive()
    winner = ReceiptFile.objects.create(
        submission=submission, pdf=ContentFile(b"%PDF-winner", name="winner.pdf"), sha256="0" * 64, size=11
    )
    lookups = iter([None, None])  # both checks miss the winner, as a check before its commit would
    monkeypatch.setattr(pdf, "_existing", lambda submission_id: next(lookups, winner))

    result = pdf.ensure_pdf(submission)

    assert result.pk == winner.pk
    assert [path.name for path in private_media.rglob("*.pdf")] == ["winner.pdf"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_store_one_pdf(private_media, monkeypatch):
    """Both render, then both try to store at the same moment: the row lock lets one through."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks and concurrent connections (CI runs this on PostgreSQL)")
    submission = receive()
    both_rendered = threading.Barrier(2, timeout=30)
    render = pdf.render_pdf

    def render_then_wait(receipt, attachment=None):
        document = render(receipt, attachment)
        both_rendered.wait()
        return document

    monkeypatch.setattr(pdf, "render_pdf", render_then_wait)
    results: list[int] = []

    def worker() -> None:
        try:
            results.append(pdf.ensure_pdf(Submission.objects.get(pk=submission.pk)).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == 2 and results[0] == results[1]
    assert ReceiptFile.objects.filter(submission=submission).count() == 1
    assert SubmissionEvent.objects.filter(submission=submission, kind=SubmissionEvent.Kind.PDF_GENERATED).count() == 1
    assert len(list(private_media.rglob("*.pdf"))) == 1


def test_only_a_received_submission_gets_a_receipt_pdf():
    submission = start_submission(bezwaar_form())
    fill(submission)

    with pytest.raises(jobs.GiveUp):
        pdf.ensure_pdf(submission)
    assert not ReceiptFile.objects.exists()


def test_a_record_that_no_longer_matches_its_digest_gets_no_pdf(monkeypatch):
    submission = receive()
    monkeypatch.setattr(pdf, "submission_json", lambda submission: b'{"changed":true}')

    with pytest.raises(jobs.GiveUp, match="digest"):
        pdf.ensure_pdf(submission)
    assert not ReceiptFile.objects.exists()


def test_the_receipt_pdf_job_stores_the_pdf():
    submission = receive()
    job = Job.objects.get(submission=submission, kind="receipt_pdf")

    jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.last_error
    receipt_file = ReceiptFile.objects.get(submission=submission)
    with pikepdf.open(receipt_file.pdf.path) as document:
        assert pdf.ATTACHMENT_NAME in document.attachments


def test_the_pdf_is_filed_under_the_month_of_receipt_not_of_rendering():
    # Received on 31 January at 23:30 UTC, which is 1 February in Amsterdam; rendered in March.
    submission = start_submission(bezwaar_form())
    fill(submission)
    with time_machine.travel(datetime.datetime(2026, 1, 31, 23, 30, tzinfo=datetime.UTC), tick=False):
        received = complete_submission(submission, declaration_accepted=True)

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        receipt_file = pdf.ensure_pdf(received)

    assert receipt_file.pdf.name == f"receipts/2026/02/{received.public_reference}.pdf"
