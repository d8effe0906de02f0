"""Failures of the ZGW APIs: refused (4xx) is flagged for staff at once with the server's words;
down (5xx) and too slow (timeouts) are retried with backoff until it works, and then it registers once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from registrations import service
from registrations.models import RegistrationRecord
from submissions import jobs
from submissions.models import Job, SubmissionEvent

from .conftest import run_due_jobs, zgw_options


def _record(submission) -> RegistrationRecord:
    return RegistrationRecord.objects.get(submission=submission)


def _job(submission) -> Job:
    return Job.objects.get(submission=submission, kind="registration")


def test_a_refused_zaak_fails_at_once_with_the_servers_reason(zgw, zgw_bezwaar, send_bezwaar):
    # An RSIN that passes our own check, refused by the server as a real one would refuse a wrong one.
    zgw.fail("POST", r"/zaken/api/v1/zaken$", 400)
    submission = send_bezwaar()
    run_due_jobs()
    record, item = _record(submission), _job(submission)
    assert record.status == RegistrationRecord.Status.FAILED
    assert "POST zaken geweigerd (400)" in record.last_error
    assert item.status == Job.Status.FAILED and item.attempts == 1
    assert SubmissionEvent.objects.filter(submission=submission, kind="registration_gave_up").exists()
    assert service.registration_state(submission) == "ontvangen, registratie volgt"


def test_a_business_rule_refusal_names_the_field(zgw, zgw_bezwaar, send_bezwaar):
    zgw_bezwaar.registrations.update(options=zgw_options(informatieobjecttype="Los"))
    submission = send_bezwaar()
    run_due_jobs()
    record = _record(submission)
    assert record.status == RegistrationRecord.Status.FAILED
    assert "informatieobjecttype 'Los' hoort niet bij het zaaktype" in record.last_error
    assert record.results["status"]  # what came before is kept: staff's retry continues from there

    zgw_bezwaar.registrations.update(options=zgw_options())  # staff correct the configuration ...
    service.register_again([submission])  # ... and register again: it continues with the corrected options
    run_due_jobs()
    record = _record(submission)
    assert record.status == RegistrationRecord.Status.REGISTERED
    assert record.options["informatieobjecttype"] == "Ontvangstbewijs"
    assert len(zgw.store.all("zaken")) == len(zgw.store.all("statussen")) == 1


def test_a_server_error_is_retried_and_then_registers_once(zgw, zgw_bezwaar, send_bezwaar, clock):
    zgw.fail("POST", r"/zaken/api/v1/rollen$", 503)
    submission = send_bezwaar()
    run_due_jobs()
    record, item = _record(submission), _job(submission)
    assert record.status == RegistrationRecord.Status.PENDING
    assert "503" in record.last_error and "zaak" in record.results
    assert item.next_attempt_at == timezone.now() + timedelta(seconds=30)

    clock.shift(31)
    run_due_jobs()
    assert _record(submission).status == RegistrationRecord.Status.REGISTERED
    assert len(zgw.store.all("zaken")) == len(zgw.store.all("rollen")) == 1


def test_a_timeout_is_retried(zgw, zgw_bezwaar, zgw_services, send_bezwaar, clock):
    zgw_services["documenten"].timeout = 1
    zgw_services["documenten"].save()
    zgw.fail("POST", r"/documenten/api/v1/enkelvoudiginformatieobjecten$", 201, delay=1.5)
    submission = send_bezwaar()
    run_due_jobs()
    assert "geen antwoord binnen 1 seconden" in _record(submission).last_error

    clock.shift(31)
    run_due_jobs()
    assert _record(submission).status == RegistrationRecord.Status.REGISTERED
    assert len(zgw.store.all("enkelvoudiginformatieobjecten")) == 1


def test_zaken_answering_500_for_an_hour(zgw, zgw_bezwaar, send_bezwaar, clock, mailoutbox):
    """Wmebv B7: the receipt is unaffected, staff see "registratie volgt", and the retry registers once."""
    zgw.fail("*", r"^/zaken/", 500, times=None)
    submission = send_bezwaar()
    received_at, digest = submission.received_at, submission.receipt_digest
    start = timezone.now()
    while timezone.now() < start + timedelta(hours=1):
        run_due_jobs()
        assert service.registration_state(submission) == "ontvangen, registratie volgt"
        clock.move_to(_job(submission).next_attempt_at)
    assert _job(submission).attempts == 5  # at 0 s, 30 s, 2.5 min, 12.5 min and 42.5 min
    assert len(mailoutbox) == 1  # the citizen's receipt went out at once
    assert len(zgw.store.all("zaken")) == 0

    zgw.heal()
    run_due_jobs()
    submission.refresh_from_db()
    assert _record(submission).status == RegistrationRecord.Status.REGISTERED
    assert service.registration_state(submission) == "geregistreerd"
    assert len(zgw.store.all("zaken")) == 1
    assert (submission.received_at, submission.receipt_digest) == (received_at, digest)


def test_staff_register_again_after_the_automatic_attempts_are_used_up(zgw, zgw_bezwaar, send_bezwaar, clock):
    zgw.fail("*", r"^/catalogi/", 502, times=None)
    submission = send_bezwaar()
    for _ in range(jobs.get_kind("registration").max_attempts):
        run_due_jobs()
        clock.move_to(_job(submission).next_attempt_at)
    assert _job(submission).status == Job.Status.FAILED
    assert _record(submission).status == RegistrationRecord.Status.FAILED

    zgw.heal()
    assert service.register_again([submission]) == 1
    run_due_jobs()
    assert _record(submission).status == RegistrationRecord.Status.REGISTERED
    assert _job(submission).status == Job.Status.DONE


def test_registration_waits_for_the_receipt_pdf(zgw, zgw_bezwaar, send_bezwaar):
    submission = send_bezwaar()
    assert jobs.run(_job(submission).pk) is None  # the engine does not start it before the PDF job is done
    assert _job(submission).attempts == 0
    with pytest.raises(jobs.RetryLater, match="ontvangstbewijs"):  # and the handler itself would not go on
        service.register_submission(submission)
    assert zgw.calls == [] and not RegistrationRecord.objects.filter(submission=submission).exists()
