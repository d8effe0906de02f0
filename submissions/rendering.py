"""Fields bound to what the citizen entered, ready for the step template."""

from dataclasses import dataclass, field
from typing import Any

from builder.spec import Field, Step
from builder.state import FormState


@dataclass
class BoundField:
    field: Field
    values: list[str]
    error: str | None = None
    children: list["BoundField"] = field(default_factory=list)
    required: bool = False
    items: list[list["BoundField"]] = field(default_factory=list)
    """A repeating group's items, each its bound child fields."""

    @property
    def value(self) -> str:
        return self.values[-1] if self.values else ""

    @property
    def template(self) -> str:
        return f"submissions/fields/{self.field.kind.template}.html"

    @property
    def describedby(self) -> str:
        ids = []
        if self.field.help:
            ids.append(f"{self.field.html_id}-help")
        if self.error:
            ids.append(f"{self.field.html_id}-error")
        return " ".join(ids)

    @property
    def choices(self) -> list[tuple[str, str, bool]]:
        return [(value, label, value in self.values) for value, label in self.field.choices]

    @property
    def has_error(self) -> bool:
        nested = [*self.children, *(child for item in self.items for child in item)]
        return bool(self.error) or any(child.has_error for child in nested)

    @property
    def can_add(self) -> bool:
        return self.field.kind.repeats and len(self.items) < self.field.kind.maximum(self.field)

    @property
    def can_remove(self) -> bool:
        return self.field.kind.repeats and len(self.items) > max(self.field.kind.minimum(self.field), 1)

    @property
    def item_labels(self) -> list[tuple[str, list["BoundField"]]]:
        """(``Kind 2``, its fields) for every item of a repeating group."""
        return [(self.field.kind.item_label(self.field, index), item) for index, item in enumerate(self.items)]


def bind(state: FormState, step: Step, errors: dict[str, str], *, raw: dict | None = None) -> list[BoundField]:
    """Bind the fields of ``step`` that apply to the saved answers or, after a failed post, the ``raw`` input."""

    def build(items, stored: Any) -> list[BoundField]:
        stored = stored if isinstance(stored, dict) else {}
        bound = []
        for item in items:
            if not state.shows(step, item):
                continue
            if raw is not None:
                values = raw.get(item.dotted, [])
            else:
                values = item.kind.as_posted(stored[item.name]) if item.name in stored else []
            children = build(item.children, stored.get(item.name))
            items = _items(item, values, stored.get(item.name)) if item.kind.repeats else []
            bound.append(
                BoundField(item, values, errors.get(item.dotted), children, state.is_required(step, item), items)
            )
        return bound

    def _items(group: Field, values: list[str], stored_items: Any) -> list[list[BoundField]]:
        stored_items = stored_items if isinstance(stored_items, list) else []
        count = group.kind.count(group, values)
        return [
            build(group.kind.item_fields(group, index), stored_items[index] if index < len(stored_items) else {})
            for index in range(count)
        ]

    return build(step.fields, state.data.get(step.key))


def error_summary(step: Step, errors: dict[str, str]) -> list[tuple[str, str]]:
    """(anchor, message) in the order the fields appear on the page (items of a repeating group in turn)."""
    order = {path: position for position, path in enumerate(step.by_path)}

    def place(path: str) -> tuple:
        parts = path.split(".")
        template = ".".join(part for part in parts if not part.isdigit())
        indexes = [int(part) for part in parts if part.isdigit()]
        # An item's fields come after the group's own message, item by item.
        group = ".".join(part for part in parts[: next((i for i, p in enumerate(parts) if p.isdigit()), len(parts))])
        return (order.get(group, len(order)), indexes, order.get(template, len(order)))

    known = [path for path in errors if ".".join(part for part in path.split(".") if not part.isdigit()) in order]
    return [("field-" + path.replace(".", "-"), errors[path]) for path in sorted(known, key=place)]
