"""Later verder in Chromium: pause in one browser, continue in another; axe finds nothing on the way."""

import re

import pytest
from django.core import mail

from .bezwaar import publish_demo_forms
from .conftest import AXE, RULES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"\b([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\b")
LINK = re.compile(r"https?://[^\s/]+(/formulieren/bezwaar/verder/[^\s]+/)")


def test_a_code_continues_in_another_browser(page, axe, browser, live_server):
    publish_demo_forms()
    found = []
    page.goto(f"{live_server.url}/formulieren/vraag-of-bericht/")
    page.get_by_role("button", name="Start het formulier").click()
    page.get_by_label("Onderwerp").fill("Afvalinzameling")
    page.get_by_role("button", name="Later verder").click()
    found += axe("pause page, step not complete")
    page.get_by_role("button", name="Stuur mij een code").click()
    found += axe("pause page with error")
    page.get_by_label("Uw e-mailadres").fill("fatima@example.nl")
    page.get_by_role("button", name="Stuur mij een code").click()
    page.get_by_role("heading", name="Kijk in uw e-mail").wait_for()
    found += axe("mail sent")
    [message] = mail.outbox
    code = CODE.search(message.body).group(1)

    other = browser.new_context(locale="nl-NL").new_page()
    other.goto(f"{live_server.url}/formulieren/vraag-of-bericht/")
    found += axe_on(axe, other, "start page with the code form")
    other.get_by_label("Code uit de e-mail").fill("2222-2222-2222")
    other.get_by_role("button", name="Ga verder").click()
    found += axe_on(axe, other, "wrong code")
    other.get_by_label("Code uit de e-mail").fill(code.lower())
    other.get_by_role("button", name="Ga verder").click()
    other.get_by_role("heading", name="Uw bericht").wait_for()

    page.goto(f"{live_server.url}/formulieren/vraag-of-bericht/verder/")
    page.get_by_label("Code uit de e-mail").fill(code)
    page.get_by_role("button", name="Ga verder").click()
    page.get_by_role("heading", name="Deze code is al gebruikt").wait_for()
    found += axe("used code")
    assert found == []


def test_a_link_continues_in_another_browser(page, axe, browser, live_server):
    publish_demo_forms()
    found = []
    page.goto(f"{live_server.url}/formulieren/bezwaar/")
    page.get_by_role("button", name="Start het formulier").click()
    page.get_by_label("Naam", exact=True).fill("Jan Jansen")
    page.get_by_label("Straat en huisnummer").fill("Dorpsstraat 1")
    page.get_by_label("Postcode").fill("1234ab")
    page.get_by_label("Woonplaats").fill("Voorbeeld")
    page.get_by_label("E-mailadres").fill("jan@example.nl")
    page.get_by_role("button", name="Later verder").click()
    found += axe("pause page")
    page.get_by_role("button", name="Stuur mij een link").click()
    page.get_by_role("heading", name="Kijk in uw e-mail").wait_for()
    [message] = mail.outbox
    path = LINK.search(message.body).group(1)

    other = browser.new_context(locale="nl-NL").new_page()
    other.goto(live_server.url + path)
    found += axe_on(axe, other, "link page")
    other.get_by_role("button", name="Ga verder").click()
    other.get_by_role("heading", name="Het besluit").wait_for()
    assert other.get_by_label("Datum van het besluit").is_visible()

    page.goto(live_server.url + path)
    page.get_by_role("button", name="Ga verder").click()
    page.get_by_role("heading", name="Deze link is al gebruikt").wait_for()
    found += axe("used link")
    assert found == []


def axe_on(axe, other, name: str) -> list[str]:
    """The axe fixture checks its own tab; the second browser's tab is checked the same way here."""
    other.evaluate(AXE.read_text())
    result = other.evaluate("(rules) => axe.run(document, {runOnly: rules})", RULES)
    return [f"{name}: {v['id']} ({len(v['nodes'])}x) {v['help']}" for v in result["violations"]]
