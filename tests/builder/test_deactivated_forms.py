"""A form that is closed (``is_active`` off) takes no new submissions, but one already started may be sent.

A citizen who started a bezwaar before the form closed may be within their term;
refusing to receive it would cost them their legal position. See
docs/form-definition.md, "Versions, drafts and publishing".
"""

import pytest

from submissions.models import Submission
from tests.flow import BEZWAAR_ANSWERS, confirmation_url, fill, start, start_url, step_url, submit
from tests.html import page


@pytest.fixture
def closed_after_start(citizen, bezwaar) -> Submission:
    """The citizen filled in the first step; then an editor closed the form."""
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, {"indiener": BEZWAAR_ANSWERS["indiener"]})
    bezwaar.is_active = False
    bezwaar.save()
    return submission


def test_a_closed_form_cannot_be_started(citizen, other_citizen, closed_after_start):
    before = Submission.objects.count()

    shown = other_citizen.get(start_url("bezwaar"))
    posted = other_citizen.post(start_url("bezwaar"))

    assert (shown.status_code, posted.status_code) == (404, 404)
    assert page(posted).find("h1").text == "Dit formulier is niet beschikbaar"
    assert Submission.objects.count() == before


def test_a_closed_form_is_not_listed(citizen, closed_after_start):
    assert "/formulieren/bezwaar/" not in citizen.get("/").content.decode()


def test_a_submission_started_before_closing_can_still_be_sent(citizen, closed_after_start):
    answers = {key: value for key, value in BEZWAAR_ANSWERS.items() if key != "indiener"}
    fill(citizen, closed_after_start, answers)

    response = submit(citizen, closed_after_start)

    assert response.status_code == 302
    assert response.url == confirmation_url(closed_after_start)
    closed_after_start.refresh_from_db()
    assert closed_after_start.status == Submission.Status.RECEIVED
    assert closed_after_start.public_reference.startswith("BZW-")


def test_its_saved_answers_are_kept_and_shown(citizen, closed_after_start):
    response = citizen.get(step_url(closed_after_start, "indiener"))

    assert response.status_code == 200
    assert page(response).find("input", name="naam")["value"] == "Jan Jansen"
