"""Every field kind end to end: how it is rendered, stored and shown on the overview."""

import pytest

from tests.definitions import ALL_KINDS_DATA, ALL_KINDS_POST
from tests.factories import FormFactory
from tests.flow import overview_url, start, step_url
from tests.html import page


@pytest.fixture
def submission(citizen, all_kinds_form):
    return start(citizen, all_kinds_form.slug)


def test_every_kind_is_rendered_with_its_own_control(citizen, submission):
    html = page(citizen.get(step_url(submission, "velden")))

    def control(name):
        element = html.by_id(f"field-{name}")
        return element.tag, element.get("type"), element.get("inputmode")

    assert control("naam") == ("input", "text", None)
    assert control("toelichting") == ("textarea", None, None)
    assert control("email") == ("input", "email", None)
    assert control("telefoon") == ("input", "tel", None)
    assert control("datum") == ("input", "date", None)
    assert control("bedrag") == ("input", "text", "decimal")
    assert control("aantal") == ("input", "text", "numeric")
    assert control("gemeente") == ("select", None, None)
    assert control("contact") == ("fieldset", None, None)
    assert control("onderwerpen") == ("fieldset", None, None)
    assert control("akkoord") == ("input", "checkbox", None)
    assert control("bsn") == ("input", "text", "numeric")
    assert control("postcode") == ("input", "text", None)
    assert control("iban") == ("input", "text", None)
    assert control("adres") == ("fieldset", None, None)
    assert control("adres-huisnummer") == ("input", "text", "numeric")
    assert html.by_id("field-toelichting")["rows"] == "4"
    assert html.by_id("field-naam")["maxlength"] == "50"
    assert html.by_id("field-naam")["autocomplete"] == "name"
    assert [(o["value"], o.text) for o in html.by_id("field-gemeente").find_all("option")] == [
        ("", "Maak een keuze"),
        ("utrecht", "Utrecht"),
        ("zwolle", "Zwolle"),
    ]
    radios = html.by_id("field-contact").find_all("input")
    assert [(r["type"], r["name"], r["value"]) for r in radios] == [
        ("radio", "contact", "email"),
        ("radio", "contact", "post"),
    ]
    assert html.by_id("field-contact").find("legend").text == "Contact"
    boxes = html.by_id("field-onderwerpen").find_all("input")
    assert [(b["type"], b["name"], b["value"]) for b in boxes] == [
        ("checkbox", "onderwerpen", "afval"),
        ("checkbox", "onderwerpen", "groen"),
        ("checkbox", "onderwerpen", "verkeer"),
    ]
    assert html.by_id("field-adres").find("legend").text == "Adres"
    assert html.by_id("field-adres-straat")["name"] == "adres.straat"
    content = html.find(class_="loket-content-block")
    assert [p.text for p in content.find_all("p")] == ["Vul alle velden in.", "Dit is de tweede alinea."]


def test_every_label_points_at_its_control_and_optional_fields_say_so(citizen, submission):
    html = page(citizen.get(step_url(submission, "velden")))

    labels = {label["for"]: label.text for label in html.find_all("label", class_="utrecht-form-label")}
    assert labels["field-naam"] == "Naam"
    assert labels["field-telefoon"] == "Telefoonnummer (niet verplicht)"
    assert labels["field-toelichting"] == "Toelichting (niet verplicht)"
    assert labels["field-adres-straat"] == "Straat"
    for target in labels:
        html.by_id(target)
    assert html.by_id("field-naam")["aria-required"] == "true"
    assert "aria-required" not in html.by_id("field-telefoon").attrs


def test_posted_text_is_normalised_and_stored_as_json(citizen, submission):
    response = citizen.post(step_url(submission, "velden"), ALL_KINDS_POST)

    assert response.status_code == 302
    assert response.url == overview_url(submission)
    assert submission.steps.get(step_key="velden").data == ALL_KINDS_DATA


def test_optional_fields_left_empty_are_not_stored(citizen, submission):
    citizen.post(step_url(submission, "velden"), {**ALL_KINDS_POST, "toelichting": "  ", "telefoon": ""})

    data = submission.steps.get().data
    assert "toelichting" not in data
    assert "telefoon" not in data


def test_the_stored_answers_are_shown_back_in_the_form(citizen, submission):
    citizen.post(step_url(submission, "velden"), ALL_KINDS_POST)

    html = page(citizen.get(step_url(submission, "velden")))

    assert html.by_id("field-datum")["value"] == "2026-01-09"
    assert html.by_id("field-bedrag")["value"] == "12.5"
    assert html.by_id("field-postcode")["value"] == "1234 AB"
    assert html.by_id("field-iban")["value"] == "NL91ABNA0417164300"
    assert html.by_id("field-adres-huisnummer")["value"] == "12"
    assert html.by_id("field-toelichting").raw_text == "Regel een\nRegel twee"
    assert [i["value"] for i in html.by_id("field-onderwerpen").find_all("input", checked=True)] == ["afval", "verkeer"]
    assert "checked" in html.by_id("field-akkoord").attrs


def test_the_overview_shows_every_kind_for_people(citizen, submission):
    citizen.post(step_url(submission, "velden"), {**ALL_KINDS_POST, "telefoon": ""})

    response = citizen.get(overview_url(submission))

    rows = [(row.find("dt").text, row.find("dd").text) for row in page(response).find("dl").find_all("div")]
    assert rows == [
        ("Naam", "Jan Jansen"),
        ("Toelichting", "Regel een Regel twee"),
        ("E-mailadres", "jan@example.nl"),
        ("Telefoonnummer", "Niet ingevuld"),
        ("Datum", "09-01-2026"),
        ("Bedrag", "12,5"),
        ("Aantal", "3"),
        ("Gemeente", "Zwolle"),
        ("Contact", "Per post"),
        ("Onderwerpen", "Afval, Verkeer"),
        ("Ik ga akkoord", "Ja"),
        ("BSN", "*****2333"),
        ("Postcode", "1234 AB"),
        ("IBAN", "NL91 ABNA 0417 1643 00"),
        ("Adres", ""),
        ("Straat", "Dorpsstraat"),
        ("Huisnummer", "12"),
    ]
    # The whole BSN is never shown back.
    assert "111222333" not in response.content.decode()


def test_an_unticked_optional_checkbox_is_stored_as_no(citizen, all_kinds_form):
    definition = all_kinds_form.draft
    definition["steps"][0]["schema"]["properties"]["akkoord"] = {"type": "boolean"}
    definition["steps"][0]["schema"]["required"].remove("akkoord")
    form = FormFactory(definition={**definition, "slug": "zonder-akkoord"}, published=True)
    submission = start(citizen, form.slug)

    citizen.post(step_url(submission, "velden"), {**ALL_KINDS_POST, "akkoord": ""})

    assert submission.steps.get().data["akkoord"] is False
