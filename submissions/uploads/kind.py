"""The ``file`` field kind: one or more attachments, checked and stored as they are posted.

A file is stored the moment its step is posted, even when another answer on the page
is wrong: a browser cannot fill a file input in again, so nothing the citizen chose is
lost. The re-rendered step lists the stored files (hidden inputs post their ids back)
with a "Verwijderen" button each. The step's data holds the files' descriptions (id,
name, type, size, SHA-256); registrations receive that list.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings

from builder.definition.errors import DefinitionError
from builder.kinds import EMPTY, Field, FieldKind, OverviewRow, ParseError, Posted, always_shown, field_kinds

from . import service
from .rules import FILE_TYPES, UploadRules, human_size, rules_of

ITEM_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "minLength": 36, "maxLength": 36},
        "name": {"type": "string", "minLength": 1, "maxLength": 255},
        "type": {"type": "string"},
        "size": {"type": "integer", "minimum": 1},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    },
    "required": ["id", "name", "type", "size", "sha256"],
    "additionalProperties": False,
}

REMOVE = "verwijder-bijlage"
"""The action of a file's "Verwijderen" button: ``verwijder-bijlage:<field>:<id>``."""


@field_kinds.register("file")
class FileUpload(FieldKind):
    schema_type = "array"
    template = "file"
    takes_files = True
    has_buttons = True
    required_message = "Voeg een bestand toe bij ‘{label}’."

    def rules(self, field: Field) -> UploadRules:
        return rules_of(field.schema, field.ui)

    def check_definition(self, schema: dict, ui: dict, schema_path: str, ui_path: str) -> list[DefinitionError]:
        errors = super().check_definition(schema, ui, schema_path, ui_path)
        upload = ui.get("upload")
        if upload is None:
            errors.append(DefinitionError(f"{ui_path}.upload", "a file field needs its rules: at least the types"))
            return errors
        for name in upload.get("types", []):
            if name not in FILE_TYPES:
                known = ", ".join(FILE_TYPES)
                errors.append(DefinitionError(f"{ui_path}.upload.types", f"{name!r} is not a known type ({known})"))
        ceiling = settings.LOKET_UPLOAD_MAX_FILE_SIZE
        if upload.get("max_file_size", 0) > ceiling:
            errors.append(
                DefinitionError(
                    f"{ui_path}.upload.max_file_size",
                    f"this server accepts files up to {ceiling} bytes (LOKET_UPLOAD_MAX_FILE_SIZE)",
                )
            )
        if "items" in schema:
            errors.append(DefinitionError(f"{schema_path}.items", "a file field describes its items itself"))
        return errors

    def blank(self, label: str) -> tuple[dict | None, dict]:
        return {"type": "array", "maxItems": 1}, {"kind": self.id, "label": label, "upload": {"types": ["pdf"]}}

    # --- posted input -------------------------------------------------------------

    def parse(self, field: Field, posted: Posted) -> Any:
        ids = posted.texts(field)
        submission = posted.owner
        if submission is None:
            raise ParseError("no_owner", "Bij ‘{label}’ kunt u hier geen bestand toevoegen.")
        where = f"{posted.scope}.{field.dotted}"
        files = service.kept(submission, where, ids)
        rules = self.rules(field)
        error = None
        for upload in posted.files.getlist(field.dotted):
            try:
                files.append(service.accept(submission, where, upload, rules, files))
            except ParseError as refused:
                # One refused file does not stop the others; the first refusal is shown.
                error = error or refused
        posted.raw[field.dotted] = [str(item.uuid) for item in files]
        if error is not None:
            raise error
        return [item.as_value() for item in files] or EMPTY

    def as_posted(self, value: Any) -> list[str]:
        return [str(item["id"]) for item in value if isinstance(item, dict)] if isinstance(value, list) else []

    def act(self, field: Field, posted: Posted, verb: str, argument: str, path: str) -> None:
        """The file's "Verwijderen" button: remove it now, before sending."""
        if verb != REMOVE:
            return
        if service.remove(posted.owner, posted.scope, argument):
            posted.raw[field.dotted] = [item for item in posted.raw.get(field.dotted, []) if item != argument]

    # --- display ------------------------------------------------------------------

    def display(self, value: Any, ui: dict) -> str:
        return "\n".join(
            f"{item['name']} ({human_size(item['size'])})\nSHA-256: {item['sha256']}"
            for item in value or []
            if isinstance(item, dict)
        )

    def rows(
        self, field: Field, value: Any, depth: int = 0, shown: Callable[[Field], bool] = always_shown
    ) -> list[OverviewRow]:
        if value is EMPTY or not value:
            return [OverviewRow(field.label, "Geen bestand toegevoegd", depth)]
        return [OverviewRow(field.label, self.display(value, field.ui), depth)]

    # --- the data schema ----------------------------------------------------------

    def data_schema(self, field: Field) -> dict | None:
        return {**field.schema, "items": ITEM_SCHEMA}
