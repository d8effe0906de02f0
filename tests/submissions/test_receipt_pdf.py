"""The PDF copy of the receipt (Wmebv A5, B2, B3, B5): tagged PDF/A-3a with the proof as JSON.

Text is read back with poppler's ``pdftotext`` (Debian package poppler-utils), the
structure, metadata and attachment with pikepdf.
"""

import datetime
import hashlib
import io
import json
import logging
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pikepdf
import pytest
import time_machine
from django.http import QueryDict

from builder.models import Form
from builder.service import import_definition
from submissions.answers import OverviewRow
from submissions.models import Submission
from submissions.receipt import pdf, proof
from submissions.receipt.data import Attachment, Receipt, Section, build_receipt
from submissions.service import complete_submission, saved_data, start_submission, submit_step

DEMO = Path(__file__).resolve().parents[2] / "demo" / "forms" / "bezwaar.json"
RECEIVED_AT = datetime.datetime(2026, 2, 20, 22, 59, 59, tzinfo=datetime.UTC)
MOMENT = "20-02-2026 23:59:59 (CET)"
ANSWERS = {
    "indiener": {
        "naam": "Jan de Vries",
        "adres.straat": "Stationsstraat 12",
        "adres.postcode": "1234 AB",
        "adres.woonplaats": "Voorbeeld",
        "email": "jan.devries@example.nl",
        "telefoon": "020 123 4567",
    },
    "besluit": {"datum": "09-01-2026", "kenmerk": "PV-2026-0042", "onderwerp": "Afwijzing parkeervergunning"},
    "bezwaar": {
        "gronden": "Ik woon al tien jaar in deze straat.\r\nMijn buren kregen wel een vergunning.",
        "horen": "ja",
    },
}

pytestmark = pytest.mark.django_db


# --- building submissions through the real services --------------------------------------------


def bezwaar_form() -> Form:
    form, _version = import_definition(json.loads(DEMO.read_text()), publish_it=True)
    return Form.objects.get(pk=form.pk)


def fill(submission: Submission, changes: dict[str, dict] | None = None, *, steps: int | None = None) -> None:
    changes = changes or {}
    for step in submission.form_version.spec.steps[:steps]:
        post = QueryDict(urlencode({**ANSWERS[step.key], **changes.get(step.key, {})}))
        result = submit_step(submission, step, post)
        assert result.is_valid, result.errors


def receive(**changes: dict) -> Submission:
    """A bezwaar received at RECEIVED_AT; ``changes`` override answers per step: ``indiener={"naam": ...}``."""
    submission = start_submission(bezwaar_form())
    fill(submission, changes)
    with time_machine.travel(RECEIVED_AT, tick=False):
        return complete_submission(submission, declaration_accepted=True)


# --- reading a PDF back ------------------------------------------------------------------------

# The running footer: what the document is (left) and the page number (right), one line in content order.
FOOTER = re.compile(r"^(Ontvangstbevestiging [A-Z0-9-]+ |Concept - nog niet verzonden )?Pagina \d+ van \d+$")


def text_of(document: bytes) -> str:
    """The text of every page in content order, without the running footer lines."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (apt-get install poppler-utils)")
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=document,
        capture_output=True,
        check=True,
    )
    lines = result.stdout.decode().replace("\f", "\n").splitlines()
    return "\n".join(line for line in lines if not FOOTER.match(line.strip()))


def squashed(text: str) -> str:
    """Without any whitespace: a wrapped line or a page break must not hide a value."""
    return "".join(text.split())


def assert_shows(text: str, *values: str) -> None:
    flat = squashed(text)
    missing = [value for value in values if squashed(value) not in flat]
    assert not missing, f"not in the PDF: {missing}"


def structure_types(document: pikepdf.Pdf) -> list[str]:
    """The /S of every element of the structure tree, depth first."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") in (None, "/StructElem"):
            if "/S" in node:
                found.append(str(node.S)[1:])
            if "/K" in node:
                walk(node.K)

    walk(document.Root.StructTreeRoot.K)
    return found


def synthetic_receipt(**changes) -> Receipt:
    """A receipt with 120 answers in two steps, fieldsets (nested too) among them."""
    rows = [OverviewRow(f"Vraag {i:03d}", f"Antwoord {i:03d}") for i in range(100)]
    rows[10:10] = [
        OverviewRow("Adres", "", 0, is_group=True),
        OverviewRow("Straat", "Kerkweg 1", 1),
        OverviewRow("Postbus", "", 1, is_group=True),
        OverviewRow("Nummer", "Postbus 99", 2),
        OverviewRow("Woonplaats", "Ergens", 1),
    ]
    second = [OverviewRow(f"Tweede {i:02d}", f"Waarde {i:02d}") for i in range(16)]
    values = {
        "organisation": "Gemeente Voorbeeld",
        "form_name": "Honderd vragen",
        "reference": "TEST-2026-ABC123",
        "received_at": RECEIVED_AT,
        "sections": [Section("Eerste stap", rows), Section("Tweede stap", second)],
        "next_steps": "Wij nemen binnen 2 weken contact met u op.",
        "contact": "Bel 14 020.",
        "digest": "ab" * 32,
    }
    return Receipt(**{**values, **changes})


# --- content -----------------------------------------------------------------------------------


def test_pdf_shows_every_answer_the_reference_and_the_moment_of_receipt():
    submission = receive()
    receipt = build_receipt(submission)

    text = text_of(pdf.render_pdf(receipt, pdf.submission_json(submission)))

    assert_shows(text, "Gemeente Voorbeeld", "Bezwaar maken tegen een besluit", "Ontvangstbevestiging")
    assert_shows(text, f"Kenmerk {submission.public_reference}", f"Ontvangen op {MOMENT}")
    for section in receipt.sections:
        assert_shows(text, section.title)
        for row in section.rows:
            assert_shows(text, row.label + " " + row.value)  # the answer right after its question
    assert_shows(text, "Jan de Vries", "1234 AB", "09-01-2026", "Ja, ik wil mijn bezwaar toelichten")
    assert_shows(text, "Wat gebeurt er nu?", "De bezwarencommissie bekijkt uw bezwaar.", receipt.contact)
    assert_shows(
        text, receipt.disclaimer, "Controlegetal (SHA-256)", "http://127.0.0.1:8000/ontvangstbevestiging/controleren/"
    )
    assert_shows(text, submission.receipt_digest)
    assert "Concept" not in text


def test_the_digest_is_printed_in_groups_the_check_page_accepts():
    submission = receive()
    text = text_of(pdf.render_pdf(build_receipt(submission)))

    grouped = re.search(r"((?:[0-9a-f]{8} ){7}[0-9a-f]{8})", text).group(1)
    assert grouped.replace(" ", "") == submission.receipt_digest
    assert proof.verify(submission.public_reference, grouped.replace(" ", ""))


def test_a_long_answer_appears_whole_and_continues_on_the_next_page():
    words = " ".join(f"reden{i}" for i in range(700))
    unbroken = "x" * 300  # no break opportunity at all: must wrap, not run off the page
    long_answer = f"{unbroken} {words}"[:5000]
    assert len(long_answer) == 5000
    submission = receive(bezwaar={"gronden": long_answer})

    document = pdf.render_pdf(build_receipt(submission))

    assert len(pikepdf.open(io.BytesIO(document)).pages) >= 2
    text = text_of(document)
    assert squashed(long_answer) in squashed(text)
    # Nothing cut off at the right edge: the unbroken run wraps over several lines.
    assert max(len(line) for line in text.splitlines()) < 150


def test_many_fields_and_fieldsets():
    receipt = synthetic_receipt()

    document = pdf.render_pdf(receipt)

    text = text_of(document)
    for section in receipt.sections:
        assert_shows(text, section.title)
        for row in section.rows:
            assert_shows(text, row.label + " " + row.value)  # the answer right after its question
    types = structure_types(pikepdf.open(io.BytesIO(document)))
    # Fieldsets are subheadings (h3, nested h4), every answer a table row with its label as row header.
    assert types.count("H2") >= 2 and types.count("H3") == 1 and types.count("H4") == 1
    assert types.count("TH") >= 116 + 4


def test_answers_are_text_never_markup():
    submission = receive(indiener={"naam": "<script>alert(1)</script>"})
    receipt = build_receipt(submission)

    html = pdf.render_html(receipt)
    text = text_of(pdf.render_pdf(receipt))

    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" in text


def test_attachments_and_who_sent_it_on_whose_behalf():
    sha = hashlib.sha256(b"besluit").hexdigest()
    receipt = synthetic_receipt(
        attachments=[Attachment("besluit parkeervergunning.pdf", 123_456, sha)],
        submitted_by="M. Bakker (gemachtigde)",
        on_behalf_of="Jan de Vries",
    )

    text = text_of(pdf.render_pdf(receipt))

    assert_shows(text, "Bijlagen", "besluit parkeervergunning.pdf", "123456 bytes", f"SHA-256: {sha}")
    assert_shows(text, "Ingediend door M. Bakker (gemachtigde)", "Namens Jan de Vries")


def test_a_concept_says_it_was_not_sent_and_has_no_reference():
    submission = start_submission(bezwaar_form())
    fill(submission, steps=2)
    receipt = build_receipt(submission)
    assert receipt.is_concept

    document = pdf.render_pdf(receipt)

    text = text_of(document)
    assert_shows(text, "Concept - nog niet verzonden", "Jan de Vries", "Afwijzing parkeervergunning")
    # No reference; the step's own question "Kenmerk van het besluit" is there, of course.
    assert not re.search(r"^Kenmerk [A-Z]+-\d{4}-", text, re.MULTILINE)
    for absent in ("Ontvangen op", "Controlegetal", "Ontvangstbevestiging", receipt.disclaimer.split(".")[0]):
        assert absent not in text
    with pikepdf.open(io.BytesIO(document)) as parsed, parsed.open_metadata() as meta:
        assert meta["dc:title"].startswith("Concept")


# --- PDF/A-3a ----------------------------------------------------------------------------------


def test_the_pdf_is_tagged_pdf_a_3a_in_dutch(caplog):
    submission = receive()

    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        document = pikepdf.open(io.BytesIO(pdf.render_pdf(build_receipt(submission))))

    # WeasyPrint reports what breaks PDF/A or tagging (no lang, an image without alt) as errors.
    assert not [record.getMessage() for record in caplog.records if record.name.startswith("weasyprint")]

    with document.open_metadata() as meta:
        assert meta["pdfaid:part"] == "3"
        assert meta["pdfaid:conformance"] == "A"
        title = f"Ontvangstbevestiging {submission.public_reference} - Bezwaar maken tegen een besluit"
        assert meta["dc:title"] == title
        assert meta["dc:creator"] == ["Gemeente Voorbeeld"]
    root = document.Root
    assert "/StructTreeRoot" in root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "nl"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert "/OutputIntents" in root
    types = structure_types(document)
    for expected in ("H1", "H2", "H3", "P", "Table", "TR", "TH", "TD"):
        assert expected in types
    # Archival: every font is embedded.
    for page in document.pages:
        for font in page.Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_the_json_attachment_is_exactly_what_the_digest_covers():
    submission = receive()
    attachment = pdf.submission_json(submission)

    document = pikepdf.open(io.BytesIO(pdf.render_pdf(build_receipt(submission), attachment)))

    spec = document.attachments[pdf.ATTACHMENT_NAME]
    embedded = spec.get_file()
    content = embedded.read_bytes()
    assert content == attachment
    assert hashlib.sha256(content).hexdigest() == submission.receipt_digest
    assert json.loads(content) == proof.proof_document(submission, saved_data(submission))
    assert embedded.mime_type == "application/json"
    assert spec.obj.AFRelationship == pikepdf.Name.Data
    assert spec.obj.objgen in {item.objgen for item in document.Root.AF}


def test_without_an_attachment_the_pdf_embeds_nothing():
    document = pikepdf.open(io.BytesIO(pdf.render_pdf(synthetic_receipt())))

    assert len(document.attachments) == 0


def test_rendering_fetches_no_url():
    fetcher = pdf._url_fetcher()

    for url in ("https://example.com/font.woff2", "http://example.com/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(url)
