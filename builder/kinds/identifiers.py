"""Dutch identifiers and codes: BSN, postcode, IBAN."""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.nl import postcode

from .base import FieldKind, field_kinds


@field_kinds.register("bsn")
class BSN(FieldKind):
    title = _("BSN")
    format = "nl-bsn"
    input_mode = "numeric"
    properties = ("label", "help", "required", "placeholder", "autocomplete")
    not_for_mail = "a BSN"

    def normalize(self, value: str) -> Any:
        digits = re.sub(r"[\s.-]", "", value)
        # An old 8-digit number is the 9-digit BSN with a leading zero; store the 9 digits.
        return digits.zfill(9) if len(digits) == 8 and digits.isdigit() else digits

    def display(self, value: Any, ui: dict) -> str:
        # Never show a whole BSN back; the citizen recognises the last digits.
        return f"*****{str(value)[-4:]}" if value else ""


@field_kinds.register("postcode")
class Postcode(FieldKind):
    title = _("Postcode")
    format = "nl-postcode"
    properties = ("label", "help", "required", "placeholder", "autocomplete")

    def normalize(self, value: str) -> Any:
        compact = postcode.compact(value)
        if re.fullmatch(r"\d{4}[A-Z]{2}", compact):
            return f"{compact[:4]} {compact[4:]}"
        return value


@field_kinds.register("iban")
class IBAN(FieldKind):
    title = _("IBAN")
    format = "iban"
    properties = ("label", "help", "required", "placeholder", "autocomplete")

    def normalize(self, value: str) -> Any:
        return iban.compact(value)

    def display(self, value: Any, ui: dict) -> str:
        return iban.format(value) if iban.is_valid(value) else str(value)
