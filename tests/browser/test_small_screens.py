"""Every citizen page fits a 320 px wide screen (WCAG 1.4.10 Reflow): nothing scrolls sideways."""

import pytest
from django.core import signing

from availability.models import Outage
from builder.models import Form
from tests.factories import SubmissionFactory

from .bezwaar import fill_in_every_step, publish_demo_forms, sign_and_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320


@pytest.fixture
def small_screen(page, live_server):
    publish_demo_forms()
    page.set_viewport_size({"width": WIDTH, "height": 640})
    widths: dict[str, int] = {}

    def measure(name: str, url: str | None = None) -> None:
        if url is not None:
            page.goto(f"{live_server.url}{url}")
        widths[name] = page.evaluate("document.documentElement.scrollWidth")

    measure.widths = widths
    return measure


def too_wide(widths: dict[str, int]) -> dict[str, int]:
    assert len(widths) > 1, "no pages were measured"
    return {name: width for name, width in widths.items() if width > WIDTH}


def test_every_page_up_to_the_overview_fits(page, small_screen):
    small_screen("index", "/")
    small_screen("start", "/formulieren/bezwaar/")
    page.get_by_role("button", name="Start het formulier").click()
    small_screen("first step")
    page.get_by_role("button", name="Volgende").click()
    small_screen("step with errors")
    fill_in_every_step(page)
    small_screen("overview")
    page.get_by_role("button", name="Verzenden").click()
    small_screen("overview with errors")
    small_screen("page not found", "/formulieren/bezwaar/bestaat-niet/")

    assert too_wide(small_screen.widths) == {}


def test_every_step_fits(page, small_screen):
    small_screen("start", "/formulieren/bezwaar/")
    page.get_by_role("button", name="Start het formulier").click()
    for number in (1, 2, 3):
        small_screen(f"step {number}")
        fill_one_step(page, number)

    assert too_wide(small_screen.widths) == {}


def fill_one_step(page, number: int) -> None:
    if number == 1:
        page.get_by_label("Naam", exact=True).fill("Jan Jansen")
        page.get_by_label("Straat en huisnummer").fill("Dorpsstraat 1")
        page.get_by_label("Postcode").fill("1234ab")
        page.get_by_label("Woonplaats").fill("Voorbeeld")
        page.get_by_label("E-mailadres").fill("jan@example.nl")
    elif number == 2:
        page.get_by_label("Datum van het besluit").fill("2026-01-09")
        page.get_by_label("Waar gaat het besluit over?").fill("Parkeervergunning")
    else:
        page.get_by_label("Waarom bent u het niet eens met het besluit?").fill("De regels zijn verkeerd toegepast.")
        page.get_by_label("Nee, dat hoeft niet").check()
    page.get_by_role("button", name="Volgende").click()


def test_the_pdf_pending_closed_form_and_outage_pages_fit(small_screen):
    received = SubmissionFactory(received=True)  # no receipt PDF yet: the waiting page
    token = signing.TimestampSigner(salt="loket.receipt-pdf").sign(str(received.uuid))
    small_screen("pdf pending", f"/ontvangstbevestiging/pdf/{token}/")
    Form.objects.filter(slug="vraag-of-bericht").update(is_active=False)
    small_screen("closed form", "/formulieren/vraag-of-bericht/")
    Outage.objects.create()
    small_screen("outage", "/formulieren/bezwaar/")

    assert too_wide(small_screen.widths) == {}


def test_the_confirmation_and_the_receipt_check_fit(page, small_screen):
    small_screen("start", "/formulieren/bezwaar/")
    page.get_by_role("button", name="Start het formulier").click()
    fill_in_every_step(page)
    sign_and_send(page)
    small_screen("confirmation")
    small_screen("receipt check", "/ontvangstbevestiging/controleren/")

    assert too_wide(small_screen.widths) == {}
