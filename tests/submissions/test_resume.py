"""Save and resume on any device: "Later verder" sends a single-use, expiring link or code."""

import datetime
import math
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from submissions.models import Job, ResumeToken, Submission, SubmissionStep
from submissions.resume import codes
from submissions.retention import apply_retention
from tests.flow import BEZWAAR_ANSWERS, VRAAG_ANSWERS, fill, start, step_url, submission_url

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
CODE = re.compile(r"\b([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\b")


def later(days: float):
    return time_machine.travel(timezone.now() + days * DAY, tick=False)


def pause(client: Client, submission: Submission, address: str = "jan@example.nl"):
    return client.post(submission_url("pause", submission), {"email": address})


def link_path(message) -> str:
    match = re.search(r"https?://[^\s/]+(/formulieren/[^\s]+/verder/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def code_in(message) -> str:
    match = CODE.search(message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def paused_bezwaar(citizen, bezwaar, django_capture_on_commit_callbacks) -> Submission:
    """A bezwaar with its first two steps saved, paused with "Later verder" (link mode)."""
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, {key: BEZWAAR_ANSWERS[key] for key in ("indiener", "besluit")})
    with django_capture_on_commit_callbacks(execute=True):
        response = pause(citizen, submission)
    assert response.status_code == 200
    return submission


@pytest.fixture
def paused_vraag(citizen, vraag, django_capture_on_commit_callbacks) -> Submission:
    """A vraag (link-free mode) with its first step saved, paused."""
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, {"bericht": VRAAG_ANSWERS["bericht"]})
    with django_capture_on_commit_callbacks(execute=True):
        assert pause(citizen, submission, "fatima@example.nl").status_code == 200
    return submission


def test_a_link_opens_the_draft_in_another_browser_once(paused_bezwaar, other_citizen):
    [message] = mail.outbox
    assert message.to == ["jan@example.nl"]
    path = link_path(message)
    # Not the owner yet: the other browser cannot see the draft.
    assert other_citizen.get(submission_url("overview", paused_bezwaar)).status_code == 404

    # Opening the link shows a button only (mail scanners fetch links); the POST uses it.
    assert other_citizen.get(path).status_code == 200
    assert ResumeToken.objects.get().used_at is None
    response = other_citizen.post(path)
    assert response.status_code == 302
    assert response.url == submission_url("overview", paused_bezwaar)
    # Through the normal entry: the overview sends on to the first open step, with the answers kept.
    response = other_citizen.get(response.url)
    assert response.url == step_url(paused_bezwaar, "bezwaar")
    page = other_citizen.get(step_url(paused_bezwaar, "indiener")).content.decode()
    assert "Jan Jansen" in page

    # Single use: a third browser (or the same one again) is refused, and told why.
    third = Client()
    response = third.post(path)
    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()
    assert third.get(submission_url("overview", paused_bezwaar)).status_code == 404


def test_the_token_is_not_stored_and_the_address_is_wiped_once_sent(paused_bezwaar):
    [message] = mail.outbox
    token = link_path(message).rstrip("/").rsplit("/", 1)[1]
    row = ResumeToken.objects.get()
    values = " ".join(str(value) for value in ResumeToken.objects.values().get().values())
    assert token not in values
    assert row.token_hash == codes.lookup_hash("link", token)
    assert row.mail_to == "" and row.mailed_at is not None
    assert Job.objects.get(submission=paused_bezwaar, kind="resume_mail").status == Job.Status.DONE


def test_an_expired_link_is_refused_plainly(paused_bezwaar, other_citizen):
    path = link_path(mail.outbox[0])
    with later(7.01):
        response = other_citizen.post(path)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert other_citizen.get(submission_url("overview", paused_bezwaar)).status_code == 404


def test_the_link_still_works_just_before_it_expires(paused_bezwaar, other_citizen, settings):
    with later(settings.LOKET_RESUME_DAYS - 0.01):
        assert other_citizen.post(link_path(mail.outbox[0])).status_code == 302


def test_the_expiry_is_configurable(citizen, bezwaar, other_citizen, settings, django_capture_on_commit_callbacks):
    settings.LOKET_RESUME_DAYS = 2
    submission = start(citizen, "bezwaar")
    with django_capture_on_commit_callbacks(execute=True):
        pause(citizen, submission)
    with later(2.01):
        assert other_citizen.post(link_path(mail.outbox[0])).status_code == 410


def test_a_newer_request_replaces_the_older_link(
    paused_bezwaar, citizen, other_citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pause(citizen, paused_bezwaar)
    first, second = (link_path(message) for message in mail.outbox)
    response = other_citizen.post(first)
    assert response.status_code == 410
    assert "nieuwere" in response.content.decode()
    assert other_citizen.post(second).status_code == 302


def test_a_forged_or_foreign_link_opens_nothing(paused_bezwaar, other_citizen, vraag):
    path = link_path(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert other_citizen.post(path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))).status_code == 404
    # The right token under another form's address is unknown there.
    assert other_citizen.post(path.replace("/bezwaar/", "/vraag-of-bericht/")).status_code == 404
    assert other_citizen.post("/formulieren/bezwaar/verder/" + "x" * 500 + "/").status_code == 404
    assert ResumeToken.objects.get().used_at is None


def test_link_free_mode_sends_a_code_not_a_link(paused_vraag, other_citizen):
    [message] = mail.outbox
    assert message.to == ["fatima@example.nl"]
    assert "http" not in message.body.lower() and "<a" not in message.body.lower()
    assert "http" not in message.subject.lower()
    assert not getattr(message, "alternatives", None)
    code = code_in(message)
    # The start page offers the code form; typed carelessly (lower case, spaces), it still works.
    start_page = other_citizen.get(reverse("submissions:start", args=["vraag-of-bericht"])).content.decode()
    assert "Verder met een code" in start_page
    typed = " " + code.lower().replace("-", " ") + " "
    response = other_citizen.post(reverse("submissions:resume-code", args=["vraag-of-bericht"]), {"code": typed})
    assert response.status_code == 302
    response = other_citizen.get(response.url)
    assert response.url == step_url(paused_vraag, "contact")
    # Once only.
    again = Client().post(reverse("submissions:resume-code", args=["vraag-of-bericht"]), {"code": code})
    assert again.status_code == 410


@pytest.mark.parametrize(
    "typed",
    ["", "ABCD", "ABCD-EFGH-JKM0", "ABCD-EFGH-JKMNP", "<script>", "A" * 100, "\x00" * 12],
)
def test_a_malformed_code_gets_a_clear_error(paused_vraag, other_citizen, typed):
    response = other_citizen.post(reverse("submissions:resume-code", args=["vraag-of-bericht"]), {"code": typed})
    assert response.status_code == 400
    assert "12 tekens" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_a_wrong_code_is_refused_and_guessing_is_rate_limited(paused_vraag, other_citizen):
    url = reverse("submissions:resume-code", args=["vraag-of-bericht"])
    real = codes.normalise_code(code_in(mail.outbox[0]))
    wrong = "2" * 12 if real != "2" * 12 else "3" * 12
    response = other_citizen.post(url, {"code": wrong})
    assert response.status_code == 400
    assert "kennen we niet" in response.content.decode()
    statuses = [other_citizen.post(url, {"code": wrong}).status_code for _ in range(12)]
    assert statuses[-1] == 429
    # Once limited, even the right code waits: guessing and then trying the real one gains nothing.
    assert other_citizen.post(url, {"code": real}).status_code == 429
    assert ResumeToken.objects.get().used_at is None


def test_a_code_of_another_form_is_unknown_here(paused_vraag, other_citizen, bezwaar):
    code = code_in(mail.outbox[0])
    response = other_citizen.post(reverse("submissions:resume-code", args=["bezwaar"]), {"code": code})
    assert response.status_code == 400


def test_later_verder_on_a_step_saves_it_first(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    post = {**BEZWAAR_ANSWERS["indiener"], "later_verder": "ja"}
    response = citizen.post(step_url(submission, "indiener"), post)
    assert response.url == submission_url("pause", submission)
    assert SubmissionStep.objects.filter(submission=submission, step_key="indiener").exists()
    page = citizen.get(response.url).content.decode()
    assert 'value="jan@example.nl"' in page  # the address just given is offered


def test_later_verder_on_an_incomplete_step_says_that_step_was_not_saved(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    response = citizen.post(step_url(submission, "indiener"), {"naam": "Jan", "later_verder": "ja"})
    assert response.url == submission_url("pause", submission) + "?niet_bewaard=1"
    assert "niet bewaard" in citizen.get(response.url).content.decode()
    assert not SubmissionStep.objects.filter(submission=submission).exists()


BAD_ADDRESSES = ["", "geen-adres", "a@b", "jan@example.nl\nBcc: x@example.nl", "x" * 300 + "@example.nl"]


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_a_bad_address_is_refused_and_nothing_is_sent(citizen, bezwaar, address, django_capture_on_commit_callbacks):
    submission = start(citizen, "bezwaar")
    with django_capture_on_commit_callbacks(execute=True):
        response = pause(citizen, submission, address)
    assert response.status_code == 400
    assert "e-mailadres" in response.content.decode()
    assert not mail.outbox and not ResumeToken.objects.exists()


def test_the_address_is_not_logged(citizen, bezwaar, caplog, django_capture_on_commit_callbacks):
    submission = start(citizen, "bezwaar")
    with caplog.at_level("DEBUG"), django_capture_on_commit_callbacks(execute=True):
        pause(citizen, submission, "geheim.adres@example.nl")
    assert mail.outbox
    assert "geheim.adres" not in caplog.text


def test_a_sent_submission_cannot_be_resumed(paused_bezwaar, citizen, other_citizen):
    fill(citizen, paused_bezwaar, {"bezwaar": BEZWAAR_ANSWERS["bezwaar"]})
    citizen.post(submission_url("overview", paused_bezwaar), {"verklaring": "ja"})
    response = other_citizen.post(link_path(mail.outbox[0]))
    assert response.status_code == 410
    assert "al verstuurd" in response.content.decode()


def test_retention_keeps_a_draft_while_its_link_works_and_then_deletes_it(paused_bezwaar, other_citizen, bezwaar):
    bezwaar.draft_retention_days = 3
    bezwaar.save()
    with later(5):
        assert apply_retention().drafts == 0
    with later(7.01):
        assert apply_retention().drafts == 1
        assert not Submission.objects.filter(pk=paused_bezwaar.pk).exists()
        # The way back outlives the draft without personal data, so the citizen hears it expired.
        row = ResumeToken.objects.get()
        assert row.submission_id is None and row.mail_to == ""
        response = other_citizen.post(link_path(mail.outbox[0]))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    with later(7 + 91):
        apply_retention()
    assert not ResumeToken.objects.exists()


def test_codes_avoid_confusable_characters_and_carry_enough_entropy():
    for confusable in "01ILOU":
        assert confusable not in codes.ALPHABET
    assert codes.CODE_LENGTH * math.log2(len(codes.ALPHABET)) > 58
    made = {codes.derive("code", codes.new_salt()) for _ in range(200)}
    assert len(made) == 200
    assert all(codes.normalise_code(codes.display_code(code).lower()) == code for code in made)


def test_query_counts_of_pausing_and_continuing(
    citizen, other_citizen, bezwaar, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    submission = start(citizen, "bezwaar")
    with django_assert_max_num_queries(12), django_capture_on_commit_callbacks(execute=False):
        assert pause(citizen, submission).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        pause(citizen, submission)
    with django_assert_max_num_queries(12):  # form, token, use it, the new session: constant
        assert other_citizen.post(link_path(mail.outbox[0])).status_code == 302


def test_a_resume_mail_still_waiting_does_not_keep_a_sent_form_from_retention(paused_bezwaar, citizen, bezwaar):
    Job.objects.filter(kind="resume_mail").update(status=Job.Status.FAILED)
    fill(citizen, paused_bezwaar, {"bezwaar": BEZWAAR_ANSWERS["bezwaar"]})
    citizen.post(submission_url("overview", paused_bezwaar), {"verklaring": "ja"})
    Job.objects.exclude(kind="resume_mail").update(status=Job.Status.DONE)
    with later(bezwaar.retention_days + 1):
        assert apply_retention().received == 1
