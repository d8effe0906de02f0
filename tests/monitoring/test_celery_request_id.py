"""The request id travels in the task message to a real worker (another thread, as on another machine)."""

import pytest

from monitoring.logs import bind_request_id, unbind_request_id
from submissions.models import Job
from tests.submissions.test_celery_worker import received_submission, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_the_worker_logs_the_jobs_of_a_submission_under_the_request_id_of_its_submit(worker, captured):
    token = bind_request_id("submit-request-0001")
    try:
        submission = received_submission()  # the jobs are published when completion commits, as in a request
    finally:
        unbind_request_id(token)

    assert wait_for(lambda: not Job.objects.filter(submission=submission, status=Job.Status.PENDING).exists())
    worker_lines = [record for record in captured.records if record.name == "submissions.receipt.mail"]
    assert worker_lines, "the e-mail job logs that it sent the receipt"
    assert {record.request_id for record in worker_lines} == {"submit-request-0001"}
