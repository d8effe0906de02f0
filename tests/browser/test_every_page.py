"""Every citizen page, in Dutch and in English: axe-core finds nothing, nothing is wider than a 320 px
screen, and screenshots at 320 and 1280 px are saved in var/screenshots/ (README, "Screenshots")."""

import os
from pathlib import Path

import pytest
from django.core import signing

from availability.models import Outage
from builder.models import Form
from tests.factories import SubmissionFactory

from .bezwaar import fill_in_every_step, publish_demo_forms, sign_and_send
from .test_accessibility import axe  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("LOKET_SCREENSHOTS", ROOT / "var" / "screenshots"))
SMALL, LARGE = 320, 1280


@pytest.fixture
def visit(page, axe, live_server):  # noqa: F811
    """Look at the current page (or go to ``url`` first): axe, width at 320 px, two screenshots."""
    publish_demo_forms()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found: list[str] = []

    def look(name: str, url: str | None = None) -> None:
        if url is not None:
            page.goto(f"{live_server.url}{url}")
        page.set_viewport_size({"width": LARGE, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"{name}-{LARGE}.png", full_page=True)
        page.set_viewport_size({"width": SMALL, "height": 640})
        page.screenshot(path=SCREENSHOTS / f"{name}-{SMALL}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > SMALL:
            found.append(f"{name}: {width} px wide at a {SMALL} px screen")
        found.extend(axe(name))

    look.found = found
    return look


def switch_language(page, to: str) -> None:
    page.get_by_role("button", name=to).click()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_whole_bezwaar_and_every_other_page(page, visit, language):
    visit(f"{language}-index", "/formulieren/")
    if language == "en":
        switch_language(page, "English")
        visit("en-index-switched")
    visit(f"{language}-start", "/formulieren/bezwaar/")
    page.locator("main button[type=submit]").first.click()
    visit(f"{language}-step-1")
    page.locator("main button[type=submit]").first.click()
    visit(f"{language}-step-1-errors")
    if language == "nl":
        fill_in_every_step(page)
        visit("nl-overview")
        page.get_by_role("button", name="Verzenden").click()
        visit("nl-overview-errors")
        sign_and_send(page)
        visit("nl-confirmation")
    visit(f"{language}-receipt-check", "/ontvangstbevestiging/controleren/")
    page.locator("main button[type=submit]").first.click()
    visit(f"{language}-receipt-check-errors")
    visit(f"{language}-not-found", "/formulieren/bezwaar/bestaat-niet/")

    assert visit.found == []


def test_the_steps_with_choices_the_pdf_page_and_the_closed_and_outage_pages(page, visit):
    visit("start", "/formulieren/bezwaar/")
    page.get_by_role("button", name="Start het formulier").click()
    page.get_by_label("Naam", exact=True).fill("Jan Jansen")
    page.get_by_label("Straat en huisnummer").fill("Dorpsstraat 1")
    page.get_by_label("Postcode").fill("1234ab")
    page.get_by_label("Woonplaats").fill("Voorbeeld")
    page.get_by_label("E-mailadres").fill("jan@example.nl")
    page.get_by_role("button", name="Volgende").click()
    visit("step-2")
    page.get_by_label("Datum van het besluit").fill("2026-01-09")
    page.get_by_label("Waar gaat het besluit over?").fill("Parkeervergunning")
    page.get_by_role("button", name="Volgende").click()
    visit("step-3-radio-group")
    page.get_by_role("button", name="Volgende").click()
    visit("step-3-errors")

    received = SubmissionFactory(received=True)  # no receipt PDF yet: the waiting page
    token = signing.TimestampSigner(salt="loket.receipt-pdf").sign(str(received.uuid))
    visit("pdf-pending", f"/ontvangstbevestiging/pdf/{token}/")
    Form.objects.filter(slug="vraag-of-bericht").update(is_active=False)
    visit("closed-form", "/formulieren/vraag-of-bericht/")
    Outage.objects.create()
    visit("outage", "/formulieren/bezwaar/")

    assert visit.found == []
