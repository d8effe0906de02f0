"""Kinds where the citizen chooses: select, radio, checkboxes, and the single checkbox."""

import datetime
from typing import Any

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from ..definition.errors import DefinitionError
from ..text import localize
from .base import EMPTY, Field, FieldKind, field_kinds


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
    properties = ("label", "help", "required", "choices", "exclusive", "minItems", "maxItems")

    def check_definition(self, schema: dict, ui: dict, schema_path: str, ui_path: str) -> list[DefinitionError]:
        errors = super().check_definition(schema, ui, schema_path, ui_path)
        values = self.choice_values(schema) or []
        for index, value in enumerate(ui.get("exclusive", [])):
            if value not in values:
                errors.append(DefinitionError(f"{ui_path}.exclusive[{index}]", f"{value!r} is not one of the choices"))
        return errors

    def value_problem(self, field: Field, value: Any, today: datetime.date) -> str | None:
        # "Geen van deze" with another option says two things at once: ask which one is meant.
        exclusive = field.ui.get("exclusive") or ()
        if not isinstance(value, list) or len(value) < 2:
            return None
        for item in value:
            if item in exclusive:
                custom = field.ui.get("messages", {}).get("exclusive")
                if custom:
                    return localize(custom)
                option = Choice.display(self, item, field.ui)
                return gettext("‘{option}’ kan niet samen met een andere keuze.").format(option=option)
        return None

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
