"""The field-kind registry: what each ``ui.fields.*.kind`` means.

A kind ties the UI to the data: which JSON Schema type and format it stores,
how a posted HTML value becomes JSON, and how a stored value reads on the
overview and the receipt. New kinds (uploads, repeating groups) register here
with ``@register`` (and add the name to the ``kind`` list in the meta-schema, which
is what editors' definitions are checked against).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from stdnum import iban
from stdnum.nl import postcode

from .text import localize

EMPTY = object()
"""Returned by :meth:`FieldKind.parse` when the citizen left the field empty."""


class ParseError(ValueError):
    """The posted text cannot become a value of this kind (e.g. letters in a number)."""


_registry: dict[str, "FieldKind"] = {}


def register(name: str):
    def decorator(cls: type["FieldKind"]) -> type["FieldKind"]:
        if name in _registry:
            raise ValueError(f"field kind {name!r} is registered twice")
        instance = cls()
        instance.name = name
        _registry[name] = instance
        return cls

    return decorator


def get_kind(name: str) -> "FieldKind":
    return _registry[name]


def kind_names() -> list[str]:
    return sorted(_registry)


class FieldKind:
    name: ClassVar[str]
    schema_type: ClassVar[str | None] = "string"
    format: ClassVar[str | None] = None
    template: ClassVar[str] = "input"
    input_type: ClassVar[str] = "text"
    input_mode: ClassVar[str | None] = None
    has_choices: ClassVar[bool] = False
    multiple: ClassVar[bool] = False

    @property
    def has_data(self) -> bool:
        return self.schema_type is not None

    def parse(self, raw: list[str]) -> Any:
        """Turn the posted values of this field into JSON data, or EMPTY."""
        value = raw[-1].strip() if raw else ""
        return self.normalize(value) if value else EMPTY

    def normalize(self, value: str) -> Any:
        return value

    def display(self, value: Any, field: dict) -> str:
        """The value as a person reads it on the overview, receipt and PDF."""
        return "" if value is None else str(value)

    def choice_values(self, schema: dict) -> list | None:
        return None


@register("text")
class Text(FieldKind):
    pass


@register("textarea")
class Textarea(FieldKind):
    template = "textarea"

    def parse(self, raw: list[str]) -> Any:
        # Keep the citizen's line breaks; normalise them to \n.
        value = (raw[-1] if raw else "").replace("\r\n", "\n").strip()
        return value or EMPTY


@register("email")
class Email(FieldKind):
    format = "email"
    input_type = "email"


@register("phone")
class Phone(FieldKind):
    format = "phone"
    input_type = "tel"


MAX_DIGITS = 15
"""More digits than this before the decimal sign are refused: no form needs them, and JSON
consumers lose precision past 2**53."""

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$")


@register("date")
class Date(FieldKind):
    format = "date"
    input_type = "date"

    def normalize(self, value: str) -> Any:
        # Browsers without a date picker let people type 20-2-2026.
        match = _DUTCH_DATE.match(value)
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return datetime.date(year, month, day).isoformat()
            except ValueError:
                return value
        return value

    def display(self, value: Any, field: dict) -> str:
        try:
            return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
        except (TypeError, ValueError):
            return str(value)


@register("number")
class Number(FieldKind):
    schema_type = "number"
    input_mode = "decimal"

    def normalize(self, value: str) -> Any:
        text = value.replace(" ", "")
        if _THOUSANDS.match(text):  # Dutch: 1.000 is a thousand, 1.000,50 a thousand and a half
            text = text.replace(".", "")
        text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ParseError("number") from None
        if not number.is_finite() or number.adjusted() >= MAX_DIGITS:
            raise ParseError("number")
        return int(number) if number == number.to_integral_value() else float(number)

    def display(self, value: Any, field: dict) -> str:
        return str(value).replace(".", ",")


@register("integer")
class Integer(Number):
    schema_type = "integer"
    input_mode = "numeric"

    def normalize(self, value: str) -> Any:
        try:
            number = super().normalize(value)
        except ParseError:
            raise ParseError("integer") from None
        if not isinstance(number, int):
            raise ParseError("integer")
        return number


class Choice(FieldKind):
    has_choices = True

    def choice_values(self, schema: dict) -> list | None:
        return schema.get("enum")

    def display(self, value: Any, field: dict) -> str:
        return localize(field.get("choices", {}).get(value, value))


@register("select")
class Select(Choice):
    template = "select"


@register("radio")
class Radio(Choice):
    template = "radio"


@register("checkboxes")
class Checkboxes(Choice):
    schema_type = "array"
    template = "checkboxes"
    multiple = True

    def parse(self, raw: list[str]) -> Any:
        values = list(dict.fromkeys(item for item in raw if item))
        return values or EMPTY

    def choice_values(self, schema: dict) -> list | None:
        return schema.get("items", {}).get("enum")

    def display(self, value: Any, field: dict) -> str:
        return ", ".join(Choice.display(self, item, field) for item in value or [])


@register("checkbox")
class Checkbox(FieldKind):
    schema_type = "boolean"
    template = "checkbox"

    def parse(self, raw: list[str]) -> Any:
        # An unticked box is not posted at all; that is an answer ("no"), not a gap.
        return bool(raw and raw[-1])

    def display(self, value: Any, field: dict) -> str:
        return "Ja" if value else "Nee"


@register("bsn")
class BSN(FieldKind):
    format = "nl-bsn"
    input_mode = "numeric"

    def normalize(self, value: str) -> Any:
        digits = re.sub(r"[\s.-]", "", value)
        # An old 8-digit number is the 9-digit BSN with a leading zero; store the 9 digits.
        return digits.zfill(9) if len(digits) == 8 and digits.isdigit() else digits

    def display(self, value: Any, field: dict) -> str:
        # Never show a whole BSN back; the citizen recognises the last digits.
        return f"*****{str(value)[-4:]}" if value else ""


@register("postcode")
class Postcode(FieldKind):
    format = "nl-postcode"

    def normalize(self, value: str) -> Any:
        compact = postcode.compact(value)
        if re.fullmatch(r"\d{4}[A-Z]{2}", compact):
            return f"{compact[:4]} {compact[4:]}"
        return value

    def display(self, value: Any, field: dict) -> str:
        return str(value)


@register("iban")
class IBAN(FieldKind):
    format = "iban"

    def normalize(self, value: str) -> Any:
        return iban.compact(value)

    def display(self, value: Any, field: dict) -> str:
        return iban.format(value) if iban.is_valid(value) else str(value)


@register("content")
class Content(FieldKind):
    schema_type = None
    template = "content"


@register("fieldset")
class Fieldset(FieldKind):
    schema_type = "object"
    template = "fieldset"
