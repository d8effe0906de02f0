"""The state of one submission's form: which steps and fields apply, and where the citizen may go.

A :class:`FormState` is built per request from the compiled spec, the saved
answers and (later) the authentication context. Views, the overview, completion
and the receipt ask it every "what applies here" question, so form logic changes
one place.

Form logic plugs in at :meth:`FormState.hidden`: a rule engine evaluates the
definition's ``logic`` against the data (and the authentication context) and
returns the steps and fields it hides. Everything else follows from that:
hidden steps are skipped by next/previous and are not required for completion,
hidden fields are not shown, not required, and their values are dropped before
validation. Today no rules are evaluated, so nothing is hidden.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from jsonschema import Draft202012Validator

from .formats import format_checker
from .spec import Field, FormSpec, Step

__all__ = ["FormState", "Hidden"]


@dataclass(frozen=True)
class Hidden:
    """What form logic hides: step keys, and fields as paths from the step (``stap.adres.postcode``)."""

    steps: frozenset[str] = frozenset()
    fields: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.steps or self.fields)


class FormState:
    """One submission's form: its steps and fields as they apply to its data."""

    def __init__(self, spec: FormSpec, data: Mapping[str, dict], auth: Any = None):
        self.spec = spec
        self.data = data
        self.auth = auth
        """The authentication context (who is logged in, on whose behalf); None while forms are anonymous."""

    def hidden(self) -> Hidden:
        """What the form's logic hides for this data and authentication context.

        The one place where rules are evaluated. No rules are applied yet, so
        nothing is hidden.
        """
        return Hidden()

    @cached_property
    def _hidden(self) -> Hidden:
        return self.hidden()

    def with_step(self, step: Step, values: dict) -> "FormState":
        """The state after ``step`` is saved with ``values`` (rules may depend on them)."""
        return type(self)(self.spec, {**self.data, step.key: values}, self.auth)

    # --- steps --------------------------------------------------------------------

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """The steps that apply, in order."""
        return tuple(step for step in self.spec.steps if step.key not in self._hidden.steps)

    def applies(self, step: Step) -> bool:
        return step.key not in self._hidden.steps

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
        if not self._hidden.fields:
            return True
        path = (step.key, *field.path)
        return not any(".".join(path[:end]) in self._hidden.fields for end in range(2, len(path) + 1))

    def fields(self, step: Step) -> tuple[Field, ...]:
        """The top-level fields of ``step`` that apply."""
        return tuple(item for item in step.fields if self.shows(step, item))

    def is_required(self, step: Step, field: Field) -> bool:
        return field.required and self.shows(step, field)

    def clean(self, step: Step, values: dict) -> dict:
        """``values`` without the values of hidden fields: they are dropped before validation."""
        if not self._hidden.fields:
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
        """The validator for ``step``'s data: the compiled one, unless logic hides some of its fields."""
        if not self._hidden.fields:
            return step.validator
        return Draft202012Validator(self._pruned(step, step.fields, step.schema), format_checker=format_checker)

    def _pruned(self, step: Step, fields: tuple[Field, ...], schema: dict) -> dict:
        # A hidden field is neither allowed nor required; its value was dropped by clean().
        properties = {}
        for item in fields:
            if item.name in schema.get("properties", {}) and self.shows(step, item):
                part = schema["properties"][item.name]
                properties[item.name] = self._pruned(step, item.children, part) if item.children else part
        required = [name for name in schema.get("required", []) if name in properties]
        return {**schema, "properties": properties, "required": required}
