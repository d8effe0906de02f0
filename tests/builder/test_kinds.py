"""The field-kind registry: how posted text becomes JSON and how JSON reads for people."""

import pytest

from builder.kinds import EMPTY, ParseError, get_kind, kind_ids

ALL_KINDS = [
    "text",
    "textarea",
    "email",
    "phone",
    "date",
    "number",
    "integer",
    "select",
    "radio",
    "checkboxes",
    "checkbox",
    "bsn",
    "postcode",
    "iban",
    "content",
    "fieldset",
    "file",
    "repeat",
]


def test_every_kind_the_meta_schema_allows_is_registered():
    from builder.definition.validation import metaschema_validator

    allowed = metaschema_validator().schema["$defs"]["kind"]["enum"]
    assert sorted(allowed) == sorted(ALL_KINDS) == kind_ids()


@pytest.mark.parametrize(
    ("kind", "schema_type", "json_format"),
    [
        ("text", "string", None),
        ("email", "string", "email"),
        ("phone", "string", "phone"),
        ("date", "string", "date"),
        ("number", "number", None),
        ("integer", "integer", None),
        ("checkboxes", "array", None),
        ("checkbox", "boolean", None),
        ("bsn", "string", "nl-bsn"),
        ("postcode", "string", "nl-postcode"),
        ("iban", "string", "iban"),
        ("content", None, None),
        ("fieldset", "object", None),
    ],
)
def test_kind_stores_its_json_type_and_format(kind, schema_type, json_format):
    assert (get_kind(kind).schema_type, get_kind(kind).format) == (schema_type, json_format)
    assert get_kind(kind).has_data is (schema_type is not None)


@pytest.mark.parametrize(
    ("kind", "posted", "parsed"),
    [
        ("text", ["  Jan  "], "Jan"),
        ("text", ["eerste", "laatste"], "laatste"),
        ("text", [], EMPTY),
        ("text", ["   "], EMPTY),
        ("textarea", ["  regel 1\r\nregel 2  "], "regel 1\nregel 2"),
        ("textarea", ["\r\n "], EMPTY),
        ("email", [" jan@example.nl "], "jan@example.nl"),
        ("phone", ["020 123 4567"], "020 123 4567"),
        ("date", ["2026-01-09"], "2026-01-09"),
        ("date", ["9-1-2026"], "2026-01-09"),
        ("date", ["09/01/2026"], "2026-01-09"),
        ("date", ["9.1.2026"], "2026-01-09"),
        ("date", ["31-2-2026"], "31-2-2026"),  # left as typed, so the format check explains it
        ("number", ["12,5"], 12.5),
        ("number", ["12.5"], 12.5),
        ("number", ["1 000"], 1000),
        ("number", ["12,0"], 12),
        ("number", ["-3"], -3),
        ("integer", ["42"], 42),
        ("integer", ["42,0"], 42),
        ("select", ["zwolle"], "zwolle"),
        ("select", [""], EMPTY),
        ("radio", ["post"], "post"),
        ("checkboxes", ["afval", "", "groen", "afval"], ["afval", "groen"]),
        ("checkboxes", [], EMPTY),
        ("checkbox", ["on"], True),
        ("checkbox", [], False),
        ("bsn", ["111 222 333"], "111222333"),
        ("bsn", ["111.222.333"], "111222333"),
        ("bsn", ["111-222-333"], "111222333"),
        ("postcode", ["1234ab"], "1234 AB"),
        ("postcode", [" 1234 ab "], "1234 AB"),
        ("postcode", ["1234-AB"], "1234 AB"),
        ("postcode", ["123ab"], "123ab"),  # not a postcode shape: left for the format check
        ("iban", ["nl91 abna 0417 1643 00"], "NL91ABNA0417164300"),
        ("iban", ["NL91-ABNA-0417-1643-00"], "NL91ABNA0417164300"),
    ],
)
def test_parse_normalises_what_people_type(kind, posted, parsed):
    assert get_kind(kind).parse_text(posted) == parsed


@pytest.mark.parametrize(
    ("kind", "posted", "problem"),
    [
        ("number", "twaalf", "number"),
        ("number", "NaN", "number"),
        ("number", "Infinity", "number"),
        ("number", "1,2,3", "number"),
        ("number", "1e5000", "number"),  # a 5001-digit int could not even be written as JSON
        ("number", "1234567890123456789", "number"),
        ("integer", "twaalf", "integer"),
        ("integer", "2,5", "integer"),
        ("integer", "0.1", "integer"),
    ],
)
def test_parse_refuses_what_is_not_a_number(kind, posted, problem):
    with pytest.raises(ParseError, match=f"^{problem}$"):
        get_kind(kind).parse_text([posted])


CHOICES = {"choices": {"afval": "Afval", "groen": {"nl": "Groen", "en": "Green"}}}


@pytest.mark.parametrize(
    ("kind", "value", "ui", "shown"),
    [
        ("text", "Jan", {}, "Jan"),
        ("date", "2026-01-09", {}, "09-01-2026"),
        ("date", "not a date", {}, "not a date"),
        ("number", 12.5, {}, "12,5"),
        ("integer", 3, {}, "3"),
        ("select", "groen", CHOICES, "Groen"),
        ("radio", "afval", CHOICES, "Afval"),
        ("checkboxes", ["afval", "groen"], CHOICES, "Afval, Groen"),
        ("checkbox", True, {}, "Ja"),
        ("checkbox", False, {}, "Nee"),
        ("bsn", "111222333", {}, "*****2333"),
        ("postcode", "1234 AB", {}, "1234 AB"),
        ("iban", "NL91ABNA0417164300", {}, "NL91 ABNA 0417 1643 00"),
    ],
)
def test_display_is_what_people_read(kind, value, ui, shown):
    assert get_kind(kind).display(value, ui) == shown


def test_a_kind_cannot_be_registered_twice():
    from builder.kinds import FieldKind, field_kinds

    with pytest.raises(ValueError, match="field kind 'text' is registered twice"):
        field_kinds.register("text")(type("Other", (FieldKind,), {}))
