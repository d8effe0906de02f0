"""A citizen who uses only the keyboard can send a bezwaarschrift (WCAG 2.1.1)."""

import re

import pytest

from .bezwaar import publish_demo_forms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, element_id: str, limit: int = 40) -> None:
    """Press Tab until ``element_id`` has focus; fail if it is not reachable that way."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"#{element_id} cannot be reached with Tab")


def tab_to_button(page, text: str, limit: int = 40) -> None:
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.textContent.trim()") == text:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"button {text!r} cannot be reached with Tab")


def type_into(page, element_id: str, text: str) -> None:
    tab_to(page, element_id)
    page.keyboard.type(text)


def test_the_whole_form_with_the_keyboard_only(page, live_server):
    publish_demo_forms()
    page.goto(f"{live_server.url}/formulieren/bezwaar/")

    tab_to_button(page, "Start het formulier")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/stap/indiener/"))
    type_into(page, "field-naam", "Jan Jansen")
    type_into(page, "field-adres-straat", "Dorpsstraat 1")
    type_into(page, "field-adres-postcode", "1234 AB")
    type_into(page, "field-adres-woonplaats", "Voorbeeld")
    type_into(page, "field-email", "jan@example.nl")
    page.keyboard.press("Enter")  # submits the form, as a person expects

    page.wait_for_url(re.compile("/stap/besluit/"))
    tab_to(page, "field-datum")
    page.keyboard.type("09012026")  # day, month, year: the order of a Dutch browser
    if page.input_value("#field-datum") != "2026-01-09":  # this headless browser orders month first
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.type("01092026")
    type_into(page, "field-onderwerp", "Parkeervergunning")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile("/stap/bezwaar/"))
    type_into(page, "field-gronden", "De regels zijn verkeerd toegepast.")
    tab_to(page, "field-horen-1")
    page.keyboard.press("Space")
    tab_to_button(page, "Volgende")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile("/controleren/"))
    assert page.get_by_text("09-01-2026", exact=True).is_visible()
    tab_to(page, "verklaring")
    page.keyboard.press("Space")
    tab_to_button(page, "Verzenden")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile("/bevestiging/"))
    assert page.get_by_role("heading", name="Wij hebben uw formulier ontvangen").is_visible()
