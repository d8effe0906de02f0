"""Kinds where the citizen chooses: select, radio, checkboxes, and the single checkbox."""

from typing import Any

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from ..definition.errors import DefinitionError
from ..text import localize
from .base import EMPTY, FieldKind, field_kinds


class Choice(FieldKind):
    has_choices = True
    properties = ("label", "help", "required", "choices")
    required_message = gettext_noop("Kies een antwoord bij ‘{label}’.")

    def choice_values(self, schema: dict) -> list | None:
        return schema.get("enum")

    def check_definition(self, schema: dict, ui: dict, schema_path: str, ui_path: str) -> list[DefinitionError]:
        errors = super().check_definition(schema, ui, schema_path, ui_path)
        values = self.choice_values(schema)
        where = f"{schema_path}.{'items.enum' if self.multiple else 'enum'}"
        if not values:
            errors.append(DefinitionError(where, f"a {self.id} field needs the allowed values"))
        elif not all(isinstance(value, str) for value in values):
            errors.append(DefinitionError(where, f"a {self.id} field stores text: use strings"))
        elif set(values) != set(ui.get("choices", {})):
            errors.append(DefinitionError(f"{ui_path}.choices", "the choices must label exactly the allowed values"))
        return errors

    def display(self, value: Any, ui: dict) -> str:
        return localize(ui.get("choices", {}).get(value, value))


@field_kinds.register("select")
class Select(Choice):
    title = _("Drop-down list")
    template = "select"


@field_kinds.register("radio")
class Radio(Choice):
    title = _("Choice (one)")
    template = "radio"


@field_kinds.register("checkboxes")
class Checkboxes(Choice):
    title = _("Choices (several)")
    schema_type = "array"
    template = "checkboxes"
    multiple = True
    properties = ("label", "help", "required", "choices", "minItems", "maxItems")

    def parse_text(self, raw: list[str]) -> Any:
        values = list(dict.fromkeys(item for item in raw if item))
        return values or EMPTY

    def choice_values(self, schema: dict) -> list | None:
        return schema.get("items", {}).get("enum")

    def as_posted(self, value: Any) -> list[str]:
        return [str(item) for item in value] if isinstance(value, list) else super().as_posted(value)

    def display(self, value: Any, ui: dict) -> str:
        return ", ".join(Choice.display(self, item, ui) for item in value or [])


@field_kinds.register("checkbox")
class Checkbox(FieldKind):
    title = _("Checkbox")
    schema_type = "boolean"
    template = "checkbox"
    properties = ("label", "help", "must_tick")
    required_message = gettext_noop("Vink ‘{label}’ aan.")

    def check_definition(self, schema: dict, ui: dict, schema_path: str, ui_path: str) -> list[DefinitionError]:
        errors = super().check_definition(schema, ui, schema_path, ui_path)
        if "const" in schema and schema["const"] is not True:
            errors.append(
                DefinitionError(f"{schema_path}.const", "a checkbox can only be required to be ticked (true)")
            )
        return errors

    def parse_text(self, raw: list[str]) -> Any:
        # An unticked box is not posted at all; that is an answer ("no"), not a gap.
        return bool(raw and raw[-1])

    def as_posted(self, value: Any) -> list[str]:
        return ["on"] if value else []

    def display(self, value: Any, ui: dict) -> str:
        return gettext("Ja") if value else gettext("Nee")
