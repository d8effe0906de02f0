"""Fields bound to what the citizen entered, ready for the step template."""

from dataclasses import dataclass, field
from typing import Any

from builder.spec import Field, Step


@dataclass
class BoundField:
    field: Field
    values: list[str]
    error: str | None = None
    children: list["BoundField"] = field(default_factory=list)

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
        return bool(self.error) or any(child.has_error for child in self.children)


def _as_strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, bool):
        return ["on"] if value else []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def bind(step: Step, errors: dict[str, str], *, data: dict | None = None, raw: dict | None = None) -> list[BoundField]:
    """Bind every field of ``step`` to stored ``data`` or, after a failed post, the ``raw`` input."""

    def build(items, stored: dict) -> list[BoundField]:
        bound = []
        for item in items:
            if raw is not None:
                values = raw.get(item.dotted, [])
            else:
                values = _as_strings(stored.get(item.name)) if item.kind.has_data else []
            nested = stored.get(item.name, {}) if isinstance(stored.get(item.name), dict) else {}
            bound.append(BoundField(item, values, errors.get(item.dotted), build(item.children, nested)))
        return bound

    return build(step.fields, data or {})


def error_summary(step: Step, errors: dict[str, str]) -> list[tuple[str, str]]:
    """(anchor, message) in the order the fields appear on the page."""
    return [(item.html_id, errors[path]) for path, item in step.by_path.items() if path in errors]
