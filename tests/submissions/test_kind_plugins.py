"""A field kind added as a plugin works end to end without touching the rest of Loket.

The kind here stands in for a later upload kind: it reads the posted *files*,
contributes its own data schema and displays itself on the overview. It is only
registered; the meta-schema, the step page, parsing, validation, the overview
and the receipt pick it up from the registry.
"""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from builder.definition.validation import InvalidDefinition, metaschema, validate_definition
from builder.kinds import EMPTY, FieldKind, field_kinds
from submissions.answers import saved_data
from submissions.receipt.data import build_receipt
from tests import definitions
from tests.factories import FormFactory
from tests.flow import overview_url, start, step_url
from tests.html import page


class FileName(FieldKind):
    schema_type = "object"
    input_type = "file"

    def parse(self, field, posted) -> Any:
        uploads = posted.files.getlist(field.dotted)
        if not uploads:
            return EMPTY
        return {"name": uploads[-1].name, "size": uploads[-1].size}

    def display(self, value: Any, ui: dict) -> str:
        return f"{value['name']} ({value['size']} bytes)"

    def data_schema(self, field) -> dict:
        return {
            "type": "object",
            "properties": {"name": {"type": "string"}, "size": {"type": "integer", "maximum": 10}},
            "required": ["name", "size"],
            "additionalProperties": False,
        }


def with_file_field() -> dict:
    definition = definitions.melding("met-bijlage")
    step = definition["steps"][0]
    step["schema"]["properties"]["bijlage"] = {"type": "object"}
    step["ui"]["order"].append("bijlage")
    step["ui"]["fields"]["bijlage"] = {"kind": "bestandsnaam", "label": "Bijlage"}
    return definition


@pytest.fixture
def file_kind():
    with field_kinds.temporarily("bestandsnaam", FileName) as kind:
        yield kind


def test_an_unregistered_kind_is_refused_in_a_definition():
    with pytest.raises(InvalidDefinition) as caught:
        validate_definition(with_file_field())

    assert any(error.path == "$.steps[0].ui.fields.bijlage.kind" for error in caught.value.errors)


def test_a_registered_kind_is_in_the_meta_schema_at_once(file_kind):
    assert "bestandsnaam" in metaschema()["$defs"]["kind"]["enum"]
    validate_definition(with_file_field())


def test_the_kind_reads_posted_files_and_its_schema_validates_them(citizen, db, file_kind):
    form = FormFactory(definition=with_file_field(), published=True)
    submission = start(citizen, form.slug)

    too_big = citizen.post(
        step_url(submission, "melding"),
        {"onderwerp": "Stoeptegel", "bijlage": SimpleUploadedFile("groot.jpg", b"x" * 11)},
    )
    assert too_big.status_code == 400
    assert saved_data(submission) == {}

    response = citizen.post(
        step_url(submission, "melding"),
        {"onderwerp": "Stoeptegel", "bijlage": SimpleUploadedFile("foto.jpg", b"12345")},
    )
    assert response.status_code == 302
    assert saved_data(submission)["melding"] == {"onderwerp": "Stoeptegel", "bijlage": {"name": "foto.jpg", "size": 5}}
    assert form.live_version.spec.data_schema()["properties"]["melding"]["properties"]["bijlage"]["required"] == [
        "name",
        "size",
    ]

    citizen.post(step_url(submission, "contact"), {"email": "melder@example.nl"})
    overview = page(citizen.get(overview_url(submission)))
    assert "foto.jpg (5 bytes)" in overview.text
    [section, _] = build_receipt(submission).sections
    assert ("Bijlage", "foto.jpg (5 bytes)") in [(row.label, row.value) for row in section.rows]
