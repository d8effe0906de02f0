"""Attachments and repeating groups in a real Chromium, with axe-core on every state of the page."""

import re

import pytest

from submissions.models import Attachment, Submission
from submissions.receipt import proof
from tests.factories import FormFactory
from tests.submissions.test_repeating_groups import definition as repeating_definition

from .bezwaar import publish_demo_forms, sign_and_send
from .test_accessibility import AXE, RULES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def axe_on():
    """axe-core on a given page (the tests here open their own, with or without JavaScript)."""
    if not AXE.exists():
        pytest.skip(f"axe-core not found at {AXE} (run `npm ci`)")
    source = AXE.read_text()

    def check(page, name: str) -> list[str]:
        if not page.context.javascript:
            return []  # Chromium runs no script at all then, axe included; the same HTML is checked with it on
        page.evaluate(source)  # through the DevTools protocol: works with JavaScript off and under the CSP
        result = page.evaluate("(rules) => axe.run(document, {runOnly: rules})", RULES)
        return [f"{name}: {v['id']} ({len(v['nodes'])}x) {v['help']}" for v in result["violations"]]

    return check


def to_the_besluit_step(page, live_server) -> None:
    page.goto(f"{live_server.url}/formulieren/bezwaar/")
    page.get_by_role("button", name="Start het formulier").click()
    page.get_by_label("Naam", exact=True).fill("Jan Jansen")
    page.get_by_label("Straat en huisnummer").fill("Dorpsstraat 1")
    page.get_by_label("Postcode").fill("1234ab")
    page.get_by_label("Woonplaats").fill("Voorbeeld")
    page.get_by_label("E-mailadres").fill("jan@example.nl")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Datum van het besluit").fill("2026-01-09")
    page.get_by_label("Waar gaat het besluit over?").fill("Parkeervergunning")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_bezwaar_with_the_besluit_attached(browser, live_server, axe_on, javascript):
    publish_demo_forms()
    context = browser.new_context(locale="nl-NL", java_script_enabled=javascript)
    context.javascript = javascript
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = []

    to_the_besluit_step(page, live_server)
    found += axe_on(page, "upload step")
    upload = page.get_by_label("Besluit (PDF)")
    upload.set_input_files({"name": "besluit.pdf", "mimeType": "application/pdf", "buffer": EXE})
    page.get_by_role("button", name="Volgende").click()

    error = page.locator("#field-document-error")
    assert "‘besluit.pdf’ is een programma (EXE)" in error.inner_text()
    assert "Toegestaan bij ‘Besluit (PDF)’: PDF, JPG of PNG." in error.inner_text()
    assert page.get_by_label("Waar gaat het besluit over?").input_value() == "Parkeervergunning"
    found += axe_on(page, "upload step with an error")

    page.get_by_label("Besluit (PDF)").set_input_files(
        {"name": "besluit.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Waarom bent u het niet eens met het besluit?").fill("De regels zijn verkeerd toegepast.")
    page.get_by_label("Nee, dat hoeft niet").check()
    page.get_by_role("button", name="Volgende").click()

    overview = page.locator("main").inner_text()
    attachment = Attachment.objects.get()
    assert "besluit.pdf" in overview and attachment.sha256 in overview
    found += axe_on(page, "overview with an attachment")
    sign_and_send(page)
    page.get_by_role("heading", name="Wij hebben uw formulier ontvangen").wait_for()
    assert attachment.sha256 in page.locator("main").inner_text()
    found += axe_on(page, "confirmation with an attachment")

    submission = Submission.objects.get()
    assert proof.verify(submission.public_reference, submission.receipt_digest)
    assert attachment.sha256.encode() in proof.stored_document(submission)
    assert found == []
    context.close()


def test_removing_a_file_with_the_keyboard(page, live_server, axe_on):
    page.context.javascript = True
    publish_demo_forms()
    to_the_besluit_step(page, live_server)
    page.get_by_label("Besluit (PDF)").set_input_files(
        {"name": "besluit.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Datum van het besluit").fill("")  # an error elsewhere keeps the step open
    page.get_by_role("button", name="Volgende").click()
    remove = page.get_by_role("button", name=re.compile("^Verwijderen besluit.pdf"))
    assert axe_on(page, "upload step listing a file") == []

    remove.focus()
    page.keyboard.press("Enter")

    page.get_by_label("Besluit (PDF)").wait_for()
    assert "besluit.pdf" not in page.locator("main").inner_text()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_repeating_group(browser, live_server, axe_on, javascript):
    FormFactory(definition=repeating_definition(), published=True)
    context = browser.new_context(locale="nl-NL", java_script_enabled=javascript)
    context.javascript = javascript
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = []

    page.goto(f"{live_server.url}/formulieren/kinderen/")
    page.get_by_role("button", name="Start het formulier").click()
    page.locator("#field-kinderen-0-naam").fill("Anna")
    page.get_by_role("button", name=re.compile("^Nog een toevoegen")).click()
    assert page.locator("#field-kinderen-0-naam").input_value() == "Anna"
    found += axe_on(page, "repeating group, two items")
    page.get_by_role("button", name="Volgende").click()
    assert "Kind 2: Vul ‘Naam’ in." in page.locator(".loket-error-summary").inner_text()
    found += axe_on(page, "repeating group with an error")
    page.locator("#field-kinderen-1-naam").fill("Bram")
    page.get_by_role("button", name="Volgende").click()

    rows = page.locator("main dl").inner_text()
    assert re.search(r"Kind 1\s+Naam\s+Anna\s+Geboortedatum\s+Niet ingevuld\s+Kind 2\s+Naam\s+Bram", rows), rows
    found += axe_on(page, "overview with a repeating group")
    assert found == []
    context.close()
