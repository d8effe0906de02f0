"""Logging in for a form with the demo plugins: levels, where the citizen lands, the banner, the receipt."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from machtigen import session
from submissions.models import Submission
from submissions.receipt import proof
from tests.flow import BEZWAAR_ANSWERS, confirmation_url, fill, overview_url, start, start_url, step_url, submit

from .conftest import (
    DIGID_BASIS,
    DIGID_HOOG,
    EH1,
    GEMACHTIGDE,
    MACHTIGINGGEVER,
    begin,
    bewind,
    digid,
    machtigen,
    require_login,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_the_start_page_says_which_login_at_what_level_and_that_it_is_optional(citizen, bezwaar_login):
    page = text(citizen.get(start_url("bezwaar")))
    assert "U kunt inloggen, maar het hoeft niet" in page
    assert "DigiD Machtigen (demo), minimaal niveau DigiD midden" in page
    assert "eHerkenning bewindvoering (demo), minimaal niveau eHerkenning EH2+" in page
    assert "Start zonder in te loggen" in page


def test_anonymous_stays_possible_on_the_demo_form(citizen, bezwaar_login):
    response = citizen.post(start_url("bezwaar"), {"anoniem": "1"})
    assert response.status_code == 302
    assert Submission.objects.get().auth_context is None


def test_a_form_that_requires_login_sends_an_anonymous_citizen_to_log_in(citizen, bezwaar_login):
    require_login(bezwaar_login)
    response = citizen.post(start_url("bezwaar"), {"anoniem": "1"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("machtigen:choose", args=["bezwaar"]))
    assert not Submission.objects.exists()
    assert "Start zonder in te loggen" not in text(citizen.get(start_url("bezwaar")))


def test_digid_machtigen_from_login_to_receipt(
    citizen, bezwaar_login, private_media, django_capture_on_commit_callbacks
):
    landed = machtigen(citizen)
    assert landed.status_code == 302
    assert landed.url == start_url("bezwaar")  # back where the login began
    assert "namens BSN ******607" in text(citizen.get(start_url("bezwaar")))

    submission = start(citizen, "bezwaar")
    assert submission.auth_context["representee"]["identifier"] == MACHTIGINGGEVER
    assert submission.auth_context["authorizee"]["legalSubject"]["identifier"] == GEMACHTIGDE

    step = text(citizen.get(step_url(submission, "indiener")))
    assert "U vult dit formulier in namens <strong>BSN ******607</strong> (DigiD Machtigen)" in step
    assert "Uitloggen" in step
    fill(citizen, submission, BEZWAAR_ANSWERS)
    overview = text(citizen.get(overview_url(submission)))
    assert "U vult dit formulier in namens <strong>BSN ******607</strong>" in overview
    with django_capture_on_commit_callbacks(execute=True):  # the after-receipt jobs: PDF, e-mail
        assert submit(citizen, submission).status_code == 302

    receipt = text(citizen.get(confirmation_url(submission)))
    assert "BSN ******224 namens BSN ******607" in receipt
    assert "DigiD Machtigen" in receipt and "DigiD midden" in receipt
    for page in (step, overview, receipt):
        assert MACHTIGINGGEVER not in page and GEMACHTIGDE not in page

    submission.refresh_from_db()
    assert submission.receipt_format == "loket-receipt/2"
    assert b'"authentication":{' in bytes(submission.receipt_document)
    assert proof.verify(submission.public_reference, submission.receipt_digest)

    email = mail.outbox[-1]
    assert "Ingediend door: BSN ******224 namens BSN ******607 (DigiD Machtigen, DigiD midden)" in email.body
    assert MACHTIGINGGEVER not in email.body and GEMACHTIGDE not in email.body


ROLES = [("bewindvoerder", "bewindvoering"), ("curator", "curatele"), ("mentor", "mentorschap")]


@pytest.mark.parametrize(("role", "kind"), ROLES)
def test_bewindvoering_curatele_mentorschap_show_the_client_and_the_kind(citizen, bezwaar_login, role, kind):
    assert bewind(citizen, role=role).status_code == 302
    submission = start(citizen, "bezwaar")
    assert submission.auth_context["representee"]["identifier"] == MACHTIGINGGEVER
    assert submission.auth_context["mandate"]["role"] == role
    page = text(citizen.get(step_url(submission, "indiener")))
    assert f"namens <strong>BSN ******607</strong> ({kind})" in page


def test_a_login_below_the_minimum_is_refused_with_the_alternative_channel(citizen, bezwaar_login):
    refused = digid(citizen, level=DIGID_BASIS)
    assert refused.status_code == 403
    page = text(refused)
    assert "te laag betrouwbaarheidsniveau" in page and "minimaal <strong>DigiD midden</strong>" in page
    assert "Lukt het niet online?" in page
    assert session.SESSION_KEY not in citizen.session

    refused = bewind(citizen, level=EH1)
    assert refused.status_code == 403
    assert "eHerkenning EH2+" in text(refused)


def test_a_higher_level_than_the_minimum_is_fine(citizen, bezwaar_login):
    assert digid(citizen, level=DIGID_HOOG).status_code == 302


def test_the_demo_page_checks_the_bsn_with_the_elfproef(citizen, bezwaar_login):
    response = digid(citizen, bsn="123456789")
    assert response.status_code == 400
    assert "Dit is geen geldig BSN" in text(response)
    response = machtigen(citizen, machtiginggever=GEMACHTIGDE)
    assert response.status_code == 400
    assert "U kunt uzelf niet machtigen" in text(response)


def test_after_login_the_citizen_is_never_sent_to_another_site(citizen, bezwaar_login):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"):
        started = begin(citizen, "bezwaar", "digid-demo", target)
        landed = citizen.post(started.url, {"bsn": MACHTIGINGGEVER, "level": DIGID_HOOG})
        assert landed.url == start_url("bezwaar"), target


def test_a_login_that_was_not_begun_here_is_refused(citizen, bezwaar_login):
    # Straight to the demo page, without pressing the button on the form first.
    response = citizen.post(reverse("machtigen:demo", args=["digid-demo"]), {"bsn": MACHTIGINGGEVER})
    assert response.status_code == 302 and response.url == reverse("submissions:index")
    assert session.SESSION_KEY not in citizen.session


def test_a_plugin_the_form_does_not_offer_cannot_be_begun(citizen, vraag, bezwaar_login):
    assert begin(citizen, "vraag-of-bericht", "digid-demo").status_code == 404
    assert begin(citizen, "bezwaar", "no-such-plugin").status_code == 404


def test_login_cycles_the_session_key(citizen, bezwaar_login):
    citizen.get(start_url("bezwaar"))
    begin(citizen, "bezwaar", "digid-demo")
    before = citizen.session.session_key
    digid(citizen)
    assert citizen.session.session_key != before


def test_logout_forgets_everything_and_is_a_button_not_a_link(citizen, bezwaar_login):
    digid(citizen)
    assert citizen.get(reverse("machtigen:logout")).status_code == 200  # only asks
    assert session.SESSION_KEY in citizen.session
    response = citizen.post(reverse("machtigen:logout"))
    assert "U bent uitgelogd" in text(response)
    assert session.SESSION_KEY not in citizen.session


def test_no_bsn_is_ever_logged_during_a_full_flow(
    citizen, bezwaar_login, private_media, caplog, capfd, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    machtigen(citizen, gemachtigde="999995224", machtiginggever="999991607")
    digid(citizen, bsn="999993653", level=DIGID_BASIS)  # a refused login logs too
    bewind(citizen)
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        submit(citizen, submission)
    citizen.get(confirmation_url(submission))
    citizen.post(reverse("machtigen:logout"))
    citizen.get(confirmation_url(submission))  # after logout: the same 404 as any unknown submission

    logged = caplog.text + "".join(capfd.readouterr())
    assert "machtigen" in logged or "login" in logged  # the flow did log something
    for bsn in ("999995224", "999991607", "999993653"):
        assert bsn not in logged


def test_the_receipt_pdf_says_who_submitted_for_whom_masked(citizen, bezwaar_login):
    from submissions.receipt import pdf
    from submissions.receipt.data import build_receipt
    from tests.submissions.test_receipt_pdf import assert_shows, text_of

    bewind(citizen, role="curator")
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    submit(citizen, submission)
    submission.refresh_from_db()
    shown = text_of(pdf.render_pdf(build_receipt(submission)))
    assert_shows(shown, "Ingediend door KvK 12345678", "Namens BSN ******607", "Vertegenwoordiging curatele")
    assert_shows(shown, "Ingelogd met eHerkenning EH2+")
    assert MACHTIGINGGEVER not in shown
