"""A mail server that accepts connections and then says nothing must not hold up receipt PDFs.

Real workers (one per queue, as ``bin/demo`` runs them), a real broker and a real
socket that never answers: Django's SMTP backend waits for the greeting until
EMAIL_TIMEOUT, and meanwhile the PDF job is done on the other queue.
"""

import socket
import threading
import time

import pytest

from submissions.models import Job, ReceiptFile, SubmissionEvent

from .test_celery_worker import received_submission, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


class SilentSMTPServer:
    """Accepts every connection, never sends a greeting, keeps the socket open until stopped."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # closed: stop
                return
            self.connections.append(connection)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.listener.close()
        for connection in self.connections:
            connection.close()
        self.thread.join(5)


@pytest.fixture
def silent_smtp(settings):
    with SilentSMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_TIMEOUT = 30  # longer than the default, so a slow PDF on a busy machine still wins
        yield server


def test_a_hanging_mail_server_does_not_hold_up_the_receipt_pdf(workers_per_queue, silent_smtp):
    submission = received_submission()
    started = time.monotonic()
    pdf_job = Job.objects.get(submission=submission, kind="receipt_pdf")
    mail_job = Job.objects.get(submission=submission, kind="receipt_email")

    assert wait_for(lambda: Job.objects.get(pk=pdf_job.pk).status == Job.Status.DONE, timeout=60)
    pdf_done_after = time.monotonic() - started

    # The PDF is there while the mail job waits for a greeting that never comes.
    assert ReceiptFile.objects.filter(submission=submission).exists()
    assert wait_for(lambda: silent_smtp.connections, timeout=20), "the mail job connects to the silent server"
    stuck = Job.objects.get(pk=mail_job.pk)
    assert (stuck.status, stuck.attempts, stuck.locked_until is not None) == (Job.Status.PENDING, 1, True)
    mail_events = SubmissionEvent.objects.filter(submission=submission, kind__startswith="email_")
    assert list(mail_events.values_list("kind", flat=True)) == ["email_sending"]
    assert pdf_done_after < 30

    # After EMAIL_TIMEOUT the attempt fails, is recorded as not delivered, and is retried later.
    assert wait_for(lambda: not Job.objects.get(pk=mail_job.pk).locked_until, timeout=60)
    [failed] = mail_events.filter(kind=SubmissionEvent.Kind.EMAIL_FAILED)
    assert failed.detail["delivered"] == "no" and failed.detail["retry_in_seconds"] == 30
    assert "timed out" in failed.detail["error"]
    pdf_generated = SubmissionEvent.objects.get(submission=submission, kind=SubmissionEvent.Kind.PDF_GENERATED)
    assert pdf_generated.at < failed.at
