"""The builder's changes to a definition: each result is a valid definition, or the change is refused."""

import pytest
from django.utils import translation

from builder import service
from builder.editor import operations
from builder.editor.properties import PropertiesForm, choices_from_text, choices_to_text
from builder.kinds import FieldKind, field_kinds
from tests import definitions


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def panel(definition: dict, step: str, path: str, **posted) -> PropertiesForm:
    schema, ui, required = operations.field_at(definition, step, path)
    current = PropertiesForm(field_kinds[ui["kind"]], schema, ui, required)
    data = {name: value for name, value in current.initial.items() if value not in (None, False)}
    data.update(posted)
    return PropertiesForm(field_kinds[ui["kind"]], schema, ui, required, data)


def edited(definition: dict, step: str, path: str, **posted) -> dict:
    form = panel(definition, step, path, **posted)
    assert form.is_valid(), form.errors
    return operations.update_field(definition, step, path, form.apply)


@pytest.mark.parametrize("kind_id", field_kinds.ids())
def test_every_kind_of_the_palette_adds_a_valid_field(kind_id):
    definition = definitions.melding()
    definition["settings"]["receipt_email"] = "no_links"  # a BSN field demands it
    changed, path = operations.add_field(definition, "melding", kind_id, "Nieuw veld")

    service.validate_definition(changed)
    _schema, ui, required = operations.field_at(changed, "melding", path)
    assert ui["kind"] == kind_id
    assert not required


def test_a_field_added_twice_gets_its_own_key():
    first, one = operations.add_field(definitions.melding(), "melding", "text", "Naam")
    second, two = operations.add_field(first, "melding", "text", "Naam")

    assert (one, two) == ("naam", "naam_2")
    assert second["steps"][0]["ui"]["order"][-2:] == ["naam", "naam_2"]


def test_a_label_without_letters_still_gives_a_key():
    changed, path = operations.add_field(definitions.melding(), "melding", "integer", "123 !!")

    assert path == "integer_123"
    service.validate_definition(changed)


def test_the_original_definition_is_never_changed():
    original = definitions.melding()
    before = repr(original)

    operations.add_step(original, "Extra")
    operations.add_field(original, "melding", "text", "Extra")
    operations.remove_field(original, "melding", "onderwerp")

    assert repr(original) == before


def test_steps_are_added_renamed_moved_and_removed():
    changed, key = operations.add_step(definitions.melding(), "Bijlagen en toelichting")
    assert key == "bijlagen_en_toelichting"
    changed = operations.update_step(changed, key, "Toelichting", "Vertel meer.")
    changed = operations.move_step(changed, key, -1)
    changed, _path = operations.add_field(changed, key, "textarea", "Toelichting")
    service.validate_definition(changed)

    assert [step["key"] for step in changed["steps"]] == ["melding", key, "contact"]
    assert changed["steps"][1]["title"] == "Toelichting"
    assert changed["steps"][1]["description"] == "Vertel meer."

    assert [step["key"] for step in operations.remove_step(changed, key)["steps"]] == ["melding", "contact"]


def test_a_translated_step_title_keeps_its_translation():
    definition = definitions.melding()
    definition["steps"][0]["title"] = {"nl": "Melding", "en": "Report"}

    changed = operations.update_step(definition, "melding", "Uw melding", "")

    assert changed["steps"][0]["title"] == {"nl": "Uw melding", "en": "Report"}


def test_the_property_panel_sets_label_help_required_and_limits():
    changed = edited(
        definitions.melding(),
        "melding",
        "onderwerp",
        label="Wat is er aan de hand?",
        help="Kort graag.",
        required="",
        minLength="5",
        maxLength="80",
        pattern="^[A-Za-z ]+$",
    )

    service.validate_definition(changed)
    schema, ui, required = operations.field_at(changed, "melding", "onderwerp")
    assert ui["label"] == "Wat is er aan de hand?" and ui["help"] == "Kort graag."
    assert (schema["minLength"], schema["maxLength"], schema["pattern"]) == (5, 80, "^[A-Za-z ]+$")
    assert not required


def test_a_minimum_of_zero_is_kept():
    changed, path = operations.add_field(definitions.melding(), "melding", "integer", "Aantal")
    changed = edited(changed, "melding", path, minimum="0", maximum="10")

    schema, _ui, _required = operations.field_at(changed, "melding", path)
    assert (schema["minimum"], schema["maximum"]) == (0, 10)


def test_options_are_one_per_line_and_keep_their_values():
    changed, path = operations.add_field(definitions.melding(), "melding", "radio", "Soort")
    changed = edited(changed, "melding", path, choices="Afval\nStraatverlichting\nanders = Iets anders")
    service.validate_definition(changed)
    schema, ui, _required = operations.field_at(changed, "melding", path)
    assert schema["enum"] == ["afval", "straatverlichting", "anders"]
    assert ui["choices"] == {"afval": "Afval", "straatverlichting": "Straatverlichting", "anders": "Iets anders"}

    # The panel shows them back the same way, and an unchanged line keeps its value.
    assert choices_to_text(schema["enum"], ui["choices"]) == "Afval\nStraatverlichting\nanders = Iets anders"
    again = edited(changed, "melding", path, choices="Iets anders\nAfval")
    assert operations.field_at(again, "melding", path)[0]["enum"] == ["anders", "afval"]


def test_an_option_twice_or_no_options_is_refused_in_words():
    form = panel(definitions.melding(), "melding", "onderwerp")
    labels = {"a": "A"}
    with pytest.raises(Exception, match="listed twice"):
        choices_from_text("A\nA", labels)
    with pytest.raises(Exception, match="at least one option"):
        choices_from_text("\n  \n", labels)
    assert "choices" not in form.fields  # a text field has no options to edit


def test_checkboxes_options_go_into_items():
    changed, path = operations.add_field(definitions.melding(), "melding", "checkboxes", "Wat klopt?")
    changed = edited(changed, "melding", path, choices="Een\nTwee\nGeen van deze", minItems="1")

    service.validate_definition(changed)
    schema, _ui, _required = operations.field_at(changed, "melding", path)
    assert schema["items"]["enum"] == ["een", "twee", "geen_van_deze"]
    assert schema["minItems"] == 1


def test_confirmation_recipient_is_offered_on_email_fields_only():
    definition = definitions.melding()
    email_panel = panel(definition, "contact", "email")
    text_panel = panel(definition, "melding", "onderwerp")

    assert "confirmation_recipient" in email_panel.fields
    assert "confirmation_recipient" not in text_panel.fields


def test_fields_move_up_and_down_and_reorder_in_one_go():
    definition, _path = operations.add_field(definitions.melding(), "melding", "text", "Tweede")
    order = definition["steps"][0]["ui"]["order"]

    moved = operations.move_field(definition, "melding", "tweede", -1)
    assert moved["steps"][0]["ui"]["order"] == [*order[:-2], "tweede", order[-2]]
    assert operations.move_field(definition, "melding", "tweede", +1)["steps"][0]["ui"]["order"] == order
    assert operations.move_field(definition, "melding", order[0], -1)["steps"][0]["ui"]["order"] == order

    reordered = operations.reorder_fields(definition, "melding", "", list(reversed(order)))
    assert reordered["steps"][0]["ui"]["order"] == list(reversed(order))
    with pytest.raises(operations.EditError, match="every field"):
        operations.reorder_fields(definition, "melding", "", ["tweede"])
    with pytest.raises(operations.EditError, match="every field"):
        operations.reorder_fields(definition, "melding", "", [*order, "tweede"])


def test_a_removed_field_leaves_the_required_list():
    changed = operations.remove_field(definitions.melding(), "melding", "onderwerp")

    step = changed["steps"][0]
    assert "onderwerp" not in step["schema"]["properties"]
    assert "required" not in step["schema"]
    assert "onderwerp" not in step["ui"]["order"]


def test_fields_inside_a_group():
    definition, group = operations.add_field(definitions.melding(), "melding", "fieldset", "Adres")
    definition, path = operations.add_field(definition, "melding", "postcode", "Postcode", group=group)
    definition = edited(definition, "melding", path, required="on")

    service.validate_definition(definition)
    assert path == "adres.postcode"
    assert definition["steps"][0]["schema"]["properties"]["adres"]["required"] == ["postcode"]
    removed = operations.remove_field(definition, "melding", path)
    service.validate_definition(removed)


def test_unknown_steps_fields_groups_and_kinds_are_refused_in_words():
    definition = definitions.melding()
    with pytest.raises(operations.EditError, match="no step"):
        operations.add_field(definition, "nope", "text", "X")
    with pytest.raises(operations.EditError, match="no field"):
        operations.remove_field(definition, "melding", "nope")
    with pytest.raises(operations.EditError, match="no group"):
        operations.add_field(definition, "melding", "text", "X", group="onderwerp")
    with pytest.raises(operations.EditError, match="no field kind"):
        operations.add_field(definition, "melding", "<script>", "X")


def test_a_new_kind_brings_its_own_panel():
    class Kenteken(FieldKind):
        title = "Kenteken"
        properties = ("label", "required", "pattern")

    with field_kinds.temporarily("kenteken", Kenteken):
        definition, path = operations.add_field(definitions.melding(), "melding", "kenteken", "Kenteken")
        form = panel(definition, "melding", path)

        assert list(form.fields) == ["label", "required", "pattern"]
