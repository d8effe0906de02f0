"""The receipt as the citizen gets it on screen (Wmebv B1, B3, A5): confirmation page and PDF copy."""

import datetime
import hashlib
import shutil
import subprocess

import pytest
import time_machine
from django.core import signing
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from submissions import jobs
from submissions.models import Job, ReceiptFile, Submission, SubmissionEvent
from submissions.receipt import links
from submissions.receipt_time import format_moment
from tests import definitions
from tests.factories import FormFactory
from tests.flow import (
    BEZWAAR_ANSWERS,
    VRAAG_ANSWERS,
    confirmation_url,
    fill,
    overview_url,
    start,
    submission_url,
    submit,
)
from tests.html import page

WINTER = datetime.datetime(2026, 2, 20, 22, 59, 59, tzinfo=datetime.UTC)
SUMMER = datetime.datetime(2026, 3, 29, 1, 0, 0, tzinfo=datetime.UTC)
TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
VERIFY = reverse("submissions:verify")

pytestmark = pytest.mark.django_db


def send(client: Client, slug: str, answers: dict, at: datetime.datetime = WINTER) -> Submission:
    """Fill in and send a form as ``client``; the final submit is accepted at ``at``."""
    submission = start(client, slug)
    fill(client, submission, answers)
    with time_machine.travel(at, tick=False):
        response = submit(client, submission)
    assert response.status_code == 302, response
    return Submission.objects.select_related("form_version__form").get(pk=submission.pk)


def receipt_pdf_url(submission: Submission) -> str:
    return submission_url("receipt-pdf", submission)


def concept_pdf_url(submission: Submission) -> str:
    return submission_url("concept-pdf", submission)


def store_pdf(submission: Submission, content: bytes = TINY_PDF) -> ReceiptFile:
    """A stored receipt PDF without rendering one (the real job has its own tests)."""
    receipt_file = ReceiptFile(submission=submission, sha256=hashlib.sha256(content).hexdigest(), size=len(content))
    receipt_file.pdf.save(f"{submission.public_reference}.pdf", ContentFile(content), save=False)
    receipt_file.save()
    return receipt_file


def body(response) -> bytes:
    # Reading a streamed response to the end closes it (and its file) the way the test client arranges.
    return response.getvalue()


def pdf_text(document: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils")
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=document, capture_output=True, check=True)  # noqa: S607
    return " ".join(result.stdout.decode().split())


def assert_is_the_pdf(response, filename: str) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Cache-Control"] == "private, no-store"
    content = body(response)
    assert content.startswith(b"%PDF-")
    return content


@pytest.fixture
def sent_vraag(vraag, citizen) -> Submission:
    return send(citizen, "vraag-of-bericht", VRAAG_ANSWERS)


# --- the confirmation page (B1, B2, B3) ----------------------------------------------------------

EXPECTED_SECTIONS = {
    "bezwaar": [
        (
            "Uw gegevens",
            [
                ("Naam", "Jan Jansen"),
                ("Adres", ""),
                ("Straat en huisnummer", "Dorpsstraat 1"),
                ("Postcode", "1234 AB"),
                ("Woonplaats", "Voorbeeld"),
                ("E-mailadres", "jan@example.nl"),
                ("Telefoonnummer", "06 12345678"),
            ],
        ),
        (
            "Het besluit",
            [
                ("Datum van het besluit", "09-01-2026"),
                ("Kenmerk van het besluit", "Z-2026-0042"),
                ("Waar gaat het besluit over?", "Afwijzing parkeervergunning"),
                ("Besluit (PDF)", "Geen bestand toegevoegd"),
            ],
        ),
        (
            "Uw bezwaar",
            [
                ("Waarom bent u het niet eens met het besluit?", "Ik woon in de zone. Ik heb recht op een vergunning."),
                ("Bewijsstukken", "Geen bestand toegevoegd"),
                ("Wilt u uw bezwaar mondeling toelichten?", "Ja, ik wil mijn bezwaar toelichten"),
                ("Zijn er dagen of tijden waarop u niet kunt?", "Dinsdagmiddag"),
                ("Waarom maakt u later bezwaar?", "Niet ingevuld"),
            ],
        ),
    ],
    "vraag-of-bericht": [
        (
            "Uw bericht",
            [("Onderwerp", "Afvalinzameling"), ("Uw vraag of bericht", VRAAG_ANSWERS["bericht"]["bericht"])],
        ),
        (
            "Uw contactgegevens",
            [
                ("Naam", "Fatima el Amrani"),
                ("E-mailadres", "fatima@example.nl"),
                ("Telefoonnummer", "Niet ingevuld"),
                ("Hoe wilt u antwoord krijgen?", "Per e-mail"),
            ],
        ),
    ],
}


def receipt_rows(html) -> dict[str, str]:
    return {div.find("dt").text: div.find("dd").text for div in html.find("dl", class_="loket-receipt").find_all("div")}


def answer_sections(html) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (section.find("h3").text, [(div.find("dt").text, div.find("dd").text) for div in section.find_all("div")])
        for section in html.find_all("section", class_="loket-summary")
    ]


@pytest.mark.parametrize(
    ("slug", "answers", "form_name", "at", "moment"),
    [
        ("bezwaar", BEZWAAR_ANSWERS, "Bezwaar maken tegen een besluit", WINTER, "20-02-2026 23:59:59 (CET)"),
        ("vraag-of-bericht", VRAAG_ANSWERS, "Vraag of bericht aan de gemeente", SUMMER, "29-03-2026 03:00:00 (CEST)"),
    ],
    ids=["bezwaar-winter", "vraag-summer"],
)
def test_the_confirmation_shows_the_whole_receipt_before_any_job_ran(
    import_demo, citizen, slug, answers, form_name, at, moment
):
    import_demo(slug)
    submission = send(citizen, slug, answers, at=at)

    response = citizen.get(confirmation_url(submission))

    assert response.status_code == 200
    assert sorted(Job.objects.filter(submission=submission).values_list("kind", "status", "attempts")) == [
        ("receipt_email", Job.Status.PENDING, 0),
        ("receipt_pdf", Job.Status.PENDING, 0),
    ]
    assert not ReceiptFile.objects.filter(submission=submission).exists()
    html = page(response)
    assert receipt_rows(html) == {
        "Formulier": form_name,
        "Kenmerk": submission.public_reference,
        "Ontvangen op": moment,
        "Ontvangen door": "Gemeente Voorbeeld",
    }
    assert format_moment(submission.received_at) == moment
    assert datetime.datetime.fromisoformat(html.find("time")["datetime"]) == at
    assert answer_sections(html) == EXPECTED_SECTIONS[slug]
    assert html.find("p", class_="loket-digest").find("code").text == submission.receipt_digest
    # The check page by its full public address (LOKET_PUBLIC_URL), as on the PDF.
    check_link = html.find("p", class_="loket-digest").find("a")
    assert check_link.text == "http://127.0.0.1:8000/ontvangstbevestiging/controleren/"
    assert check_link["href"] == VERIFY
    assert len(submission.receipt_digest) == 64
    pending = html.find("div", data_receipt_pdf=True)
    assert "wordt gemaakt" in pending.find("p", data_pdf_pending=True).text
    assert pending.find("a")["href"] == receipt_pdf_url(submission)
    assert "niets over de inhoud of de volledigheid" in html.text


def test_the_moment_on_the_page_is_machine_readable_too(sent_vraag, citizen):
    html = page(citizen.get(confirmation_url(sent_vraag)))

    moment = datetime.datetime.fromisoformat(html.find("time")["datetime"])
    assert moment == WINTER
    assert moment.utcoffset() == datetime.timedelta(hours=1)  # written in Amsterdam time


def test_once_the_pdf_exists_the_page_offers_the_download(sent_vraag, citizen):
    store_pdf(sent_vraag)

    copy = page(citizen.get(confirmation_url(sent_vraag))).find("div", data_receipt_pdf=True)

    assert not copy.find_all(data_pdf_pending=True)
    link = copy.find("a", download=True)
    assert (link["href"], link.text) == (receipt_pdf_url(sent_vraag), "Download uw ontvangstbevestiging (PDF)")


@pytest.fixture
def no_email_form(request, db):
    """A melding whose e-mail address is optional (left empty), or that asks for none at all."""
    definition = definitions.melding("melding-zonder-mail")
    if request.param == "optional":
        definition["steps"][1]["schema"]["required"] = []
        answers = {"melding": {"onderwerp": "Losse stoeptegel"}, "contact": {"email": ""}}
    else:
        del definition["steps"][1]
        answers = {"melding": {"onderwerp": "Losse stoeptegel"}}
    FormFactory(definition=definition, published=True)
    return answers


@pytest.mark.parametrize("no_email_form", ["optional", "absent"], indirect=True)
def test_without_an_email_address_the_page_is_the_receipt_and_offers_the_copy(no_email_form, citizen, other_citizen):
    submission = send(citizen, "melding-zonder-mail", no_email_form)

    html = page(citizen.get(confirmation_url(submission)))

    rows = receipt_rows(html)
    assert rows["Kenmerk"] == submission.public_reference
    assert rows["Ontvangen op"] == "20-02-2026 23:59:59 (CET)"
    assert html.find("div", data_receipt_pdf=True).find("a")["href"] == receipt_pdf_url(submission)

    # The e-mail job skips; the copy is still made and reaches this citizen, and only this citizen.
    for item in Job.objects.filter(submission=submission).order_by("kind"):
        assert jobs.run(item.pk).status == Job.Status.DONE
    assert SubmissionEvent.objects.filter(submission=submission, kind=SubmissionEvent.Kind.EMAIL_SKIPPED).exists()
    content = assert_is_the_pdf(
        citizen.get(receipt_pdf_url(submission)), f"ontvangstbevestiging-{submission.public_reference}.pdf"
    )
    assert submission.public_reference in pdf_text(content)
    assert other_citizen.get(receipt_pdf_url(submission)).status_code == 404


# --- the PDF copy for the owner ------------------------------------------------------------------


def test_the_owner_waits_for_the_pdf_and_then_downloads_it(sent_vraag, citizen):
    url = receipt_pdf_url(sent_vraag)

    waiting = citizen.get(url)

    assert waiting.status_code == 202
    assert waiting["Retry-After"] == "3"
    assert sent_vraag.public_reference in page(waiting).find("main").text
    assert page(waiting).find("main").find("a")["href"] == url  # "Opnieuw proberen"

    jobs.run(Job.objects.get(submission=sent_vraag, kind="receipt_pdf").pk)  # the real job, WeasyPrint included
    content = assert_is_the_pdf(citizen.get(url), f"ontvangstbevestiging-{sent_vraag.public_reference}.pdf")

    stored = ReceiptFile.objects.get(submission=sent_vraag)
    assert (hashlib.sha256(content).hexdigest(), len(content)) == (stored.sha256, stored.size)
    text = pdf_text(content)
    for value in [sent_vraag.public_reference, "20-02-2026 23:59:59 (CET)", "Afvalinzameling", "Fatima el Amrani"]:
        assert value in text
    assert citizen.head(url).status_code == 200


def test_nobody_else_gets_the_pdf(sent_vraag, other_citizen):
    store_pdf(sent_vraag)

    response = other_citizen.get(receipt_pdf_url(sent_vraag))

    assert response.status_code == 404
    assert b"%PDF" not in response.content and sent_vraag.public_reference.encode() not in response.content


def test_there_is_no_receipt_pdf_before_sending(vraag, citizen):
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, VRAAG_ANSWERS)

    assert citizen.get(receipt_pdf_url(submission)).status_code == 404


# --- the signed link (works without the session, for a limited time) -----------------------------


def test_the_signed_link_works_without_a_session_until_it_expires(sent_vraag, settings):
    store_pdf(sent_vraag)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        url = links.signed_pdf_url(sent_vraag)
        assert url.startswith("/ontvangstbevestiging/pdf/")

        content = assert_is_the_pdf(Client().get(url), f"ontvangstbevestiging-{sent_vraag.public_reference}.pdf")
        assert content == TINY_PDF

        clock.shift(settings.LOKET_RECEIPT_LINK_MAX_AGE - 1)
        assert body(Client().get(url)) == TINY_PDF
        clock.shift(2)
        assert Client().get(url).status_code == 404


def test_the_signed_link_says_wait_while_the_pdf_is_made(sent_vraag):
    response = Client().get(links.signed_pdf_url(sent_vraag))

    assert (response.status_code, response["Retry-After"]) == (202, "3")


def flip_last(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def signed(value: str) -> str:
    return signing.TimestampSigner(salt=links.SIGNER_SALT).sign(value)


BAD_TOKENS = {
    "tampered signature": lambda s: flip_last(signed(str(s.uuid))),
    "other submission id": lambda s: signed(str(s.uuid)).replace(str(s.uuid)[:8], "00000000"),
    "without the salt": lambda s: signing.TimestampSigner().sign(str(s.uuid)),
    "signed, but not an id": lambda s: signed("not-a-uuid"),
    "signed, unknown id": lambda s: signed("00000000-0000-0000-0000-000000000000"),
    "just the id": lambda s: str(s.uuid),
    "garbage": lambda s: "x",
}


@pytest.mark.parametrize("token", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_a_bad_token_gets_404(sent_vraag, token):
    store_pdf(sent_vraag)

    response = Client().get(reverse("submissions:receipt-pdf-signed", args=[token(sent_vraag)]))

    assert response.status_code == 404


def test_a_signed_link_to_a_submission_not_sent_gets_404(vraag, citizen):
    submission = start(citizen, "vraag-of-bericht")

    assert Client().get(links.signed_pdf_url(submission)).status_code == 404


# --- the concept PDF before sending (A5) ---------------------------------------------------------


def test_the_overview_offers_the_concept_pdf_to_its_owner_only(vraag, citizen, other_citizen):
    submission = start(citizen, "vraag-of-bericht")
    fill(citizen, submission, VRAAG_ANSWERS)
    overview = page(citizen.get(overview_url(submission)))
    assert overview.find("p", class_="loket-keep-copy").find("a")["href"] == concept_pdf_url(submission)

    response = citizen.get(concept_pdf_url(submission))

    content = assert_is_the_pdf(response, "concept-vraag-of-bericht.pdf")
    text = pdf_text(content)
    for _, rows in EXPECTED_SECTIONS["vraag-of-bericht"]:
        for label, value in rows:
            assert label in text and value in text
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.IN_PROGRESS
    assert other_citizen.get(concept_pdf_url(submission)).status_code == 404
    assert Client().get(concept_pdf_url(submission)).status_code == 404
