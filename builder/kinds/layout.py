"""Kinds that shape the page: a content block (no data) and a fieldset (a group of fields)."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import EMPTY, Field, FieldKind, OverviewRow, Posted, always_shown, child_value, field_kinds


@field_kinds.register("content")
class Content(FieldKind):
    title = _("Text block")
    schema_type = None
    template = "content"
    properties = ("content",)

    def parse(self, field: Field, posted: Posted) -> Any:
        return EMPTY


@field_kinds.register("fieldset")
class Fieldset(FieldKind):
    title = _("Group")
    schema_type = "object"
    template = "fieldset"
    has_children = True
    properties = ("label", "help", "required")

    def parse(self, field: Field, posted: Posted) -> Any:
        nested = posted.read(field.children)
        # An unticked checkbox is an answer, but on its own it does not make a fieldset filled in.
        if any(value is not False for value in nested.values()):
            return nested
        return {} if field.required else EMPTY

    def as_posted(self, value: Any) -> list[str]:
        return []

    def rows(
        self, field: Field, value: Any, depth: int = 0, shown: Callable[[Field], bool] = always_shown
    ) -> list[OverviewRow]:
        rows = [OverviewRow(field.label, "", depth, is_group=True)]
        for child in field.children:
            if shown(child):
                rows += child.kind.rows(child, child_value(value, child.name), depth + 1, shown)
        return rows

    def data_schema(self, field: Field) -> dict | None:
        properties = {
            child.name: schema for child in field.children if (schema := child.kind.data_schema(child)) is not None
        }
        return {**field.schema, "properties": properties}
