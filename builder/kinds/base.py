"""What a field kind is: the one place that knows how fields of that kind behave.

A kind ties the UI to the data. It says which JSON Schema type and format it
stores and what else its definition must satisfy, whether it holds child fields,
how the posted form (values *and* files) becomes JSON, how JSON reads for people
as rows on the overview, the receipt, the PDF and the e-mail, and what it
contributes to the data schema. Code outside ``builder/kinds/`` asks a kind
these questions; it never tests a kind's id.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from forms_platform.registry import Registry

from ..definition.errors import DefinitionError
from ..text import localize

__all__ = [
    "EMPTY",
    "MAX_TEXT",
    "NOT_ANSWERED",
    "Field",
    "FieldKind",
    "OverviewRow",
    "ParseError",
    "Posted",
    "field_kinds",
]

field_kinds: Registry[FieldKind] = Registry("field kind")
"""Every field kind by id (``ui.fields.*.kind``). A kind registers with ``@field_kinds.register("id")``."""

EMPTY = object()
"""Returned by :meth:`FieldKind.parse` when the citizen left the field empty."""

NOT_ANSWERED = gettext_lazy("Niet ingevuld")

MAX_TEXT = 100_000
"""No single posted value is longer than this, whatever the schema says: a guard against abuse."""

# PostgreSQL cannot store NUL in text or jsonb, and no encoding can store a lone surrogate.
# Refused for every kind, on every database, so SQLite and PostgreSQL answer alike.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""Characters no database can store in text: NUL (PostgreSQL) and lone surrogates (any UTF-8 encoding)."""


class ParseError(ValueError):
    """The posted input cannot become a value of this kind (e.g. letters in a number).

    ``str(error)`` is a short code; ``message`` is the Dutch text for the citizen (a msgid,
    marked with ``gettext_noop`` and translated when shown), with ``{label}`` where the field's label goes.
    """

    def __init__(self, code: str, message: str = gettext_noop("‘{label}’ is niet geldig.")):
        super().__init__(code)
        self.code = code
        self.message = message

    def message_for(self, label: str) -> str:
        return gettext(self.message).format(label=label)


class _ValuesLike(Protocol):
    def getlist(self, key: str) -> list: ...


class Posted:
    """What a citizen posted for one step: the request's values and files, read field by field.

    Kinds read their own input from it (:meth:`texts`, :attr:`files`); it keeps
    what was typed (to show it again after an error) and the error of every
    field that could not be read, so one bad field never hides another.
    """

    def __init__(self, values: _ValuesLike, files: _ValuesLike | None = None, *, owner: Any = None, scope: str = ""):
        self.values = values
        self.files = files if files is not None else MultiValueDict()
        self.owner = owner
        """Whom the input belongs to (the submission): kinds that keep files store them for it."""
        self.scope = scope
        """Where in the form it was posted (the step key)."""
        self.errors: dict[str, str] = {}
        self.raw: dict[str, list[str]] = {}

    def texts(self, field: Field) -> list[str]:
        """The posted text values of ``field``; refuses what no database can store."""
        raw = [str(value) for value in self.values.getlist(field.dotted)]
        self.raw[field.dotted] = raw
        if any(len(value) > MAX_TEXT for value in raw):
            raise ParseError("too_long", gettext_noop("‘{label}’ is te lang."))
        if any(UNSTORABLE.search(value) for value in raw):
            self.raw[field.dotted] = [UNSTORABLE.sub("", value) for value in raw]
            raise ParseError(
                "unstorable",
                gettext_noop("‘{label}’ bevat een onzichtbaar of ongeldig teken. Typ uw antwoord opnieuw."),
            )
        return raw

    def value_of(self, field: Field) -> Any:
        """The value of one field, or EMPTY; a field that cannot be read records its error."""
        try:
            return field.kind.parse(field, self)
        except ParseError as error:
            self.errors[field.dotted] = error.message_for(field.label)
            return EMPTY

    def read(self, fields: tuple[Field, ...]) -> dict[str, Any]:
        """The values of ``fields`` as a JSON object; empty fields are left out."""
        data = {}
        for item in fields:
            value = self.value_of(item)
            if value is not EMPTY:
                data[item.name] = value
        return data


@dataclass(frozen=True)
class OverviewRow:
    """One line of the answers as people read them: on the overview, the receipt, the PDF and the e-mail."""

    label: str
    value: str
    depth: int = 0
    is_group: bool = False


def always_shown(field: Field) -> bool:
    return True


class FieldKind:
    """The default behaviour: one text input that stores a string."""

    id: str
    """Set by the registry."""
    title: ClassVar[Any] = ""
    """What editors call the kind in the builder's palette (the id when empty)."""

    schema_type: ClassVar[str | None] = "string"
    """The JSON Schema ``type`` this kind stores; None for a kind that stores nothing."""
    format: ClassVar[str | None] = None
    template: ClassVar[str] = "input"
    input_type: ClassVar[str] = "text"
    input_mode: ClassVar[str | None] = None
    has_choices: ClassVar[bool] = False
    multiple: ClassVar[bool] = False
    takes_files: ClassVar[bool] = False
    has_buttons: ClassVar[bool] = False
    """Its widget has buttons of its own ("Verwijderen", "Nog een toevoegen") that post the step."""
    """Reads files from the post: a step with such a field is sent as multipart/form-data."""
    has_children: ClassVar[bool] = False
    """Contains child fields (its UI has ``order`` and ``fields``, its schema ``properties``)."""
    receives_mail: ClassVar[bool] = False
    """May be the confirmation recipient (the receipt e-mail goes to its value)."""
    not_for_mail: ClassVar[str] = ""
    """When set (e.g. "a BSN"), answers of this kind may not travel in e-mail: it says what they are."""
    required_message: ClassVar[str] = gettext_noop("Vul ‘{label}’ in.")
    properties: ClassVar[tuple[str, ...]] = (
        "label",
        "help",
        "required",
        "placeholder",
        "autocomplete",
        "minLength",
        "maxLength",
        "pattern",
    )
    """What an editor may set on a field of this kind in the builder, by property id
    (``builder/editor/properties.py``): the kind's property panel is built from this."""

    @property
    def has_data(self) -> bool:
        return self.schema_type is not None

    # --- the definition -----------------------------------------------------------

    def check_definition(self, schema: dict, ui: dict, schema_path: str, ui_path: str) -> list[DefinitionError]:
        """What is wrong with one field of this kind: its data schema against its UI."""
        errors = []
        if schema["type"] != self.schema_type:
            errors.append(
                DefinitionError(
                    f"{schema_path}.type", f"a {self.id} field stores {self.schema_type!r}, not {schema['type']!r}"
                )
            )
        if schema.get("format") != self.format:
            expected = f"must be {self.format!r}" if self.format else "is not allowed"
            errors.append(DefinitionError(f"{schema_path}.format", f"for a {self.id} field the format {expected}"))
        if "choices" in ui and not self.has_choices:
            errors.append(DefinitionError(f"{ui_path}.choices", f"a {self.id} field has no choices"))
        for low, high in (("minLength", "maxLength"), ("minimum", "maximum"), ("minItems", "maxItems")):
            if low in schema and high in schema and schema[low] > schema[high]:
                errors.append(DefinitionError(f"{schema_path}.{low}", f"{low} is larger than {high}"))
        return errors

    def choice_values(self, schema: dict) -> list | None:
        return None

    def value_problem(self, field: Field, value: Any, today: datetime.date) -> str | None:
        """A Dutch message when an answer that passed the data schema still breaks a rule of this
        kind that JSON Schema cannot say (a date relative to today, an option that excludes the
        others); None when it is fine."""
        return None

    def hint(self, field: Field) -> str:
        """A short line under the label that states such a rule ("Niet in de toekomst"); empty for none."""
        return ""

    repeats: ClassVar[bool] = False
    """Holds a list of items, each with the child fields (a repeating group); data paths carry the item's index."""

    def children_schema(self, schema: dict) -> dict:
        """The object schema whose ``properties`` describe the child fields (a fieldset's own schema)."""
        return schema

    def blank(self, label: str) -> tuple[dict | None, dict]:
        """The data schema (None: no data) and UI of a new field of this kind, as the builder adds it.

        Valid as it stands, so adding a field never breaks a definition.
        """
        ui: dict[str, Any] = {"kind": self.id, "label": label}
        if not self.has_data:
            return None, {"kind": self.id, "content": label}
        schema: dict[str, Any] = {"type": self.schema_type}
        if self.format:
            schema["format"] = self.format
        if self.has_children:
            schema["properties"] = {}
            ui.update(order=[], fields={})
        if self.has_choices:
            values = ["optie_1", "optie_2"]
            if self.multiple:
                schema["items"] = {"type": "string", "enum": values}
            else:
                schema["enum"] = values
            ui["choices"] = {"optie_1": "Optie 1", "optie_2": "Optie 2"}
        return schema, ui

    # --- posted input -------------------------------------------------------------

    def parse(self, field: Field, posted: Posted) -> Any:
        """This field's value from the posted form (values and files), or EMPTY; raises ParseError."""
        return self.parse_text(posted.texts(field))

    def parse_text(self, raw: list[str]) -> Any:
        """Posted text values as JSON, or EMPTY."""
        value = raw[-1].strip() if raw else ""
        return self.normalize(value) if value else EMPTY

    def normalize(self, value: str) -> Any:
        return value

    def as_posted(self, value: Any) -> list[str]:
        """A stored value as the form values that would post it again (to fill in the step)."""
        if value is None or not self.has_data:
            return []
        return [str(value)]

    def act(self, field: Field, posted: Posted, verb: str, argument: str, path: str) -> None:
        """A button on the step that changes the page (``verb``), not a value: remove a file, add an item.

        ``path`` is where the button sits (``kinderen.2`` inside a repeating group). The
        kind changes ``posted.raw`` so the step is shown again as it now is.
        """

    # --- display ------------------------------------------------------------------

    def display(self, value: Any, ui: dict) -> str:
        """The value as a person reads it on the overview, receipt and PDF."""
        return "" if value is None else str(value)

    def rows(
        self, field: Field, value: Any, depth: int = 0, shown: Callable[[Field], bool] = always_shown
    ) -> list[OverviewRow]:
        """This field's answer as rows; ``value`` is EMPTY when it was not answered.

        ``shown`` says which child fields apply (form logic may hide some).
        """
        if not self.has_data:
            return []
        if value is EMPTY:
            return [OverviewRow(field.label, str(NOT_ANSWERED), depth)]
        return [OverviewRow(field.label, self.display(value, field.ui), depth)]

    # --- the data schema ----------------------------------------------------------

    def data_schema(self, field: Field) -> dict | None:
        """What this field contributes to the data schema of its step (None: nothing)."""
        return field.schema if self.has_data else None


@dataclass(frozen=True)
class Field:
    """One field of a compiled step: its place, its kind, its data schema and UI."""

    name: str
    path: tuple[str, ...]
    kind: FieldKind
    schema: dict
    ui: dict
    required: bool
    children: tuple[Field, ...] = ()

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    @property
    def html_id(self) -> str:
        return "field-" + "-".join(self.path)

    @property
    def label(self) -> str:
        return localize(self.ui.get("label"))

    @property
    def help(self) -> str:
        return localize(self.ui.get("help"))

    @property
    def hint(self) -> str:
        return self.kind.hint(self)

    @property
    def placeholder(self) -> str:
        return localize(self.ui.get("placeholder"))

    @property
    def content(self) -> str:
        return localize(self.ui.get("content"))

    @property
    def choices(self) -> list[tuple[str, str]]:
        labels = self.ui.get("choices", {})
        return [(str(value), localize(labels[str(value)])) for value in self.kind.choice_values(self.schema) or []]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def child_value(value: Any, name: str) -> Any:
    """The value of a child field inside an object value, or EMPTY."""
    return value.get(name, EMPTY) if isinstance(value, Mapping) else EMPTY
