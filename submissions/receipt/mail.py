"""The confirmation e-mail (ontvangstbevestiging, Awb 2:17): PDF attached, or a link-free notice.

Each form chooses a mode in ``settings.receipt_email``:

``pdf_attached`` (default)
    the receipt summary with every answer in the body, and the PDF copy attached.
``no_links`` (the Den Haag practice)
    a short notice without answers and without any hyperlink, URL or ``mailto``,
    with a paragraph on why: the gemeente never sends links to personal data
    by e-mail, so a mail that does can be recognised as phishing.

Both parts render the one :class:`~.data.Receipt`, so the e-mail, the page and
the PDF cannot disagree.

Delivery is at least once, not exactly once. SMTP cannot be part of a database
transaction: a worker can die, or the connection drop, after the mail server
accepted the message and before the acceptance is recorded, and then the job
sends it again. So every send is recorded before the SMTP call
(``email_sending``, with a send id) and after it (``email_sent``, or a failure
event that says whether the message certainly did not go out). A send that
follows one with an unknown outcome is marked as a possible duplicate in the
history and reuses that send's Message-ID, so mail clients can fold the two.
"""

import dataclasses
import hashlib
import logging
import re
import secrets
import smtplib
import textwrap
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from ..answers import saved_data
from ..jobs import MAIL_QUEUE, GiveUp, RetryLater, job
from ..models import Submission, SubmissionEvent
from .data import Receipt, build_receipt
from .pdf import ensure_pdf

__all__ = [
    "MODES",
    "NO_LINKS",
    "PDF_ATTACHED",
    "LinkInNotice",
    "build_message",
    "classify",
    "mask_address",
    "mode_for",
    "recipient",
    "send_receipt_email",
]

logger = logging.getLogger(__name__)

PDF_ATTACHED = "pdf_attached"
NO_LINKS = "no_links"
MODES = (PDF_ATTACHED, NO_LINKS)
TEMPLATE_DIR = "receipts/email"

# What may not appear anywhere in a link-free notice. Checked case-insensitively on both parts.
LINK_MARKERS = ("<a", "http", "www.", "mailto")
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:)\S*", re.IGNORECASE)
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


class LinkInNotice(ValueError):
    """A link-free notice would contain a link; sending it would break the promise it makes."""


def mode_for(submission: Submission) -> str:
    mode = submission.form_version.spec.settings.get("receipt_email") or PDF_ATTACHED
    # The metaschema allows only MODES; should an unknown value slip through, the safer mode wins.
    return mode if mode in MODES else NO_LINKS


def recipient(submission: Submission, data: dict | None = None) -> str | None:
    """The address in the form's confirmation-recipient field, or None (no such field, or left empty)."""
    path = submission.form_version.spec.confirmation_recipient
    if path is None:
        return None
    value = saved_data(submission) if data is None else data
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    if not isinstance(value, str):
        return None
    return value.strip() or None


def mask_address(address: str) -> str:
    """``jan.jansen@example.nl`` -> ``j***@example.nl``: enough for staff to recognise, not to reuse."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


def _mask_addresses(text: str) -> str:
    return _ADDRESS.sub(lambda match: mask_address(match.group(0)), text)


def _without_links(text: str) -> str:
    """Editor text for a link-free notice: a URL becomes words, so no client can turn it into a link."""

    def words(match: re.Match) -> str:
        url = match.group(0)
        if url.lower().startswith("mailto:"):
            return url[len("mailto:") :]
        return "onze website" + url[len(url.rstrip(".,;:!?)]'\"")) :]

    return _URL.sub(words, text)


def _link_free_receipt(receipt: Receipt) -> Receipt:
    # Only texts written by editors or set by the organisation end up in the notice; answers never do.
    return dataclasses.replace(
        receipt,
        organisation=_without_links(receipt.organisation),
        form_name=_without_links(receipt.form_name),
        next_steps=_without_links(receipt.next_steps),
        contact=_without_links(receipt.contact),
        sections=[],
        attachments=[],
        # The notice says in words where the check page is; an address would be a link in most clients.
        check_url="",
    )


def _text_sections(receipt: Receipt) -> list[dict]:
    """The answers laid out for the plain-text part: indentation is easier to get right here."""
    sections = []
    for section in receipt.sections:
        blocks = []
        for row in section.rows:
            indent = "  " * row.depth
            if row.is_group:
                blocks.append(f"{indent}{row.label}")
            else:
                blocks.append(f"{indent}{row.label}\n{textwrap.indent(row.value or '-', indent + '  ')}")
        sections.append({"title": section.title, "rule": "-" * len(section.title), "blocks": blocks})
    return sections


def _message_id() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or str(DNS_NAME)
    return make_msgid(domain=domain)


def build_message(submission: Submission, receipt: Receipt, to: str, pdf: bytes | None) -> EmailMultiAlternatives:
    """The e-mail for ``receipt`` in the form's mode; ``pdf`` is attached only in ``pdf_attached`` mode."""
    mode = mode_for(submission)
    if mode == NO_LINKS:
        receipt = _link_free_receipt(receipt)
    # Names are one line since definitions are checked for it; one published before still sends.
    subject = re.sub(
        r"[\s\x00-\x1f\x7f-\x9f]+",
        " ",
        gettext("Ontvangstbevestiging: {form} ({reference})").format(
            form=receipt.form_name, reference=receipt.reference
        ),
    )
    context = {
        "receipt": receipt,
        "mode": mode,
        "subject": subject,
        "text_sections": _text_sections(receipt),
        "pdf_attached": mode == PDF_ATTACHED and pdf is not None,
        "pdf_name": f"ontvangstbevestiging-{receipt.reference}.pdf",
    }
    text = render_to_string(f"{TEMPLATE_DIR}/{mode}.txt", context)
    html = render_to_string(f"{TEMPLATE_DIR}/{mode}.html", context)
    if mode == NO_LINKS:
        for part in (text, html):
            found = [marker for marker in LINK_MARKERS if marker in part.lower()]
            if found:
                raise LinkInNotice(f"the link-free notice would contain {found}")
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "Message-ID": _message_id(),
            # RFC 3834: no out-of-office replies to an automatic message.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    if mode == PDF_ATTACHED and pdf is not None:
        message.attach(context["pdf_name"], pdf, "application/pdf")
    return message


def _pdf_bytes(submission: Submission) -> tuple[bytes, str]:
    receipt_file = ensure_pdf(submission)
    with receipt_file.pdf.open("rb") as handle:
        content = handle.read()
    sha256 = hashlib.sha256(content).hexdigest()
    if receipt_file.sha256 and sha256 != receipt_file.sha256:
        raise GiveUp("the stored receipt PDF does not match its recorded SHA-256")
    return content, sha256


def classify(exc: Exception) -> RetryLater | GiveUp:
    """A send failure as temporary (try again later) or permanent (staff must look).

    5xx replies are permanent (RFC 5321 4.2.1), 4xx ones temporary, greylisting
    included. Not reaching the server, or losing it, is temporary. A refused
    login or greeting is our configuration, not the citizen's address: retried,
    so mail flows again once it is fixed. The server's words are kept, with
    addresses masked, because the job's error is stored and shown to staff.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()] or [550]
        text = "; ".join(f"{code} {_decode(reply)}" for code, reply in exc.recipients.values())
        permanent = all(500 <= code < 600 for code in codes)
        return _failure(permanent, f"recipient refused: {text}")
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPHeloError | smtplib.SMTPAuthenticationError):
        return RetryLater(_mask_addresses(f"{type(exc).__name__}: {exc.smtp_code} {_decode(exc.smtp_error)}"))
    if isinstance(exc, smtplib.SMTPResponseException):
        permanent = 500 <= exc.smtp_code < 600
        return _failure(permanent, f"{type(exc).__name__}: {exc.smtp_code} {_decode(exc.smtp_error)}")
    text = _mask_addresses(f"{type(exc).__name__}: {exc}")
    if isinstance(exc, OSError):  # SMTPServerDisconnected, ConnectionError, TimeoutError, other SMTPException
        return RetryLater(text)
    if isinstance(exc, ValueError):  # an address Django cannot encode: retrying cannot change it
        return GiveUp(text)
    logger.warning("receipt e-mail: unexpected failure while sending: %s", text)
    return RetryLater(text)


def _failure(permanent: bool, text: str) -> RetryLater | GiveUp:
    return (GiveUp if permanent else RetryLater)(_mask_addresses(text))


def _decode(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


@job("receipt_email", event="email", queue=MAIL_QUEUE)
def send_receipt_email(submission: Submission) -> None:
    """Send the ontvangstbevestiging, once; record EMAIL_SENT, or EMAIL_SKIPPED when there is no address."""
    events = SubmissionEvent.objects.filter(submission=submission)
    if events.filter(kind=SubmissionEvent.Kind.EMAIL_SENT).exists():
        return
    data = saved_data(submission)
    to = recipient(submission, data)
    if to is None:
        if not events.filter(kind=SubmissionEvent.Kind.EMAIL_SKIPPED).exists():
            SubmissionEvent.objects.create(submission=submission, kind=SubmissionEvent.Kind.EMAIL_SKIPPED)
        return
    mode = mode_for(submission)
    pdf, pdf_sha256 = _pdf_bytes(submission) if mode == PDF_ATTACHED else (None, None)
    # In the language the citizen sent in (Submission.language), whatever the worker last served.
    with translation.override(submission.language):
        receipt = build_receipt(submission, data)
        try:
            message = build_message(submission, receipt, to, pdf)
        except LinkInNotice as exc:
            raise GiveUp(str(exc)) from None
    detail = {"to": mask_address(to), "mode": mode}
    if pdf_sha256:
        detail["pdf_sha256"] = pdf_sha256
    _send_at_least_once(submission, message, detail)
    logger.info("receipt e-mail sent for %s (%s)", submission.public_reference, mode)


# What the mail server answered when it refused a message outright; after these nothing went out.
_REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _unconfirmed_sends(submission: Submission) -> list[dict]:
    """Earlier sends that may have reached the citizen: started, never confirmed, never refused."""
    Kind = SubmissionEvent.Kind
    history = SubmissionEvent.objects.filter(
        submission=submission, kind__in=[Kind.EMAIL_SENDING, Kind.EMAIL_FAILED, Kind.EMAIL_GAVE_UP]
    ).values_list("kind", "detail")
    not_delivered = {detail.get("send_id") for kind, detail in history if detail.get("delivered") == "no"}
    return [detail for kind, detail in history if kind == Kind.EMAIL_SENDING and detail["send_id"] not in not_delivered]


def _send_at_least_once(submission: Submission, message: EmailMultiAlternatives, detail: dict) -> None:
    """Hand ``message`` to the mail server, with the attempt on record before and after."""
    earlier = _unconfirmed_sends(submission)
    if earlier:
        message.extra_headers["Message-ID"] = earlier[0]["message_id"]
    send = {"send_id": secrets.token_hex(8), "message_id": message.extra_headers["Message-ID"]}
    if earlier:
        send["possible_duplicate_of"] = [item["send_id"] for item in earlier]
    SubmissionEvent.objects.create(submission=submission, kind=SubmissionEvent.Kind.EMAIL_SENDING, detail=send)

    connection = get_connection()
    delivered = "no"  # until the message has been handed over, a failure means it did not go out
    try:
        connection.open()
        delivered = "unknown"
        connection.send_messages([message])
    except Exception as exc:
        _close(connection)
        if isinstance(exc, _REFUSED):
            delivered = "no"
        failure = classify(exc)
        failure.detail = {"send_id": send["send_id"], "delivered": delivered}
        raise failure from None  # `from None`: the original exception's text may hold the full address
    detail = {**detail, **send}
    if earlier:
        detail["possible_duplicate"] = True
        logger.warning("receipt e-mail for %s sent again after a send with unknown outcome", submission.pk)
    SubmissionEvent.objects.create(submission=submission, kind=SubmissionEvent.Kind.EMAIL_SENT, detail=detail)
    _close(connection)  # after the record: the server has accepted the message, whatever QUIT answers


def _close(connection) -> None:
    try:
        connection.close()
    except Exception as exc:
        logger.warning("receipt e-mail: closing the SMTP connection failed: %s", type(exc).__name__)
