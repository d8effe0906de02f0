"""Exactly once: the work is cut off after every step in turn, and the retry never duplicates anything.

The cut is the worst moment: the server has created the object, but Loket has
not stored its result yet (as when the worker is killed right after the POST).
The retry must find the object by our reference instead of creating another.
"""

import pytest

from registrations.models import RegistrationRecord
from registrations.run import RegistrationRun
from submissions import jobs
from submissions.models import Job

from .conftest import run_due_jobs, zgw_options

STEPS = [
    "zaak",
    "rol_initiator",
    "status",
    "document_ontvangstbewijs",
    "zaakinformatieobject_ontvangstbewijs",
    "zaakeigenschap:datum_besluit",
]
RESOURCES = [
    "zaken",
    "rollen",
    "statussen",
    "enkelvoudiginformatieobjecten",
    "zaakinformatieobjecten",
    "zaakeigenschappen",
]


class Killed(BaseException):
    """Not an Exception: nothing in Loket may catch it, as nothing survives a killed worker."""


def _kill_before_storing(monkeypatch, step: str) -> None:
    store = RegistrationRun._store

    def cut(self, name, result):
        if name == step:
            monkeypatch.setattr(RegistrationRun, "_store", store)  # once
            raise Killed(name)
        store(self, name, result)

    monkeypatch.setattr(RegistrationRun, "_store", cut)


def _one_of_each(zgw) -> None:
    for resource in RESOURCES:
        assert len(zgw.store.all(resource)) == 1, resource


@pytest.mark.parametrize("identificatie", ["generated", "reference"])
@pytest.mark.parametrize("step", STEPS)
def test_killed_after_any_step_the_retry_creates_nothing_twice(
    step, identificatie, zgw, zgw_bezwaar, send_bezwaar, monkeypatch, clock
):
    zgw_bezwaar.registrations.update(options=zgw_options(zaak_identificatie=identificatie))
    submission = send_bezwaar()
    _kill_before_storing(monkeypatch, step)
    with pytest.raises(Killed):
        run_due_jobs()
    assert step not in RegistrationRecord.objects.get(submission=submission).results

    clock.shift(jobs.LEASE.total_seconds() + 1)  # the dead worker's lease runs out; the sweep finds the job
    assert Job.objects.get(submission=submission, kind="registration").pk in jobs.due_jobs()
    run_due_jobs()  # records the interrupted attempt and schedules the next
    clock.move_to(Job.objects.get(submission=submission, kind="registration").next_attempt_at)
    run_due_jobs()

    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.REGISTERED, record.last_error
    _one_of_each(zgw)
    if identificatie == "reference":
        assert zgw.store.all("zaken")[0]["identificatie"] == submission.public_reference


def test_a_retry_after_registration_changes_nothing(zgw, zgw_bezwaar, send_bezwaar):
    from registrations import service

    submission = send_bezwaar()
    run_due_jobs()
    calls = len(zgw.calls)
    service.register_again([submission])
    run_due_jobs()
    assert len(zgw.calls) == calls  # every step is stored: nothing to ask, nothing to create
    _one_of_each(zgw)
