"""Kinds typed as text: text, textarea, email, phone, date."""

import datetime
import re
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..definition.errors import DefinitionError
from ..text import localize
from . import date_limits
from .base import EMPTY, Field, FieldKind, field_kinds

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
    properties = ("label", "help", "required", "autocomplete", "earliest", "latest")

    def check_definition(self, schema: dict, ui: dict, schema_path: str, ui_path: str) -> list[DefinitionError]:
        errors = super().check_definition(schema, ui, schema_path, ui_path)
        # Checked on one day; a pair that leaves no date on that day leaves none on most others.
        today = datetime.date(2026, 1, 1)
        earliest = date_limits.bound(ui.get("earliest"), today)
        latest = date_limits.bound(ui.get("latest"), today)
        if earliest and latest and earliest > latest:
            errors.append(
                DefinitionError(f"{ui_path}.earliest", "the earliest date lies after the latest: no date fits")
            )
        return errors

    def hint(self, field: Field) -> str:
        parts = [date_limits.describe(which, field.ui.get(which)) for which in date_limits.LIMITS]
        parts = [part for part in parts if part]
        # Two limits read as one sentence: "Niet eerder dan ... en niet in de toekomst."
        if not parts:
            return ""
        if len(parts) == 2:
            return gettext("{first} en {second}.").format(first=parts[0], second=parts[1][0].lower() + parts[1][1:])
        return f"{parts[0]}."

    def value_problem(self, field: Field, value: Any, today: datetime.date) -> str | None:
        found = date_limits.problem(field.label, field.ui, value, today)
        if found is None:
            return None
        which, message = found
        custom = field.ui.get("messages", {}).get(which)
        return localize(custom) if custom else message

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
