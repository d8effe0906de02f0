"""An editor's ``pattern`` runs in linear time (RE2): no citizen input can make it take long.

``^(a+)+$`` backtracks exponentially in Python's ``re`` (seconds at 25 characters,
longer than the universe at 500). With RE2 it is answered at once; what RE2 cannot
run (backreferences, lookaround) is refused when the definition is saved.
"""

import time

import pytest

from builder import service
from builder.patterns import pattern_problem
from tests import definitions
from tests.factories import FormFactory
from tests.flow import start, step_url
from tests.html import error_summary

EVIL = "^(a+)+$"


def with_pattern(pattern: str) -> dict:
    definition = definitions.melding()
    definition["steps"][0]["schema"]["properties"]["onderwerp"].update(pattern=pattern, maxLength=1000)
    return definition


def errors_of(definition: dict) -> list[str]:
    with pytest.raises(service.InvalidDefinition) as caught:
        service.validate_definition(definition)
    return [str(error) for error in caught.value.errors]


@pytest.fixture
def evil_form(db):
    return FormFactory(definition=with_pattern(EVIL), published=True)


@pytest.mark.parametrize("length", [25, 500])
def test_a_catastrophic_pattern_is_answered_at_once(evil_form, length):
    validator = evil_form.live_version.spec.step("melding").validator
    hostile = {"onderwerp": "a" * length + "!"}

    started = time.perf_counter()
    errors = list(validator.iter_errors(hostile))
    elapsed = time.perf_counter() - started

    assert [error.validator for error in errors] == ["pattern"]
    assert elapsed < 0.1, f"{elapsed:.3f} s for {length} characters"


def test_a_citizen_posting_hostile_input_gets_the_field_error_at_once(citizen, evil_form):
    url = step_url(start(citizen, evil_form.slug), "melding")

    started = time.perf_counter()
    response = citizen.post(url, {"onderwerp": "a" * 499 + "!"})
    elapsed = time.perf_counter() - started

    assert response.status_code == 400
    assert error_summary(response) == [("#field-onderwerp", "‘Onderwerp’ heeft niet de juiste vorm.")]
    assert elapsed < 1.0
    assert citizen.post(url, {"onderwerp": "a" * 500}).status_code == 302


@pytest.mark.parametrize(
    ("pattern", "explanation"),
    [
        (r"^(ab)\1$", "backreferences (\\1, \\2, ...) are not supported"),
        (r"^(?=.*[0-9]).+$", "lookahead (?=...) is not supported"),
        (r"^(?!test).+$", "negative lookahead (?!...) is not supported"),
        (r"(?<=€)[0-9]+", "lookbehind (?<=...) is not supported"),
        (r"(?<!-)[0-9]+", "negative lookbehind (?<!...) is not supported"),
        (r"^[0-9]+\Z", "\\Z is not supported; use $ or \\z"),
        (r"^a{2000}$", "not supported: invalid repetition size: {2000}"),
    ],
)
def test_what_cannot_run_in_linear_time_is_refused_on_save(pattern, explanation):
    [error] = errors_of(with_pattern(pattern))

    assert error.startswith(f"$.steps[0].schema.properties.onderwerp.pattern: {pattern!r}: {explanation}")
    assert error.endswith("(patterns must run in linear time, see form-definition.md)")


def test_a_pattern_in_a_fieldset_is_checked_too():
    definition = definitions.all_kinds()
    definition["steps"][0]["schema"]["properties"]["adres"]["properties"]["straat"]["pattern"] = r"(a)\1"

    [error] = errors_of(definition)

    assert error.startswith("$.steps[0].schema.properties.adres.properties.straat.pattern: '(a)\\\\1': backreferences")


@pytest.mark.parametrize(
    "pattern",
    [EVIL, r"^[1-9][0-9]{3} ?[A-Z]{2}$", r"^[A-Za-zÀ-ÿ '-]+$", r"(?i)^[a-z]+$", r"^(?P<code>[0-9]{4})$", r"\bNL\b"],
)
def test_ordinary_patterns_are_accepted(pattern):
    service.validate_definition(with_pattern(pattern))
    assert pattern_problem(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (r"^[0-9]{4}$", "1234", True),
        (r"^[0-9]{4}$", "1234\n", False),  # $ is the end of the text, not "before a final newline"
        (r"^\d+$", "١٢٣", False),  # \d is ASCII digits only, as in JSON Schema's ECMA-262 dialect
        (r"^[A-Za-zÀ-ÿ]+$", "Zoë", True),
        (r"(?i)^nl$", "Nl", True),
        (r"straat", "Dorpsstraat 1", True),  # searched for, not matched whole
    ],
)
def test_patterns_mean_what_the_docs_say(db, pattern, text, found):
    form = FormFactory(definition=with_pattern(pattern), published=True)
    validator = form.live_version.spec.step("melding").validator

    assert validator.is_valid({"onderwerp": text}) is found
