"""Query counts of the citizen pages: a fixed, small number, whatever the size of the form or the data.

Each test warms up first (compiled spec, outage cache, cached session), so it counts what every later
request costs: the submission (with its version and form, one join), the saved steps, and on a valid
post the one INSERT ... ON CONFLICT that stores the step.
"""

import pytest

from tests.definitions import ALL_KINDS_POST
from tests.flow import BEZWAAR_ANSWERS, fill, overview_url, start, step_url


@pytest.fixture
def halfway(bezwaar, citizen):
    """A bezwaar with the first step saved; the citizen is on step 2."""
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, {"indiener": BEZWAAR_ANSWERS["indiener"]})
    citizen.get(step_url(submission, "besluit"))
    return submission


def test_step_get(citizen, halfway, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert citizen.get(step_url(halfway, "besluit")).status_code == 200


def test_step_post(citizen, halfway, django_assert_num_queries):
    with django_assert_num_queries(3):
        assert citizen.post(step_url(halfway, "besluit"), BEZWAAR_ANSWERS["besluit"]).status_code == 302


def test_step_post_with_errors(citizen, halfway, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert citizen.post(step_url(halfway, "besluit"), {}).status_code == 400


def test_overview_get(citizen, halfway, django_assert_num_queries):
    fill(citizen, halfway, BEZWAAR_ANSWERS)
    citizen.get(overview_url(halfway))

    with django_assert_num_queries(2):
        assert citizen.get(overview_url(halfway)).status_code == 200


def test_a_bigger_step_costs_no_more_queries(citizen, all_kinds_form, django_assert_num_queries):
    submission = start(citizen, all_kinds_form.slug)
    citizen.get(step_url(submission, "velden"))

    with django_assert_num_queries(2):
        citizen.get(step_url(submission, "velden"))
    with django_assert_num_queries(3):
        assert citizen.post(step_url(submission, "velden"), ALL_KINDS_POST).status_code == 302
