"""The bezwaartermijn (Awb 6:7-6:8 with the Algemene termijnenwet) and its hint on the form."""

import datetime

import pytest
import time_machine

from submissions.objection_term import atw_holidays, is_working_day, objection_term_end
from tests.flow import BEZWAAR_ANSWERS, fill, overview_url, start, step_url

D = datetime.date


@pytest.mark.parametrize(
    ("decision", "end"),
    [
        (D(2026, 1, 9), D(2026, 2, 20)),  # the example: six weeks, a Friday
        (D(2026, 3, 16), D(2026, 4, 28)),  # ends on Koningsdag (Monday 27 April 2026): the next day
        (D(2026, 1, 10), D(2026, 2, 23)),  # ends on a Saturday: Monday
        (D(2026, 1, 11), D(2026, 2, 23)),  # ends on a Sunday: Monday
        (D(2026, 3, 24), D(2026, 5, 6)),  # ends on 5 May (a Tuesday): 5 May counts every year in the Atw
        (D(2026, 2, 23), D(2026, 4, 7)),  # ends on tweede Paasdag 6 April 2026
        (D(2026, 2, 20), D(2026, 4, 3)),  # Goede Vrijdag 3 April 2026 is NOT an Atw feestdag
        (D(2026, 4, 2), D(2026, 5, 15)),  # Hemelvaartsdag 14 May 2026
        (D(2026, 4, 13), D(2026, 5, 26)),  # tweede Pinksterdag 25 May 2026
        (D(2026, 11, 13), D(2026, 12, 28)),  # 25 Dec (Fri), 26 Dec (Sat), 27 Dec (Sun): Monday
        (D(2026, 11, 20), D(2027, 1, 4)),  # over the year end: 1 Jan 2027 (Fri), weekend, Monday 4 Jan
        (D(2025, 11, 20), D(2026, 1, 2)),  # 1 Jan 2026 (Thu) -> Friday 2 Jan
        (D(2027, 3, 15), D(2027, 4, 26)),  # 2027: 26 April is a Monday, an ordinary working day
        (D(2025, 3, 15), D(2025, 4, 28)),  # 2025: Koningsdag on Saturday 26 April (27 is a Sunday); weekend anyway
        (D(2024, 2, 29), D(2024, 4, 11)),  # leap year: 29 February counts
    ],
)
def test_the_end_of_the_term(decision, end):
    assert objection_term_end(decision) == end


@pytest.mark.parametrize(
    ("year", "easter_monday", "ascension", "whit_monday"),
    [
        (2024, D(2024, 4, 1), D(2024, 5, 9), D(2024, 5, 20)),
        (2025, D(2025, 4, 21), D(2025, 5, 29), D(2025, 6, 9)),
        (2026, D(2026, 4, 6), D(2026, 5, 14), D(2026, 5, 25)),
        (2027, D(2027, 3, 29), D(2027, 5, 6), D(2027, 5, 17)),
        (2028, D(2028, 4, 17), D(2028, 5, 25), D(2028, 6, 5)),
        (2038, D(2038, 4, 26), D(2038, 6, 3), D(2038, 6, 14)),  # the latest Easter of the century (25 April)
    ],
)
def test_easter_based_feestdagen(year, easter_monday, ascension, whit_monday):
    holidays = atw_holidays(year)
    assert {easter_monday, ascension, whit_monday} <= holidays
    good_friday = easter_monday - datetime.timedelta(days=3)
    assert good_friday not in holidays


def test_the_list_is_exactly_the_atw_list():
    assert sorted(atw_holidays(2026)) == [
        D(2026, 1, 1),
        D(2026, 4, 6),
        D(2026, 4, 27),
        D(2026, 5, 5),
        D(2026, 5, 14),
        D(2026, 5, 25),
        D(2026, 12, 25),
        D(2026, 12, 26),
    ]


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday():
    assert D(2025, 4, 26) in atw_holidays(2025)
    assert D(2025, 4, 27) not in atw_holidays(2025)
    assert D(2031, 4, 26) in atw_holidays(2031)  # 27 April 2031 is a Sunday as well


def test_working_days():
    assert is_working_day(D(2026, 4, 3))  # Goede Vrijdag
    assert not is_working_day(D(2026, 4, 27))
    assert not is_working_day(D(2026, 2, 21))


# --- the hint on the demo bezwaar form ------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_shows_the_term_after_the_besluit_date_and_never_blocks_a_late_bezwaar(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC), tick=False):
        # Not on the step that asks the date, nor before it.
        assert "Bezwaartermijn" not in citizen.get(step_url(submission, "indiener")).content.decode()
        fill(citizen, submission, {key: BEZWAAR_ANSWERS[key] for key in ("indiener", "besluit")})
        page = citizen.get(step_url(submission, "bezwaar")).content.decode()
        assert "20 februari 2026" in page
        assert "voorbij" in page and "Vertel hieronder waarom" in page
        fill(citizen, submission, {"bezwaar": {**BEZWAAR_ANSWERS["bezwaar"], "te_laat": "Ik was ziek."}})
        assert "20 februari 2026" in citizen.get(overview_url(submission)).content.decode()
        response = citizen.post(overview_url(submission), {"verklaring": "ja"})
        assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.is_received
    assert submission.steps.get(step_key="bezwaar").data["te_laat"] == "Ik was ziek."


@pytest.mark.django_db
def test_in_time_the_hint_only_gives_the_date(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, tzinfo=datetime.UTC), tick=False):
        besluit = {**BEZWAAR_ANSWERS["besluit"], "datum": "16-03-2026"}
        fill(citizen, submission, {"indiener": BEZWAAR_ANSWERS["indiener"], "besluit": besluit})
        page = citizen.get(step_url(submission, "bezwaar")).content.decode()
    assert "28 april 2026" in page
    assert "feestdag" in page  # it explains why it is not 27 April
    assert "voorbij" not in page


def test_only_a_date_field_can_be_the_besluit_date():
    from builder.definition.validation import semantic_errors
    from tests.definitions import all_kinds

    definition = all_kinds()
    step = definition["steps"][0]
    text_field = next(name for name, ui in step["ui"]["fields"].items() if ui["kind"] == "text")
    step["ui"]["fields"][text_field]["decision_date"] = True
    errors = semantic_errors(definition)
    assert any(error.path.endswith(f"{text_field}.decision_date") for error in errors), errors
