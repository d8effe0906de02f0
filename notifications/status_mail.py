"""The status e-mail (Wmebv C2): a short, link-free mail when a zaak from a Loket submission changes status.

It says which zaak (zaaktype and our reference, or the zaak's identificatie),
its new status, that nothing needs doing, where to look (in words), why the
mail has no link and how to reach the gemeente. The words are the
organisation's (:class:`~.models.StatusMailText`, edited in the admin); the
facts come from the Zaken and Catalogi APIs when the job runs.

Every send is recorded before (``status_email_sending``) and after
(``status_email_sent``) the SMTP call, with the notification's identity, so a
retry after a confirmed send sends nothing. A refusal by the mail server is a
bounce: temporary ones (4xx) are retried by the job engine, permanent ones
(5xx) flag the job for staff (Wmebv C3).
"""

import logging
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from registrations.contrib.zgw.client import service_by_slug
from registrations.models import RegistrationRecord
from submissions.jobs import MAIL_QUEUE, GiveUp, job
from submissions.models import Submission, SubmissionEvent
from submissions.receipt.mail import classify, mask_address, recipient

from .models import ReceivedNotification, StatusMailText
from .zaken import ZGWReader

__all__ = ["JOB_KIND", "LinkInStatusMail", "StatusFacts", "build_status_message", "send_status_email"]

logger = logging.getLogger(__name__)

JOB_KIND = "status_email"
SENDING, SENT, SKIPPED = "status_email_sending", "status_email_sent", "status_email_skipped"
LINK_MARKERS = ("<a", "http", "www.", "mailto")


class LinkInStatusMail(ValueError):
    """The mail would contain a link (an editor typed one): sending it would break its own promise."""


@dataclass(frozen=True)
class StatusFacts:
    zaaktype: str
    reference: str
    status: str


def build_status_message(facts: StatusFacts, to: str, text: StatusMailText | None = None) -> EmailMultiAlternatives:
    """The mail for ``facts`` in the organisation's words; refuses to build one that holds a link."""
    text = text or StatusMailText.get_solo()
    subject = re.sub(r"[\s\x00-\x1f\x7f-\x9f]+", " ", f"De status van uw zaak {facts.reference} is veranderd")
    context = {"facts": facts, "text": text, "organisation": settings.LOKET_ORGANISATION_NAME, "subject": subject}
    with translation.override("nl"):
        body = render_to_string("notifications/status_email.txt", context)
        html = render_to_string("notifications/status_email.html", context)
    found = sorted({marker for part in (body, html) for marker in LINK_MARKERS if marker in part.lower()})
    if found:
        raise LinkInStatusMail(f"the status e-mail would contain {found}")
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )
    message.attach_alternative(html, "text/html")
    return message


def _record(submission: Submission, zaak_url: str) -> RegistrationRecord:
    record = RegistrationRecord.objects.filter(submission=submission, results__zaak__url=zaak_url).first()
    if record is None:
        raise GiveUp("this submission has no registration with that zaak")
    return record


def _facts(submission: Submission, notification: ReceivedNotification, record: RegistrationRecord) -> StatusFacts:
    options = record.options
    zaken, catalogi = service_by_slug(options["zaken_service"]), service_by_slug(options["catalogi_service"])
    with ZGWReader(zaken, catalogi) as reader:
        status = reader.status(notification.resource_url)
        zaak = reader.zaak(notification.hoofd_object)
    return StatusFacts(zaak.zaaktype, submission.public_reference or zaak.identificatie, status.omschrijving)


def _events(submission: Submission, key: str, kind: str):
    return SubmissionEvent.objects.filter(submission=submission, kind=kind, detail__notification=key)


@job(JOB_KIND, event="status_email", queue=MAIL_QUEUE, keyed=True, max_attempts=6)
def send_status_email(submission: Submission, key: str) -> None:
    """Send the status e-mail for the notification ``key``, once; record every step in the history."""
    if _events(submission, key, SENT).exists() or _events(submission, key, SKIPPED).exists():
        return
    notification = ReceivedNotification.objects.get(identity=key)
    to = recipient(submission)
    if to is None:
        SubmissionEvent.objects.create(
            submission=submission, kind=SKIPPED, detail={"notification": key, "reason": "no e-mail address"}
        )
        return
    record = _record(submission, notification.hoofd_object)
    if notification.resource_url == record.results.get("status"):  # the registration stores the status URL
        # The first status, set by Loket's own registration: the receipt has told the citizen already.
        SubmissionEvent.objects.create(
            submission=submission, kind=SKIPPED, detail={"notification": key, "reason": "status set by Loket"}
        )
        return
    facts = _facts(submission, notification, record)
    try:
        message = build_status_message(facts, to)
    except LinkInStatusMail as exc:
        raise GiveUp(str(exc)) from None
    send = {"notification": key, "send_id": secrets.token_hex(8), "status": facts.status, "to": mask_address(to)}
    SubmissionEvent.objects.create(submission=submission, kind=SENDING, detail=send)
    connection = get_connection()
    try:
        connection.send_messages([message])
    except Exception as exc:
        failure = classify(exc)  # a bounce at SMTP time: 5xx is permanent, 4xx and lost connections are not
        failure.detail = {"notification": key, "send_id": send["send_id"]}
        raise failure from None
    SubmissionEvent.objects.create(submission=submission, kind=SENT, detail=send)
    logger.info("status e-mail sent for %s", submission.public_reference)
