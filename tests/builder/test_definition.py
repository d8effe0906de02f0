"""The definition format: the meta-schema plus the semantic rules, with errors an editor can act on."""

import json

import pytest

from builder.definition.io import canonical_json, digest, parse_definition
from builder.definition.validation import DefinitionError, InvalidDefinition, validate_definition
from tests import definitions
from tests.conftest import DEMO_FORMS


def step(definition: dict, index: int = 0) -> dict:
    return definition["steps"][index]


def fields(definition: dict, index: int = 0) -> dict:
    return step(definition, index)["ui"]["fields"]


def properties(definition: dict, index: int = 0) -> dict:
    return step(definition, index)["schema"]["properties"]


def errors_of(definition) -> list[DefinitionError]:
    with pytest.raises(InvalidDefinition) as caught:
        validate_definition(definition)
    return caught.value.errors


@pytest.mark.parametrize("slug", ["bezwaar", "vraag-of-bericht"])
def test_the_demo_forms_are_valid(slug):
    validate_definition(parse_definition((DEMO_FORMS / f"{slug}.json").read_bytes()))


@pytest.mark.parametrize("make", [definitions.melding, definitions.all_kinds])
def test_the_test_forms_are_valid(make):
    validate_definition(make())


def _add_second_email(d):
    properties(d)["kopie"] = {"type": "string", "format": "email"}
    fields(d)["kopie"] = {"kind": "email", "label": "Kopie naar", "confirmation_recipient": True}
    step(d)["ui"]["order"].append("kopie")


def _add_select(d, enum, choices):
    properties(d)["wijk"] = {"type": "string", "enum": enum}
    fields(d)["wijk"] = {"kind": "select", "label": "Wijk", "choices": choices}
    step(d)["ui"]["order"].append("wijk")


def _logic(d, action):
    d["logic"] = [{"when": {"==": [{"var": "melding.onderwerp"}, "x"]}, "then": [action]}]


BROKEN = {
    # The meta-schema: shape, keys and allowed values.
    "missing key": (lambda d: d.pop("settings"), "$.settings", "this key is required"),
    "missing nested key": (lambda d: step(d).pop("title"), "$.steps[0].title", "this key is required"),
    "missing label": (
        lambda d: fields(d)["onderwerp"].pop("label"),
        "$.steps[0].ui.fields.onderwerp.label",
        "required",
    ),
    "unknown key": (lambda d: d.update(colour="red"), "$", "unknown key(s): colour"),
    "unknown field option": (
        lambda d: fields(d)["onderwerp"].update(tooltip="x"),
        "$.steps[0].ui.fields.onderwerp",
        "unknown key(s): tooltip",
    ),
    "unknown schema keyword": (
        lambda d: properties(d)["onderwerp"].update(contentEncoding="base64"),
        "$.steps[0].schema.properties.onderwerp",
        "unknown key(s): contentEncoding",
    ),
    "bad kind": (
        lambda d: fields(d)["onderwerp"].update(kind="slider"),
        "$.steps[0].ui.fields.onderwerp.kind",
        "must be one of: text, textarea, email",
    ),
    "$ref not allowed": (
        lambda d: properties(d).update(onderwerp={"$ref": "https://example.com/schema.json", "type": "string"}),
        "$.steps[0].schema.properties.onderwerp",
        "unknown key(s): $ref",
    ),
    "$defs not allowed": (
        lambda d: step(d)["schema"].update({"$defs": {}}),
        "$.steps[0].schema",
        "unknown key(s): $defs",
    ),
    "wrong format version": (lambda d: d.update(format="loket-form/2"), "$.format", 'must be "loket-form/1"'),
    "bad slug": (lambda d: d.update(slug="Mijn Formulier"), "$.slug", "does not match the pattern"),
    "bad step key": (lambda d: step(d).update(key="Stap 1"), "$.steps[0].key", "does not match the pattern"),
    "bad reference prefix": (
        lambda d: d["settings"].update(reference_prefix="bzw"),
        "$.settings.reference_prefix",
        "does not match the pattern",
    ),
    "no steps": (lambda d: d.update(steps=[]), "$.steps", "needs at least 1 item(s)"),
    "translation without Dutch": (
        lambda d: d.update(name={"en": "Report"}),
        "$.name",
        "must be a non-empty text, or an object of translations that includes 'nl'",
    ),
    "empty title": (lambda d: step(d).update(title=""), "$.steps[0].title", "must be a non-empty text"),
    "order on a plain field": (
        lambda d: fields(d)["onderwerp"].update(order=[]),
        "$.steps[0].ui.fields.onderwerp",
        "'order' and 'fields' are only allowed on a fieldset",
    ),
    "duplicates in order": (
        lambda d: step(d)["ui"]["order"].append("onderwerp"),
        "$.steps[0].ui.order",
        "contains duplicates",
    ),
    "unknown logic action": (
        lambda d: _logic(d, {"action": "explode", "step": "melding"}),
        "$.logic[0].then[0].action",
        "must be one of: show_step",
    ),
    # The semantic rules the meta-schema cannot express.
    "kind/type mismatch": (
        lambda d: properties(d)["onderwerp"].update(type="integer"),
        "$.steps[0].schema.properties.onderwerp.type",
        "a text field stores 'string', not 'integer'",
    ),
    "missing format": (
        lambda d: properties(d, 1)["email"].pop("format"),
        "$.steps[1].schema.properties.email.format",
        "for a email field the format must be 'email'",
    ),
    "format on a text field": (
        lambda d: properties(d)["onderwerp"].update(format="date"),
        "$.steps[0].schema.properties.onderwerp.format",
        "for a text field the format is not allowed",
    ),
    "choices not matching enum": (
        lambda d: _add_select(d, ["noord", "zuid"], {"noord": "Noord", "oost": "Oost"}),
        "$.steps[0].ui.fields.wijk.choices",
        "the choices must label exactly the allowed values",
    ),
    "choice field without enum": (
        lambda d: _add_select(d, None, {}) or properties(d)["wijk"].pop("enum"),
        "$.steps[0].schema.properties.wijk.enum",
        "a select field needs the allowed values",
    ),
    "choices on a text field": (
        lambda d: fields(d)["onderwerp"].update(choices={"a": "A"}),
        "$.steps[0].ui.fields.onderwerp.choices",
        "a text field has no choices",
    ),
    "order missing a field": (
        lambda d: step(d)["ui"]["order"].remove("omschrijving"),
        "$.steps[0].ui.order",
        "field 'omschrijving' is missing from order",
    ),
    "order naming an unknown field": (
        lambda d: step(d)["ui"]["order"].append("foto"),
        "$.steps[0].ui.order",
        "'foto' is listed in order but has no entry in fields",
    ),
    "property without ui": (
        lambda d: properties(d).update(foto={"type": "string"}),
        "$.steps[0].ui.fields",
        "property 'foto' has no UI entry",
    ),
    "field without schema": (
        lambda d: properties(d).pop("omschrijving"),
        "$.steps[0].schema.properties",
        "field 'omschrijving' has no data schema",
    ),
    "required but undefined": (
        lambda d: step(d)["schema"]["required"].append("foto"),
        "$.steps[0].schema.required",
        "'foto' is required but not defined",
    ),
    "duplicate step keys": (
        lambda d: step(d, 1).update(key="melding"),
        "$.steps[1].key",
        "step key 'melding' is used twice",
    ),
    "invalid regex pattern": (
        lambda d: properties(d)["onderwerp"].update(pattern="([a-z]"),
        "$.steps[0].schema.properties.onderwerp.pattern",
        "not a valid regular expression: missing ), unterminated subpattern",
    ),
    "invalid regex in a fieldset": (
        lambda d: (
            properties(d).update(
                adres={"type": "object", "properties": {"straat": {"type": "string", "pattern": "*"}}}
            ),
            fields(d).update(
                adres={
                    "kind": "fieldset",
                    "label": "Adres",
                    "order": ["straat"],
                    "fields": {"straat": {"kind": "text", "label": "Straat"}},
                }
            ),
            step(d)["ui"]["order"].append("adres"),
        ),
        "$.steps[0].schema.properties.adres.properties.straat.pattern",
        "not a valid regular expression: nothing to repeat",
    ),
    "integer values on a select": (
        lambda d: _add_select(d, [1, 2], {"1": "Een", "2": "Twee"}),
        "$.steps[0].schema.properties.wijk.enum",
        "a select field stores text: use strings",
    ),
    "min above max": (
        lambda d: properties(d)["onderwerp"].update(minLength=200),
        "$.steps[0].schema.properties.onderwerp.minLength",
        "minLength is larger than maxLength",
    ),
    "two confirmation recipients": (
        _add_second_email,
        "$.steps",
        "only one field may be the confirmation recipient, found: melding.kopie, contact.email",
    ),
    "recipient that is not an email": (
        lambda d: fields(d)["onderwerp"].update(confirmation_recipient=True),
        "$.steps[0].ui.fields.onderwerp.confirmation_recipient",
        "only an email field can be it",
    ),
    "content block with data": (
        lambda d: fields(d).update(onderwerp={"kind": "content", "content": "Tekst"}),
        "$.steps[0].schema.properties.onderwerp",
        "a content block holds no data",
    ),
    "checkbox that must stay unticked": (
        lambda d: (
            properties(d).update(akkoord={"type": "boolean", "const": False}),
            fields(d).update(akkoord={"kind": "checkbox", "label": "Akkoord"}),
            step(d)["ui"]["order"].append("akkoord"),
        ),
        "$.steps[0].schema.properties.akkoord.const",
        "a checkbox can only be required to be ticked (true)",
    ),
    "logic rule with unknown step": (
        lambda d: _logic(d, {"action": "hide_step", "step": "betaling"}),
        "$.logic[0].then[0].step",
        "there is no step 'betaling'",
    ),
    "logic rule with unknown field": (
        lambda d: _logic(d, {"action": "hide_field", "field": "melding.kleur"}),
        "$.logic[0].then[0].field",
        "there is no field 'melding.kleur'",
    ),
    "logic rule with field of unknown step": (
        lambda d: _logic(d, {"action": "require_field", "field": "betaling.iban"}),
        "$.logic[0].then[0].field",
        "there is no field 'betaling.iban'",
    ),
}


@pytest.mark.parametrize(("mutate", "path", "message"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_definition_is_refused_with_path_and_plain_message(mutate, path, message):
    definition = definitions.melding()
    mutate(definition)

    errors = errors_of(definition)

    assert any(error.path == path and message in error.message for error in errors), errors


def test_errors_inside_a_fieldset_name_the_nested_path():
    definition = definitions.all_kinds()
    fieldset = fields(definition)["adres"]
    fieldset["order"].remove("huisnummer")
    properties(definition)["adres"]["properties"]["straat"]["type"] = "number"

    assert errors_of(definition) == [
        DefinitionError(
            "$.steps[0].schema.properties.adres.properties.straat.type", "a text field stores 'string', not 'number'"
        ),
        DefinitionError("$.steps[0].ui.fields.adres.order", "field 'huisnummer' is missing from order"),
    ]


def test_every_problem_is_reported_at_once():
    definition = definitions.melding()
    definition["colour"] = "red"
    del definition["settings"]["reference_prefix"]
    fields(definition)["onderwerp"]["kind"] = "slider"

    assert [error.path for error in errors_of(definition)] == [
        "$",
        "$.settings.reference_prefix",
        "$.steps[0].ui.fields.onderwerp.kind",
    ]


def test_error_text_is_path_then_message():
    definition = definitions.melding()
    del definition["slug"]

    with pytest.raises(InvalidDefinition, match=r"^\$\.slug: this key is required$"):
        validate_definition(definition)


def test_a_definition_must_be_an_object():
    assert errors_of([]) == [DefinitionError("$", "must be of type object")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"slug": "a",}', "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 14)"),
        ("", "not valid JSON: Expecting value (line 1, column 1)"),
        ('{"slug": "a", "slug": "b"}', "not valid JSON: the key 'slug' appears twice in one object"),
        ('{"steps": [{"key": "a", "key": "b"}]}', "not valid JSON: the key 'key' appears twice in one object"),
        (b"\xff\xfe{", "not valid JSON"),
        ('{"minimum": NaN}', "not valid JSON: NaN is not a JSON number"),
        ('{"minimum": Infinity}', "not valid JSON: Infinity is not a JSON number"),
        ('{"minimum": -Infinity}', "not valid JSON: -Infinity is not a JSON number"),
    ],
)
def test_parse_definition_refuses_what_json_parsers_let_slip(text, message):
    with pytest.raises(InvalidDefinition) as caught:
        parse_definition(text)

    [error] = caught.value.errors
    assert error.path == "$"
    assert error.message.startswith(message)


def test_canonical_text_is_sorted_indented_utf8_with_final_newline():
    text = canonical_json({"b": 1, "a": {"d": "‘x’", "c": [1, 2]}})

    assert text == '{\n  "a": {\n    "c": [\n      1,\n      2\n    ],\n    "d": "‘x’"\n  },\n  "b": 1\n}\n'


def test_digest_ignores_key_order_but_not_content():
    definition = definitions.melding()
    reordered = json.loads(json.dumps(definition, sort_keys=True))
    changed = definitions.melding()
    step(changed)["title"] = "Uw melding!"

    assert digest(definition) == digest(reordered)
    assert digest(definition) != digest(changed)
