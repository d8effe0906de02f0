"""The state of one submission's form: which steps and fields apply, and where the citizen may go.

A :class:`FormState` is built per request from the compiled spec, the saved
answers and (later) the authentication context. Views, the overview, completion
and the receipt ask it every "what applies here" question, so form logic changes
one place.

Form logic plugs in at :meth:`FormState.outcome`: a rule engine evaluates the
definition's ``logic`` against the data (and the authentication context) and
returns the steps and fields it hides and the fields it makes required.
Everything else follows from that: hidden steps are skipped by next/previous
and are not needed for completion; hidden fields are not shown, not required,
and their values are dropped before validation; fields made required are
validated as such. Today no rules are evaluated, so the outcome is empty.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from jsonschema import Draft202012Validator

from .formats import format_checker
from .patterns import LinearTimeValidator
from .spec import Field, FormSpec, Step

__all__ = ["FormState", "RuleOutcome"]


@dataclass(frozen=True)
class RuleOutcome:
    """What form logic decides for one submission. Fields are paths from the step: ``stap.adres.postcode``."""

    hidden_steps: frozenset[str] = frozenset()
    hidden_fields: frozenset[str] = frozenset()
    required_fields: frozenset[str] = frozenset()

    @property
    def changes_fields(self) -> bool:
        return bool(self.hidden_fields or self.required_fields)


class FormState:
    """One submission's form: its steps and fields as they apply to its data."""

    def __init__(self, spec: FormSpec, data: Mapping[str, dict], auth: Any = None):
        self.spec = spec
        self.data = data
        self.auth = auth
        """The authentication context (who is logged in, on whose behalf); None while forms are anonymous."""

    def outcome(self) -> RuleOutcome:
        """What the form's logic decides for this data and authentication context.

        The one place where rules are evaluated (once per state). No rules are
        applied yet, so nothing is hidden and nothing extra is required.
        """
        return RuleOutcome()

    @cached_property
    def _outcome(self) -> RuleOutcome:
        return self.outcome()

    def with_step(self, step: Step, values: dict) -> "FormState":
        """The state after ``step`` is saved with ``values`` (rules may depend on them)."""
        return type(self)(self.spec, {**self.data, step.key: values}, self.auth)

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
        made_required = f"{step.key}.{field.dotted}" in self._outcome.required_fields
        return (field.required or made_required) and self.shows(step, field)

    def clean(self, step: Step, values: dict) -> dict:
        """``values`` without the values of hidden fields: they are dropped before validation."""
        if not self._outcome.hidden_fields:
            return values
        return self._without_hidden(step, step.fields, values)

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
        if not self._outcome.changes_fields:
            return step.validator
        return LinearTimeValidator(self._pruned(step, step.fields, step.schema), format_checker=format_checker)

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
