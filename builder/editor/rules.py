"""The rule editor: "als <veld> <operator> <waarde> dan <actie> <doel>" as a form, written as JSON Logic.

An editor picks a field, an operator and types a value; the value is read the way the
field stores its answers (a Dutch number, a date as 20-02-2026, a choice by its label).
A second condition joins with "and" or "or". The rule is then checked with the rest of
the definition (``builder.logic.checks``) before it is saved, like every other change.
"""

import copy
import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..logic.checks import FieldInfo, field_index
from ..logic.describe import describe
from ..text import localize

__all__ = ["RuleForm", "add_rule", "describe_rules", "remove_rule"]

OPERATORS = [
    ("eq", _("equals")),
    ("ne", _("does not equal")),
    ("contains", _("contains")),
    ("gt", _("is greater than / later than")),
    ("lt", _("is less than / earlier than")),
    ("empty", _("is empty")),
    ("filled", _("is filled in")),
    ("before_today", _("is before today plus … days")),
    ("after_today", _("is after today plus … days")),
]
NO_VALUE = {"empty", "filled"}
ACTIONS = [
    ("show_field", _("show field")),
    ("hide_field", _("hide field")),
    ("require_field", _("make field required")),
    ("optional_field", _("make field optional")),
    ("set_value", _("set the value of field")),
    ("show_step", _("show step")),
    ("hide_step", _("skip step")),
]
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$")


def field_choices(definition: dict) -> list[tuple[str, str]]:
    """Every field by dotted path, labelled "Step › Field"."""
    titles = {step["key"]: localize(step["title"], "nl") for step in definition["steps"]}
    choices = []

    def walk(prefix: str, ui: dict, trail: str) -> None:
        for name in ui.get("order", []):
            field = ui["fields"][name]
            label = localize(field.get("label") or field.get("content"), "nl") or name
            choices.append((f"{prefix}.{name}", f"{trail} › {label}"))
            walk(f"{prefix}.{name}", field, f"{trail} › {label}")

    for step in definition["steps"]:
        walk(step["key"], step["ui"], titles[step["key"]])
    return choices


def _value(text: str, info: FieldInfo | None) -> Any:
    """The typed text as the answer the field would store."""
    text = text.strip()
    if info is None:
        return text
    if info.type in ("number", "integer"):
        try:
            number = float(text.replace(".", "").replace(",", ".") if "," in text else text)
        except ValueError:
            raise forms.ValidationError(_("Type a number, such as 12 or 2,5.")) from None
        return int(number) if number.is_integer() else number
    if info.type == "boolean":
        return text.lower() in ("ja", "yes", "true", "aangevinkt", "1", "waar")
    if info.type == "date":
        match = _DUTCH_DATE.match(text)
        try:
            if match:
                day, month, year = map(int, match.groups())
                return datetime.date(year, month, day).isoformat()
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            raise forms.ValidationError(_("Type a date, such as 20-02-2026.")) from None
    return text


class RuleForm(forms.Form):
    description = forms.CharField(label=_("Note for editors"), required=False, max_length=500)
    field = forms.ChoiceField(label=_("If field"))
    operator = forms.ChoiceField(label=_("Condition"), choices=OPERATORS)
    value = forms.CharField(label=_("Value"), required=False, max_length=500)
    join = forms.ChoiceField(
        label=_("Second condition"),
        required=False,
        choices=[("", _("none")), ("and", _("and also")), ("or", _("or else"))],
    )
    field2 = forms.ChoiceField(label=_("Field"), required=False)
    operator2 = forms.ChoiceField(label=_("Condition"), choices=OPERATORS, required=False)
    value2 = forms.CharField(label=_("Value"), required=False, max_length=500)
    # Not "action": that names the page's submit buttons.
    then = forms.ChoiceField(label=_("Then"), choices=ACTIONS)
    target = forms.ChoiceField(label=_("Field or step"))
    set_to = forms.CharField(label=_("Value to set"), required=False, max_length=500)

    def __init__(self, definition: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.index = field_index(definition)
        fields = field_choices(definition)
        steps = [
            (f"stap:{step['key']}", f"{_('Step')}: {localize(step['title'], 'nl')}") for step in definition["steps"]
        ]
        self.fields["field"].choices = fields
        self.fields["field2"].choices = [("", "—"), *fields]
        self.fields["target"].choices = [*fields, *steps]

    def _condition(self, path: str, operator: str, text: str) -> dict:
        info = self.index.get(path)
        var = {"var": path}
        if operator in NO_VALUE:
            return {"!": [var]} if operator == "empty" else {"!=": [var, None]}
        if operator in ("before_today", "after_today"):
            try:
                days = int(text.strip() or "0")
            except ValueError:
                raise forms.ValidationError(_("Type a whole number of days, such as 0 or -30.")) from None
            return {"<" if operator == "before_today" else ">": [var, {"today": [days, "days"]}]}
        if not text.strip():
            raise forms.ValidationError(_("Type the value to compare with."))
        if info is not None and info.choices is not None:
            # A choice by its label or its value.
            labels = {localize(label, "nl").lower(): value for value, label in self._choice_labels(path).items()}
            text = labels.get(text.strip().lower(), text.strip())
            value: Any = text
        else:
            value = _value(text, info)
        if operator == "contains":
            return {"in": [str(value), var]}
        symbol = {"eq": "==", "ne": "!=", "gt": ">", "lt": "<"}[operator]
        return {symbol: [var, value]}

    def _choice_labels(self, path: str) -> dict:
        ui: dict = {}
        step_key, *names = path.split(".")
        for step in self.definition["steps"]:
            if step["key"] == step_key:
                ui = step["ui"]
        for name in names:
            ui = ui.get("fields", {}).get(name, {})
        return ui.get("choices", {})

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            when = self._condition(data["field"], data["operator"], data.get("value", ""))
        except forms.ValidationError as problem:
            self.add_error("value", problem)
            return data
        if data.get("join") and data.get("field2"):
            try:
                second = self._condition(data["field2"], data.get("operator2") or "eq", data.get("value2", ""))
            except forms.ValidationError as problem:
                self.add_error("value2", problem)
                return data
            when = {data["join"]: [when, second]}
        target = data["target"]
        action: dict[str, Any] = {"action": data["then"]}
        if data["then"] in ("show_step", "hide_step"):
            if not target.startswith("stap:"):
                self.add_error("target", _("Choose a step for this action."))
                return data
            action["step"] = target.removeprefix("stap:")
        else:
            if target.startswith("stap:"):
                self.add_error("target", _("Choose a field for this action."))
                return data
            action["field"] = target
            if data["then"] == "set_value":
                try:
                    action["value"] = _value(data.get("set_to", ""), self.index.get(target))
                except forms.ValidationError as problem:
                    self.add_error("set_to", problem)
                    return data
        rule: dict[str, Any] = {"when": when, "then": [action]}
        if data.get("description"):
            rule["description"] = data["description"]
        data["rule"] = rule
        return data


def add_rule(definition: dict, rule: dict) -> dict:
    changed = copy.deepcopy(definition)
    changed.setdefault("logic", []).append(rule)
    return changed


def remove_rule(definition: dict, index: int) -> dict:
    changed = copy.deepcopy(definition)
    rules = changed.get("logic", [])
    if not 0 <= index < len(rules):
        raise IndexError(index)
    del rules[index]
    if not rules:
        changed.pop("logic", None)
    return changed


def describe_rules(definition: dict) -> list[str]:
    return [describe(rule, definition) for rule in definition.get("logic", [])]
