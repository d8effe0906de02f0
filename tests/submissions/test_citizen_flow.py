"""The whole citizen journey through both demo forms, as a browser sees it."""

import json
import re

import pytest

from builder.models import Form
from builder.text import localize
from submissions.models import Submission
from submissions.receipt_time import format_moment
from tests.conftest import DEMO_FORMS
from tests.flow import (
    BEZWAAR_ANSWERS,
    VRAAG_ANSWERS,
    confirmation_url,
    fill,
    overview_url,
    start,
    start_url,
    step_url,
    submit,
)
from tests.html import error_summary, page

REFERENCE_SUFFIX = "-[23456789ABCDEFGHJKMNPQRSTWXYZ]{6}$"
MOMENT = r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2} \(CES?T\)$"


def overview_sections(response) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(step title, 'Wijzig' href, [(label, value), ...]) per section of the overview."""
    sections = []
    for section in page(response).find_all("section", class_="loket-summary"):
        rows = [(div.find("dt").text, div.find("dd").text) for div in section.find("dl").find_all("div")]
        sections.append((section.find("h2").text, section.find("a")["href"], rows))
    return sections


@pytest.mark.parametrize("slug", ["bezwaar", "vraag-of-bericht"])
def test_start_page_tells_what_to_expect(import_demo, citizen, slug):
    import_demo(slug)
    settings = json.loads((DEMO_FORMS / f"{slug}.json").read_text())["settings"]

    response = citizen.get(start_url(slug))

    assert response.status_code == 200
    html = page(response)
    text = html.find("main").text
    for paragraph in localize(settings["introduction"], "nl").split("\n\n"):
        assert paragraph in text
    assert [item.text for item in html.find("main").find("ul").find_all("li")] == [
        localize(requirement, "nl") for requirement in settings["requirements"]
    ]
    for heading, setting in [("Hoe lang duurt het?", "duration"), ("Liever niet online?", "paper_alternative")]:
        assert heading in text
        assert localize(settings[setting], "nl") in text
    assert html.find("main").find("button", type="submit").text == "Start het formulier"


def test_start_page_of_bezwaar_in_plain_words(bezwaar, citizen):
    text = page(citizen.get(start_url("bezwaar"))).find("main").text

    assert "Bezwaar maken tegen een besluit" in text
    assert "Dat doet u binnen 6 weken na de datum die op het besluit staat." in text
    assert "Wat heeft u nodig? Het besluit waartegen u bezwaar maakt" in text
    assert "Hoe lang duurt het? Ongeveer 15 minuten." in text
    assert "Postbus 1234, 1000 AB Voorbeeld" in text


def test_index_lists_the_published_forms(bezwaar, vraag, citizen):
    links = page(citizen.get("/")).find("main").find_all("a")

    assert [(a.text, a["href"]) for a in links] == [
        ("Bezwaar maken tegen een besluit", start_url("bezwaar")),
        ("Vraag of bericht aan de gemeente", start_url("vraag-of-bericht")),
    ]


def test_starting_creates_a_submission_on_the_live_version_and_opens_step_one(bezwaar, citizen):
    response = citizen.post(start_url("bezwaar"))

    submission = Submission.objects.get()
    assert response.url == step_url(submission, "indiener")
    assert submission.form_version == bezwaar.live_version
    assert submission.status == Submission.Status.IN_PROGRESS
    step_page = page(citizen.get(response.url))
    assert step_page.find("h1").text == "Uw gegevens"
    assert "stap 1 van 3" in step_page.find(class_="loket-progress").text


def test_bezwaar_from_start_to_receipt(bezwaar, citizen):
    submission = start(citizen, "bezwaar")

    # Each step, once accepted, leads to the next; the last one to the overview.
    targets = [step_url(submission, "besluit"), step_url(submission, "bezwaar"), overview_url(submission)]
    for (step_key, answers), target in zip(BEZWAAR_ANSWERS.items(), targets, strict=True):
        assert citizen.get(step_url(submission, step_key)).status_code == 200
        response = citizen.post(step_url(submission, step_key), answers)
        assert (response.status_code, response.url) == (302, target)

    response = citizen.get(overview_url(submission))
    assert response.status_code == 200
    assert overview_sections(response) == [
        (
            "Uw gegevens",
            step_url(submission, "indiener", back_to_overview=True),
            [
                ("Naam", "Jan Jansen"),
                ("Adres", ""),
                ("Straat en huisnummer", "Dorpsstraat 1"),
                ("Postcode", "1234 AB"),
                ("Woonplaats", "Voorbeeld"),
                ("E-mailadres", "jan@example.nl"),
                ("Telefoonnummer", "06 12345678"),
            ],
        ),
        (
            "Het besluit",
            step_url(submission, "besluit", back_to_overview=True),
            [
                ("Datum van het besluit", "09-01-2026"),
                ("Kenmerk van het besluit", "Z-2026-0042"),
                ("Waar gaat het besluit over?", "Afwijzing parkeervergunning"),
                ("Besluit (PDF)", "Geen bestand toegevoegd"),
            ],
        ),
        (
            "Uw bezwaar",
            step_url(submission, "bezwaar", back_to_overview=True),
            [
                ("Waarom bent u het niet eens met het besluit?", "Ik woon in de zone. Ik heb recht op een vergunning."),
                ("Bewijsstukken", "Geen bestand toegevoegd"),
                ("Wilt u uw bezwaar mondeling toelichten?", "Ja, ik wil mijn bezwaar toelichten"),
                ("Zijn er dagen of tijden waarop u niet kunt?", "Dinsdagmiddag"),
                ("Waarom maakt u later bezwaar?", "Niet ingevuld"),
            ],
        ),
    ]
    assert "Ik woon in de zone.<br>Ik heb recht" in response.content.decode()

    # Without the declaration nothing is sent.
    response = submit(citizen, submission, declaration=False)
    assert response.status_code == 400
    assert error_summary(response) == [("#verklaring", "Vink de verklaring aan om uw formulier te versturen.")]
    checkbox = page(response).by_id("verklaring")
    assert (checkbox["aria-invalid"], checkbox["aria-describedby"]) == ("true", "verklaring-error")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.IN_PROGRESS

    response = submit(citizen, submission)
    assert response.status_code == 302
    assert response.url == confirmation_url(submission)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.RECEIVED
    assert submission.declaration_accepted is True
    assert re.match(r"^BZW-\d{4}" + REFERENCE_SUFFIX, submission.public_reference)
    assert dict(submission.steps.values_list("step_key", "data")) == {
        "indiener": {
            "naam": "Jan Jansen",
            "adres": {"straat": "Dorpsstraat 1", "postcode": "1234 AB", "woonplaats": "Voorbeeld"},
            "email": "jan@example.nl",
            "telefoon": "06 12345678",
        },
        "besluit": {"datum": "2026-01-09", "kenmerk": "Z-2026-0042", "onderwerp": "Afwijzing parkeervergunning"},
        "bezwaar": {
            "gronden": "Ik woon in de zone.\nIk heb recht op een vergunning.",
            "horen": "ja",
            "niet_op": "Dinsdagmiddag",
        },
    }

    receipt = page(citizen.get(confirmation_url(submission)))
    rows = {div.find("dt").text: div.find("dd").text for div in receipt.find("dl").find_all("div")}
    assert rows["Kenmerk"] == submission.public_reference
    assert rows["Formulier"] == "Bezwaar maken tegen een besluit"
    assert re.match(MOMENT, rows["Ontvangen op"])
    assert rows["Ontvangen op"] == format_moment(submission.received_at)
    assert rows["Ontvangen door"] == "Gemeente Voorbeeld"
    assert "De bezwarencommissie bekijkt uw bezwaar." in receipt.text


def test_vraag_of_bericht_from_start_to_receipt_without_declaration(vraag, citizen):
    submission = start(citizen, "vraag-of-bericht")
    first = page(citizen.get(step_url(submission, "bericht")))
    assert "Zet geen burgerservicenummer" in first.find(class_="loket-content-block").text

    fill(citizen, submission, VRAAG_ANSWERS)

    overview = citizen.get(overview_url(submission))
    assert [(title, rows) for title, _, rows in overview_sections(overview)] == [
        (
            "Uw bericht",
            [("Onderwerp", "Afvalinzameling"), ("Uw vraag of bericht", VRAAG_ANSWERS["bericht"]["bericht"])],
        ),
        (
            "Uw contactgegevens",
            [
                ("Naam", "Fatima el Amrani"),
                ("E-mailadres", "fatima@example.nl"),
                ("Telefoonnummer", "Niet ingevuld"),
                ("Hoe wilt u antwoord krijgen?", "Per e-mail"),
            ],
        ),
    ]
    assert not page(overview).find_all(id="verklaring")

    response = submit(citizen, submission, declaration=False)

    assert response.url == confirmation_url(submission)
    submission.refresh_from_db()
    assert re.match(r"^VRB-\d{4}" + REFERENCE_SUFFIX, submission.public_reference)
    assert submission.declaration_accepted is False
    receipt = page(citizen.get(confirmation_url(submission)))
    assert submission.public_reference in receipt.find(class_="loket-reference").text
    assert receipt.find("time").text == format_moment(submission.received_at)


def test_wijzig_leads_to_the_step_and_back_to_the_overview(bezwaar, citizen):
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    _, edit_url, _ = overview_sections(citizen.get(overview_url(submission)))[1]

    step_page = page(citizen.get(edit_url))

    assert step_page.find("h1").text == "Het besluit"
    assert step_page.by_id("field-kenmerk")["value"] == "Z-2026-0042"
    assert step_page.by_id("field-datum")["value"] == "2026-01-09"
    assert step_page.find("a", class_="loket-back-link")["href"] == overview_url(submission)
    assert step_page.find("main").find("button", type="submit").text == "Opslaan en terug naar het overzicht"

    response = citizen.post(edit_url, {**BEZWAAR_ANSWERS["besluit"], "kenmerk": "Z-2026-0099"})

    assert response.url == overview_url(submission)
    _, _, rows = overview_sections(citizen.get(overview_url(submission)))[1]
    assert ("Kenmerk van het besluit", "Z-2026-0099") in rows


def test_wijzig_with_an_error_stays_on_the_step(bezwaar, citizen):
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)

    response = citizen.post(step_url(submission, "besluit", back_to_overview=True), {"onderwerp": "Iets"})

    assert response.status_code == 400
    assert error_summary(response) == [("#field-datum", "Vul ‘Datum van het besluit’ in.")]
    assert submission.steps.get(step_key="besluit").data["kenmerk"] == "Z-2026-0042"


def test_the_citizen_cannot_skip_ahead(bezwaar, citizen):
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, {"indiener": BEZWAAR_ANSWERS["indiener"]})

    assert citizen.get(step_url(submission, "bezwaar")).url == step_url(submission, "besluit")
    assert citizen.get(overview_url(submission)).url == step_url(submission, "besluit")
    assert citizen.get(confirmation_url(submission)).url == overview_url(submission)
    assert citizen.post(step_url(submission, "bezwaar"), BEZWAAR_ANSWERS["bezwaar"]).status_code == 302
    assert not submission.steps.filter(step_key="bezwaar").exists()


def test_going_back_shows_what_was_saved(bezwaar, citizen):
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, {"indiener": BEZWAAR_ANSWERS["indiener"]})

    besluit = page(citizen.get(step_url(submission, "besluit")))
    indiener = page(citizen.get(besluit.find("a", class_="loket-back-link")["href"]))

    assert indiener.by_id("field-naam")["value"] == "Jan Jansen"
    assert indiener.by_id("field-adres-postcode")["value"] == "1234 AB"


@pytest.mark.parametrize("change", [{"is_active": False}, {"live_version": None}], ids=["switched-off", "unpublished"])
def test_a_closed_form_cannot_be_started(bezwaar, citizen, change):
    Form.objects.filter(pk=bezwaar.pk).update(**change)

    response = citizen.get(start_url("bezwaar"))

    assert response.status_code == 404
    assert page(response).find("h1").text == "Dit formulier is niet beschikbaar"
    assert citizen.post(start_url("bezwaar")).status_code == 404
    assert not Submission.objects.exists()
