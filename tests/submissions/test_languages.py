"""The citizen picks Dutch or English on any page; the receipt speaks the language they sent in."""

from django.urls import reverse

from submissions.models import Submission
from submissions.receipt import mail as receipt_mail
from submissions.receipt.data import build_receipt
from submissions.receipt.pdf import render_html
from tests.flow import BEZWAAR_ANSWERS, fill, overview_url, start, step_url, submit
from tests.html import page

SWITCH = reverse("set_language")


def switch(client, language: str, next_url: str) -> None:
    response = client.post(SWITCH, {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response.url == next_url


def test_every_page_offers_the_other_language_as_a_plain_form(citizen, bezwaar):
    html = page(citizen.get("/formulieren/bezwaar/"))

    form = html.find("form", class_="loket-language-switch")
    assert form["action"] == SWITCH and form["method"] == "post"
    assert form.find("input", name="next")["value"] == "/formulieren/bezwaar/"
    assert form.find("input", name="csrfmiddlewaretoken")
    assert form.find("button", name="language")["value"] == "en"
    assert form.find("span", aria_current="true").text == "Nederlands"


def test_switching_to_english_and_back(citizen, bezwaar):
    switch(citizen, "en", "/formulieren/")
    html = page(citizen.get("/formulieren/"))
    assert html.find("html")["lang"] == "en"
    assert html.find("h1").text == "Forms"
    assert html.find("a", class_="utrecht-skip-link").text == "Skip to content"

    switch(citizen, "nl", "/formulieren/")
    assert page(citizen.get("/formulieren/")).find("h1").text == "Formulieren"


def test_error_messages_follow_the_language(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    switch(citizen, "en", step_url(submission, "indiener"))

    html = page(citizen.post(step_url(submission, "indiener"), {}))

    summary = html.find(class_="loket-error-summary")
    assert "errors found" in summary.find("h2").text
    assert any(link.text.startswith("Fill in") for link in summary.find_all("a"))
    assert html.find("main").find("button", type="submit").text == "Next"


def test_the_definition_speaks_english_where_the_editor_wrote_it(citizen, bezwaar):
    switch(citizen, "en", "/formulieren/bezwaar/")
    english = page(citizen.get("/formulieren/bezwaar/")).text
    switch(citizen, "nl", "/formulieren/bezwaar/")
    dutch = page(citizen.get("/formulieren/bezwaar/")).text

    assert english != dutch
    assert "Start the form" in english and "Start het formulier" in dutch


def test_the_receipt_speaks_the_language_the_citizen_sent_in(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    assert submission.language == "nl"
    fill(citizen, submission, BEZWAAR_ANSWERS)
    switch(citizen, "en", overview_url(submission))

    assert submit(citizen, submission).status_code == 302

    submission = Submission.objects.get(pk=submission.pk)
    assert submission.language == "en"
    confirmation = page(citizen.get(reverse("submissions:confirmation", args=["bezwaar", submission.uuid])))
    assert confirmation.find("h1").text == "We have received your form"
    html = render_html(build_receipt(submission))
    assert '<html lang="en">' in html
    assert "Acknowledgement of receipt" in html and "Ontvangstbevestiging" not in html


def test_a_dutch_receipt_stays_dutch_whatever_the_server_last_spoke(citizen, bezwaar):
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    submit(citizen, submission)
    submission.refresh_from_db()
    switch(citizen, "en", "/formulieren/")  # the next request is English; the receipt is not

    html = render_html(build_receipt(submission))

    assert '<html lang="nl">' in html and "Ontvangstbevestiging" in html


def test_the_receipt_email_speaks_the_language_the_citizen_sent_in(citizen, bezwaar, mailoutbox):
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    switch(citizen, "en", overview_url(submission))
    submit(citizen, submission)
    receipt_mail.send_receipt_email(Submission.objects.get(pk=submission.pk))  # the job after commit

    (message,) = mailoutbox
    assert message.subject.startswith("Acknowledgement of receipt: ")
    assert "WE HAVE RECEIVED YOUR FORM" in message.body
    assert "Received by:    " in message.body  # the labels stay in one column
    html = message.alternatives[0][0]
    assert '<html lang="en">' in html and "We have received your form" in html


def test_the_demo_bezwaar_speaks_english_from_start_to_receipt(citizen, bezwaar):
    switch(citizen, "en", "/formulieren/bezwaar/")
    start_page = page(citizen.get("/formulieren/bezwaar/")).find("main").text
    assert "Object to a decision" in start_page
    assert "You do so within 6 weeks of the date on the decision." in start_page

    submission = start(citizen, "bezwaar")
    step = page(citizen.get(step_url(submission, "indiener"))).find("main")
    assert step.find("h1").text.strip() == "Your details"
    assert "Street and house number" in step.text and "Straat en huisnummer" not in step.text

    fill(citizen, submission, BEZWAAR_ANSWERS)
    overview = page(citizen.get(overview_url(submission))).find("main").text
    assert "Why do you disagree with the decision?" in overview
    assert "Date of the decision" in overview and "Datum van het besluit" not in overview
    assert "Ik woon in de zone." in overview  # the citizen's own answers stay as typed
