"""Rules are checked on save and import: errors name the rule (a JSON path) and say what is wrong."""

import pytest

from builder.definition.validation import InvalidDefinition, validate_definition
from builder.logic.describe import describe
from tests import definitions


def with_rules(*rules) -> dict:
    definition = definitions.melding()
    step = definition["steps"][0]
    step["schema"]["properties"].update(
        {
            "soort": {"type": "string", "enum": ["parkeren", "afval"]},
            "datum": {"type": "string", "format": "date"},
            "aantal": {"type": "integer"},
            "kenteken": {"type": "string"},
        }
    )
    step["ui"]["fields"].update(
        {
            "soort": {"kind": "radio", "label": "Soort melding", "choices": {"parkeren": "Parkeren", "afval": "Afval"}},
            "datum": {"kind": "date", "label": "Datum"},
            "aantal": {"kind": "integer", "label": "Aantal"},
            "kenteken": {"kind": "text", "label": "Kenteken"},
        }
    )
    step["ui"]["order"] += ["soort", "datum", "aantal", "kenteken"]
    definition["logic"] = list(rules)
    return definition


def problems(*rules) -> list[str]:
    try:
        validate_definition(with_rules(*rules))
    except InvalidDefinition as error:
        return [str(problem) for problem in error.errors]
    return []


SHOW = [{"action": "show_field", "field": "melding.kenteken"}]


def test_a_sound_rule_passes():
    assert problems({"when": {"==": [{"var": "melding.soort"}, "parkeren"]}, "then": SHOW}) == []


@pytest.mark.parametrize(
    "when, expected",
    [
        (
            {"==": [{"var": "melding.soortt"}, "x"]},
            "$.logic[0].when[\"==\"][0].var: there is no field 'melding.soortt'",
        ),
        (
            {"==": [{"var": "melding.soort"}, "fietsen"]},
            '$.logic[0].when["=="][1]: "fietsen" is not one of the choices',
        ),
        ({">": [{"var": "melding.datum"}, 5]}, "$.logic[0].when[\">\"][1]: 'melding.datum' is a date"),
        ({"==": [{"var": "melding.aantal"}, "3"]}, "$.logic[0].when[\"==\"][1]: 'melding.aantal' is a number"),
        ({">": [{"var": "melding.kenteken"}, "A"]}, "only numbers and dates can be greater or less"),
        ({">": [{"var": "melding.aantal"}, {"today": []}]}, "'melding.aantal' is not a date"),
        ({"<": [{"var": "melding.datum"}, {"today": [-1, "weeks"]}]}, "is [whole number, unit]"),
        ({"+": [1, 2]}, "unknown operator '+'"),
        (
            {"and": [{"==": [{"var": "melding.soort"}, "afval"]}, {"substr": ["a", 1]}]},
            '$.logic[0].when["and"][1]["substr"]: unknown',
        ),
        ({"==": [1, 2]}, "compares no field"),
        ({"<": [{"var": "melding.aantal"}, None]}, "only equals and not equals test for an empty answer"),
    ],
)
def test_a_wrong_condition_is_refused_at_its_place(when, expected):
    found = problems({"when": when, "then": SHOW})
    assert any(expected in problem for problem in found), found


def test_a_wrong_action_is_refused_at_its_place():
    found = problems(
        {
            "when": True,
            "then": [
                {"action": "show_field", "field": "melding.bestaat_niet"},
                {"action": "set_value", "field": "melding.aantal", "value": "veel"},
                {"action": "hide_step", "step": "nergens"},
            ],
        }
    )
    assert "$.logic[0].then[0].field: there is no field 'melding.bestaat_niet'" in found
    assert "$.logic[0].then[1].value: \"veel\" is not a valid answer for 'melding.aantal'" in found
    assert "$.logic[0].then[2].step: there is no step 'nergens'" in found


def test_every_problem_is_listed_at_once():
    found = problems(
        {"when": {"==": [{"var": "melding.x"}, 1]}, "then": SHOW},
        {"when": True, "then": [{"action": "require_field", "field": "contact.y"}]},
    )
    assert [problem.split(":")[0] for problem in found] == ['$.logic[0].when["=="][0].var', "$.logic[1].then[0].field"]


def test_a_rule_that_changes_what_it_reads_is_a_cycle():
    found = problems(
        {
            "when": {"==": [{"var": "melding.kenteken"}, "x"]},
            "then": [{"action": "hide_field", "field": "melding.kenteken"}],
        }
    )
    assert found == ["$.logic[0]: changes a field its own condition reads, so it would undo or repeat itself"]


def test_rules_that_feed_each_other_are_a_cycle_named_by_the_first_rule():
    found = problems(
        {"when": {"==": [{"var": "melding.soort"}, "afval"]}, "then": SHOW},
        {
            "when": {"==": [{"var": "melding.kenteken"}, "X"]},
            "then": [{"action": "set_value", "field": "melding.aantal", "value": 1}],
        },
        {
            "when": {"==": [{"var": "melding.aantal"}, 1]},
            "then": [{"action": "hide_field", "field": "melding.kenteken"}],
        },
        {
            "when": {"==": [{"var": "melding.aantal"}, 1]},
            "then": [{"action": "require_field", "field": "melding.datum"}],
        },
    )
    assert found == [
        "$.logic[1]: rules feed each other in a loop (rule 1 -> rule 2 -> rule 1): "
        "each changes a field the next one reads"
    ]


def test_a_step_that_no_one_can_reach_is_refused():
    assert problems({"when": True, "then": [{"action": "hide_step", "step": "contact"}]}) == [
        "$.logic[0]: always hides step 'contact': no one can reach it"
    ]
    assert problems({"when": False, "then": [{"action": "show_step", "step": "contact"}]}) == [
        "$.logic[0]: step 'contact' is shown only by rules that never apply: no one can reach it"
    ]


def test_a_step_shown_by_its_own_answers_is_a_cycle():
    found = problems(
        {"when": {"==": [{"var": "contact.email"}, "a@b.nl"]}, "then": [{"action": "show_step", "step": "contact"}]}
    )
    assert found and found[0].startswith("$.logic[0]: changes a field its own condition reads")


@pytest.mark.parametrize(
    "rule, sentence",
    [
        (
            {
                "when": {"==": [{"var": "melding.soort"}, "parkeren"]},
                "then": [*SHOW, {"action": "require_field", "field": "melding.kenteken"}],
            },
            "Als ‘Soort melding’ gelijk is aan ‘Parkeren’ dan wordt ‘Kenteken’ getoond en verplicht",
        ),
        (
            {
                "when": {
                    "or": [
                        {"<": [{"var": "melding.datum"}, {"today": [-42, "days"]}]},
                        {"==": [{"var": "melding.kenteken"}, None]},
                    ]
                },
                "then": [
                    {"action": "hide_step", "step": "contact"},
                    {"action": "optional_field", "field": "melding.aantal"},
                ],
            },
            "Als ‘Datum’ eerder is dan 42 dagen geleden of ‘Kenteken’ leeg is "
            "dan wordt stap ‘Uw contactgegevens’ overgeslagen en ‘Aantal’ niet verplicht",
        ),
        (
            {
                "when": {
                    "and": [
                        {">=": [{"var": "melding.aantal"}, 2.5]},
                        {
                            "or": [
                                {"in": ["AB", {"var": "melding.kenteken"}]},
                                {"!=": [{"var": "melding.onderwerp"}, None]},
                            ]
                        },
                    ]
                },
                "then": [{"action": "set_value", "field": "melding.soort", "value": "afval"}],
            },
            "Als ‘Aantal’ groter is dan of gelijk aan 2,5 en (‘Kenteken’ ‘AB’ bevat of ‘Onderwerp’ ingevuld is) "
            "dan wordt ‘Soort melding’ ingevuld met ‘Afval’",
        ),
        (
            {
                "when": {">": [{"var": "melding.datum"}, {"today": []}]},
                "then": [{"action": "hide_field", "field": "melding.aantal"}],
            },
            "Als ‘Datum’ later is dan vandaag dan wordt ‘Aantal’ verborgen",
        ),
    ],
)
def test_each_rule_reads_as_a_dutch_sentence(rule, sentence):
    definition = with_rules(rule)
    validate_definition(definition)
    assert describe(rule, definition) == sentence


def test_a_broken_rule_is_still_described():
    definition = with_rules()
    assert describe({"when": {"==": [{"var": "melding.weg"}, 1]}, "then": SHOW}, definition) == (
        "Als ‘melding.weg’ gelijk is aan 1 dan wordt ‘Kenteken’ getoond"
    )
