"""The string formats a definition may use, checked the same way everywhere.

jsonschema's own checks for ``email`` and ``date`` are looser than what a
municipality needs, so every format the meta-schema allows is defined here.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from jsonschema import FormatChecker
from stdnum import iban
from stdnum.nl import bsn, postcode

_email = EmailValidator()
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]*[0-9]$")

format_checker = FormatChecker(formats=())


@format_checker.checks("email")
def is_email(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        _email(value)
    except ValidationError:
        return False
    return True


@format_checker.checks("date")
def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@format_checker.checks("phone")
def is_phone(value: object) -> bool:
    if not isinstance(value, str):
        return True
    digits = sum(ch.isdigit() for ch in value)
    return bool(_PHONE.match(value)) and 8 <= digits <= 15


@format_checker.checks("nl-bsn")
def is_bsn(value: object) -> bool:
    return not isinstance(value, str) or (value.isdigit() and bsn.is_valid(value))


@format_checker.checks("nl-postcode")
def is_postcode(value: object) -> bool:
    return not isinstance(value, str) or postcode.is_valid(value)


@format_checker.checks("iban")
def is_iban(value: object) -> bool:
    return not isinstance(value, str) or iban.is_valid(value)
