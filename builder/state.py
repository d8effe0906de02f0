"""The state of one submission's form: which steps and fields apply, and where the citizen may go.

A :class:`FormState` is built per request from the compiled spec, the saved
answers and the authentication context. Views, the overview, completion and
the receipt ask it every "what applies here" question, so form logic changes
one place.

Form logic is evaluated in :meth:`FormState.outcome` (the rules of
``builder.logic``, once per state): it returns the steps and fields the rules
hide, the fields they make required or optional and the values they set.
Everything else follows from that: hidden steps are skipped by next/previous
and are not needed for completion; hidden fields are not shown, not required,
and their values are dropped before validation; fields made required are
validated as such; set values replace what was posted.
"""

import datetime
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from django.utils import timezone
from jsonschema import Draft202012Validator

from .logic.rules import Outcome
from .spec import Field, FormSpec, Step

__all__ = ["FormState", "RuleOutcome"]


RuleOutcome = Outcome
"""What form logic decides for one submission (the name pages and tests use)."""


class FormState:
    """One submission's form: its steps and fields as they apply to its data."""

    def __init__(self, spec: FormSpec, data: Mapping[str, dict], auth: Any = None, today: datetime.date | None = None):
        self.spec = spec
        self.data = data
        self.auth = auth
        """The authentication context (who is logged in, on whose behalf); None while forms are anonymous."""
        self.today = today or timezone.localdate()
        """The date rules compare with ("not in the future"): today in the site's time zone."""

    def outcome(self) -> RuleOutcome:
        """What the form's logic decides for this data (the one place rules are evaluated, once per state)."""
        return self.spec.logic.evaluate(self.data, self.today)

    @cached_property
    def _outcome(self) -> RuleOutcome:
        return self.outcome()

    def with_step(self, step: Step, values: dict) -> "FormState":
        """The state after ``step`` is saved with ``values`` (rules may depend on them)."""
        return type(self)(self.spec, {**self.data, step.key: values}, self.auth, self.today)

    # --- steps --------------------------------------------------------------------

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """The steps that apply, in order."""
        return tuple(step for step in self.spec.steps if step.key not in self._outcome.hidden_steps)

    def applies(self, step: Step) -> bool:
        return step.key not in self._outcome.hidden_steps

    def first_open_step(self) -> Step | None:
        """The first step that applies and is not saved yet; None when every one is."""
        return next((step for step in self.steps if step.key not in self.data), None)

    def may_visit(self, step: Step) -> bool:
        """A step applies and comes no later than the first open one."""
        open_step = self.first_open_step()
        return self.applies(step) and (open_step is None or step.index <= open_step.index)

    def next_step(self, step: Step) -> Step | None:
        return next((later for later in self.steps if later.index > step.index), None)

    def previous_step(self, step: Step) -> Step | None:
        return next((earlier for earlier in reversed(self.steps) if earlier.index < step.index), None)

    def answered_steps(self) -> tuple[Step, ...]:
        """The steps that apply and have saved answers, in order."""
        return tuple(step for step in self.steps if step.key in self.data)

    def incomplete_step(self) -> Step | None:
        """The first step that applies and is not saved, or whose saved answers are not valid (any more)."""
        for step in self.steps:
            if step.key not in self.data:
                return step
            if not self.validator(step).is_valid(self.clean(step, self.data[step.key])):
                return step
        return None

    # --- fields -------------------------------------------------------------------

    def shows(self, step: Step, field: Field) -> bool:
        """Whether ``field`` of ``step`` applies (a field inside a hidden fieldset is hidden too)."""
        hidden = self._outcome.hidden_fields
        if not hidden:
            return True
        path = (step.key, *field.path)
        return not any(".".join(path[:end]) in hidden for end in range(2, len(path) + 1))

    def fields(self, step: Step) -> tuple[Field, ...]:
        """The top-level fields of ``step`` that apply."""
        return tuple(item for item in step.fields if self.shows(step, item))

    def is_required(self, step: Step, field: Field) -> bool:
        path = f"{step.key}.{field.dotted}"
        if path in self._outcome.optional_fields:
            return False
        return (field.required or path in self._outcome.required_fields) and self.shows(step, field)

    def clean(self, step: Step, values: dict) -> dict:
        """``values`` without the values of hidden fields and with the values rules set.

        Hidden values are dropped before validation, so they never reach the
        overview, the receipt or a registration.
        """
        outcome = self._outcome
        if outcome.hidden_fields:
            values = self._without_hidden(step, step.fields, values)
        prefix = step.key + "."
        for path, value in outcome.values.items():
            if path.startswith(prefix):
                values = _with_value(values, path[len(prefix) :].split("."), value)
        return values

    def step_data(self, step: Step) -> dict:
        """The saved answers of ``step`` as they apply: hidden values dropped, set values in."""
        return self.clean(step, self.data.get(step.key, {}))

    def applied_data(self) -> dict[str, dict]:
        """The saved answers of every step that applies, as they apply: what the submission really says."""
        return {step.key: self.step_data(step) for step in self.steps if step.key in self.data}

    def _without_hidden(self, step: Step, fields: tuple[Field, ...], values: dict) -> dict:
        kept = {}
        for item in fields:
            if item.name not in values or not self.shows(step, item):
                continue
            value = values[item.name]
            if item.children and isinstance(value, dict):
                value = self._without_hidden(step, item.children, value)
            kept[item.name] = value
        return kept

    def validator(self, step: Step) -> Draft202012Validator:
        """The validator for ``step``'s data: the compiled one, unless logic changes its fields."""
        outcome = self._outcome
        prefix = step.key + "."
        changed = frozenset(
            (kind, path)
            for kind, paths in (
                ("hidden", outcome.hidden_fields),
                ("required", outcome.required_fields),
                ("optional", outcome.optional_fields),
            )
            for path in paths
            if path.startswith(prefix)
        )
        if not changed:
            return step.validator
        # Few combinations occur per form, and compiling a schema costs more than a step save: keep them.
        return step.variant_validator(changed, lambda: self._pruned(step, step.fields, step.schema))

    def _pruned(self, step: Step, fields: tuple[Field, ...], schema: dict) -> dict:
        # A hidden field is neither allowed nor required (its value was dropped by clean());
        # a field that logic makes required is.
        properties = {}
        required = []
        for item in fields:
            if item.name in schema.get("properties", {}) and self.shows(step, item):
                part = schema["properties"][item.name]
                # A repeating group's items are pruned through its item schema.
                if item.children and item.kind.repeats:
                    part = {**part, "items": self._pruned(step, item.children, item.kind.children_schema(part))}
                elif item.children:
                    part = self._pruned(step, item.children, part)
                properties[item.name] = part
                if self.is_required(step, item):
                    required.append(item.name)
        return {**schema, "properties": properties, "required": required}


def _with_value(values: dict, names: list[str], value: Any) -> dict:
    """A copy of ``values`` with ``value`` at ``names`` (inside fieldsets)."""
    first, *rest = names
    inner = values.get(first)
    return {**values, first: _with_value(inner if isinstance(inner, dict) else {}, rest, value) if rest else value}
