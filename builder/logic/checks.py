"""What is wrong with a definition's rules: each problem as a JSON path into the rule and plain words.

Checked when an editor saves, when a form is imported and when it is published:

- only the operators the engine and the browser both know (``operators.OPERATORS``), in their shape;
- every ``var`` names a field that holds data, every action an existing step or field;
- the value a field is compared with fits the field (no number against a date, no
  unknown choice, greater/less only for numbers and dates);
- a set value is a valid answer for its field;
- no cycles: a rule that hides or sets a field never feeds, directly or through
  other rules, a rule that decides about its own condition;
- no step that can never be reached (always hidden, or shown only by rules that never apply).
"""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

from ..definition.errors import DefinitionError
from ..kinds import get_kind
from ..kinds.base import FieldKind
from .operators import COMPARISONS, OPERATORS, UNITS
from .rules import Rule, reads_of, rule_order

__all__ = ["FieldInfo", "field_index", "logic_errors"]


@dataclass(frozen=True)
class FieldInfo:
    """One field of a definition as the checks see it: its kind and data schema."""

    path: str
    kind: FieldKind
    schema: dict

    @property
    def type(self) -> str | None:
        if self.kind.format == "date":
            return "date"
        return self.kind.schema_type

    @property
    def choices(self) -> list | None:
        return self.kind.choice_values(self.schema) if self.kind.has_choices else None


def field_index(definition: dict) -> dict[str, FieldInfo]:
    """Every field of every step by dotted path (``stap.fieldset.veld``), content blocks included."""
    found: dict[str, FieldInfo] = {}

    def walk(prefix: str, schema: dict, ui: dict) -> None:
        properties = schema.get("properties", {})
        for name, field_ui in ui.get("fields", {}).items():
            kind = get_kind(field_ui["kind"])
            field_schema = properties.get(name, {})
            found[f"{prefix}.{name}"] = FieldInfo(f"{prefix}.{name}", kind, field_schema)
            if kind.has_children:
                walk(f"{prefix}.{name}", field_schema, field_ui)

    for step in definition["steps"]:
        walk(step["key"], step["schema"], step["ui"])
    return found


def logic_errors(definition: dict) -> list[DefinitionError]:
    rules = definition.get("logic", [])
    if not rules:
        return []
    fields = field_index(definition)
    steps = [step["key"] for step in definition["steps"]]
    errors: list[DefinitionError] = []
    for index, rule in enumerate(rules):
        base = f"$.logic[{index}]"
        errors += _Condition(fields, f"{base}.when").check(rule["when"])
        for action_index, action in enumerate(rule["then"]):
            errors += _action_errors(action, f"{base}.then[{action_index}]", steps, fields)
    if errors:
        return errors
    compiled = [
        Rule(index, rule["when"], tuple(rule["then"]), frozenset(reads_of(rule["when"])))
        for index, rule in enumerate(rules)
    ]
    errors += _cycle_errors(compiled)
    errors += _unreachable_steps(rules, steps)
    return errors


NEEDS = {
    "show_step": "step",
    "hide_step": "step",
    "show_field": "field",
    "hide_field": "field",
    "require_field": "field",
    "optional_field": "field",
    "set_value": "field",
}


def _action_errors(action: dict, path: str, steps: list[str], fields: dict[str, FieldInfo]) -> list:
    kind = action["action"]
    needed = NEEDS[kind]
    wrong = [key for key in ("step", "field", "value") if key in action and key != needed and key != "value"]
    errors = [DefinitionError(f"{path}.{key}", f"'{kind}' takes a {needed}, not a {key}") for key in wrong]
    if needed not in action:
        return [*errors, DefinitionError(f"{path}.{needed}", f"'{kind}' needs a {needed}")]
    if needed == "step":
        if action["step"] not in steps:
            errors.append(DefinitionError(f"{path}.step", f"there is no step {action['step']!r}"))
        return errors
    info = fields.get(action["field"])
    if info is None:
        return [*errors, DefinitionError(f"{path}.field", f"there is no field {action['field']!r}")]
    if kind in ("require_field", "optional_field", "set_value") and not info.kind.has_data:
        errors.append(
            DefinitionError(f"{path}.field", f"{action['field']!r} holds no answer, so '{kind}' cannot apply")
        )
    if kind == "set_value":
        if "value" not in action:
            errors.append(DefinitionError(f"{path}.value", "'set_value' needs a value"))
        elif info.kind.has_data and not Draft202012Validator(info.schema).is_valid(action["value"]):
            errors.append(
                DefinitionError(
                    f"{path}.value", f"{json.dumps(action['value'])} is not a valid answer for {action['field']!r}"
                )
            )
    elif "value" in action:
        errors.append(DefinitionError(f"{path}.value", "only 'set_value' takes a value"))
    return errors


class _Condition:
    """Checks one rule's condition, node by node, keeping the JSON path of each."""

    def __init__(self, fields: dict[str, FieldInfo], path: str):
        self.fields = fields
        self.path = path
        self.errors: list[DefinitionError] = []

    def check(self, expression: Any) -> list[DefinitionError]:
        if not isinstance(expression, bool):
            self.node(expression, self.path)
        return self.errors

    def fail(self, path: str, message: str) -> None:
        self.errors.append(DefinitionError(path, message))

    def node(self, expression: Any, path: str) -> None:
        if not isinstance(expression, dict) or len(expression) != 1:
            self.fail(path, 'must be a condition: an object with one operator, such as {"==": [...]}')
            return
        ((operator, args),) = expression.items()
        here = f"{path}[{json.dumps(operator)}]"
        if operator not in OPERATORS:
            self.fail(here, f"unknown operator {operator!r}; a rule may use: {', '.join(sorted(OPERATORS))}")
        elif operator in ("and", "or"):
            if not isinstance(args, list) or len(args) < 1:
                self.fail(here, f"'{operator}' needs a list of conditions")
                return
            for position, item in enumerate(args):
                self.node(item, f"{here}[{position}]")
        elif operator == "!":
            item = args[0] if isinstance(args, list) and len(args) == 1 else args
            if isinstance(item, dict) and "var" in item:
                self.var(item, f"{here}")
            else:
                self.node(item, here)
        elif operator in COMPARISONS or operator == "in":
            if not isinstance(args, list) or len(args) != 2:
                self.fail(here, f"'{operator}' compares exactly two values")
                return
            self.comparison(operator, args, here)
        else:
            self.fail(here, f"'{operator}' can only be used inside a comparison")

    def var(self, expression: dict, path: str) -> "FieldInfo | None":
        name = expression["var"]
        if isinstance(name, list) and len(name) == 1:
            name = name[0]
        if not isinstance(name, str):
            self.fail(f"{path}.var", "must name a field: 'step.field'")
            return None
        info = self.fields.get(name)
        if info is None:
            self.fail(f"{path}.var", f"there is no field {name!r}")
        elif not info.kind.has_data:
            self.fail(f"{path}.var", f"{name!r} holds no answer to test")
            info = None
        return info

    def operand(self, value: Any, path: str) -> tuple[str, Any]:
        """("field", FieldInfo) | ("today", None) | ("value", literal) | ("bad", None)."""
        if isinstance(value, dict) and len(value) == 1 and "var" in value:
            info = self.var(value, path)
            return ("field", info) if info else ("bad", None)
        if isinstance(value, dict) and len(value) == 1 and "today" in value:
            args = value["today"] if isinstance(value["today"], list) else [value["today"]]
            amount_ok = not args or (isinstance(args[0], int) and not isinstance(args[0], bool))
            unit_ok = len(args) < 2 or args[1] in UNITS
            if len(args) > 2 or not amount_ok or not unit_ok:
                self.fail(f'{path}["today"]', f"is [whole number, unit] with unit one of {', '.join(UNITS)}")
                return ("bad", None)
            return ("today", None)
        if isinstance(value, dict | list):
            self.fail(path, "compare a field with a fixed value or with today, not with a calculation")
            return ("bad", None)
        return ("value", value)

    def comparison(self, operator: str, args: list, path: str) -> None:
        left = self.operand(args[0], f"{path}[0]")
        right = self.operand(args[1], f"{path}[1]")
        if "bad" in (left[0], right[0]):
            return
        if operator == "in":
            self.contains(left, right, path)
            return
        kinds = {left[0], right[0]}
        if "field" not in kinds:
            self.fail(path, 'compares no field: one side must be a field ({"var": "step.field"})')
            return
        info, other, other_at = (left[1], right, 1) if left[0] == "field" else (right[1], left, 0)
        where = f"{path}[{other_at}]"
        if info.type in ("array", "object"):
            self.fail(path, f"{info.path!r} holds several answers: use 'in' (contains) to test for one of them")
            return
        if operator not in ("==", "!=") and info.type not in ("number", "integer", "date"):
            self.fail(path, f"only numbers and dates can be greater or less; {info.path!r} is {info.type}")
            return
        if other[0] == "today":
            if info.type != "date":
                self.fail(where, f"{info.path!r} is not a date, so it cannot be compared with today")
            return
        if other[0] == "field":
            if other[1].type != info.type:
                self.fail(
                    path, f"{info.path!r} ({info.type}) and {other[1].path!r} ({other[1].type}) cannot be compared"
                )
            return
        value = other[1]
        if value is None:
            if operator not in ("==", "!="):
                self.fail(where, "only equals and not equals test for an empty answer (null)")
            return
        problem = _mismatch(info, value)
        if problem:
            self.fail(where, problem)

    def contains(self, left: tuple, right: tuple, path: str) -> None:
        if right[0] != "field":
            self.fail(f"{path}[1]", "'in' (contains) looks inside a field: the second value must be a field")
            return
        info = right[1]
        if info.type not in ("string", "array"):
            self.fail(f"{path}[1]", f"'in' (contains) needs a text or a list of choices; {info.path!r} is {info.type}")
            return
        if left[0] != "value" or not isinstance(left[1], str):
            self.fail(f"{path}[0]", "'in' (contains) looks for a fixed text")
            return
        if info.type == "array" and info.choices is not None and left[1] not in info.choices:
            self.fail(f"{path}[0]", f"{left[1]!r} is not one of the choices of {info.path!r}")


def _mismatch(info: FieldInfo, value: Any) -> str | None:
    """Why ``value`` can never be an answer of ``info``; None when it can."""
    expected = info.type
    if expected == "date":
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return (
                f"{info.path!r} is a date: compare it with a date (YYYY-MM-DD) or with today, not {json.dumps(value)}"
            )
        return None
    if expected in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{info.path!r} is a number: compare it with a number, not {json.dumps(value)}"
        return None
    if expected == "boolean":
        if not isinstance(value, bool):
            return f"{info.path!r} is a checkbox: compare it with true or false, not {json.dumps(value)}"
        return None
    if not isinstance(value, str):
        return f"{info.path!r} is a text: compare it with a text, not {json.dumps(value)}"
    if info.choices is not None and value not in info.choices:
        return f"{json.dumps(value)} is not one of the choices of {info.path!r}: {', '.join(map(str, info.choices))}"
    return None


def _cycle_errors(rules: list[Rule]) -> list[DefinitionError]:
    _, cycles = rule_order(rules)
    errors = []
    for cycle in cycles:
        if len(cycle) == 1:
            message = "changes a field its own condition reads, so it would undo or repeat itself"
        else:
            numbers = " -> ".join(f"rule {rule.index}" for rule in [*cycle, cycle[0]])
            message = f"rules feed each other in a loop ({numbers}): each changes a field the next one reads"
        errors.append(DefinitionError(f"$.logic[{cycle[0].index}]", message))
    return errors


def _unreachable_steps(rules: list[dict], steps: list[str]) -> list[DefinitionError]:
    errors = []
    for key in steps:
        shown_by = [
            (i, r["when"])
            for i, r in enumerate(rules)
            for a in r["then"]
            if a["action"] == "show_step" and a["step"] == key
        ]
        always_hidden = [
            i
            for i, r in enumerate(rules)
            for a in r["then"]
            if a["action"] == "hide_step" and a["step"] == key and r["when"] is True
        ]
        if always_hidden:
            errors.append(
                DefinitionError(f"$.logic[{always_hidden[0]}]", f"always hides step {key!r}: no one can reach it")
            )
        elif shown_by and all(when is False for _, when in shown_by):
            errors.append(
                DefinitionError(
                    f"$.logic[{shown_by[0][0]}]",
                    f"step {key!r} is shown only by rules that never apply: no one can reach it",
                )
            )
    return errors
