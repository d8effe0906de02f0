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
    hidden: bool = False
    """Hidden by form logic: rendered with ``hidden`` so the page's script can show it as the citizen answers."""
    logic_path: str = ""
    """``step.field`` when form logic may show or hide this field (the script finds it by this path)."""
    toggles_required: bool = False
    path: str = ""
    """``step.field``: where rules find this field."""
    """Form logic may make this field required or optional."""

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
        if self.field.hint:
            ids.append(f"{self.field.html_id}-hint")
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
    """Bind the fields of ``step`` to the saved answers or, after a failed post, the ``raw`` input.

    Fields that form logic hides are left out, unless a rule may show them as
    the citizen answers: those are bound as well, marked hidden, and keep what
    was typed in them.
    """
    logic = state.spec.logic
    stored_step = state.step_data(step) if raw is None else {}

    def build(items, stored: Any) -> list[BoundField]:
        stored = stored if isinstance(stored, dict) else {}
        bound = []
        for item in items:
            path = f"{step.key}.{item.dotted}"
            shown = state.shows(step, item)
            if not shown and path not in logic.toggled:
                continue
            if raw is not None:
                values = raw.get(item.dotted, [])
            else:
                values = item.kind.as_posted(stored[item.name]) if item.name in stored else []
            children = build(item.children, stored.get(item.name))
            bound.append(
                BoundField(
                    item,
                    values,
                    errors.get(item.dotted) if shown else None,
                    children,
                    state.is_required(step, item),
                    hidden=not shown,
                    logic_path=path if path in logic.toggled else "",
                    toggles_required=path in logic.made_required,
                    path=path,
                    items=_items(item, values, stored.get(item.name)) if item.kind.repeats else [],
                )
            )
        return bound

    def _items(group: Field, values: list[str], stored_items: Any) -> list[list[BoundField]]:
        stored_items = stored_items if isinstance(stored_items, list) else []
        count = group.kind.count(group, values)
        return [
            build(group.kind.item_fields(group, index), stored_items[index] if index < len(stored_items) else {})
            for index in range(count)
        ]

    return build(step.fields, stored_step)


def logic_script_data(state: FormState, step: Step) -> dict | None:
    """What the page's script needs to apply the form's rules as the citizen answers; None without rules."""
    logic = state.spec.logic
    if not logic.touches(step.key):
        return None
    prefix = step.key + "."
    return {
        **logic.for_browser(state.data, state.today, step.key),
        # How to read this step's answers from the form, as the server would store them.
        "types": {
            dotted: "date" if item.kind.format == "date" else item.kind.schema_type
            for dotted, item in step.by_path.items()
            if prefix + dotted in logic.reads
        },
        "required": sorted(prefix + dotted for dotted, item in step.by_path.items() if item.required),
    }


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
