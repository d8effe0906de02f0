"""The "wijzigingen" between two versions read like a change list."""

import copy

import pytest
from django.utils import translation

from builder.versions import changes
from tests import definitions


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_equal_definitions_have_no_changes():
    assert changes(definitions.melding(), definitions.melding()) == []


def test_steps_fields_options_settings_and_rules_in_words():
    old = definitions.melding()
    new = copy.deepcopy(old)
    new["name"] = "Melding openbare ruimte"
    new["settings"]["reference_prefix"] = "MLD"
    step = new["steps"][0]
    step["title"] = "Wat is er aan de hand"
    step["schema"]["properties"]["soort"] = {"type": "string", "enum": ["afval", "licht"]}
    step["ui"]["fields"]["soort"] = {"kind": "radio", "label": "Soort", "choices": {"afval": "Afval", "licht": "Licht"}}
    step["ui"]["order"].append("soort")
    step["ui"]["fields"]["onderwerp"]["label"] = "Waar gaat het over?"
    step["schema"]["required"] = []
    new["steps"].append(
        {
            "key": "extra",
            "title": "Extra",
            "schema": {"type": "object", "properties": {}},
            "ui": {"order": [], "fields": {}},
        }
    )
    del new["steps"][1]
    new["logic"] = [
        {"description": "Licht: datum verplicht", "when": True, "then": [{"action": "show_step", "step": "extra"}]}
    ]

    found = changes(old, new)

    assert (
        "Name changed from “Melding openbare ruimte” (en: “Report a problem in a public space”)"
        " to “Melding openbare ruimte”." in found
    )
    assert any(line.startswith("Setting reference_prefix changed from") and "“MLD”" in line for line in found)
    assert "Step “Extra” added, with 0 field(s)." in found
    assert any(line.startswith("Step “") and line.endswith("removed.") for line in found)
    assert any(line.startswith("Step “") and "renamed to “Wat is er aan de hand”" in line for line in found)
    assert "Field “Soort” (radio) added to step “Wat is er aan de hand”." in found
    assert any(
        "label changed from" in line and "“Waar gaat het over?”" in line and "now optional" in line for line in found
    )
    assert "Rule added: “Altijd wordt stap ‘Extra’ getoond” (Licht: datum verplicht)." in found


def test_options_added_removed_and_renamed():
    old = definitions.all_kinds()
    new = copy.deepcopy(old)
    step = new["steps"][0]
    choice = next(name for name, ui in step["ui"]["fields"].items() if ui["kind"] == "radio")
    schema, ui = step["schema"]["properties"][choice], step["ui"]["fields"][choice]
    _first, *rest = schema["enum"]
    schema["enum"] = [*rest, "nieuw"]
    ui["choices"] = {**{value: ui["choices"][value] for value in rest}, "nieuw": "Nieuw"}
    ui["choices"][rest[0]] = "Andere naam"

    line = next(line for line in changes(old, new) if line.startswith("Field"))

    assert "option “Nieuw” added" in line
    assert "option “" in line and "removed" in line
    assert "renamed to “Andere naam”" in line


def test_rules_read_as_sentences_in_the_changes():
    old = definitions.melding()
    new = copy.deepcopy(old)
    rule = {
        "when": {"==": [{"var": "melding.onderwerp"}, "Afval"]},
        "then": [{"action": "require_field", "field": "melding.omschrijving"}],
    }
    new["logic"] = [rule]

    assert changes(old, new) == [
        "Rule added: “Als ‘Onderwerp’ gelijk is aan ‘Afval’ dan wordt ‘Omschrijving’ verplicht”."
    ]
    assert changes(new, old) == [
        "Rule removed: “Als ‘Onderwerp’ gelijk is aan ‘Afval’ dan wordt ‘Omschrijving’ verplicht”."
    ]
