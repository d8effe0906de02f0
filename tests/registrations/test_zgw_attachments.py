"""The citizen's files go on the zaak: each an enkelvoudiginformatieobject with a zaakinformatieobject, once."""

import hashlib

import pytest

from registrations.models import RegistrationRecord
from submissions import jobs
from submissions.models import Job, Submission

from .conftest import FILES, run_due_jobs
from .fake_bestandsdelen import sha256
from .test_zgw_exactly_once import Killed, _kill_before_storing


def test_every_attachment_becomes_a_document_on_the_zaak(zgw, zgw_bezwaar, send_with_files):
    submission: Submission = send_with_files()
    run_due_jobs()

    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.REGISTERED, record.last_error
    documents = {document["bestandsnaam"]: document for document in zgw.created("enkelvoudiginformatieobjecten")}
    assert set(documents) == {f"ontvangstbewijs-{submission.public_reference}.pdf", *FILES}
    for name, content in FILES.items():
        document = documents[name]
        assert sha256(zgw.store, document["url"]) == hashlib.sha256(content).hexdigest()
        assert (document["formaat"], document["bestandsomvang"]) == ("application/pdf", len(content))
        assert document["identificatie"].startswith(f"{submission.public_reference}-bijlage-")
    [zaak] = zgw.created("zaken")
    linked = {link["informatieobject"] for link in zgw.created("zaakinformatieobjecten") if link["zaak"] == zaak["url"]}
    assert linked == {document["url"] for document in documents.values()}
    assert record.results["document_bijlage:1"] == documents["besluit.pdf"]["url"]  # in the order of the form


@pytest.mark.parametrize("step", ["document_bijlage:2", "zaakinformatieobject_bijlage:1"])
def test_killed_while_sending_attachments_the_retry_sends_each_once(
    step, zgw, zgw_bezwaar, send_with_files, monkeypatch, clock
):
    submission = send_with_files()
    _kill_before_storing(monkeypatch, step)
    with pytest.raises(Killed):
        run_due_jobs()
    clock.shift(jobs.LEASE.total_seconds() + 1)
    run_due_jobs()
    clock.move_to(Job.objects.get(submission=submission, kind="registration").next_attempt_at)
    run_due_jobs()

    assert RegistrationRecord.objects.get(submission=submission).status == RegistrationRecord.Status.REGISTERED
    assert len(zgw.created("enkelvoudiginformatieobjecten")) == 4
    assert len(zgw.created("zaakinformatieobjecten")) == 4
