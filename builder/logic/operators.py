"""The JSON Logic that form rules may use, and how it is evaluated.

Rules run in two places: on the server (authoritative) and in the citizen's
browser (``static/loket/logic.js``). Both accept exactly the operators listed
here, so a rule cannot mean one thing in Python and another in JavaScript;
``tests/builder/logic_cases.json`` is run against both.

The server evaluates with ``json_logic`` (maykin-json-logic-py, the maintained
JSON Logic engine Open Formulieren uses). Loket adds one operator, ``today``,
which is replaced by a date before the engine sees the rule (see
:func:`resolve_today`), so the engine only ever runs standard JSON Logic.
"""

import datetime
from typing import Any

from dateutil.relativedelta import relativedelta
from json_logic import jsonLogic

__all__ = ["COMPARISONS", "OPERATORS", "UNITS", "evaluate", "resolve_today", "today_plus"]

COMPARISONS = ("==", "!=", ">", ">=", "<", "<=")
"""Binary comparisons: a field's value against a fixed value or a date relative to today."""

OPERATORS = frozenset({"var", "and", "or", "!", "in", "today", *COMPARISONS})
"""Every operator a rule may use (``in`` is "contains": a text in a text, or a value in a list)."""

UNITS = ("days", "months", "years")


def today_plus(today: datetime.date, amount: Any = 0, unit: Any = "days") -> str:
    """``{"today": [amount, unit]}``: today moved by whole days, months or years, as ISO text.

    ISO dates compare correctly as text, in Python and JavaScript alike, so a date
    field (stored as ``YYYY-MM-DD``) is compared to this with ``<`` and ``>``.
    """
    return (today + relativedelta(**{unit: amount})).isoformat()


def resolve_today(expression: Any, today: datetime.date) -> Any:
    """``expression`` with every ``today`` replaced by the date it means (checked rules only)."""
    if isinstance(expression, list):
        return [resolve_today(item, today) for item in expression]
    if not isinstance(expression, dict):
        return expression
    ((operator, args),) = expression.items()
    if operator == "today":
        return today_plus(today, *(args if isinstance(args, list) else [args]))
    if operator == "var":
        return expression
    return {operator: resolve_today(args, today)}


def evaluate(expression: Any, data: dict) -> Any:
    """The value of a (today-resolved) expression for ``data``.

    A comparison the engine cannot make (a text against a number in an old
    version) counts as not true rather than breaking the citizen's page.
    """
    try:
        return jsonLogic(expression, data)
    except (TypeError, ValueError):
        return None
