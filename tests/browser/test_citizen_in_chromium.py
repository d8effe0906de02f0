"""A citizen in a real browser: the bezwaarschrift from start to receipt, errors (small screens: test_small_screens)."""

import re

import pytest

from .bezwaar import fill_in_every_step, publish_demo_forms, sign_and_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bezwaar_url(live_server):
    publish_demo_forms()
    return f"{live_server.url}/formulieren/bezwaar/"


def test_a_citizen_completes_a_bezwaarschrift(page, bezwaar_url):
    page.goto(bezwaar_url)
    page.get_by_role("button", name="Start het formulier").click()

    fill_in_every_step(page)

    assert page.get_by_role("heading", name="Controleer uw gegevens").is_visible()
    assert page.get_by_text("1234 AB").is_visible()
    assert page.get_by_text("09-01-2026", exact=True).is_visible()
    page.get_by_role("button", name="Verzenden").click()
    assert page.get_by_role("alert").get_by_text("Vink de verklaring aan").is_visible()

    sign_and_send(page)

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
