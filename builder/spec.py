"""A form version compiled for use: steps, fields and validators, built once per version.

Versions are immutable, so a compiled :class:`FormSpec` is cached under the
version's content digest and shared by every request that uses it.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from jsonschema import Draft202012Validator

from .formats import format_checker
from .kinds import Field, get_kind
from .logic.rules import Logic
from .patterns import LinearTimeValidator
from .text import localize

VARIANTS = 64
"""Validators kept per step for the ways form logic changes its fields."""


@dataclass(frozen=True)
class Step:
    key: str
    index: int
    title: str | dict
    description: str | dict | None
    schema: dict
    fields: tuple[Field, ...]
    validator: Draft202012Validator = field(repr=False, compare=False)

    @property
    def label(self) -> str:
        return localize(self.title)

    @property
    def intro(self) -> str:
        return localize(self.description)

    @cached_property
    def by_path(self) -> dict[str, Field]:
        """Data fields by dotted path (``adres.postcode``)."""
        return {item.dotted: item for item in self.data_fields()}

    @cached_property
    def has_files(self) -> bool:
        """Some field of this step takes files, so its form posts multipart/form-data."""
        return any(item.kind.takes_files for top in self.fields for item in top.walk())

    @cached_property
    def has_exclusive(self) -> bool:
        """Some option on this step excludes the others: the page unticks them as the citizen ticks it."""
        return any(item.ui.get("exclusive") for top in self.fields for item in top.walk())

    @cached_property
    def has_buttons(self) -> bool:
        """Some field has buttons of its own, so the step's first button must be "Volgende"."""
        return any(item.kind.has_buttons for top in self.fields for item in top.walk())

    def variant_validator(self, key: frozenset, schema: Callable[[], dict]) -> Draft202012Validator:
        """The validator for this step as form logic changed it (``key`` names the change), compiled once."""
        variants = self.__dict__.setdefault("_variants", OrderedDict())
        validator = variants.get(key)
        if validator is None:
            validator = LinearTimeValidator(schema(), format_checker=format_checker)
            variants[key] = validator
            if len(variants) > VARIANTS:
                variants.popitem(last=False)
        return validator

    def data_fields(self):
        """Every field that holds a value, fieldsets included, depth first."""
        for top in self.fields:
            for item in top.walk():
                if item.kind.has_data:
                    yield item


def _data_schema(schema: dict, fields: tuple[Field, ...]) -> dict:
    """A step's data schema as its fields' kinds contribute it (no other properties: nothing else is stored)."""
    properties = {item.name: part for item in fields if (part := item.kind.data_schema(item)) is not None}
    return {**schema, "properties": properties, "additionalProperties": False}


def _build_fields(schema: dict, ui: dict, prefix: tuple[str, ...]) -> tuple[Field, ...]:
    required = set(schema.get("required", []))
    properties = schema.get("properties", {})
    built = []
    for name in ui["order"]:
        field_ui = ui["fields"][name]
        kind = get_kind(field_ui["kind"])
        field_schema = properties.get(name, {})
        children = (
            _build_fields(kind.children_schema(field_schema), field_ui, (*prefix, name)) if kind.has_children else ()
        )
        built.append(Field(name, (*prefix, name), kind, field_schema, field_ui, name in required, children))
    return tuple(built)


def _build_step(index: int, step: dict) -> Step:
    fields = _build_fields(step["schema"], step["ui"], ())
    schema = _data_schema(step["schema"], fields)
    return Step(
        key=step["key"],
        index=index,
        title=step["title"],
        description=step.get("description"),
        schema=schema,
        fields=fields,
        validator=LinearTimeValidator(schema, format_checker=format_checker),
    )


class FormSpec:
    def __init__(self, definition: dict):
        self.definition = definition
        self.slug: str = definition["slug"]
        self.settings: dict = definition["settings"]
        self.steps: tuple[Step, ...] = tuple(_build_step(index, step) for index, step in enumerate(definition["steps"]))
        self._by_key = {step.key: step for step in self.steps}

    @cached_property
    def logic(self) -> Logic:
        """The form's rules, ordered and ready to evaluate."""
        return Logic(self.definition.get("logic", []))

    @property
    def name(self) -> str:
        return localize(self.definition["name"])

    def setting(self, name: str) -> str:
        return localize(self.settings.get(name))

    def step(self, key: str) -> Step:
        return self._by_key[key]

    def has_step(self, key: str) -> bool:
        return key in self._by_key

    def next_step(self, step: Step) -> Step | None:
        return self.steps[step.index + 1] if step.index + 1 < len(self.steps) else None

    def previous_step(self, step: Step) -> Step | None:
        return self.steps[step.index - 1] if step.index > 0 else None

    @cached_property
    def confirmation_recipient(self) -> tuple[str, ...] | None:
        """(step key, field path...) of the e-mail field the receipt goes to."""
        for step in self.steps:
            for item in step.data_fields():
                if item.ui.get("confirmation_recipient"):
                    return (step.key, *item.path)
        return None

    def data_schema(self) -> dict[str, Any]:
        """One JSON Schema for a whole submission: ``{step key: step data}``."""
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {step.key: step.schema for step in self.steps},
            "required": [step.key for step in self.steps],
            "additionalProperties": False,
        }


_cache: "OrderedDict[str, FormSpec]" = OrderedDict()
_lock = threading.Lock()
CACHE_SIZE = 128


def compiled(digest: str, definition: Callable[[], dict]) -> FormSpec:
    """The compiled spec for a definition, keyed by its content digest.

    ``definition`` is called only on a cache miss, so callers can leave the
    (large) definition unloaded until it is really needed.
    """
    with _lock:
        spec = _cache.get(digest)
        if spec is not None:
            _cache.move_to_end(digest)
            return spec
    spec = FormSpec(definition())
    with _lock:
        _cache[digest] = spec
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return spec
