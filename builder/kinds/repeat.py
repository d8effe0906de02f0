"""A repeating group ("Nog een toevoegen"): the same fields once per item, between a minimum and a maximum.

Its data is an array of objects (``schema.items`` describes one item), so registrations
receive a list. On the page every item's fields are named with the item's index
(``kinderen.1.naam``) and a hidden input holds the number of items; "Nog een toevoegen"
and "Verwijderen" are submit buttons that show the step again with what was typed, so
the group works without JavaScript. Errors point at the item: "Kind 2: Vul ‘Naam’ in."
"""

import dataclasses
from collections.abc import Callable
from typing import Any

from ..definition.errors import DefinitionError
from ..text import localize
from .base import EMPTY, Field, FieldKind, OverviewRow, ParseError, Posted, always_shown, field_kinds

HARD_MAX = 50
"""No group holds more items than this, whatever the definition says: a guard against abuse."""

ADD = "voeg-toe"
REMOVE = "verwijder-item"


@field_kinds.register("repeat")
class Repeat(FieldKind):
    schema_type = "array"
    template = "repeat"
    has_children = True
    has_buttons = True
    repeats = True
    required_message = "Vul ‘{label}’ in."

    def children_schema(self, schema: dict) -> dict:
        items = schema.get("items")
        return items if isinstance(items, dict) else {}

    def check_definition(self, schema: dict, ui: dict, schema_path: str, ui_path: str) -> list[DefinitionError]:
        errors = super().check_definition(schema, ui, schema_path, ui_path)
        items = schema.get("items")
        if not isinstance(items, dict) or items.get("type") != "object":
            errors.append(DefinitionError(f"{schema_path}.items", "a repeat field's items are objects (type object)"))
        if schema.get("maxItems", HARD_MAX) > HARD_MAX:
            errors.append(DefinitionError(f"{schema_path}.maxItems", f"a repeat field holds at most {HARD_MAX} items"))
        for name, child in ui.get("fields", {}).items():
            if child.get("kind") in {"repeat", "file"}:
                errors.append(
                    DefinitionError(f"{ui_path}.fields.{name}.kind", "a repeat field cannot hold files or repeats")
                )
        return errors

    def blank(self, label: str) -> tuple[dict | None, dict]:
        return (
            {"type": "array", "maxItems": 5, "items": {"type": "object", "properties": {}}},
            {"kind": self.id, "label": label, "order": [], "fields": {}},
        )

    # --- items --------------------------------------------------------------------

    def minimum(self, field: Field) -> int:
        return field.schema.get("minItems", 0)

    def maximum(self, field: Field) -> int:
        return min(field.schema.get("maxItems", HARD_MAX), HARD_MAX)

    def item_label(self, field: Field, index: int) -> str:
        """``Kind 2``: how item ``index`` (from 0) is named on the page, in errors and on the receipt."""
        return f"{localize(field.ui.get('item_label')) or field.label} {index + 1}"

    def item_fields(self, field: Field, index: int) -> tuple[Field, ...]:
        """The child fields of item ``index``, with the index in their path (and so in names and ids)."""
        at = len(field.path)

        def moved(child: Field) -> Field:
            path = (*field.path, str(index), *child.path[at:])
            return dataclasses.replace(child, path=path, children=tuple(moved(inner) for inner in child.children))

        return tuple(moved(child) for child in field.children)

    def count(self, field: Field, raw: list[str]) -> int:
        """The number of items the page holds (its hidden input), within the group's bounds."""
        try:
            number = int(raw[-1]) if raw else 0
        except ValueError:
            number = 0
        return max(min(number, self.maximum(field)), self.minimum(field), 1)

    # --- posted input -------------------------------------------------------------

    def parse(self, field: Field, posted: Posted) -> Any:
        try:
            raw = posted.texts(field)
        except ParseError:
            raw = []
        count = self.count(field, raw)
        posted.raw[field.dotted] = [str(count)]
        items = [posted.read(self.item_fields(field, index)) for index in range(count)]
        # A group left wholly empty is not answered; once something is typed, every item counts.
        if not any(value is not False for item in items for value in item.values()):
            return EMPTY
        return items

    def as_posted(self, value: Any) -> list[str]:
        return [str(len(value))] if isinstance(value, list) else []

    def act(self, field: Field, posted: Posted, verb: str, argument: str, path: str) -> None:
        count = self.count(field, posted.raw.get(path, []))
        if verb == ADD and count < self.maximum(field):
            posted.raw[path] = [str(count + 1)]
        elif verb == REMOVE and argument.isdigit() and count > max(self.minimum(field), 1):
            removed = int(argument)
            if removed >= count:
                return
            # Items after the removed one move up: their typed input goes with them.
            for index in range(removed, count):
                old, new = f"{path}.{index + 1}.", f"{path}.{index}."
                for key in [key for key in posted.raw if key.startswith(new)]:
                    del posted.raw[key]
                for key in [key for key in posted.raw if key.startswith(old)]:
                    posted.raw[new + key[len(old) :]] = posted.raw.pop(key)
            posted.raw[path] = [str(count - 1)]
            posted.errors = {key: message for key, message in posted.errors.items() if not key.startswith(path + ".")}

    # --- display ------------------------------------------------------------------

    def rows(
        self, field: Field, value: Any, depth: int = 0, shown: Callable[[Field], bool] = always_shown
    ) -> list[OverviewRow]:
        if not isinstance(value, list) or not value:
            return [OverviewRow(field.label, "Niet ingevuld", depth)]
        rows = [OverviewRow(field.label, "", depth, is_group=True)]
        for index, item in enumerate(value):
            rows.append(OverviewRow(self.item_label(field, index), "", depth + 1, is_group=True))
            for child in field.children:
                if shown(child):
                    child_value = item.get(child.name, EMPTY) if isinstance(item, dict) else EMPTY
                    rows += child.kind.rows(child, child_value, depth + 2, shown)
        return rows

    # --- the data schema ----------------------------------------------------------

    def data_schema(self, field: Field) -> dict | None:
        items = self.children_schema(field.schema)
        properties = {
            child.name: schema for child in field.children if (schema := child.kind.data_schema(child)) is not None
        }
        return {
            **field.schema,
            "maxItems": self.maximum(field),
            "items": {**items, "properties": properties, "additionalProperties": False},
        }
