"""Kinds that store numbers, typed the Dutch way (a decimal comma, dots between thousands)."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .base import FieldKind, ParseError, field_kinds

MAX_DIGITS = 15
"""More digits than this before the decimal sign are refused: no form needs them, and JSON
consumers lose precision past 2**53."""

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


@field_kinds.register("number")
class Number(FieldKind):
    title = _("Number")
    schema_type = "number"
    input_mode = "decimal"
    properties = ("label", "help", "required", "placeholder", "minimum", "maximum")
    problem = ParseError("number", gettext_noop("Vul bij ‘{label}’ een getal in, zoals 12."))

    def normalize(self, value: str) -> Any:
        text = value.replace(" ", "")
        if _THOUSANDS.match(text):  # Dutch: 1.000 is a thousand, 1.000,50 a thousand and a half
            text = text.replace(".", "")
        text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise self._refused() from None
        if not number.is_finite() or number.adjusted() >= MAX_DIGITS:
            raise self._refused()
        number = int(number) if number == number.to_integral_value() else float(number)
        if self.schema_type == "integer" and not isinstance(number, int):
            raise self._refused()
        return number

    def _refused(self) -> ParseError:
        return ParseError(self.problem.code, self.problem.message)

    def display(self, value: Any, ui: dict) -> str:
        return str(value).replace(".", ",")


@field_kinds.register("integer")
class Integer(Number):
    title = _("Whole number")
    schema_type = "integer"
    input_mode = "numeric"
    problem = ParseError("integer", gettext_noop("Vul bij ‘{label}’ een heel getal in, zoals 12."))
