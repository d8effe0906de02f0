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
from django.utils.translation import gettext, ngettext

__all__ = ["LIMITS", "UNITS", "bound", "describe", "problem"]

UNITS = ("days", "months", "years")
LIMITS = ("earliest", "latest")


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
    count = abs(amount)
    if amount < 0:
        text = {
            "days": ngettext("{count} dag geleden", "{count} dagen geleden", count),
            "months": ngettext("{count} maand geleden", "{count} maanden geleden", count),
            "years": ngettext("{count} jaar geleden", "{count} jaar geleden", count),
        }[unit]
    else:
        text = {
            "days": ngettext("{count} dag vanaf vandaag", "{count} dagen vanaf vandaag", count),
            "months": ngettext("{count} maand vanaf vandaag", "{count} maanden vanaf vandaag", count),
            "years": ngettext("{count} jaar vanaf vandaag", "{count} jaar vanaf vandaag", count),
        }[unit]
    return text.format(count=count)


def describe(which: str, limit: Any) -> str:
    """The limit as a citizen reads it under the label: "Niet in de toekomst", "Niet eerder dan 5 jaar geleden"."""
    parts = _parts(limit)
    if parts is None:
        return ""
    amount, unit = parts
    if amount == 0:
        return gettext("Niet in het verleden") if which == "earliest" else gettext("Niet in de toekomst")
    if which == "earliest":
        return gettext("Niet eerder dan {distance}").format(distance=_distance(amount, unit))
    return gettext("Niet later dan {distance}").format(distance=_distance(amount, unit))


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
            if amount == 0 and which == "earliest":
                return which, gettext("‘{label}’ mag niet in het verleden liggen.").format(label=label)
            if amount == 0:
                return which, gettext("‘{label}’ mag niet in de toekomst liggen.").format(label=label)
            message = (
                gettext("‘{label}’ mag niet eerder zijn dan {distance} ({date}).")
                if which == "earliest"
                else gettext("‘{label}’ mag niet later zijn dan {distance} ({date}).")
            )
            return which, message.format(
                label=label, distance=_distance(amount, unit), date=limit_date.strftime("%d-%m-%Y")
            )
    return None
