"""Both backends on one form: the object is linked to the zaak as a zaakobject, once, whatever the order."""

import pytest

from registrations.contrib.objects.plugin import record_schema
from registrations.models import FormRegistration, RegistrationRecord
from submissions.models import Job

from .conftest import run_due_jobs, zgw_options
from .test_objects_registration import _objects_server, objects_api, objects_options, objects_services  # noqa: F401
from .test_zgw_exactly_once import Killed, _kill_before_storing


@pytest.fixture
def both(bezwaar, zgw_services, objects_api, objects_services):  # noqa: F811
    version = objects_api.add_version(record_schema(bezwaar.live_version.spec))

    def configure(objects_first: bool = False):
        FormRegistration.objects.create(form=bezwaar, backend="zgw", options=zgw_options(), order=1)
        options = {**objects_options(objects_api, version), "zaakobject": True}
        FormRegistration.objects.create(
            form=bezwaar, backend="objects", options=options, order=0 if objects_first else 2
        )

    return configure


def _registered(submission) -> bool:
    return all(r.status == RegistrationRecord.Status.REGISTERED for r in submission.registrations.all())


@pytest.mark.parametrize("objects_first", [False, True])
def test_the_object_is_linked_to_the_zaak(objects_first, both, zgw, objects_api, send_bezwaar, clock):  # noqa: F811
    both(objects_first)
    submission = send_bezwaar()
    run_due_jobs()
    if objects_first:  # the zaak was not there yet: the job tries again later and links it then
        assert not _registered(submission)
        clock.move_to(Job.objects.get(submission=submission, kind="registration").next_attempt_at)
        run_due_jobs()
    assert _registered(submission), [r.last_error for r in submission.registrations.all()]

    [zaak] = zgw.created("zaken")
    [created] = objects_api.store.all("objects")
    [link] = zgw.store.all("zaakobjecten")
    assert (link["zaak"], link["object"], link["objectType"]) == (zaak["url"], created["url"], "overige")
    assert submission.public_reference in link["relatieomschrijving"]


def test_killed_after_linking_the_retry_links_once(both, zgw, objects_api, send_bezwaar, monkeypatch, clock):  # noqa: F811
    both()
    submission = send_bezwaar()
    _kill_before_storing(monkeypatch, "zaakobject")
    with pytest.raises(Killed):
        run_due_jobs()
    from submissions import jobs

    clock.shift(jobs.LEASE.total_seconds() + 1)
    run_due_jobs()
    clock.move_to(Job.objects.get(submission=submission, kind="registration").next_attempt_at)
    run_due_jobs()
    assert _registered(submission)
    assert len(zgw.store.all("zaakobjecten")) == 1 and len(objects_api.store.all("objects")) == 1
