"""The rule editor writes JSON Logic from field, operator and value; the engine's checks decide."""

import pytest
from django.urls import reverse
from django.utils import translation

from builder import service
from builder.editor.rules import RuleForm
from tests import definitions
from tests.factories import FormFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def definition() -> dict:
    return definitions.all_kinds()


def rule_of(data: dict, d: dict | None = None) -> dict:
    form = RuleForm(d or definition(), {"then": "show_field", **data})
    assert form.is_valid(), form.errors
    service.validate_definition({**(d or definition()), "logic": [form.cleaned_data["rule"]]})
    return form.cleaned_data["rule"]


def paths_of(kind: str) -> str:
    d = definition()
    return next(f"velden.{name}" for name, ui in d["steps"][0]["ui"]["fields"].items() if ui["kind"] == kind)


def test_a_choice_is_compared_by_the_label_the_editor_typed():
    radio = paths_of("radio")
    d = definition()
    choices = d["steps"][0]["ui"]["fields"][radio.split(".")[1]]["choices"]
    value, label = next(iter(choices.items()))

    rule = rule_of({"field": radio, "operator": "eq", "value": label.upper(), "target": paths_of("text")})

    assert rule["when"] == {"==": [{"var": radio}, value]}
    assert rule["then"] == [{"action": "show_field", "field": paths_of("text")}]


def test_numbers_dates_and_checkboxes_are_read_as_their_answers():
    number = rule_of({"field": paths_of("number"), "operator": "gt", "value": "2,5", "target": paths_of("text")})
    date = rule_of({"field": paths_of("date"), "operator": "lt", "value": "20-2-2026", "target": paths_of("text")})
    tick = rule_of({"field": paths_of("checkbox"), "operator": "eq", "value": "ja", "target": paths_of("text")})

    assert number["when"] == {">": [{"var": paths_of("number")}, 2.5]}
    assert date["when"] == {"<": [{"var": paths_of("date")}, "2026-02-20"]}
    assert tick["when"] == {"==": [{"var": paths_of("checkbox")}, True]}


def test_dates_relative_to_today_empty_and_two_conditions():
    rule = rule_of(
        {
            "field": paths_of("date"),
            "operator": "after_today",
            "value": "0",
            "join": "or",
            "field2": paths_of("text"),
            "operator2": "empty",
            "target": paths_of("textarea"),
            "then": "hide_field",
        }
    )

    assert rule["when"] == {
        "or": [{">": [{"var": paths_of("date")}, {"today": [0, "days"]}]}, {"!": [{"var": paths_of("text")}]}]
    }
    assert rule["then"] == [{"action": "hide_field", "field": paths_of("textarea")}]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"operator": "eq", "value": ""}, "value", "Type the value"),
        ({"operator": "gt", "value": "veel"}, "value", "Type a number"),
        ({"operator": "before_today", "value": "x"}, "value", "whole number of days"),
        ({"operator": "eq", "value": "1", "then": "show_step"}, "target", "Choose a step"),
    ],
)
def test_careless_input_is_refused_at_the_right_box(data, field, message):
    posted = {"field": paths_of("number"), "then": "show_field", "target": paths_of("text"), **data}
    form = RuleForm(definition(), posted)

    assert not form.is_valid()
    assert message in str(form.errors[field])


def test_the_rules_page_adds_shows_and_removes_rules(editor_client):
    form = FormFactory(definition=definitions.melding("regels"))
    url = reverse("admin:builder_form_rules", args=[form.pk])
    data = {
        "action": "add_rule",
        "field": "melding.onderwerp",
        "operator": "eq",
        "value": "Afval",
        "then": "require_field",
        "target": "melding.omschrijving",
    }

    assert editor_client.post(url, data).status_code == 302
    form.refresh_from_db()
    assert form.draft["logic"] == [
        {
            "when": {"==": [{"var": "melding.onderwerp"}, "Afval"]},
            "then": [{"action": "require_field", "field": "melding.omschrijving"}],
        }
    ]
    shown = editor_client.get(url).content.decode()
    assert "Als ‘Onderwerp’ gelijk is aan ‘Afval’ dan wordt ‘Omschrijving’ verplicht" in shown

    assert editor_client.post(url, {"action": "remove_rule:0"}).status_code == 302
    form.refresh_from_db()
    assert "logic" not in form.draft
    assert editor_client.post(url, {"action": "remove_rule:7"}).status_code == 400


def test_a_rule_the_checks_refuse_is_not_saved_and_says_why(editor_client):
    form = FormFactory(definition=definitions.melding("regels"))
    url = reverse("admin:builder_form_rules", args=[form.pk])

    response = editor_client.post(
        url,
        {
            "action": "add_rule",
            "field": "melding.onderwerp",
            "operator": "gt",
            "value": "5",
            "then": "show_field",
            "target": "melding.omschrijving",
        },
    )

    form.refresh_from_db()
    assert "logic" not in form.draft
    assert response.status_code == 400
    assert "only numbers and dates can be greater or less" in response.content.decode()
