"""The shared table of rule cases (logic_cases.json), as the server answers it.

The browser test runs the same table through ``static/loket/logic.js`` in Chromium
and compares with these answers.
"""

import datetime
import json
from pathlib import Path

from builder.logic.operators import evaluate, resolve_today
from builder.logic.rules import Logic

CASES = json.loads((Path(__file__).with_name("logic_cases.json")).read_text())
TODAY = datetime.date.fromisoformat(CASES["today"])


def server_condition(case: dict) -> bool:
    return bool(evaluate(resolve_today(case["when"], TODAY), case["data"]))


def server_outcome(rules: list[dict], data: dict) -> dict:
    logic = Logic(rules)
    outcome = logic.evaluate(data, TODAY)
    required = {path: True for path in outcome.required_fields} | {path: False for path in outcome.optional_fields}
    return {"hidden": sorted(outcome.hidden_steps | outcome.hidden_fields), "required": required}


def browser_payload(rules: list[dict]) -> dict:
    """What the page gets: the rules in the server's order, ``today`` resolved."""
    return Logic(rules).for_browser({}, TODAY, "none")
