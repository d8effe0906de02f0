"""An option such as "Geen van deze" that cannot be ticked with another: definition, panel, citizen."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from builder.definition.validation import InvalidDefinition, validate_definition
from builder.models import Form
from builder.spec import FormSpec
from builder.state import FormState
from submissions.validation import validate_post
from tests import definitions
from tests.factories import FormFactory
from tests.flow import start, step_url
from tests.html import page


def with_help(**ui) -> dict:
    definition = definitions.melding()
    step = definition["steps"][0]
    step["schema"]["properties"]["hulp"] = {
        "type": "array",
        "items": {"type": "string", "enum": ["thuiszorg", "mantelzorg", "geen"]},
    }
    step["ui"]["order"].append("hulp")
    step["ui"]["fields"]["hulp"] = {
        "kind": "checkboxes",
        "label": "Welke hulp krijgt u al?",
        "choices": {"thuiszorg": "Thuiszorg", "mantelzorg": "Mantelzorg", "geen": "Geen van deze"},
        **ui,
    }
    return definition


def errors_for(definition: dict, *ticked: str) -> dict:
    spec = FormSpec(definition)
    posted = MultiValueDict({"onderwerp": ["Tegel"], "hulp": list(ticked)})
    return validate_post(FormState(spec, {}), spec.steps[0], posted).errors


@pytest.mark.parametrize(
    ("ticked", "error"),
    [
        (("geen",), None),
        (("thuiszorg", "mantelzorg"), None),
        (("thuiszorg", "geen"), "‘Geen van deze’ kan niet samen met een andere keuze."),
        (("geen", "mantelzorg", "thuiszorg"), "‘Geen van deze’ kan niet samen met een andere keuze."),
        (("geen", "geen"), None),  # the same box posted twice is one choice
    ],
)
def test_an_exclusive_option_cannot_be_combined(ticked, error):
    assert errors_for(with_help(exclusive=["geen"]), *ticked).get("hulp") == error


def test_without_exclusive_options_any_combination_is_fine():
    assert errors_for(with_help(), "thuiszorg", "geen") == {}


def test_an_editors_message_replaces_the_default():
    definition = with_help(exclusive=["geen"], messages={"exclusive": "Kies ‘Geen van deze’ alleen."})
    assert errors_for(definition, "thuiszorg", "geen") == {"hulp": "Kies ‘Geen van deze’ alleen."}


@pytest.mark.parametrize(
    ("exclusive", "path"),
    [
        (["niets"], "$.steps[0].ui.fields.hulp.exclusive[0]"),
        ("geen", "$.steps[0].ui.fields.hulp.exclusive"),
        ([1], "$.steps[0].ui.fields.hulp.exclusive[0]"),
    ],
)
def test_a_broken_exclusive_list_is_refused_with_its_json_path(exclusive, path):
    with pytest.raises(InvalidDefinition) as caught:
        validate_definition(with_help(exclusive=exclusive))
    assert path in [error.path for error in caught.value.errors], caught.value.errors


def scripts(html) -> list[str]:
    return [script.get("src", "") for script in html.find_all("script")]


def test_the_page_marks_the_option_and_loads_the_script_only_when_needed(citizen):
    plain = FormFactory(definition=with_help(), published=True)
    html = page(citizen.get(step_url(start(citizen, plain.slug), "melding")))
    assert not any("exclusive.js" in src for src in scripts(html))

    definition = with_help(exclusive=["geen"])
    definition["slug"] = "hulp-exclusief"
    marked = FormFactory(definition=definition, published=True)
    html = page(citizen.get(step_url(start(citizen, marked.slug), "melding")))
    boxes = {box["value"]: box for box in html.find_all("input", type="checkbox")}
    assert "data-exclusive" in boxes["geen"].attrs
    assert "data-exclusive" not in boxes["thuiszorg"].attrs
    assert any("exclusive.js" in src for src in scripts(html))


def test_optional_fields_say_niet_verplicht_by_themselves(citizen):
    form = FormFactory(definition=with_help(), published=True)
    html = page(citizen.get(step_url(start(citizen, form.slug), "melding")))
    legend = html.by_id("field-hulp").find("legend")
    assert "(niet verplicht)" in legend.text
    [onderwerp] = [label for label in html.find_all("label") if label.get("for") == "field-onderwerp"]
    assert "(niet verplicht)" not in onderwerp.text


@pytest.fixture
def helped(editor) -> Form:
    return FormFactory(definition=with_help(), published=True)


def test_the_property_panel_marks_and_unmarks_an_exclusive_option(editor_client, helped):
    url = reverse("admin:builder_form_builder", args=[helped.pk]) + "?step=melding&field=hulp"
    options = "Thuiszorg\nMantelzorg\ngeen = Geen van deze"
    data = {"step": "melding", "field": "hulp", "label": "Hulp", "choices": options, "action": "update_field"}
    with translation.override("en"):
        shown = page(editor_client.get(url))
        assert [box["value"] for box in shown.find_all("input", name="exclusive")] == [
            "thuiszorg",
            "mantelzorg",
            "geen",
        ]
        assert editor_client.post(url, {**data, "exclusive": ["geen"]}).status_code == 302
        helped.refresh_from_db()
        assert helped.draft["steps"][0]["ui"]["fields"]["hulp"]["exclusive"] == ["geen"]

        refused = editor_client.post(url, {**data, "exclusive": ["iets"]})
        assert refused.status_code == 400

        # Removing the option in the same save removes its mark, so the draft stays valid.
        removed = editor_client.post(url, {**data, "choices": "Thuiszorg\nMantelzorg", "exclusive": ["geen"]})
        assert removed.status_code == 302
        helped.refresh_from_db()
        assert "exclusive" not in helped.draft["steps"][0]["ui"]["fields"]["hulp"]
