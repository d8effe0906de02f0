"""FormState: which steps and fields apply to one submission, and where the citizen may go.

Without rules everything applies. The logic engine will answer ``outcome()``; the
tests with ``Ruled`` show that everything else follows from that one answer.
"""

import copy

import pytest

from builder.spec import FormSpec
from builder.state import FormState, RuleOutcome
from tests import definitions

STEP_A = {
    "key": "a",
    "title": "A",
    "schema": {"type": "object", "properties": {"x": {"type": "string"}}, "required": ["x"]},
    "ui": {"order": ["x"], "fields": {"x": {"kind": "text", "label": "X"}}},
}


def three_steps() -> FormSpec:
    definition = definitions.melding()
    middle = copy.deepcopy(STEP_A)
    definition["steps"].insert(1, middle)
    return FormSpec(definition)


MELDING, A, CONTACT = "melding", "a", "contact"
ALL_DATA = {**definitions.MELDING_DATA, A: {"x": "iets"}}


class Ruled(FormState):
    """A form state whose logic decides what the test says."""

    decided = RuleOutcome()

    def outcome(self) -> RuleOutcome:
        return self.decided


def hiding(steps=(), fields=()) -> type[FormState]:
    return type("Hides", (Ruled,), {"decided": RuleOutcome(frozenset(steps), frozenset(fields))})


def keys(steps) -> list[str]:
    return [step.key for step in steps]


def test_without_rules_every_step_applies_in_order():
    spec = three_steps()
    state = FormState(spec, {})

    assert keys(state.steps) == [MELDING, A, CONTACT]
    assert state.first_open_step().key == MELDING
    assert state.next_step(spec.step(MELDING)).key == A
    assert state.previous_step(spec.step(MELDING)) is None
    assert state.next_step(spec.step(CONTACT)) is None
    assert state.validator(spec.step(A)) is spec.step(A).validator


def test_a_citizen_may_visit_saved_steps_and_the_first_open_one_only():
    spec = three_steps()
    state = FormState(spec, {MELDING: ALL_DATA[MELDING]})

    assert state.first_open_step().key == A
    assert [state.may_visit(step) for step in spec.steps] == [True, True, False]
    assert keys(state.answered_steps()) == [MELDING]


def test_saving_a_step_gives_the_next_state():
    spec = three_steps()
    state = FormState(spec, {MELDING: ALL_DATA[MELDING]})

    after = state.with_step(spec.step(A), {"x": "iets"})

    assert after.first_open_step().key == CONTACT
    assert state.first_open_step().key == A  # the earlier state is unchanged


def test_completion_asks_for_the_first_step_missing_or_no_longer_valid():
    spec = three_steps()

    assert FormState(spec, ALL_DATA).incomplete_step() is None
    assert FormState(spec, {**ALL_DATA, A: {}}).incomplete_step().key == A
    without_contact = {key: value for key, value in ALL_DATA.items() if key != CONTACT}
    assert FormState(spec, without_contact).incomplete_step().key == CONTACT


def test_a_hidden_step_is_skipped_and_not_needed_for_completion():
    spec = three_steps()
    state = hiding(steps=[A])(spec, {MELDING: ALL_DATA[MELDING]})

    assert keys(state.steps) == [MELDING, CONTACT]
    assert state.next_step(spec.step(MELDING)).key == CONTACT
    assert state.previous_step(spec.step(CONTACT)).key == MELDING
    assert state.first_open_step().key == CONTACT
    assert not state.may_visit(spec.step(A))
    done = state.with_step(spec.step(CONTACT), ALL_DATA[CONTACT])
    assert done.incomplete_step() is None
    assert keys(done.answered_steps()) == [MELDING, CONTACT]


def test_a_hidden_field_is_not_shown_not_required_and_its_value_is_dropped():
    spec = FormSpec(definitions.all_kinds())
    step = spec.step("velden")
    state = hiding(fields=["velden.naam", "velden.adres.straat"])(spec, {})
    naam, adres = step.by_path["naam"], step.by_path["adres"]

    assert naam not in state.fields(step) and adres in state.fields(step)
    assert not state.shows(step, naam) and not state.is_required(step, naam)
    assert not state.shows(step, step.by_path["adres.straat"])
    assert state.shows(step, step.by_path["adres.huisnummer"])

    data = {**definitions.ALL_KINDS_DATA, "adres": {"straat": "Dorpsstraat", "huisnummer": 12}}
    cleaned = state.clean(step, data)
    assert "naam" not in cleaned and cleaned["adres"] == {"huisnummer": 12}
    assert state.validator(step).is_valid(cleaned)
    # Without the rule the same data misses two required answers.
    assert not FormState(spec, {}).validator(step).is_valid(cleaned)


def test_a_field_inside_a_hidden_fieldset_is_hidden_too():
    spec = FormSpec(definitions.all_kinds())
    step = spec.step("velden")
    state = hiding(fields=["velden.adres"])(spec, {})

    assert not state.shows(step, step.by_path["adres.huisnummer"])
    assert "adres" not in state.clean(step, {"adres": {"huisnummer": 1}})


def test_a_field_made_required_by_logic_is_validated_as_required():
    spec = FormSpec(definitions.all_kinds())
    step = spec.step("velden")
    made = type("Requires", (Ruled,), {"decided": RuleOutcome(required_fields=frozenset({"velden.telefoon"}))})
    state = made(spec, {})
    data = dict(definitions.ALL_KINDS_DATA)
    del data["telefoon"]

    assert state.is_required(step, step.by_path["telefoon"])
    assert not FormState(spec, {}).is_required(step, step.by_path["telefoon"])
    assert FormState(spec, {}).validator(step).is_valid(data)
    assert not state.validator(step).is_valid(data)


@pytest.mark.parametrize("auth", [None, {"bsn": "111222333"}])
def test_the_authentication_context_travels_with_the_state(auth):
    spec = three_steps()
    state = FormState(spec, {}, auth)

    assert state.auth == auth
    assert state.with_step(spec.step(MELDING), ALL_DATA[MELDING]).auth == auth


def test_a_posted_step_ignores_what_a_hidden_field_holds():
    from django.http import QueryDict

    from submissions.validation import validate_post

    spec = FormSpec(definitions.all_kinds())
    step = spec.step("velden")
    post = QueryDict(mutable=True)
    for key, value in definitions.ALL_KINDS_POST.items():
        post.setlist(key, value if isinstance(value, list) else [value])
    post["adres.huisnummer"] = "twaalf"
    post["naam"] = ""

    shown = validate_post(FormState(spec, {}), step, post)
    hidden = validate_post(hiding(fields=["velden.naam", "velden.adres.huisnummer"])(spec, {}), step, post)

    assert set(shown.errors) == {"naam", "adres.huisnummer"}
    assert hidden.errors == {}
    assert hidden.data["adres"] == {"straat": "Dorpsstraat"}
