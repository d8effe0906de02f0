"""The Objects API backend against fake Objects and Objecttypes APIs: one object per submission, checked
against the objecttype's JSON schema before it is sent, never two after a retry."""

import pytest
from zgw_consumers.constants import APITypes, AuthTypes
from zgw_consumers.models import Service

from registrations import service
from registrations.contrib.objects.plugin import record_schema
from registrations.models import FormRegistration, RegistrationRecord
from registrations.registry import backends, option_errors
from registrations.run import RegistrationRun
from submissions import jobs
from submissions.answers import saved_data
from submissions.models import Job, SubmissionEvent

from .conftest import run_due_jobs
from .fake_objects import TOKEN, FakeObjects
from .test_zgw_exactly_once import Killed


@pytest.fixture(scope="session")
def _objects_server():
    server = FakeObjects()
    yield server
    server.close()


@pytest.fixture
def objects_api(_objects_server):
    """The fake Objects and Objecttypes APIs; a test fails if any call broke their OpenAPI specs."""
    _objects_server.reset()
    yield _objects_server
    assert not _objects_server.violations, "\n".join(_objects_server.violations)


@pytest.fixture
def objects_services(db, objects_api):
    for api in ("objects", "objecttypes"):
        Service.objects.create(
            label=f"{api.title()} API (fake)",
            slug=f"{api}-fake",
            api_type=APITypes.orc,
            api_root=objects_api.roots[api],
            auth_type=AuthTypes.api_key,
            header_key="Authorization",
            header_value=f"Token {TOKEN}",
            timeout=10,  # generous, as for the fake ZGW services
        )


def objects_options(objects_api, version: int = 1) -> dict:
    return {
        "objects_service": "objects-fake",
        "objecttypes_service": "objecttypes-fake",
        "objecttype": objects_api.objecttype,
        "objecttype_version": version,
    }


@pytest.fixture
def objects_bezwaar(bezwaar, objects_api, objects_services):
    """The demo bezwaarschrift, registered as an object of a type whose version 1 fits the form."""
    version = objects_api.add_version(record_schema(bezwaar.live_version.spec))
    FormRegistration.objects.create(form=bezwaar, backend="objects", options=objects_options(objects_api, version))
    return bezwaar


def _record(submission) -> RegistrationRecord:
    return RegistrationRecord.objects.get(submission=submission)


def test_the_bezwaarschrift_becomes_one_object(objects_api, objects_bezwaar, send_bezwaar):
    submission = send_bezwaar()
    run_due_jobs()

    record = _record(submission)
    assert record.status == RegistrationRecord.Status.REGISTERED, record.last_error
    [created] = objects_api.store.all("objects")
    assert record.results["object"] == {"url": created["url"], "uuid": created["uuid"]}
    assert created["type"] == objects_api.objecttype and created["record"]["typeVersion"] == 1
    data = created["record"]["data"]
    assert data["kenmerk"] == submission.public_reference
    assert data["formulier"] == "bezwaar"
    assert data["gegevens"] == saved_data(submission)
    assert data["gegevens"]["indiener"]["naam"] == "Jan Jansen"
    assert data["ontvangen_op"].startswith(submission.received_at.astimezone().date().isoformat())
    assert created["record"]["startAt"] == submission.received_at.astimezone().date().isoformat()

    assert service.registration_state(submission) == "geregistreerd"
    event = SubmissionEvent.objects.get(submission=submission, kind="registered")
    assert event.detail["object"]["url"] == created["url"]


def test_data_that_does_not_fit_the_objecttype_is_refused_before_sending(objects_api, objects_bezwaar, send_bezwaar):
    schema = record_schema(objects_bezwaar.live_version.spec)
    besluit = schema["properties"]["gegevens"]["properties"]["besluit"]
    besluit["required"] = [*besluit.get("required", []), "zaaknummer"]  # the back office wants more than we ask
    objects_bezwaar.registrations.update(options=objects_options(objects_api, objects_api.add_version(schema)))
    submission = send_bezwaar()
    run_due_jobs()

    record = _record(submission)
    assert record.status == RegistrationRecord.Status.FAILED
    assert "past niet in objecttype versie 2" in record.last_error
    assert "gegevens.besluit: 'zaaknummer' is a required property" in record.last_error
    assert objects_api.posts(r"/objects/api/v2/objects") == 0  # refused here, not by the server
    assert objects_api.store.all("objects") == []
    assert service.registration_state(submission) == "ontvangen, registratie volgt"


def test_killed_after_the_post_the_retry_finds_the_object(
    objects_api, objects_bezwaar, send_bezwaar, monkeypatch, clock
):
    store = RegistrationRun._store

    def cut(self, name, result):
        monkeypatch.setattr(RegistrationRun, "_store", store)
        raise Killed(name)

    monkeypatch.setattr(RegistrationRun, "_store", cut)
    submission = send_bezwaar()
    with pytest.raises(Killed):
        run_due_jobs()
    assert _record(submission).last_error == ""
    assert len(objects_api.store.all("objects")) == 1  # created, but Loket never heard
    assert "object" not in _record(submission).results

    clock.shift(jobs.LEASE.total_seconds() + 1)  # the dead worker's lease runs out
    run_due_jobs()
    clock.move_to(Job.objects.get(submission=submission, kind="registration").next_attempt_at)
    run_due_jobs()

    record = _record(submission)
    assert record.status == RegistrationRecord.Status.REGISTERED, record.last_error
    [created] = objects_api.store.all("objects")
    assert record.results["object"]["url"] == created["url"]
    assert objects_api.posts(r"/objects/api/v2/objects") == 1


def test_a_server_error_is_retried_and_then_registers_once(objects_api, objects_bezwaar, send_bezwaar, clock):
    objects_api.fail("POST", r"/objects/api/v2/objects$", 503)
    submission = send_bezwaar()
    run_due_jobs()
    record = _record(submission)
    assert record.status == RegistrationRecord.Status.PENDING
    assert "gaf 503, later opnieuw" in record.last_error

    clock.shift(31)
    run_due_jobs()
    assert _record(submission).status == RegistrationRecord.Status.REGISTERED
    assert len(objects_api.store.all("objects")) == 1


def test_options_name_what_is_wrong(objects_api, objects_services):
    backend = backends.get("objects")
    good = objects_options(objects_api)
    assert option_errors(backend, good) == []
    wrong = {**good, "objects_service": "nergens", "objecttype": "https://elders.example/objecttypes/1"}
    assert sorted(str(error) for error in option_errors(backend, wrong)) == [
        "objects_service: er is geen service 'nergens'",
        "objecttype: hoort niet bij de service 'objecttypes-fake'",
    ]
    assert [error.field for error in option_errors(backend, {**good, "objecttype_version": 0})] == [
        "objecttype_version"
    ]
