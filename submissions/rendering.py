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
        if self.error:
            ids.append(f"{self.field.html_id}-error")
        return " ".join(ids)

    @property
    def choices(self) -> list[tuple[str, str, bool]]:
        return [(value, label, value in self.values) for value, label in self.field.choices]

    @property
    def has_error(self) -> bool:
        return bool(self.error) or any(child.has_error for child in self.children)


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
                )
            )
        return bound

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
    """(anchor, message) in the order the fields appear on the page."""
    return [(item.html_id, errors[path]) for path, item in step.by_path.items() if path in errors]
