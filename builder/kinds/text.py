"""Kinds typed as text: text, textarea, email, phone, date."""

import datetime
import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from .base import EMPTY, FieldKind, field_kinds

_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$")


@field_kinds.register("text")
class Text(FieldKind):
    title = _("Text")


@field_kinds.register("textarea")
class Textarea(FieldKind):
    title = _("Long text")
    template = "textarea"
    properties = ("label", "help", "required", "placeholder", "minLength", "maxLength", "rows")

    def parse_text(self, raw: list[str]) -> Any:
        # Keep the citizen's line breaks; normalise them to \n.
        value = (raw[-1] if raw else "").replace("\r\n", "\n").strip()
        return value or EMPTY


@field_kinds.register("email")
class Email(FieldKind):
    title = _("E-mail address")
    format = "email"
    input_type = "email"
    receives_mail = True
    properties = ("label", "help", "required", "placeholder", "autocomplete", "confirmation_recipient")


@field_kinds.register("phone")
class Phone(FieldKind):
    title = _("Phone number")
    format = "phone"
    input_type = "tel"
    properties = ("label", "help", "required", "placeholder", "autocomplete")


@field_kinds.register("date")
class Date(FieldKind):
    title = _("Date")
    format = "date"
    input_type = "date"
    properties = ("label", "help", "required", "autocomplete")

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

    def display(self, value: Any, ui: dict) -> str:
        try:
            return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
        except (TypeError, ValueError):
            return str(value)
