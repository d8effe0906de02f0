"""Open Zaak's ``zaak_registreren``: zaak, rollen, status and document links in one call, once.

Against the fake in its Open Zaak form: the Zaken API validated against Open Zaak's own
OpenAPI file, ``zaak_registreren`` all or nothing.
"""

import copy

import pytest
from zgw_consumers.constants import APITypes, AuthTypes
from zgw_consumers.models import Service

from machtigen.session import SESSION_KEY
from registrations import service
from registrations.models import FormRegistration, RegistrationRecord
from submissions import jobs
from submissions.models import Job, Submission
from tests import flow

from .conftest import run_due_jobs, zgw_options
from .fake_openzaak import FakeOpenZaak
from .fake_zgw import CLIENT_ID, SECRET
from .test_zgw_exactly_once import Killed, _kill_before_storing
from .test_zgw_people import CONTEXTS, GEMACHTIGDE_BSN, MACHTIGINGGEVER_BSN

ONE_BY_ONE = r"/zaken/api/v1/(zaken|rollen|statussen|zaakinformatieobjecten)"


@pytest.fixture(scope="session")
def _openzaak_server():
    server = FakeOpenZaak()
    yield server
    server.close()


@pytest.fixture
def openzaak(_openzaak_server, db):
    _openzaak_server.reset()
    for api, api_type in (("zaken", APITypes.zrc), ("documenten", APITypes.drc), ("catalogi", APITypes.ztc)):
        Service.objects.create(
            label=f"{api.title()} API (Open Zaak, fake)",
            slug=f"{api}-fake",
            api_type=api_type,
            api_root=_openzaak_server.roots[api],
            auth_type=AuthTypes.zgw,
            client_id=CLIENT_ID,
            secret=SECRET,
            user_id="loket",
            user_representation="Loket",
            timeout=10,
        )
    yield _openzaak_server
    assert not _openzaak_server.violations, "\n".join(_openzaak_server.violations)


@pytest.fixture
def send_machtigen(bezwaar, openzaak, send_bezwaar, monkeypatch):
    def send(context=CONTEXTS["digid-machtigen"]) -> Submission:
        options = zgw_options(zaak_registreren=True, machtiging="openzaak")
        FormRegistration.objects.create(form=bezwaar, backend="zgw", options=options)
        start = flow.start

        def start_logged_in(client, slug):
            # As after a login: the context on the submission and in the citizen's session, which
            # the citizen view checks on every step.
            submission = start(client, slug)
            Submission.objects.filter(pk=submission.pk).update(auth_context=context)
            session = client.session
            session[SESSION_KEY] = context
            session.save()
            return submission

        monkeypatch.setattr(flow, "start", start_logged_in)
        return send_bezwaar()

    return send


def test_one_call_makes_the_zaak_with_rollen_status_and_document_link(openzaak, send_machtigen):
    submission = send_machtigen()
    run_due_jobs()

    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.REGISTERED, record.last_error
    assert openzaak.posts(r"/zaken/api/v1/zaak_registreren") == 1
    assert openzaak.posts(ONE_BY_ONE) == 0
    [zaak] = openzaak.created("zaken")
    [document] = openzaak.created("enkelvoudiginformatieobjecten")
    [link] = openzaak.created("zaakinformatieobjecten")
    assert (link["zaak"], link["informatieobject"]) == (zaak["url"], document["url"])
    assert zaak["status"] == openzaak.created("statussen")[0]["url"]
    rollen = {rol["indicatieMachtiging"]: rol for rol in openzaak.created("rollen")}
    assert rollen["gemachtigde"]["betrokkeneIdentificatie"] == {"inpBsn": GEMACHTIGDE_BSN}
    assert rollen["gemachtigde"]["omschrijvingGeneriek"] == "initiator"
    assert rollen["machtiginggever"]["betrokkeneIdentificatie"] == {"inpBsn": MACHTIGINGGEVER_BSN}
    assert {"zaak", "rol_initiator", "rol_belanghebbende", "status", "zaakinformatieobject_ontvangstbewijs"} <= set(
        record.results
    )

    calls = len(openzaak.calls)
    service.register_again([submission])
    run_due_jobs()
    assert len(openzaak.calls) == calls  # everything stored: nothing asked again


def test_killed_right_after_the_call_the_retry_finds_the_zaak_and_makes_nothing_twice(
    openzaak, send_machtigen, monkeypatch, clock
):
    submission = send_machtigen()
    _kill_before_storing(monkeypatch, "zaak")
    with pytest.raises(Killed):
        run_due_jobs()
    clock.shift(jobs.LEASE.total_seconds() + 1)
    run_due_jobs()
    clock.move_to(Job.objects.get(submission=submission, kind="registration").next_attempt_at)
    run_due_jobs()

    assert RegistrationRecord.objects.get(submission=submission).status == RegistrationRecord.Status.REGISTERED
    for resource, count in (("zaken", 1), ("rollen", 2), ("statussen", 1), ("zaakinformatieobjecten", 1)):
        assert len(openzaak.store.all(resource)) == count, resource
    assert len(openzaak.store.all("enkelvoudiginformatieobjecten")) == 1


def test_a_refused_part_leaves_no_half_zaak(openzaak, send_machtigen):
    context = copy.deepcopy(CONTEXTS["bewindvoering"])
    del context["mandate"]["services"][0]["uuid"]  # Open Zaak refuses this authenticatieContext
    submission = send_machtigen(context)
    run_due_jobs()
    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.FAILED
    assert "zaak_registreren" in record.last_error and "authenticatieContext" in record.last_error
    assert not openzaak.store.all("zaken") and not openzaak.store.all("rollen")
    # Open Zaak's own OpenAPI file already refuses it (eHerkenning services need a uuid): expected here.
    assert [violation for violation in openzaak.violations if "uuid" not in violation] == []
    openzaak.violations.clear()
