"""The receipt PDF keeps the promises of its PDF/A-3a claim, and its check sentence reads as one paragraph.

No veraPDF is available here, so the structure PDF/A-3a requires is checked with pikepdf:
identification in XMP, an sRGB output intent, a marked document whose structure tree holds every
heading, table and paragraph of the receipt, a language, associated files described and listed
once, embedded fonts. Run over the receipts of the demo forms, sent as a citizen sends them, and
over a 100-answer receipt.
"""

import collections
import hashlib
import io
import re
import subprocess
from html.parser import HTMLParser

import pikepdf
import pytest
from django.test import Client

from bench import scenario_receipt_pdf as hundred_answers
from submissions.models import Submission
from submissions.receipt import pdf
from submissions.receipt.data import build_receipt
from tests.flow import BEZWAAR_ANSWERS, VRAAG_ANSWERS

from .test_receipt_views import send

pytestmark = pytest.mark.django_db

# HTML elements and the structure types WeasyPrint tags them with.
TAGGED = {"h1": "H1", "h2": "H2", "h3": "H3", "h4": "H4", "p": "P", "table": "Table", "th": "TH", "td": "TD"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.counts: collections.Counter[str] = collections.Counter()

    def handle_starttag(self, tag, attrs):
        self.counts[tag] += 1


def html_counts(html: str) -> collections.Counter[str]:
    parser = _Tags()
    parser.feed(html)
    return collections.Counter({TAGGED[tag]: n for tag, n in parser.counts.items() if tag in TAGGED})


def structure_counts(document: pikepdf.Pdf) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") in (None, "/StructElem"):
            if "/S" in node:
                counts[str(node.S)[1:]] += 1
            if "/K" in node:
                walk(node.K)

    walk(document.Root.StructTreeRoot.K)
    return counts


def fonts(document: pikepdf.Pdf):
    for page in document.pages:
        for font in page.Resources.get("/Font", {}).values():
            yield font.DescendantFonts[0] if "/DescendantFonts" in font else font


def pdfa_3a_problems(document: pikepdf.Pdf, html: str) -> list[str]:
    """What keeps ``document`` (rendered from ``html``) from the PDF/A-3a structure it claims."""
    problems = []
    root = document.Root
    with document.open_metadata() as meta:
        if (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) != ("3", "A"):
            problems.append(f"XMP says part {meta.get('pdfaid:part')}, conformance {meta.get('pdfaid:conformance')}")
    intents = list(root.get("/OutputIntents", []))
    if len(intents) != 1 or intents[0].get("/S") != "/GTS_PDFA1":
        problems.append("not exactly one PDF/A output intent")
    else:
        profile = intents[0].DestOutputProfile.read_bytes()
        # ICC header: the colour space at byte 16; an sRGB profile names itself in its description.
        if profile[16:20] != b"RGB " or b"sRGB" not in profile.replace(b"\x00", b""):
            problems.append("the output intent is not an sRGB profile")
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        problems.append("MarkInfo/Marked is not true")
    if not str(root.get("/Lang", "")):
        problems.append("no /Lang")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree")
    else:
        expected, tagged = html_counts(html), structure_counts(document)
        for kind, count in expected.items():
            if tagged[kind] < count:
                problems.append(f"{count} {kind} in the receipt, {tagged[kind]} in the structure tree")
    associated = [item.objgen for item in root.get("/AF", [])]
    for name, spec in document.attachments.items():
        if "/AFRelationship" not in spec.obj:
            problems.append(f"{name}: no AFRelationship")
        if not spec.get_file().mime_type:
            problems.append(f"{name}: no Subtype (MIME type)")
        if associated.count(spec.obj.objgen) != 1:
            problems.append(f"{name}: listed {associated.count(spec.obj.objgen)} times in /AF")
    if len(associated) != len(document.attachments):
        problems.append(f"/AF lists {len(associated)} files, {len(document.attachments)} are embedded")
    for font in fonts(document):
        descriptor = font.FontDescriptor
        if not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()):
            problems.append(f"font {font.get('/BaseFont')} not embedded")
    return problems


def stored_pdf(submission: Submission) -> bytes:
    """The receipt PDF as the after-receipt job makes and stores it."""
    with pdf.ensure_pdf(submission).pdf.open("rb") as handle:
        return handle.read()


def receipt_html(submission: Submission) -> str:
    return pdf.render_html(build_receipt(submission), has_attachment=True)


@pytest.mark.parametrize(("slug", "answers"), [("bezwaar", BEZWAAR_ANSWERS), ("vraag-of-bericht", VRAAG_ANSWERS)])
def test_the_demo_forms_receipts_have_the_pdf_a_3a_structure(import_demo, slug, answers):
    import_demo(slug)
    submission = send(Client(), slug, answers)

    document = pikepdf.open(io.BytesIO(stored_pdf(submission)))

    assert pdfa_3a_problems(document, receipt_html(submission)) == []
    assert len(document.attachments) == 1


def test_a_100_answer_receipt_has_the_pdf_a_3a_structure():
    submission = hundred_answers.receive(hundred_answers.definition(), hundred_answers.synthetic_answers)
    html = receipt_html(submission)

    document = pikepdf.open(io.BytesIO(pdf.render_pdf(build_receipt(submission), pdf.submission_json(submission))))

    assert html_counts(html)["TH"] >= 100
    assert pdfa_3a_problems(document, html) == []


def test_the_check_finds_what_is_missing():
    # A plain PDF from the same renderer, without the PDF/A variant: the check must say so.
    from weasyprint import HTML

    html = "<!doctype html><html><head><title>x</title></head><body><h1>Kop</h1><p>Tekst</p></body></html>"
    document = pikepdf.open(io.BytesIO(HTML(string=html).write_pdf()))

    problems = pdfa_3a_problems(document, html)

    assert "not exactly one PDF/A output intent" in problems
    assert "no structure tree" in problems and "no /Lang" in problems
    assert any(problem.startswith("XMP says") for problem in problems)


# --- the check sentence --------------------------------------------------------------------------

SENTENCE = re.compile(r"Met het kenmerk en dit controlegetal.*?echt hebben ontvangen\.", re.DOTALL)


def check_sentence(document: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],  # noqa: S607
        input=document,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [line.strip() for line in SENTENCE.search(text).group(0).splitlines()]


@pytest.mark.parametrize(
    "public_url",
    [
        "https://formulieren.voorbeeld.nl",
        "https://formulieren.gemeente-voorbeeldstad-aan-den-rijn.nl/digitaal-loket/burgerzaken",
    ],
    ids=["short", "long"],
)
def test_the_check_sentence_is_one_flowing_paragraph_with_the_full_address(settings, import_demo, public_url):
    settings.LOKET_PUBLIC_URL = public_url
    import_demo("bezwaar")
    submission = send(Client(), "bezwaar", BEZWAAR_ANSWERS)

    lines = check_sentence(stored_pdf(submission))

    address = f"{public_url}/ontvangstbevestiging/controleren/"
    # No one-word lines; only a part of a long address may fill a line alone.
    assert all(len(line.split()) > 1 or line in address for line in lines), lines
    # Lines joined as a reader does: a line that ends in a slash continues the address. Only if the
    # address wraps at its slashes alone (not at the host name's hyphens) does it come out whole.
    flowing = "".join(line if line.endswith("/") else line + " " for line in lines).strip()
    assert f"kunt u op {address} nagaan of deze ontvangstbevestiging" in flowing, lines


def test_each_embedded_file_is_listed_once(import_demo):
    import_demo("vraag-of-bericht")
    submission = send(Client(), "vraag-of-bericht", VRAAG_ANSWERS)

    document = pikepdf.open(io.BytesIO(stored_pdf(submission)))

    [item] = document.Root.AF
    assert item.objgen == document.attachments[pdf.ATTACHMENT_NAME].obj.objgen
    assert hashlib.sha256(document.attachments[pdf.ATTACHMENT_NAME].get_file().read_bytes()).hexdigest() == (
        submission.receipt_digest
    )
