"""The rule engine: every operator and action, the order of rules, hidden values and skipped steps."""

import copy
import datetime

import pytest

from builder.logic.rules import Logic
from builder.spec import FormSpec
from builder.state import FormState
from tests import definitions

from .logic_table import CASES, TODAY, server_condition, server_outcome


@pytest.mark.parametrize("case", CASES["conditions"], ids=lambda case: case["name"])
def test_every_operator(case):
    assert server_condition(case) is case["expected"]


@pytest.mark.parametrize(
    "rules, case",
    [(group["rules"], case) for group in CASES["outcomes"] for case in group["cases"]],
    ids=lambda value: value.get("name", "") if isinstance(value, dict) else "",
)
def test_every_action(rules, case):
    assert server_outcome(rules, case["data"]) == {"hidden": case["hidden"], "required": case["required"]}


def test_rules_run_in_dependency_order_not_list_order():
    rules = CASES["outcomes"][2]["rules"]
    assert [rule.index for rule in Logic(rules).order] == [1, 0]


def test_today_is_filled_in_once_per_day():
    logic = Logic([{"when": {">": [{"var": "a.d"}, {"today": []}]}, "then": [{"action": "hide_step", "step": "b"}]}])
    assert logic.conditions(TODAY) == [{">": [{"var": "a.d"}, "2026-03-15"]}]
    assert logic.conditions(TODAY + datetime.timedelta(days=1)) == [{">": [{"var": "a.d"}, "2026-03-16"]}]


def form_with_rules(*rules) -> FormSpec:
    """melding (onderwerp, omschrijving) + contact (email), with a third step 'extra' and ``rules``."""
    definition = definitions.melding()
    definition["steps"][0]["schema"]["properties"]["kenteken"] = {"type": "string"}
    definition["steps"][0]["ui"]["fields"]["kenteken"] = {"kind": "text", "label": "Kenteken"}
    definition["steps"][0]["ui"]["order"].append("kenteken")
    extra = copy.deepcopy(definition["steps"][1])
    extra["key"] = "extra"
    extra["ui"]["fields"]["email"].pop("confirmation_recipient")
    definition["steps"].insert(1, extra)
    definition["logic"] = list(rules)
    return FormSpec(definition)


PARKEREN = {"==": [{"var": "melding.onderwerp"}, "parkeren"]}


def test_hidden_values_are_dropped_and_a_shown_field_becomes_required():
    spec = form_with_rules(
        {
            "when": PARKEREN,
            "then": [
                {"action": "show_field", "field": "melding.kenteken"},
                {"action": "require_field", "field": "melding.kenteken"},
            ],
        }
    )
    melding = spec.step("melding")
    other = FormState(spec, {"melding": {"onderwerp": "afval", "kenteken": "AB-12-CD"}})
    assert [f.name for f in other.fields(melding)] == ["onderwerp", "omschrijving"]
    assert other.step_data(melding) == {"onderwerp": "afval"}
    assert other.validator(melding).is_valid(other.step_data(melding))

    parking = FormState(spec, {"melding": {"onderwerp": "parkeren"}})
    assert [f.name for f in parking.fields(melding)] == ["onderwerp", "omschrijving", "kenteken"]
    assert parking.is_required(melding, melding.by_path["kenteken"])
    assert not parking.validator(melding).is_valid({"onderwerp": "parkeren"})
    assert parking.validator(melding).is_valid({"onderwerp": "parkeren", "kenteken": "AB-12-CD"})


def test_a_hidden_step_is_skipped_and_not_needed_for_completion():
    spec = form_with_rules({"when": PARKEREN, "then": [{"action": "hide_step", "step": "extra"}]})
    data = {
        "melding": {"onderwerp": "parkeren"},
        "extra": {"email": "weg@example.nl"},
        "contact": {"email": "a@example.nl"},
    }
    state = FormState(spec, data)
    assert [step.key for step in state.steps] == ["melding", "contact"]
    assert state.next_step(spec.step("melding")).key == "contact"
    assert state.incomplete_step() is None
    assert state.applied_data() == {"melding": {"onderwerp": "parkeren"}, "contact": {"email": "a@example.nl"}}

    other = FormState(spec, {**data, "melding": {"onderwerp": "afval"}})
    assert other.next_step(spec.step("melding")).key == "extra"


def test_optional_field_lifts_the_schema_requirement():
    spec = form_with_rules({"when": PARKEREN, "then": [{"action": "optional_field", "field": "contact.email"}]})
    contact = spec.step("contact")
    state = FormState(spec, {"melding": {"onderwerp": "parkeren"}})
    assert not state.is_required(contact, contact.by_path["email"])
    assert state.validator(contact).is_valid({})
    assert not FormState(spec, {"melding": {"onderwerp": "afval"}}).validator(contact).is_valid({})


def test_set_value_replaces_what_was_posted():
    spec = form_with_rules(
        {"when": PARKEREN, "then": [{"action": "set_value", "field": "melding.omschrijving", "value": "Parkeren"}]}
    )
    melding = spec.step("melding")
    state = FormState(spec, {"melding": {"onderwerp": "parkeren", "omschrijving": "iets anders"}})
    assert state.step_data(melding) == {"onderwerp": "parkeren", "omschrijving": "Parkeren"}


def test_the_validators_logic_makes_are_compiled_once_per_variant():
    spec = form_with_rules({"when": PARKEREN, "then": [{"action": "require_field", "field": "melding.kenteken"}]})
    melding = spec.step("melding")
    first = FormState(spec, {"melding": {"onderwerp": "parkeren"}}).validator(melding)
    again = FormState(spec, {"melding": {"onderwerp": "parkeren", "omschrijving": "x"}}).validator(melding)
    assert first is again
    assert FormState(spec, {"melding": {"onderwerp": "x"}}).validator(melding) is melding.validator
