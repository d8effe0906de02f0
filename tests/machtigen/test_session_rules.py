"""A login ends after 15 minutes idle and at its maximum age; only the same login resumes a submission."""

import pytest
from django.test import Client
from django.urls import reverse

from machtigen import session
from submissions.models import Submission
from tests.flow import BEZWAAR_ANSWERS, confirmation_url, fill, start, start_url, step_url, submit

from .conftest import GEMACHTIGDE, MACHTIGINGGEVER, OTHER_PERSON, digid, machtigen

pytestmark = pytest.mark.django_db

MINUTE = 60


@pytest.fixture
def logged_in(citizen, bezwaar_login, clock) -> Submission:
    """A gemachtigde logged in with DigiD Machtigen, halfway through the bezwaar form."""
    machtigen(citizen)
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, {"indiener": BEZWAAR_ANSWERS["indiener"]})
    return submission


def test_every_page_offers_verlengen_and_uitloggen_as_plain_forms(citizen, logged_in):
    page = citizen.get(step_url(logged_in, "besluit")).content.decode()
    assert f'action="{reverse("machtigen:extend")}"' in page
    assert f'action="{reverse("machtigen:logout")}"' in page
    assert "Zonder activiteit wordt u om" in page  # the notice is there without JavaScript
    assert 'role="alert" data-session-warning hidden' in page  # the script shows it 2 minutes before
    assert 'data-seconds-left="900"' in page


def test_after_15_minutes_idle_the_login_ends_and_the_saved_data_stays(citizen, logged_in, clock):
    clock.shift(15 * MINUTE + 1)
    response = citizen.get(step_url(logged_in, "besluit"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("machtigen:choose", args=["bezwaar"]))
    assert session.SESSION_KEY not in citizen.session
    assert "U bent uitgelogd omdat u een tijd niets heeft gedaan" in citizen.get(response.url).content.decode()
    assert logged_in.steps.get(step_key="indiener").data["naam"] == "Jan Jansen"


def test_activity_keeps_the_login_alive_and_verlengen_moves_the_clock(citizen, logged_in, clock):
    for _ in range(3):
        clock.shift(10 * MINUTE)
        assert citizen.get(step_url(logged_in, "besluit")).status_code == 200
    clock.shift(14 * MINUTE)
    back = citizen.post(reverse("machtigen:extend"), {"next": step_url(logged_in, "besluit")})
    assert back.url == step_url(logged_in, "besluit")
    clock.shift(14 * MINUTE)
    assert citizen.get(step_url(logged_in, "besluit")).status_code == 200


def test_the_login_ends_at_its_maximum_age_however_active(citizen, logged_in, clock, settings):
    for _ in range(11):
        clock.shift(10 * MINUTE)
        citizen.post(reverse("machtigen:extend"))
    assert citizen.get(step_url(logged_in, "besluit")).status_code == 200  # 110 minutes
    clock.shift(11 * MINUTE)
    assert citizen.get(step_url(logged_in, "besluit")).status_code == 302  # past 2 hours


def test_the_same_login_resumes_in_a_new_browser_session(logged_in, clock):
    later = Client()
    assert later.get(step_url(logged_in, "besluit")).status_code == 404  # not logged in: unknown
    machtigen(later, next_url=step_url(logged_in, "besluit"))
    assert later.get(step_url(logged_in, "besluit")).status_code == 200
    fill(later, logged_in, {key: BEZWAAR_ANSWERS[key] for key in ("besluit", "bezwaar")})
    submit(later, logged_in)
    assert later.get(confirmation_url(logged_in)).status_code == 200


@pytest.mark.parametrize(
    "login",
    [
        lambda c: digid(c, bsn=GEMACHTIGDE),  # the gemachtigde, but for themselves
        lambda c: machtigen(c, machtiginggever=OTHER_PERSON),  # the gemachtigde, for someone else
        lambda c: machtigen(c, gemachtigde=OTHER_PERSON),  # another gemachtigde of the same person
        lambda c: digid(c, bsn=MACHTIGINGGEVER),  # the machtiginggever themselves
        lambda c: machtigen(c, gemachtigde=MACHTIGINGGEVER, machtiginggever=GEMACHTIGDE),  # the two swapped
    ],
    ids=["self", "other-representee", "other-gemachtigde", "representee-self", "swapped"],
)
def test_any_other_login_gets_the_404_of_an_unknown_submission(logged_in, login):
    other = Client()
    login(other)
    assert other.get(step_url(logged_in, "besluit")).status_code == 404


def test_another_login_in_the_same_browser_gets_the_same_404(citizen, logged_in):
    digid(citizen, bsn=OTHER_PERSON)
    assert citizen.get(step_url(logged_in, "besluit")).status_code == 404


def test_after_logout_the_submission_asks_for_login_again_only_from_its_owner(citizen, logged_in):
    citizen.post(reverse("machtigen:logout"))
    assert citizen.get(step_url(logged_in, "besluit")).status_code == 404
    machtigen(citizen)
    assert citizen.get(step_url(logged_in, "besluit")).status_code == 200


def test_an_anonymous_submission_is_not_reachable_by_logging_in(citizen, bezwaar_login):
    anonymous = Client()
    submission_id = anonymous.post(start_url("bezwaar"), {"anoniem": "1"}).url.split("/")[3]
    submission = Submission.objects.get(uuid=submission_id)
    machtigen(citizen)
    assert citizen.get(step_url(submission, "indiener")).status_code == 404


def test_a_logged_in_step_costs_no_more_queries_than_an_anonymous_one(citizen, logged_in, django_assert_num_queries):
    citizen.get(step_url(logged_in, "besluit"))
    with django_assert_num_queries(2):
        assert citizen.get(step_url(logged_in, "besluit")).status_code == 200


def test_a_resume_link_of_a_logged_in_draft_still_needs_the_same_login(logged_in):
    from submissions.resume import codes
    from submissions.resume import service as resume_service
    from submissions.resume.models import ResumeToken

    resume_service.request_resume(logged_in, "gemachtigde@example.nl")
    row = ResumeToken.objects.get(submission=logged_in, revoked_at__isnull=True)
    link = reverse("submissions:resume-link", args=["bezwaar", codes.derive(row.kind, row.salt)])

    stranger = Client()
    opened = stranger.post(link)
    assert opened.status_code == 302
    sent_to_login = stranger.get(opened.url)
    assert sent_to_login.status_code == 302
    assert sent_to_login.url.startswith(reverse("machtigen:choose", args=["bezwaar"]))
    digid(stranger, bsn=OTHER_PERSON)
    assert stranger.get(opened.url).status_code == 404
