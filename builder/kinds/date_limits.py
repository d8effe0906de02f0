"""Limits on a date field relative to today: "niet in de toekomst", "niet eerder dan 5 jaar geleden".

A limit is stored in the field's UI (``earliest``, ``latest``) as one unit and a
whole number of them from today: ``{"days": 0}`` is today, ``{"years": -5}`` five
years ago, ``{"months": 3}`` three months from now. JSON Schema has no keyword for
a date that moves with the calendar, so the data schema stays as it is and the
limit is checked when a step is posted, against today in the site's time zone.
"""

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta

__all__ = ["LIMITS", "UNITS", "bound", "describe", "problem"]

UNITS = ("days", "months", "years")
LIMITS = ("earliest", "latest")

_WORDS = {"days": ("dag", "dagen"), "months": ("maand", "maanden"), "years": ("jaar", "jaar")}


def _parts(limit: Any) -> tuple[int, str] | None:
    """(amount, unit) of a stored limit, or None when it is not one (a broken definition is refused elsewhere)."""
    if not isinstance(limit, dict) or len(limit) != 1:
        return None
    ((unit, amount),) = limit.items()
    if unit not in UNITS or not isinstance(amount, int) or isinstance(amount, bool):
        return None
    return amount, unit


def bound(limit: Any, today: datetime.date) -> datetime.date | None:
    """The date a limit means on ``today``; None for no (valid) limit."""
    parts = _parts(limit)
    if parts is None:
        return None
    amount, unit = parts
    return today + relativedelta(**{unit: amount})


def _distance(amount: int, unit: str) -> str:
    one, many = _WORDS[unit]
    word = one if abs(amount) == 1 else many
    return f"{abs(amount)} {word} geleden" if amount < 0 else f"{amount} {word} vanaf vandaag"


def describe(which: str, limit: Any) -> str:
    """The limit as a citizen reads it under the label: "Niet in de toekomst", "Niet eerder dan 5 jaar geleden"."""
    parts = _parts(limit)
    if parts is None:
        return ""
    amount, unit = parts
    if amount == 0:
        return "Niet in het verleden" if which == "earliest" else "Niet in de toekomst"
    return f"Niet {'eerder' if which == 'earliest' else 'later'} dan {_distance(amount, unit)}"


def problem(label: str, ui: dict, value: Any, today: datetime.date) -> tuple[str, str] | None:
    """(the limit, its Dutch message) when ``value`` (an ISO date) lies outside the field's limits, else None.

    The message names the limit and the date it means today, so a citizen does not
    have to count back.
    """
    try:
        date = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None  # not a date: the schema's format check says so
    for which in LIMITS:
        limit_date = bound(ui.get(which), today)
        if limit_date is None:
            continue
        if (date < limit_date) if which == "earliest" else (date > limit_date):
            amount, unit = _parts(ui[which])  # type: ignore[misc]
            if amount == 0:
                where = "in het verleden" if which == "earliest" else "in de toekomst"
                return which, f"‘{label}’ mag niet {where} liggen."
            word = "eerder" if which == "earliest" else "later"
            return which, (
                f"‘{label}’ mag niet {word} zijn dan {_distance(amount, unit)} ({limit_date.strftime('%d-%m-%Y')})."
            )
    return None
