"""The ontvangstbevestiging by e-mail (Wmebv B2, B4, C1, C3)."""

import dataclasses
import datetime
import hashlib
import json
import smtplib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.http import QueryDict
from django.utils.html import escape
from django.utils.module_loading import import_string

from builder import service as builder_service
from builder.definition.validation import InvalidDefinition, validate_definition
from submissions import jobs
from submissions import service as submission_service
from submissions.models import Job, ReceiptFile, Submission, SubmissionEvent
from submissions.receipt import mail as receipt_mail
from submissions.receipt.data import Attachment, build_receipt
from submissions.receipt_time import format_moment

DEMO = Path(__file__).resolve().parents[2] / "demo" / "forms" / "bezwaar.json"
RECEIVED_AT = datetime.datetime(2026, 2, 20, 22, 59, 59, tzinfo=datetime.UTC)
ADDRESS = "jan.jansen@example.nl"
MASKED = "j***@example.nl"
# A tiny but well-formed PDF, for as long as the real ensure_pdf is not there yet.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

pytestmark = pytest.mark.django_db


# --- test e-mail backends (named in settings.EMAIL_BACKEND by their dotted path) ---------------


class FlakyBackend(LocmemBackend):
    """Loses the connection the first ``failures_left`` times, then delivers to the locmem outbox."""

    failures_left = 1

    def send_messages(self, messages):
        cls = type(self)
        if cls.failures_left > 0:
            cls.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class RefusingBackend(LocmemBackend):
    """A mail server that answers 550 for every recipient, quoting the address as real servers do."""

    def send_messages(self, messages):
        refused = {
            to: (550, f"5.1.1 <{to}>: Recipient address rejected: User unknown".encode())
            for message in messages
            for to in message.recipients()
        }
        raise smtplib.SMTPRecipientsRefused(refused)


def use_backend(settings, name: str):
    # By dotted path, as Django will load it; the class may live in a second copy of this module.
    settings.EMAIL_BACKEND = f"tests.submissions.test_receipt_email.{name}"
    return import_string(settings.EMAIL_BACKEND)


# --- building received submissions through the real services ---------------------------------


def demo_definition(**settings_changes) -> dict:
    definition = json.loads(DEMO.read_text())
    definition["settings"].update(settings_changes)
    return definition


ANSWERS = {
    "indiener": {
        "naam": "Jan Jansen",
        "adres.straat": "Dorpsstraat 1",
        "adres.postcode": "1234 AB",
        "adres.woonplaats": "Voorbeeld",
        "email": ADDRESS,
        "telefoon": "020 123 4567",
    },
    "besluit": {"datum": "09-01-2026", "kenmerk": "PV-2026-0042", "onderwerp": "Afwijzing parkeervergunning"},
    "bezwaar": {"gronden": "Ik woon al tien jaar in deze straat.", "horen": "ja"},
}


def receive(definition: dict, **changes: dict) -> Submission:
    form, _ = builder_service.import_definition(definition, publish_it=True)
    submission = submission_service.start_submission(form)
    spec = submission.form_version.spec
    for step in spec.steps:
        post = QueryDict(mutable=True)
        for name, value in {**ANSWERS[step.key], **changes.get(step.key, {})}.items():
            post[name] = value
        result = submission_service.submit_step(submission, step, post)
        assert result.is_valid, result.errors
    with time_machine.travel(RECEIVED_AT, tick=False):
        return submission_service.complete_submission(submission, declaration_accepted=True)


def email_job(submission: Submission) -> Job:
    return Job.objects.get(submission=submission, kind="receipt_email")


def events(submission: Submission, kind: str) -> list[SubmissionEvent]:
    return list(SubmissionEvent.objects.filter(submission=submission, kind=kind))


@pytest.fixture(autouse=True)
def receipt_pdf(monkeypatch):
    """The real ensure_pdf when it is implemented; until then a stand-in storing a tiny real PDF."""
    real = receipt_mail.ensure_pdf

    def stand_in(submission: Submission) -> ReceiptFile:
        existing = ReceiptFile.objects.filter(submission=submission).first()
        if existing:
            return existing
        receipt_file = ReceiptFile(
            submission=submission, sha256=hashlib.sha256(TINY_PDF).hexdigest(), size=len(TINY_PDF)
        )
        receipt_file.pdf.save(f"{submission.public_reference}.pdf", ContentFile(TINY_PDF), save=False)
        receipt_file.save()
        return receipt_file

    def ensure(submission: Submission) -> ReceiptFile:
        try:
            return real(submission)
        except NotImplementedError:
            return stand_in(submission)

    monkeypatch.setattr(receipt_mail, "ensure_pdf", ensure)


@pytest.fixture
def received() -> Submission:
    """The demo bezwaar, filled in and received at 20-02-2026 23:59:59 (CET)."""
    return receive(demo_definition())


class Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def names(self) -> list[str]:
        return [tag for tag, _ in self.tags]


def parts(message) -> tuple[str, str]:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return message.body, html


# --- pdf_attached --------------------------------------------------------------------------------


def test_pdf_attached_mail_carries_the_receipt_and_the_pdf(received):
    item = jobs.run(email_job(received).pk)

    assert item.status == Job.Status.DONE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    stored = Submission.objects.get(pk=received.pk)
    moment = format_moment(stored.received_at)
    assert moment == "20-02-2026 23:59:59 (CET)"
    assert message.to == [ADDRESS]
    assert message.subject == f"Ontvangstbevestiging: Bezwaar maken tegen een besluit ({stored.public_reference})"
    assert message.from_email == "Gemeente Voorbeeld <noreply@loket.invalid>"

    [(name, content, mimetype)] = message.attachments
    assert name == f"ontvangstbevestiging-{stored.public_reference}.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")

    text, html = parts(message)
    receipt = build_receipt(stored)
    for part in (text, html):
        assert stored.public_reference in part
        assert moment in part
        assert "Gemeente Voorbeeld" in part
        assert "Bezwaar maken tegen een besluit" in part
        assert "niets over de inhoud of de volledigheid" in part
        assert "Wat gebeurt er nu?" in part
        assert "Bel 14 020" in part
        assert stored.receipt_digest in part
        # The mode that allows links names the check page in full (LOKET_PUBLIC_URL).
        assert "http://127.0.0.1:8000/ontvangstbevestiging/controleren/" in part
        for section in receipt.sections:
            assert section.title in part
            for row in section.rows:
                assert escape(row.label) in part if part is html else row.label in part
                assert escape(row.value) in part if part is html else row.value in part
    assert "09-01-2026" in text  # answers as the overview shows them, not as stored


def test_html_part_is_simple_accessible_html(received):
    jobs.run(email_job(received).pk)
    _, html = parts(mail.outbox[0])
    tags = Tags(html)

    assert ("html", {"lang": "nl"}) in tags.tags
    assert tags.names().count("h1") == 1
    assert "h2" in tags.names() and "h3" in tags.names()
    assert not {"img", "script", "style", "link", "iframe", "form"} & set(tags.names())
    assert all(attrs.get("scope") in {"row", "col", "colgroup"} for tag, attrs in tags.tags if tag == "th")


def test_answers_are_escaped_in_the_html_part():
    submission = receive(demo_definition(), bezwaar={"gronden": "<script>alert(1)</script>\nen <b>vet</b> & zo"})

    jobs.run(email_job(submission).pk)

    text, html = parts(mail.outbox[0])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>en &lt;b&gt;vet&lt;/b&gt; &amp; zo" in html
    assert "<script>alert(1)</script>\n" in text  # plain text is not HTML: the citizen's words, unchanged


def test_sent_event_records_the_masked_address_mode_and_message_id(received):
    jobs.run(email_job(received).pk)

    [event] = events(received, SubmissionEvent.Kind.EMAIL_SENT)
    assert event.detail["to"] == MASKED
    assert event.detail["mode"] == "pdf_attached"
    assert event.detail["message_id"] == mail.outbox[0].extra_headers["Message-ID"]
    assert ADDRESS not in json.dumps(event.detail)
    assert mail.outbox[0].message()["Auto-Submitted"] == "auto-generated"


def test_attachments_and_the_namens_line_are_listed(received):
    receipt = dataclasses.replace(
        build_receipt(received),
        submitted_by="Piet de Gemachtigde",
        on_behalf_of="Jan Jansen",
        attachments=[Attachment(name="besluit <kopie>.pdf", size=123_456, sha256="ab" * 32)],
    )

    message = receipt_mail.build_message(received, receipt, ADDRESS, TINY_PDF)

    text, html = parts(message)
    assert "Namens:         Jan Jansen" in text and "Ingediend door: Piet de Gemachtigde" in text
    assert "besluit <kopie>.pdf" in text and "ab" * 32 in text
    assert ">Namens</th><td" in html and "besluit &lt;kopie&gt;.pdf" in html and "ab" * 32 in html


# --- no_links ------------------------------------------------------------------------------------


@pytest.fixture
def link_free_definition(settings) -> dict:
    # The builder refuses links in a link-free form's own texts; the organisation-wide contact
    # text comes from settings, so the mail must still strip links from it.
    settings.LOKET_CONTACT = "Bel 14 070 of kijk op https://www.voorbeeld.nl/contact. Of mail naar info@voorbeeld.nl."
    definition = demo_definition(receipt_email="no_links")
    del definition["settings"]["contact"]
    definition["slug"] = "bezwaar-zonder-links"
    return definition


def test_the_builder_refuses_links_in_the_texts_of_a_link_free_form():
    definition = demo_definition(receipt_email="no_links", contact="Zie https://www.voorbeeld.nl/contact")
    with pytest.raises(InvalidDefinition) as caught:
        validate_definition(definition)
    assert [error.path for error in caught.value.errors] == ["$.settings.contact"]


def test_link_free_mail_has_no_links_no_answers_and_says_why(link_free_definition):
    submission = receive(
        link_free_definition,
        indiener={"naam": "Jan <a href='http://evil.example'>Jansen</a>"},
        bezwaar={"gronden": "Zie http://evil.example/phish en www.evil.example"},
    )

    jobs.run(email_job(submission).pk)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    stored = Submission.objects.get(pk=submission.pk)
    assert message.attachments == []
    text, html = parts(message)
    for part in (text, html):
        lowered = part.lower()
        assert "<a" not in lowered
        assert "http" not in lowered
        assert "www." not in lowered
        assert "mailto" not in lowered
        assert "Waarom geen link in deze e-mail?" in part
        assert "phishing" in part
        assert stored.public_reference in part
        assert format_moment(stored.received_at) in part
        assert "Bezwaar maken tegen een besluit" in part
        assert "Gemeente Voorbeeld" in part
        assert "bevestigingspagina" in part
        assert "Bel 14 070" in part
        # Where to check the receipt, in words only: no address (Wmebv C1).
        assert stored.receipt_digest in part
        assert "Ontvangstbevestiging controleren" in part
        assert "/ontvangstbevestiging/controleren" not in part
        assert "Jansen" not in part and "evil" not in part and "Afwijzing" not in part  # no answers
    assert "a" not in {tag for tag, _ in Tags(html).tags}
    [event] = events(submission, SubmissionEvent.Kind.EMAIL_SENT)
    assert event.detail["mode"] == "no_links"


def test_a_link_free_notice_that_would_contain_a_link_is_not_sent(link_free_definition, settings):
    settings.LOKET_ORGANISATION_NAME = "Gemeente <a href=x>Voorbeeld</a>"
    submission = receive(link_free_definition)

    item = jobs.run(email_job(submission).pk)

    assert mail.outbox == []
    assert item.status == Job.Status.FAILED
    assert events(submission, SubmissionEvent.Kind.EMAIL_GAVE_UP)


# --- exactly one, or none ------------------------------------------------------------------------


def test_running_the_job_twice_sends_exactly_one_mail(received):
    item = email_job(received)
    jobs.run(item.pk)
    jobs.run(item.pk)
    jobs.retry_now(item)  # a staff member retrying a job that already did its work
    jobs.run(item.pk)
    receipt_mail.send_receipt_email(received)

    assert len(mail.outbox) == 1
    assert len(events(received, SubmissionEvent.Kind.EMAIL_SENT)) == 1


def test_no_recipient_records_skipped_once_and_sends_nothing():
    definition = demo_definition()
    definition["slug"] = "bezwaar-zonder-mail"
    definition["steps"][0]["schema"]["required"].remove("email")
    submission = receive(definition, indiener={"email": ""})

    item = jobs.run(email_job(submission).pk)
    receipt_mail.send_receipt_email(submission)

    assert item.status == Job.Status.DONE
    assert mail.outbox == []
    assert len(events(submission, SubmissionEvent.Kind.EMAIL_SKIPPED)) == 1
    assert events(submission, SubmissionEvent.Kind.EMAIL_SENT) == []


def test_recipient_follows_the_marked_field(received):
    assert receipt_mail.recipient(received, {"indiener": {"email": " a@b.nl "}}) == "a@b.nl"
    assert receipt_mail.recipient(received, {"indiener": {}}) is None
    assert receipt_mail.recipient(received, {}) is None
    assert receipt_mail.recipient(received, submission_service.saved_data(received)) == ADDRESS

    definition = demo_definition()
    definition["slug"] = "bezwaar-zonder-ontvanger"
    del definition["steps"][0]["ui"]["fields"]["email"]["confirmation_recipient"]
    # Mailing the answers needs a recipient (a publish check); the short notice does not.
    definition["settings"]["receipt_email"] = "no_links"
    unmarked = receive(definition)
    assert receipt_mail.recipient(unmarked, submission_service.saved_data(unmarked)) is None


def test_mask_address():
    assert receipt_mail.mask_address("jan.jansen@example.nl") == "j***@example.nl"
    assert receipt_mail.mask_address("x@y.nl") == "x***@y.nl"
    assert receipt_mail.mask_address("geen-adres") == "***"
