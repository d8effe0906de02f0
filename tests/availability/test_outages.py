"""Outages (Wmebv A11, Awb 2:21): a storingsmelding with the alternative channel; a record of start, end, forms."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from availability import service
from availability.models import DEFAULT_ALTERNATIVE, DEFAULT_MESSAGE, Outage
from submissions.models import ReceiptFile, Submission, SubmissionStep
from tests.factories import UserFactory
from tests.flow import (
    VRAAG_ANSWERS,
    confirmation_url,
    fill,
    overview_url,
    start,
    start_url,
    step_url,
    submit,
)
from tests.html import form_data, page
from tests.staff import staff_client

STARTED = datetime.datetime(2026, 2, 20, 22, 59, 59, tzinfo=datetime.UTC)
STARTED_DISPLAY = "20-02-2026 23:59:59 (CET)"
NOW = STARTED + datetime.timedelta(minutes=30)
OUTAGES = reverse("admin:availability_outage_changelist")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    """Everything happens half an hour after the outage began, until a test moves the clock."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def filled(vraag, citizen) -> Submission:
    """A vraag filled in up to the overview before the outage began."""
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, VRAAG_ANSWERS)
    return submission


@pytest.fixture
def admin_client() -> Client:
    return staff_client(UserFactory(is_staff=True, is_superuser=True))


def assert_outage_notice(response, message: str = DEFAULT_MESSAGE, alternative: str = DEFAULT_ALTERNATIVE) -> None:
    assert response.status_code == 503
    main = page(response).find("main")
    alert = main.find(role="alert")
    assert alert.find("h1").text == "Storing"
    assert message in alert.text
    assert main.find("time").text == STARTED_DISPLAY
    assert " ".join(alternative.split()) in main.text
    assert "telt deze storing niet tegen u" in main.text


PAGES = {
    "start page": lambda c, s: c.get(start_url("vraag-of-bericht")),
    "start": lambda c, s: c.post(start_url("vraag-of-bericht")),
    "step": lambda c, s: c.get(step_url(s, "bericht")),
    "step post": lambda c, s: c.post(step_url(s, "bericht"), {"onderwerp": "Anders", "bericht": "Anders"}),
    "overview": lambda c, s: c.get(overview_url(s)),
    "send": lambda c, s: submit(c, s),
}


@pytest.mark.parametrize("request_page", PAGES.values(), ids=PAGES.keys())
def test_during_an_outage_the_pages_that_take_input_show_the_notice(filled, citizen, request_page):
    before = list(SubmissionStep.objects.order_by("pk").values_list("step_key", "data"))
    Outage.objects.create(started_at=STARTED)

    response = request_page(citizen, filled)

    assert_outage_notice(response)
    assert Submission.objects.get() == filled  # nothing started
    assert Submission.objects.get().status == Submission.Status.IN_PROGRESS  # nothing sent
    assert list(SubmissionStep.objects.order_by("pk").values_list("step_key", "data")) == before  # nothing saved


def test_the_notice_shows_the_message_and_alternative_of_this_outage(vraag, citizen):
    Outage.objects.create(
        started_at=STARTED,
        message="Door onderhoud aan DigiD kunt u nu niet inloggen.",
        alternative="Stuur uw bericht per post naar Postbus 1234.\n\nOf bel 14 020.",
        reason="internal: DigiD-koppeling, ticket 4711",
    )

    response = citizen.get(start_url("vraag-of-bericht"))

    assert_outage_notice(
        response, "Door onderhoud aan DigiD kunt u nu niet inloggen.", "Stuur uw bericht per post naar Postbus 1234."
    )
    assert "Of bel 14 020." in page(response).find("main").text
    assert "ticket 4711" not in response.content.decode()  # the internal note stays internal
    assert page(response).find("time")["datetime"] == "2026-02-20T23:59:59+01:00"


def test_an_outage_of_one_form_leaves_the_others_alone(bezwaar, vraag, citizen):
    Outage.objects.create(started_at=STARTED).forms.add(bezwaar)

    assert citizen.get(start_url("bezwaar")).status_code == 503
    assert citizen.get(start_url("vraag-of-bericht")).status_code == 200
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, VRAAG_ANSWERS)
    assert submit(citizen, submission).status_code == 302


def test_an_ended_outage_is_over(vraag, citizen):
    Outage.objects.create(started_at=STARTED, ended_at=NOW - datetime.timedelta(seconds=1))

    assert citizen.get(start_url("vraag-of-bericht")).status_code == 200


def test_an_outage_with_a_planned_end_lasts_until_then(vraag, citizen, clock):
    Outage.objects.create(started_at=STARTED, ended_at=NOW + datetime.timedelta(minutes=5))

    assert citizen.get(start_url("vraag-of-bericht")).status_code == 503
    clock.shift(datetime.timedelta(minutes=5))
    assert citizen.get(start_url("vraag-of-bericht")).status_code == 200


@pytest.mark.parametrize("starts_in", [datetime.timedelta(seconds=5), datetime.timedelta(hours=1)], ids=["5s", "1h"])
def test_a_planned_outage_is_not_active_before_it_starts(vraag, citizen, clock, starts_in):
    Outage.objects.create(started_at=NOW + starts_in)

    assert citizen.get(start_url("vraag-of-bericht")).status_code == 200  # and the (empty or early) list is cached
    clock.shift(starts_in - datetime.timedelta(seconds=1))
    assert citizen.get(start_url("vraag-of-bericht")).status_code == 200
    clock.shift(datetime.timedelta(seconds=1))
    assert citizen.get(start_url("vraag-of-bericht")).status_code == 503  # on time, whatever was cached


def test_what_was_sent_before_the_outage_stays_available(vraag, citizen):
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, VRAAG_ANSWERS)
    submit(citizen, submission)
    submission.refresh_from_db()
    Outage.objects.create(started_at=STARTED)

    confirmation = citizen.get(confirmation_url(submission))
    assert confirmation.status_code == 200
    assert submission.public_reference in page(confirmation).find(class_="loket-reference").text
    pdf_url = reverse("submissions:receipt-pdf", kwargs={"slug": "vraag-of-bericht", "submission_id": submission.uuid})
    assert citizen.get(pdf_url).status_code == 202  # the PDF is still on its way, not refused
    assert not ReceiptFile.objects.exists()
    assert citizen.get(step_url(submission, "bericht")).url == confirmation_url(submission)
    verify = Client().post(
        reverse("submissions:verify"),
        {"kenmerk": submission.public_reference, "controlegetal": submission.receipt_digest},
    )
    assert "Dit klopt." in page(verify).find("main").text


# --- the record -----------------------------------------------------------------------------------


def test_an_outage_is_recorded_with_start_end_forms_and_who(admin_client, bezwaar, vraag, clock):
    add = reverse("admin:availability_outage_add")
    data = form_data(page(admin_client.get(add)).find("form", id="outage_form"))
    # tests/html.py's form_data posts "on" for a text input without a value attribute; a browser posts "".
    data.update(ended_at_0=[""], ended_at_1=[""], forms=[str(bezwaar.pk)])
    data["reason"] = ["Storing bij de hostingpartij"]

    response = admin_client.post(add, data)

    assert response.status_code == 302, page(response).find(class_="errorlist")
    outage = Outage.objects.get()
    assert (outage.started_at, outage.ended_at, list(outage.forms.all())) == (NOW, None, [bezwaar])
    assert outage.created_by.is_superuser
    assert service.active_outage(bezwaar.pk) == outage and service.active_outage(vraag.pk) is None

    # An hour later (within the admin session's idle timeout), the same person ends it.
    clock.shift(datetime.timedelta(hours=1))
    response = admin_client.post(OUTAGES, {"action": "end_now", "_selected_action": [outage.pk]})

    assert response.status_code == 302
    outage = Outage.objects.get()
    assert (outage.started_at, outage.ended_at, list(outage.forms.all())) == (
        NOW,
        NOW + datetime.timedelta(hours=1),
        [bezwaar],
    )
    assert outage.reason == "Storing bij de hostingpartij"
    assert service.active_outage(bezwaar.pk) is None


def test_end_now_ends_only_what_is_still_going_on(admin_client, vraag, citizen, clock):
    ended_earlier = Outage.objects.create(started_at=STARTED, ended_at=STARTED + datetime.timedelta(minutes=1))
    going_on = Outage.objects.create(started_at=STARTED + datetime.timedelta(minutes=2))
    assert citizen.get(start_url("vraag-of-bericht")).status_code == 503

    response = admin_client.post(OUTAGES, {"action": "end_now", "_selected_action": [ended_earlier.pk, going_on.pk]})

    assert response.status_code == 302
    assert Outage.objects.get(pk=going_on.pk).ended_at == NOW
    assert Outage.objects.get(pk=ended_earlier.pk).ended_at == STARTED + datetime.timedelta(minutes=1)
    assert citizen.get(start_url("vraag-of-bericht")).status_code == 200  # at once, not after the cache expires


def test_the_admin_list_shows_scope_and_state(admin_client, bezwaar):
    Outage.objects.create(started_at=STARTED).forms.add(bezwaar)
    Outage.objects.create(started_at=STARTED - datetime.timedelta(days=1), ended_at=STARTED)

    rows = page(admin_client.get(OUTAGES)).find("table", id="result_list").find("tbody").find_all("tr")

    # The admin speaks Dutch.
    assert [row.find("td", class_="field-scope").text for row in rows] == ["bezwaar", "alle formulieren"]
    assert [row.find("td", class_="field-active").find("img")["alt"] for row in rows] == ["True", "False"]


def test_an_outage_names_itself_in_amsterdam_time():
    Outage.objects.create(started_at=STARTED, ended_at=STARTED + datetime.timedelta(hours=1))

    assert str(Outage.objects.get()) == "20-02-2026 23:59 - 21-02-2026 00:59"


def test_an_outage_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        Outage.objects.create(started_at=STARTED, ended_at=STARTED - datetime.timedelta(seconds=1))


# --- the cache ------------------------------------------------------------------------------------


def test_every_change_to_an_outage_shows_at_once(bezwaar, vraag, citizen):
    def status(slug: str) -> int:
        return citizen.get(start_url(slug)).status_code

    assert (status("bezwaar"), status("vraag-of-bericht")) == (200, 200)  # the empty list is now cached

    outage = Outage.objects.create(started_at=STARTED)
    assert (status("bezwaar"), status("vraag-of-bericht")) == (503, 503)

    outage.forms.add(bezwaar)
    assert (status("bezwaar"), status("vraag-of-bericht")) == (503, 200)

    outage.forms.clear()
    assert (status("bezwaar"), status("vraag-of-bericht")) == (503, 503)

    service.end_outage(outage)
    assert (status("bezwaar"), status("vraag-of-bericht")) == (200, 200)

    again = Outage.objects.create(started_at=STARTED)
    assert status("bezwaar") == 503
    again.delete()
    assert status("bezwaar") == 200


def test_without_an_outage_the_check_costs_no_query(vraag, django_assert_num_queries):
    service.active_outage(vraag.pk)  # fills the cache

    with django_assert_num_queries(0):
        assert service.active_outage(vraag.pk) is None


def test_an_answer_in_progress_survives_the_outage(filled, citizen):
    """What was saved before the outage is there again afterwards (the notice promises it)."""
    outage = Outage.objects.create(started_at=STARTED)
    assert citizen.get(overview_url(filled)).status_code == 503

    service.end_outage(outage)

    response = citizen.get(overview_url(filled))
    assert response.status_code == 200
    assert "Afvalinzameling" in page(response).find("main").text
