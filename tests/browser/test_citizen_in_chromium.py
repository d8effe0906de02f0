"""A citizen in a real browser: the bezwaarschrift from start to receipt, errors, small screens."""

import json
import re
from pathlib import Path

import pytest

from builder import service as builder_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO = Path(__file__).resolve().parents[2] / "demo" / "forms" / "bezwaar.json"


@pytest.fixture
def bezwaar_url(live_server):
    builder_service.import_definition(json.loads(DEMO.read_text()), publish_it=True)
    return f"{live_server.url}/formulieren/bezwaar/"


def test_a_citizen_completes_a_bezwaarschrift(page, bezwaar_url):
    page.goto(bezwaar_url)
    page.get_by_role("button", name="Start het formulier").click()

    page.get_by_label("Naam", exact=True).fill("Jan Jansen")
    page.get_by_label("Straat en huisnummer").fill("Dorpsstraat 1")
    page.get_by_label("Postcode").fill("1234ab")
    page.get_by_label("Woonplaats").fill("Voorbeeld")
    page.get_by_label("E-mailadres").fill("jan@example.nl")
    page.get_by_role("button", name="Volgende").click()

    page.get_by_label("Datum van het besluit").fill("2026-01-09")
    page.get_by_label("Waar gaat het besluit over?").fill("Parkeervergunning")
    page.get_by_role("button", name="Volgende").click()

    page.get_by_label("Waarom bent u het niet eens met het besluit?").fill("De regels zijn verkeerd toegepast.")
    page.get_by_label("Nee, dat hoeft niet").check()
    page.get_by_role("button", name="Volgende").click()

    assert page.get_by_role("heading", name="Controleer uw gegevens").is_visible()
    assert page.get_by_text("1234 AB").is_visible()
    assert page.get_by_text("09-01-2026").is_visible()
    page.get_by_role("button", name="Verzenden").click()
    assert page.get_by_role("alert").get_by_text("Vink de verklaring aan").is_visible()

    page.get_by_label(re.compile("Ik verklaar")).check()
    page.get_by_role("button", name="Verzenden").click()

    assert page.get_by_role("heading", name="Wij hebben uw formulier ontvangen").is_visible()
    reference = page.locator(".loket-reference").inner_text()
    assert re.fullmatch(r"BZW-\d{4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{6}", reference)
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2} \((CET|CEST)\)", page.locator("time").inner_text())


def test_the_error_summary_takes_focus_and_its_links_focus_the_field(page, bezwaar_url):
    page.goto(bezwaar_url)
    page.get_by_role("button", name="Start het formulier").click()
    page.get_by_role("button", name="Volgende").click()

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Fout:")

    summary.get_by_role("link", name="Vul ‘Postcode’ in.").click()
    assert page.evaluate("document.activeElement.id") == "field-adres-postcode"


def test_pages_fit_a_320_pixel_wide_screen(page, bezwaar_url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(bezwaar_url)
    page.get_by_role("button", name="Start het formulier").click()
    page.get_by_role("button", name="Volgende").click()  # the error state is the widest page

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
