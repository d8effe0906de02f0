"""The PDF copy of the receipt: tagged PDF/A-3a, with the proof document attached as JSON.

PDF/A-3 is the archival form (fonts embedded, sRGB output intent, XMP metadata)
that still allows an embedded file; conformance level A adds the structure tree
that screen readers and text extraction rely on. The attached
``ontvangstbevestiging.json`` holds exactly the bytes the receipt's digest is
computed over, so anyone holding the PDF can recompute the "controlegetal".

Rendering is fed only by the template and installed fonts: the URL fetcher
refuses every URL, so no answer and no template change can make the worker
fetch from the network or read local files.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from functools import cache

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from monitoring.metrics import receipt_pdf_seconds

from .. import jobs
from ..answers import OverviewRow
from ..jobs import job
from ..models import ReceiptFile, Submission, SubmissionEvent
from . import proof
from .data import Receipt, build_receipt

__all__ = ["ATTACHMENT_NAME", "ensure_pdf", "render_html", "render_pdf", "submission_json"]

ATTACHMENT_NAME = "ontvangstbevestiging.json"
PDF_VARIANT = "pdf/a-3a"
TEMPLATE = "receipts/pdf.html"
STYLESHEET = "receipts/pdf.css"


@dataclass
class _Block:
    """Rows of one nesting level, optionally under the heading of the fieldset they belong to."""

    heading: str = ""
    heading_depth: int = 0
    depth: int = 0
    rows: list[OverviewRow] = field(default_factory=list)

    @property
    def level(self) -> int:
        # h2 is the step; fieldsets are h3, nested fieldsets h4 and so on (h6 at most).
        return min(3 + self.heading_depth, 6)


def _blocks(rows: list[OverviewRow]) -> list[_Block]:
    """Split a section's rows at fieldset headings, so each group is a heading plus a table."""
    blocks: list[_Block] = []
    for row in rows:
        if row.is_group:
            blocks.append(_Block(heading=row.label, heading_depth=row.depth, depth=row.depth + 1))
        elif blocks and blocks[-1].depth == row.depth:
            blocks[-1].rows.append(row)
        else:
            blocks.append(_Block(depth=row.depth, rows=[row]))
    return blocks


def _digest_groups(digest_hex: str) -> str:
    """The digest in groups of eight: easier to read out and compare; the check page ignores spaces."""
    return " ".join(digest_hex[i : i + 8] for i in range(0, len(digest_hex), 8))


def _breakable_address(url: str) -> SafeString:
    """``url`` escaped, with a line-break opportunity after each slash of its path.

    A long address then wraps at its slashes within the sentence, instead of
    moving whole to a line of its own and leaving a gap (or one word a line) before it.
    """
    scheme, separator, rest = url.partition("://")
    if not separator:
        scheme, rest = "", url
    # Within a segment nothing breaks (a host name's hyphens would read as hyphenation).
    parts = [f'<span class="loket-pdf-segment">{escape(part)}/</span>' for part in rest.split("/")]
    parts[-1] = parts[-1].replace("/</span>", "</span>")
    first = f'<span class="loket-pdf-segment">{escape(scheme + separator)}</span>' if separator else ""
    return mark_safe(first + "<wbr>".join(parts))  # noqa: S308 (every part is escaped)


def render_html(receipt: Receipt, *, has_attachment: bool = False) -> str:
    """The receipt as the HTML that becomes the PDF (autoescaped like every template)."""
    context = {
        "receipt": receipt,
        "sections": [{"title": section.title, "blocks": _blocks(section.rows)} for section in receipt.sections],
        "digest_groups": _digest_groups(receipt.digest),
        "check_address": _breakable_address(receipt.check_url),
        "attachment_name": ATTACHMENT_NAME,
        "has_attachment": has_attachment,
    }
    # In the language the citizen used (Submission.language), whatever the worker last served.
    with translation.override(receipt.language):
        return render_to_string(TEMPLATE, context)


@cache
def _url_fetcher():
    """One per process: building a URLFetcher sets up an SSL context (~20 ms), and this one never fetches.

    No protocol is allowed: http(s), file and data URLs are all refused (and logged by
    WeasyPrint) before the fetcher touches any state, so sharing it between threads is safe.
    """
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=())


@cache
def _stylesheet():
    """Parsed once per process; a WeasyPrint CSS object holds no per-document state."""
    from weasyprint import CSS

    return CSS(string=render_to_string(STYLESHEET), url_fetcher=_url_fetcher())


def render_pdf(receipt: Receipt, attachment: bytes | None = None) -> bytes:
    """The receipt as tagged PDF/A-3a; ``attachment`` (the proof JSON) is embedded when given."""
    # Imported here: loading WeasyPrint (Pango, fonts) is work only the PDF worker needs.
    from weasyprint import HTML, Attachment

    attachments = []
    if attachment is not None:
        # Dated at the moment of receipt, so the embedded file does not claim to be newer than what it records.
        moment = (receipt.received_at or timezone.now()).astimezone(datetime.UTC).replace(tzinfo=None)
        # A WeasyPrint Attachment reads its source once: a new one for every render.
        attachments.append(
            Attachment(
                string=attachment,
                name=ATTACHMENT_NAME,
                description="De ontvangen gegevens waarover het controlegetal (SHA-256) is berekend",
                relationship="Data",
                created=moment,
                modified=moment,
                url_fetcher=_url_fetcher(),  # without one, WeasyPrint builds a default fetcher per attachment
            )
        )
    document = HTML(string=render_html(receipt, has_attachment=bool(attachments)), url_fetcher=_url_fetcher())
    return document.write_pdf(
        stylesheets=[_stylesheet()],
        pdf_variant=PDF_VARIANT,
        # PDF/A-3a implies tags in WeasyPrint 70; said explicitly because level A means nothing without them.
        pdf_tags=True,
        attachments=attachments,
        finisher=_list_each_associated_file_once,
    )


def _list_each_associated_file_once(document, pdf) -> None:
    """WeasyPrint 70 puts each embedded file into the catalog's /AF twice (from the name tree and
    from the file specifications); PDF/A-3 wants every associated file listed once."""
    associated = pdf.catalog.get("AF")
    if associated:
        unique = list(dict.fromkeys(associated))
        associated.clear()
        associated.extend(unique)


def submission_json(submission: Submission) -> bytes:
    """The canonical proof document (RFC 8785): exactly the bytes the receipt digest covers, as stored."""
    return proof.stored_document(submission)


def _existing(submission_id: int) -> ReceiptFile | None:
    return ReceiptFile.objects.filter(submission_id=submission_id).first()


def _discard(receipt_file: ReceiptFile | None) -> None:
    """Remove a file stored for a row that was never committed."""
    if receipt_file is not None and receipt_file.pdf.name:
        receipt_file.pdf.storage.delete(receipt_file.pdf.name)


def ensure_pdf(submission: Submission) -> ReceiptFile:
    """The stored PDF of a received submission, made and recorded (event PDF_GENERATED) once.

    Rendering happens outside the transaction, so no row is locked while it
    runs. Two concurrent runs may both render; the row lock (and,
    where the database cannot lock rows, the one-to-one constraint) lets one
    store it, and the other returns that one and leaves no file behind.
    """
    if not submission.is_received:
        raise jobs.GiveUp(f"submission {submission} is not received; only a received submission has a receipt PDF")
    current = _existing(submission.pk)
    if current is not None:
        return current

    attachment = submission_json(submission)
    if hashlib.sha256(attachment).hexdigest() != submission.receipt_digest:
        # The record or the proof format changed after receipt: a PDF would contradict its own digest.
        raise jobs.GiveUp(f"the proof document of {submission} does not match its receipt digest")
    # Step labels and answers in the citizen's language too, not only the template.
    with receipt_pdf_seconds.time(), translation.override(submission.language):
        document = render_pdf(build_receipt(submission), attachment)
    sha256 = hashlib.sha256(document).hexdigest()

    stored: ReceiptFile | None = None
    try:
        with transaction.atomic():
            Submission.objects.select_for_update(of=("self",)).filter(pk=submission.pk).values_list("pk").get()
            current = _existing(submission.pk)
            if current is not None:
                return current
            stored = ReceiptFile(
                submission=submission,
                pdf=ContentFile(document, name=f"{submission.public_reference}.pdf"),
                sha256=sha256,
                size=len(document),
            )
            stored.save()
            SubmissionEvent.objects.create(
                submission=submission,
                kind=SubmissionEvent.Kind.PDF_GENERATED,
                detail={"sha256": sha256, "size": len(document)},
            )
    except IntegrityError:
        _discard(stored)
        current = _existing(submission.pk)
        if current is None:
            raise
        return current
    except BaseException:
        _discard(stored)
        raise
    return stored


@job("receipt_pdf", event="pdf")
def generate_receipt_pdf(submission: Submission) -> None:
    ensure_pdf(submission)
