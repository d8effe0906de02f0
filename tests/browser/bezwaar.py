"""The demo bezwaarschrift filled in as a person does it, for the browser tests."""

import json
import re
from pathlib import Path

from builder import service as builder_service

DEMO_FORMS = Path(__file__).resolve().parents[2] / "demo" / "forms"


def publish_demo_forms() -> None:
    for path in sorted(DEMO_FORMS.glob("*.json")):
        builder_service.import_definition(json.loads(path.read_text()), publish_it=True)


def fill_in_every_step(page) -> None:
    """From the first step to the overview, with valid answers."""
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


def sign_and_send(page) -> None:
    page.get_by_label(re.compile("Ik verklaar")).check()
    page.get_by_role("button", name="Verzenden").click()
