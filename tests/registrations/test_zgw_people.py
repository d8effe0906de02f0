"""The people on the zaak come from the submission's authentication context.

Each context is built from the shared examples (and checked against the
authentication-context schema first), the bezwaarschrift is sent and
registered against the fake ZGW APIs, and the zaak's rollen are read back from
the fake: who is initiator, who is belanghebbende, with which BSN or KvK number
and which ``indicatieMachtiging``. A swapped BSN is the likeliest bug, so every
variant names both numbers.
"""

import copy
import json

import pytest
from jsonschema import Draft202012Validator

from machtigen.session import SESSION_KEY
from registrations.contrib.zgw.people import plan_rollen
from registrations.models import RegistrationRecord
from submissions.models import Submission

from .conftest import run_due_jobs, zgw_options
from .fake_zgw import specs_dir

SCHEMAS = specs_dir().parent / "schemas"
GEMACHTIGDE_BSN, MACHTIGINGGEVER_BSN = "999995224", "999991607"
BEWINDVOERDER_KVK = "12345678"


def example(name: str, **changes) -> dict:
    context = json.loads((SCHEMAS / "examples" / f"{name}.json").read_text())
    context = copy.deepcopy(context)
    if "role" in changes:
        context["mandate"]["role"] = changes["role"]
    Draft202012Validator(json.loads((SCHEMAS / "openforms-auth-context.schema.json").read_text())).validate(context)
    return context


CONTEXTS = {
    "digid": example("digid"),
    "digid-machtigen": example("digid-machtigen"),
    "bewindvoering": example("eherkenning-bewindvoering"),
    "curatele": example("eherkenning-bewindvoering", role="curator"),
    "mentorschap": example("eherkenning-bewindvoering", role="mentor"),
    "eherkenning": example("eherkenning"),
    "eherkenning-vestiging": example("eherkenning-branch"),
}

KVK = {"innNnpId": BEWINDVOERDER_KVK, "kvkNummer": BEWINDVOERDER_KVK}
# variant -> convention -> [(generic role, betrokkeneType, identification, indicatieMachtiging)], initiator first
EXPECTED = {
    "digid": {
        "vng": [("initiator", "natuurlijk_persoon", {"inpBsn": "999991607"}, "")],
        "openzaak": [("initiator", "natuurlijk_persoon", {"inpBsn": "999991607"}, "")],
    },
    "digid-machtigen": {
        "vng": [
            ("initiator", "natuurlijk_persoon", {"inpBsn": MACHTIGINGGEVER_BSN}, "machtiginggever"),
            ("belanghebbende", "natuurlijk_persoon", {"inpBsn": GEMACHTIGDE_BSN}, "gemachtigde"),
        ],
        "openzaak": [
            ("initiator", "natuurlijk_persoon", {"inpBsn": GEMACHTIGDE_BSN}, "gemachtigde"),
            ("belanghebbende", "natuurlijk_persoon", {"inpBsn": MACHTIGINGGEVER_BSN}, "machtiginggever"),
        ],
    },
    **{
        variant: {
            "vng": [
                ("initiator", "natuurlijk_persoon", {"inpBsn": MACHTIGINGGEVER_BSN}, "machtiginggever"),
                ("belanghebbende", "niet_natuurlijk_persoon", KVK, "gemachtigde"),
            ],
            "openzaak": [
                ("initiator", "niet_natuurlijk_persoon", KVK, "gemachtigde"),
                ("belanghebbende", "natuurlijk_persoon", {"inpBsn": MACHTIGINGGEVER_BSN}, "machtiginggever"),
            ],
        }
        for variant in ("bewindvoering", "curatele", "mentorschap")
    },
    "eherkenning": {
        convention: [("initiator", "niet_natuurlijk_persoon", {"innNnpId": "90002768", "kvkNummer": "90002768"}, "")]
        for convention in ("vng", "openzaak")
    },
    "eherkenning-vestiging": {
        convention: [("initiator", "vestiging", {"vestigingsNummer": "123456789012", "kvkNummer": "90002768"}, "")]
        for convention in ("vng", "openzaak")
    },
}
ROLE = {"bewindvoering": "bewindvoerder", "curatele": "curator", "mentorschap": "mentor"}


@pytest.fixture
def send_as(zgw_bezwaar, citizen, send_bezwaar, monkeypatch):
    """Send the bezwaarschrift with ``context`` as the submission's authentication context."""
    from tests import flow

    def send(context: dict, convention: str) -> Submission:
        zgw_bezwaar.registrations.update(options=zgw_options(machtiging=convention))
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


def _rollen(zgw) -> list[tuple]:
    rollen = sorted(zgw.created("rollen"), key=lambda rol: rol["omschrijvingGeneriek"] != "initiator")
    return [
        (rol["omschrijvingGeneriek"], rol["betrokkeneType"], rol["betrokkeneIdentificatie"], rol["indicatieMachtiging"])
        for rol in rollen
    ]


@pytest.mark.parametrize("convention", ["vng", "openzaak"])
@pytest.mark.parametrize("variant", ["digid", "digid-machtigen", "bewindvoering", "curatele", "mentorschap"])
def test_the_zaak_gets_the_right_people(variant, convention, zgw, send_as):
    submission = send_as(CONTEXTS[variant], convention)
    run_due_jobs()

    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.REGISTERED, record.last_error
    assert _rollen(zgw) == EXPECTED[variant][convention]
    initiator, *others = sorted(zgw.created("rollen"), key=lambda rol: rol["omschrijvingGeneriek"] != "initiator")
    assert all(submission.public_reference in rol["roltoelichting"] for rol in [initiator, *others])
    assert all("authenticatieContext" not in rol for rol in others)  # only the initiator carries it
    if convention == "vng":
        assert "authenticatieContext" not in initiator
        return
    context = initiator["authenticatieContext"]
    assert (context["source"], context["levelOfAssurance"]) == (
        CONTEXTS[variant]["source"],
        CONTEXTS[variant]["levelOfAssurance"],
    )
    if variant == "digid":
        assert "representee" not in context
    else:
        assert context["representee"] == {"identifierType": "bsn", "identifier": MACHTIGINGGEVER_BSN}
        assert context["mandate"].get("role") == ROLE.get(variant)
    if CONTEXTS[variant]["source"] == "eherkenning":
        assert context["actingSubject"] == "4B75A0EA107B3D36"


def test_the_contact_details_go_to_whoever_filled_in_the_form(zgw, send_as):
    submission = send_as(CONTEXTS["digid-machtigen"], "vng")
    run_due_jobs()
    assert RegistrationRecord.objects.get(submission=submission).status == RegistrationRecord.Status.REGISTERED
    by_indication = {rol["indicatieMachtiging"]: rol for rol in zgw.created("rollen")}
    assert by_indication["gemachtigde"]["contactpersoonRol"]["emailadres"] == "jan@example.nl"
    assert "contactpersoonRol" not in by_indication["machtiginggever"]
    # With a BSN the zaaksysteem knows the person: names typed in the form are not put on the rol.
    assert by_indication["machtiginggever"]["betrokkeneIdentificatie"] == {"inpBsn": MACHTIGINGGEVER_BSN}


@pytest.mark.parametrize("convention", ["vng", "openzaak"])
@pytest.mark.parametrize("variant", sorted(EXPECTED))
def test_every_variant_plans_the_right_rollen(variant, convention):
    plans = plan_rollen(CONTEXTS[variant], "LKT-1", convention)
    assert [
        (plan.generiek, plan.person.betrokkene_type, plan.person.identificatie, plan.indicatie_machtiging)
        for plan in plans
    ] == EXPECTED[variant][convention]


def test_eidas_cannot_go_on_a_zaak_and_says_so():
    with pytest.raises(ValueError, match="opaque"):
        plan_rollen(example("eidas-natural-person"), "LKT-1")


def test_a_context_the_server_refuses_is_a_clear_error_on_the_record(zgw, send_as):
    context = copy.deepcopy(CONTEXTS["bewindvoering"])
    del context["mandate"]["services"][0]["uuid"]  # Open Zaak demands a service uuid for eHerkenning
    submission = send_as(context, "openzaak")
    run_due_jobs()
    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.FAILED
    assert "authenticatieContext" in record.last_error and "uuid" in record.last_error
    assert not zgw.store.all("rollen")


def test_a_pseudonymised_context_is_never_sent_as_a_bsn(zgw, send_as):
    """As for a backend added after the others registered (and the identifiers were hashed)."""
    from submissions import authentication

    submission = send_as(CONTEXTS["digid"], "vng")
    assert authentication.pseudonymise(submission.pk)
    run_due_jobs()
    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.FAILED and "gepseudonimiseerd" in record.last_error
    assert not zgw.store.all("rollen")
