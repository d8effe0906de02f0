"""Consent to reply electronically (Wmebv A12): unticked, stored with time and scope, on every receipt."""

import datetime

import pytest
from django.core import mail

from submissions import consent
from submissions.models import Submission
from submissions.receipt.data import build_receipt
from submissions.receipt.pdf import render_html
from tests.flow import BEZWAAR_ANSWERS, VRAAG_ANSWERS, confirmation_url, fill, overview_url, start

pytestmark = pytest.mark.django_db


def sent_bezwaar(citizen, capture, *, consent_given: bool) -> Submission:
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    post = {"verklaring": "ja", **({consent.FIELD: "ja"} if consent_given else {})}
    with capture(execute=True):
        response = citizen.post(overview_url(submission), post)
    assert response.status_code == 302
    return Submission.objects.select_related("form_version__form").get(pk=submission.pk)


def test_the_question_is_asked_unticked(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    page = citizen.get(overview_url(submission)).content.decode()
    checkbox = page[page.index(f'name="{consent.FIELD}"') - 200 : page.index(f'name="{consent.FIELD}"') + 200]
    assert "per e-mail antwoorden" in page
    assert "checked" not in checkbox


def test_consent_is_stored_with_time_channel_and_scope_and_shown_on_every_receipt(
    citizen, bezwaar, django_capture_on_commit_callbacks
):
    submission = sent_bezwaar(citizen, django_capture_on_commit_callbacks, consent_given=True)

    stored = submission.reply_consent
    assert stored["given"] is True
    assert datetime.datetime.fromisoformat(stored["at"]) == submission.received_at
    assert stored["channel"] == "email"
    assert stored["scope"] == {"form": "bezwaar", "form_name": "Bezwaar maken tegen een besluit"}
    assert stored["question"].startswith("De gemeente mag mij over dit bezwaar per e-mail antwoorden")
    assert consent.as_data(stored) == stored  # what registrations pass on

    line = consent.receipt_line(stored)
    assert line.startswith("Ja.")
    assert line in citizen.get(confirmation_url(submission)).content.decode()
    assert line in render_html(build_receipt(submission))
    [message] = [m for m in mail.outbox if "Ontvangstbevestiging" in m.subject]
    assert line in message.body
    assert line in message.alternatives[0][0]


def test_no_consent_is_stored_as_no_and_shown_too(citizen, bezwaar, django_capture_on_commit_callbacks):
    submission = sent_bezwaar(citizen, django_capture_on_commit_callbacks, consent_given=False)
    assert submission.reply_consent["given"] is False
    assert "per post" in citizen.get(confirmation_url(submission)).content.decode()


def test_a_form_that_does_not_ask_stores_nothing(citizen, vraag, django_capture_on_commit_callbacks):
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, VRAAG_ANSWERS)
    assert consent.FIELD not in citizen.get(overview_url(submission)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        citizen.post(overview_url(submission), {"verklaring": "ja", consent.FIELD: "ja"})
    submission.refresh_from_db()
    assert submission.is_received
    assert submission.reply_consent is None
    assert "Antwoord per e-mail" not in citizen.get(confirmation_url(submission)).content.decode()


def test_a_ticked_box_stays_ticked_when_the_page_comes_back_with_an_error(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    response = citizen.post(overview_url(submission), {consent.FIELD: "ja"})  # declaration forgotten
    assert response.status_code == 400
    page = response.content.decode()
    checkbox = page[page.index(f'name="{consent.FIELD}"') : page.index(f'name="{consent.FIELD}"') + 120]
    assert "checked" in checkbox
