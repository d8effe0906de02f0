"""A citizen reaches only their own submission; anything else looks like a page that does not exist."""

import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from tests.flow import VRAAG_ANSWERS, fill, start, step_url, submit
from tests.html import page

# (url name, extra kwargs, whether the owner must have sent the form first)
PAGES = [
    ("step", {"step_key": "bericht"}, False),
    ("overview", {}, False),
    ("concept-pdf", {}, False),
    ("confirmation", {}, True),
    ("receipt-pdf", {}, True),
]
PAGE_IDS = [name for name, _, _ in PAGES]


def url(name: str, slug: str, submission_id, **kwargs) -> str:
    return reverse(f"submissions:{name}", kwargs={"slug": slug, "submission_id": submission_id, **kwargs})


@pytest.fixture
def owned(vraag, citizen):
    """Factory: a submission of the citizen, filled in and, if asked, sent."""

    def make(sent: bool):
        submission = start(citizen, "vraag-of-bericht")
        fill(citizen, submission, VRAAG_ANSWERS)
        if sent:
            submit(citizen, submission)
        return submission

    return make


@pytest.mark.parametrize(("name", "kwargs", "sent"), PAGES[:2] + PAGES[3:4], ids=["step", "overview", "confirmation"])
def test_the_owner_can_open_the_page(owned, citizen, name, kwargs, sent):
    submission = owned(sent)

    response = citizen.get(url(name, "vraag-of-bericht", submission.uuid, **kwargs))

    assert response.status_code == 200


@pytest.mark.parametrize(("name", "kwargs", "sent"), PAGES, ids=PAGE_IDS)
def test_someone_else_gets_404(owned, other_citizen, name, kwargs, sent):
    submission = owned(sent)

    response = other_citizen.get(url(name, "vraag-of-bericht", submission.uuid, **kwargs))

    assert response.status_code == 404
    assert "Fatima" not in response.content.decode()


@pytest.mark.parametrize(("name", "kwargs", "sent"), PAGES, ids=PAGE_IDS)
def test_a_random_id_gets_404(owned, citizen, name, kwargs, sent):
    owned(sent)

    assert citizen.get(url(name, "vraag-of-bericht", uuid.uuid4(), **kwargs)).status_code == 404


@pytest.mark.parametrize(("name", "kwargs", "sent"), PAGES, ids=PAGE_IDS)
def test_a_submission_under_another_forms_slug_gets_404(owned, bezwaar, citizen, name, kwargs, sent):
    submission = owned(sent)

    assert citizen.get(url(name, "bezwaar", submission.uuid, **kwargs)).status_code == 404


def test_someone_else_cannot_post_a_step_or_send_the_form(owned, other_citizen):
    submission = owned(False)

    step = other_citizen.post(step_url(submission, "bericht"), {"onderwerp": "Gekaapt", "bericht": "x"})
    send = other_citizen.post(url("overview", "vraag-of-bericht", submission.uuid))

    assert (step.status_code, send.status_code) == (404, 404)
    assert submission.steps.get(step_key="bericht").data == VRAAG_ANSWERS["bericht"]
    submission.refresh_from_db()
    assert not submission.is_received


def test_not_found_page_explains_without_revealing(owned, other_citizen):
    submission = owned(False)

    response = other_citizen.get(step_url(submission, "bericht"))

    html = page(response)
    assert html.find("h1").text == "Pagina niet gevonden"
    assert "alleen openen in dezelfde browser" in html.text


def test_an_unknown_step_of_an_own_submission_gets_404(owned, citizen):
    submission = owned(False)

    assert citizen.get(step_url(submission, "bestaat_niet")).status_code == 404


def test_a_citizen_keeps_access_to_several_own_submissions(vraag, bezwaar, citizen):
    first = start(citizen, "vraag-of-bericht")
    second = start(citizen, "bezwaar")

    assert citizen.get(step_url(first, "bericht")).status_code == 200
    assert citizen.get(step_url(second, "indiener")).status_code == 200


def test_starting_a_submission_gives_the_browser_a_fresh_session_key(vraag, citizen, other_citizen):
    """A session id planted in the citizen's browser (session fixation) gives no access to what they fill in."""
    start(other_citizen, "vraag-of-bericht")
    planted = other_citizen.cookies[settings.SESSION_COOKIE_NAME].value
    citizen.cookies[settings.SESSION_COOKIE_NAME] = planted

    submission = start(citizen, "vraag-of-bericht")

    assert citizen.cookies[settings.SESSION_COOKIE_NAME].value != planted
    fill(citizen, submission, VRAAG_ANSWERS)
    assert other_citizen.get(step_url(submission, "bericht")).status_code == 404


def test_every_citizen_url_of_a_submission_goes_through_the_one_entry():
    from submissions import urls

    taking_a_submission = [p for p in urls.urlpatterns if "submission_id" in str(p.pattern)]

    assert len(taking_a_submission) == 6
    for pattern in taking_a_submission:
        assert getattr(pattern.callback, "citizen_entry", False), pattern.name
