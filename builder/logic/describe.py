"""A rule as a Dutch sentence, for editors: in the builder and in the list of changes between versions.

``describe(rule, definition)`` reads "Als 'Soort besluit' gelijk is aan 'Parkeren'
dan wordt 'Kenteken' getoond en verplicht". Fields are named by their label
(choices by theirs), so editors recognise what they built. A rule the checks
would refuse is still described as well as possible, never an error: the
version diff shows old versions too.
"""

import datetime
import json
from typing import Any

from ..text import localize
from .checks import FieldInfo, field_index

__all__ = ["describe"]

COMPARE = {
    "==": "gelijk is aan",
    "!=": "niet gelijk is aan",
    ">": "groter is dan",
    ">=": "groter is dan of gelijk aan",
    "<": "kleiner is dan",
    "<=": "kleiner is dan of gelijk aan",
}
COMPARE_DATES = {
    "==": "gelijk is aan",
    "!=": "niet gelijk is aan",
    ">": "later is dan",
    ">=": "op of na",
    "<": "eerder is dan",
    "<=": "op of voor",
}
UNIT_WORDS = {"days": ("dag", "dagen"), "months": ("maand", "maanden"), "years": ("jaar", "jaar")}
DONE = {
    "show_field": "getoond",
    "hide_field": "verborgen",
    "require_field": "verplicht",
    "optional_field": "niet verplicht",
    "show_step": "getoond",
    "hide_step": "overgeslagen",
}


def describe(rule: dict, definition: dict) -> str:
    """``rule`` (one entry of ``definition["logic"]``) as one Dutch sentence."""
    names = _Names(definition)
    when = rule.get("when")
    actions = _actions(rule.get("then", []), names)
    if when is True:
        return f"Altijd wordt {actions}"
    if when is False:
        return f"Nooit (regel staat uit): {actions}"
    return f"Als {_condition(when, names, top=True)} dan wordt {actions}"


class _Names:
    def __init__(self, definition: dict):
        self.fields = field_index(definition)
        self.labels: dict[str, str] = {}
        self.choice_labels: dict[str, dict] = {}
        self.steps = {step["key"]: localize(step["title"], "nl") for step in definition.get("steps", [])}
        for step in definition.get("steps", []):
            self._walk(step["key"], step["ui"])

    def _walk(self, prefix: str, ui: dict) -> None:
        for name, field in ui.get("fields", {}).items():
            path = f"{prefix}.{name}"
            self.labels[path] = localize(field.get("label"), "nl") or name
            self.choice_labels[path] = field.get("choices", {})
            self._walk(path, field)

    def field(self, path: str) -> str:
        return f"‘{self.labels.get(path, path)}’"

    def step(self, key: str) -> str:
        return f"stap ‘{self.steps.get(key, key)}’"

    def value(self, path: str | None, value: Any) -> str:
        labels = self.choice_labels.get(path or "", {})
        if isinstance(value, str) and value in labels:
            return f"‘{localize(labels[value], 'nl')}’"
        if isinstance(value, bool):
            return "aangevinkt" if value else "niet aangevinkt"
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
            except ValueError:
                return f"‘{value}’"
        if isinstance(value, int | float):
            return str(value).replace(".", ",")
        return json.dumps(value, ensure_ascii=False)

    def info(self, path: str) -> FieldInfo | None:
        return self.fields.get(path)


def _var(expression: Any) -> str | None:
    if isinstance(expression, dict) and len(expression) == 1 and "var" in expression:
        name = expression["var"]
        name = name[0] if isinstance(name, list) and name else name
        return name if isinstance(name, str) else None
    return None


def _today(expression: Any) -> str | None:
    if not (isinstance(expression, dict) and len(expression) == 1 and "today" in expression):
        return None
    args = expression["today"] if isinstance(expression["today"], list) else [expression["today"]]
    amount = args[0] if args else 0
    unit = args[1] if len(args) > 1 else "days"
    if not isinstance(amount, int) or amount == 0:
        return "vandaag"
    one, many = UNIT_WORDS.get(unit, (unit, unit))
    word = one if abs(amount) == 1 else many
    return f"{abs(amount)} {word} geleden" if amount < 0 else f"over {amount} {word}"


def _condition(expression: Any, names: _Names, top: bool = False) -> str:
    if not isinstance(expression, dict) or len(expression) != 1:
        return json.dumps(expression, ensure_ascii=False)
    ((operator, args),) = expression.items()
    if operator in ("and", "or") and isinstance(args, list):
        word = " en " if operator == "and" else " of "
        text = word.join(_condition(item, names) for item in args)
        return text if top or len(args) < 2 else f"({text})"
    if operator == "!":
        inner = args[0] if isinstance(args, list) and len(args) == 1 else args
        path = _var(inner)
        if path:
            return f"{names.field(path)} leeg is"
        return f"niet {_condition(inner, names)}"
    if operator == "in" and isinstance(args, list) and len(args) == 2:
        path = _var(args[1])
        return f"{names.field(path) if path else _operand(args[1], names, None)} {_operand(args[0], names, path)} bevat"
    if operator in COMPARE and isinstance(args, list) and len(args) == 2:
        left, right = args
        path = _var(left) or _var(right)
        if (path and right is None) or left is None:
            return f"{names.field(path)} {'leeg is' if operator == '==' else 'ingevuld is'}"
        info = names.info(path) if path else None
        words = COMPARE_DATES if info and info.type == "date" else COMPARE
        return f"{_operand(left, names, path)} {words[operator]} {_operand(right, names, path)}"
    return json.dumps(expression, ensure_ascii=False)


def _operand(value: Any, names: _Names, path: str | None) -> str:
    var = _var(value)
    if var:
        return names.field(var)
    today = _today(value)
    if today:
        return today
    return names.value(path, value)


def _actions(actions: list[dict], names: _Names) -> str:
    # Actions on the same field or step read as one: "'Kenteken' getoond en verplicht".
    grouped: dict[str, list[str]] = {}
    for action in actions:
        kind = action.get("action")
        if kind == "set_value":
            target = names.field(action.get("field", ""))
            grouped.setdefault(target, []).append(
                f"ingevuld met {names.value(action.get('field'), action.get('value'))}"
            )
        elif "step" in action:
            grouped.setdefault(names.step(action["step"]), []).append(DONE.get(kind, kind))
        else:
            grouped.setdefault(names.field(action.get("field", "")), []).append(DONE.get(kind, kind))
    parts = [f"{target} {' en '.join(done)}" for target, done in grouped.items()]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " en " + parts[-1]
    return parts[0] if parts else "niets gedaan"
