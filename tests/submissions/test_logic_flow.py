"""Form logic in the citizen flow: evaluate the rules, drop hidden values, skip steps, then validate.

Hidden answers appear nowhere: not on the overview, not in the receipt's proof
document, not in what a registration backend gets.
"""

import json

import pytest

from builder.service import import_definition
from registrations.models import RegistrationRecord
from registrations.run import RegistrationRun
from submissions.models import Submission
from tests import definitions
from tests.flow import fill, overview_url, start, step_url, submit
from tests.html import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(db):
    form, _ = import_definition(definitions.parkeren(), publish_it=True)
    return form


def field_names(response) -> dict[str, bool]:
    """Every field on the page: name -> visible (not inside an element with ``hidden``)."""
    found = {}
    for element in page(response).iter():
        name = element.get("name")
        if element.tag not in ("input", "textarea") or not name or name == "csrfmiddlewaretoken":
            continue
        hidden, parent = False, element
        while parent is not None:
            hidden = hidden or "hidden" in parent.attrs
            parent = parent.parent
        found[name] = not hidden
    return found


def test_a_field_appears_after_volgende_without_javascript_and_nothing_typed_is_lost(citizen, form):
    submission = start(citizen, form.slug)
    first = citizen.get(step_url(submission, "melding"))
    assert field_names(first)["kenteken"] is False
    assert page(first).by_id("loket-logic")["type"] == "application/json"

    response = citizen.post(step_url(submission, "melding"), {"onderwerp": "Auto op de stoep", "soort": "parkeren"})

    assert response.status_code == 400
    assert field_names(response)["kenteken"] is True
    assert "Vul ‘Kenteken’ in." in response.content.decode()
    html = page(response)
    assert html.find("input", name="onderwerp")["value"] == "Auto op de stoep"
    assert "checked" in html.find("input", name="soort", value="parkeren").attrs


def test_a_hidden_value_is_dropped_and_a_step_that_does_not_apply_is_skipped(citizen, form):
    submission = start(citizen, form.slug)
    response = citizen.post(
        step_url(submission, "melding"), {"onderwerp": "Vuilniszak", "soort": "afval", "kenteken": "AB-12-CD"}
    )
    assert response.status_code == 302
    assert response.url == step_url(submission, "contact")
    assert submission.steps.get(step_key="melding").data == {"onderwerp": "Vuilniszak", "soort": "afval"}


def test_hidden_answers_reach_neither_overview_nor_receipt_nor_registration(citizen, form):
    submission = start(citizen, form.slug)
    fill(
        citizen,
        submission,
        {
            "melding": {"onderwerp": "Auto op de stoep", "soort": "parkeren", "kenteken": "AB-12-CD"},
            "voertuig": {"merk": "Geheim Merk"},
            "contact": {"email": "melder@example.nl"},
        },
    )
    # The citizen changes their mind: not parking after all. Kenteken and the vehicle step no longer apply.
    response = citizen.post(
        step_url(submission, "melding", back_to_overview=True), {"onderwerp": "Vuilniszak", "soort": "afval"}
    )
    assert response.status_code == 302

    overview = citizen.get(overview_url(submission)).content.decode()
    assert "Geheim Merk" not in overview and "Het voertuig" not in overview and "AB-12-CD" not in overview

    assert submit(citizen, submission).status_code == 302
    received = Submission.objects.get(pk=submission.pk)
    assert received.is_received
    proof = json.loads(bytes(received.receipt_document))
    assert "Geheim Merk" not in json.dumps(proof) and "AB-12-CD" not in json.dumps(proof)
    record = RegistrationRecord(submission=received, options={})
    assert RegistrationRun(record, received).data == {
        "melding": {"onderwerp": "Vuilniszak", "soort": "afval"},
        "contact": {"email": "melder@example.nl"},
    }


def test_a_step_that_applies_must_be_answered_before_sending(citizen, form):
    submission = start(citizen, form.slug)
    fill(
        citizen,
        submission,
        {"melding": {"onderwerp": "Auto", "soort": "afval"}, "contact": {"email": "melder@example.nl"}},
    )
    citizen.post(
        step_url(submission, "melding", back_to_overview=True),
        {"onderwerp": "Auto", "soort": "parkeren", "kenteken": "XX-99-YY"},
    )
    response = submit(citizen, submission)
    assert response.status_code in (302, 400)
    assert not Submission.objects.get(pk=submission.pk).is_received
