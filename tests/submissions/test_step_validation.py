"""What a citizen sees when a step is not right yet: Dutch messages, an error summary, their input kept."""

import pytest

from tests.definitions import ALL_KINDS_POST
from tests.flow import BEZWAAR_ANSWERS, overview_url, start, step_url
from tests.html import error_summary, page


@pytest.fixture
def velden(citizen, all_kinds_form) -> str:
    """The URL of the all-kinds step of a submission the citizen just started."""
    return step_url(start(citizen, all_kinds_form.slug), "velden")


def test_empty_step_lists_every_required_field_in_page_order(citizen, velden):
    response = citizen.post(velden, {})

    assert response.status_code == 400
    assert error_summary(response) == [
        ("#field-naam", "Vul ‘Naam’ in."),
        ("#field-email", "Vul ‘E-mailadres’ in."),
        ("#field-datum", "Vul ‘Datum’ in."),
        ("#field-bedrag", "Vul ‘Bedrag’ in."),
        ("#field-aantal", "Vul ‘Aantal’ in."),
        ("#field-gemeente", "Kies een antwoord bij ‘Gemeente’."),
        ("#field-contact", "Kies een antwoord bij ‘Contact’."),
        ("#field-onderwerpen", "Kies een antwoord bij ‘Onderwerpen’."),
        ("#field-akkoord", "Vink ‘Ik ga akkoord’ aan."),
        ("#field-bsn", "Vul ‘BSN’ in."),
        ("#field-postcode", "Vul ‘Postcode’ in."),
        ("#field-iban", "Vul ‘IBAN’ in."),
        ("#field-adres-straat", "Vul ‘Straat’ in."),
        ("#field-adres-huisnummer", "Vul ‘Huisnummer’ in."),
    ]


def test_error_summary_sits_at_the_top_and_every_link_points_at_its_field(citizen, velden):
    response = citizen.post(velden, {})

    html = page(response)
    summary = html.find(class_="loket-error-summary")
    assert summary["role"] == "alert"
    assert summary.find("h2").text == "Er zijn 14 fouten gevonden"
    main = html.find("main")
    ordered = list(main.iter())
    assert ordered.index(summary) < ordered.index(html.find("h1")) < ordered.index(main.find("form"))
    for href, _ in error_summary(response):
        assert html.by_id(href.removeprefix("#"))
    assert html.find("title").text.startswith("Fout: Velden")


def test_bezwaar_first_step_empty(bezwaar, citizen):
    submission = start(citizen, "bezwaar")

    response = citizen.post(step_url(submission, "indiener"), {})

    assert response.status_code == 400
    assert error_summary(response) == [
        ("#field-naam", "Vul ‘Naam’ in."),
        ("#field-adres-straat", "Vul ‘Straat en huisnummer’ in."),
        ("#field-adres-postcode", "Vul ‘Postcode’ in."),
        ("#field-adres-woonplaats", "Vul ‘Woonplaats’ in."),
        ("#field-email", "Vul ‘E-mailadres’ in."),
    ]
    assert not submission.steps.exists()


def test_a_single_error_is_counted_in_the_singular(citizen, velden):
    response = citizen.post(velden, {**ALL_KINDS_POST, "naam": ""})

    assert page(response).find(class_="loket-error-summary").find("h2").text == "Er is 1 fout gevonden"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "jan@", "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        ("email", "jan at example.nl", "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        ("telefoon", "12345", "Vul een geldig telefoonnummer in, zoals 020 123 4567 of +31 6 12345678."),
        ("telefoon", "bel me", "Vul een geldig telefoonnummer in, zoals 020 123 4567 of +31 6 12345678."),
        ("datum", "31-2-2026", "Vul een bestaande datum in, zoals 20-02-2026."),
        ("datum", "2026-13-01", "Vul een bestaande datum in, zoals 20-02-2026."),
        ("datum", "morgen", "Vul een bestaande datum in, zoals 20-02-2026."),
        ("bedrag", "twaalf", "Vul bij ‘Bedrag’ een getal in, zoals 12."),
        ("bedrag", "NaN", "Vul bij ‘Bedrag’ een getal in, zoals 12."),
        ("bedrag", "-1", "‘Bedrag’ moet 0 of meer zijn."),
        ("bedrag", "1e5000", "Vul bij ‘Bedrag’ een getal in, zoals 12."),
        ("aantal", "2,5", "Vul bij ‘Aantal’ een heel getal in, zoals 12."),
        ("aantal", "twaalf", "Vul bij ‘Aantal’ een heel getal in, zoals 12."),
        ("aantal", "11", "‘Aantal’ moet 10 of minder zijn."),
        ("aantal", "0", "‘Aantal’ moet 1 of meer zijn."),
        ("bsn", "123456789", "Vul een geldig burgerservicenummer (BSN) in: 9 cijfers."),  # fails the 11-proef
        ("bsn", "11122233A", "Vul een geldig burgerservicenummer (BSN) in: 9 cijfers."),
        ("postcode", "123 AB", "Vul een geldige postcode in, zoals 1234 AB."),
        ("postcode", "0123 AB", "Vul een geldige postcode in, zoals 1234 AB."),
        ("iban", "NL91ABNA0417164301", "Vul een geldig IBAN-rekeningnummer in, zoals NL91 ABNA 0417 1643 00."),
        ("gemeente", "amsterdam", "Kies een van de mogelijkheden bij ‘Gemeente’."),
        ("contact", "fax", "Kies een van de mogelijkheden bij ‘Contact’."),
        ("onderwerpen", ["afval", "sport"], "Kies een van de mogelijkheden bij ‘Onderwerpen’."),
        ("naam", "x" * 51, "‘Naam’ mag hoogstens 50 tekens lang zijn; u heeft er nu 51."),
        ("adres.huisnummer", "0", "‘Huisnummer’ moet 1 of meer zijn."),
    ],
)
def test_invalid_answer_gets_a_dutch_message_at_the_field(citizen, velden, field, value, message):
    response = citizen.post(velden, {**ALL_KINDS_POST, field: value})

    assert response.status_code == 400
    anchor = "field-" + field.replace(".", "-")
    assert error_summary(response) == [(f"#{anchor}", message)]
    inline = page(response).by_id(f"{anchor}-error")
    assert inline.text == f"Fout: {message}"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "jan@", "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
        ("telefoon", "0612", "Vul een geldig telefoonnummer in, zoals 020 123 4567 of +31 6 12345678."),
        ("adres.postcode", "12345", "Vul een geldige postcode in, zoals 1234 AB."),
    ],
)
def test_invalid_answers_on_the_demo_form(bezwaar, citizen, field, value, message):
    submission = start(citizen, "bezwaar")

    response = citizen.post(step_url(submission, "indiener"), {**BEZWAAR_ANSWERS["indiener"], field: value})

    assert response.status_code == 400
    assert error_summary(response) == [("#field-" + field.replace(".", "-"), message)]


def test_inline_error_is_tied_to_the_input(citizen, velden):
    response = citizen.post(velden, {**ALL_KINDS_POST, "email": "jan@", "naam": ""})

    html = page(response)
    email = html.by_id("field-email")
    assert email["aria-invalid"] == "true"
    assert email["aria-describedby"].split() == ["field-email-help", "field-email-error"]
    assert html.by_id("field-email-help").text == "Voor de bevestiging."
    naam = html.by_id("field-naam")
    assert (naam["aria-invalid"], naam["aria-describedby"]) == ("true", "field-naam-error")
    assert html.by_id("field-naam-error").text == "Fout: Vul ‘Naam’ in."
    assert "aria-invalid" not in html.by_id("field-postcode").attrs


def test_radio_and_checkbox_groups_carry_their_error_on_the_fieldset(citizen, velden):
    response = citizen.post(velden, {**ALL_KINDS_POST, "contact": "", "onderwerpen": []})

    html = page(response)
    for name in ["contact", "onderwerpen"]:
        group = html.by_id(f"field-{name}")
        assert group.tag == "fieldset"
        assert group["aria-describedby"] == f"field-{name}-error"
        assert group.find(id=f"field-{name}-error")


def test_entered_values_are_shown_again_after_an_error(citizen, velden):
    response = citizen.post(velden, {**ALL_KINDS_POST, "email": "jan@"})

    html = page(response)
    assert html.by_id("field-email")["value"] == "jan@"
    assert html.by_id("field-naam")["value"] == "Jan Jansen"
    # As typed, not normalised: the citizen recognises their own input.
    assert html.by_id("field-postcode")["value"] == "1234ab"
    assert html.by_id("field-bedrag")["value"] == "12,50"
    assert html.by_id("field-adres-huisnummer")["value"] == "12"
    assert html.by_id("field-toelichting").raw_text == "Regel een\r\nRegel twee"
    assert [o["value"] for o in html.by_id("field-gemeente").find_all("option", selected=True)] == ["zwolle"]
    assert [i["value"] for i in html.by_id("field-contact").find_all("input", checked=True)] == ["post"]
    assert [i["value"] for i in html.by_id("field-onderwerpen").find_all("input", checked=True)] == ["afval", "verkeer"]
    assert "checked" in html.by_id("field-akkoord").attrs


def test_nothing_is_saved_while_the_step_has_errors(citizen, all_kinds_form):
    submission = start(citizen, all_kinds_form.slug)

    citizen.post(step_url(submission, "velden"), {**ALL_KINDS_POST, "iban": "NL00"})

    assert not submission.steps.exists()
    assert citizen.get(overview_url(submission)).url == step_url(submission, "velden")


def test_unknown_post_keys_are_ignored(citizen, all_kinds_form):
    submission = start(citizen, all_kinds_form.slug)

    response = citizen.post(
        step_url(submission, "velden"),
        {**ALL_KINDS_POST, "is_admin": "1", "adres": "overschreven", "adres.extra": "x", "uitleg": "tekst"},
    )

    assert response.status_code == 302
    data = submission.steps.get().data
    assert "is_admin" not in data
    assert "uitleg" not in data
    assert data["adres"] == {"straat": "Dorpsstraat", "huisnummer": 12}


def test_answers_are_escaped_on_the_overview(vraag, citizen):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    submission = start(citizen, "vraag-of-bericht")
    citizen.post(step_url(submission, "bericht"), {"onderwerp": attack, "bericht": f"regel\n{attack}"})
    citizen.post(step_url(submission, "contact"), {"naam": attack, "email": "a@example.nl", "antwoord": "post"})

    response = citizen.get(overview_url(submission))

    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert not page(response).find_all("img")
    assert page(response).text.count(attack) == 3


def test_an_invalid_step_is_escaped_when_shown_again(vraag, citizen):
    submission = start(citizen, "vraag-of-bericht")

    response = citizen.post(step_url(submission, "bericht"), {"onderwerp": '"><script>alert(1)</script>'})

    assert response.status_code == 400
    assert "<script>alert(1)" not in response.content.decode()
    assert page(response).by_id("field-onderwerp")["value"] == '"><script>alert(1)</script>'
