"""The resume e-mail, sent from the outbox (job kind ``resume_mail`` on the mail queue).

The address is never logged; it is wiped from the row once the mail server accepted the
message, or once the server refused it for good. In link-free mode the mail carries a code
and the words that say where to type it, no link and no URL (checked before sending).
"""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..jobs import MAIL_QUEUE, GiveUp, RetryLater, job
from ..models import Submission
from ..receipt.mail import LINK_MARKERS
from . import codes
from .models import ResumeToken
from .service import MAIL_JOB

__all__ = ["build_message", "send_resume_mail"]


def _never(submission: Submission) -> bool:
    return False  # not part of the after-receipt work; queued by a "Later verder" request


def build_message(submission: Submission, row: ResumeToken) -> EmailMessage:
    spec = submission.form_version.spec
    secret = codes.derive(row.kind, row.salt)
    context = {
        "form_name": spec.name,
        "organisation": settings.LOKET_ORGANISATION_NAME,
        "expires_at": timezone.localtime(row.expires_at),
        "kind": row.kind,
        "link": "",
        "code": "",
    }
    if row.kind == ResumeToken.Kind.LINK:
        path = reverse("submissions:resume-link", kwargs={"slug": row.form_slug, "token": secret})
        context["link"] = settings.LOKET_PUBLIC_URL + path
    else:
        context["code"] = codes.display_code(secret)
    with translation.override(submission.language or "nl"):
        subject = " ".join(render_to_string("submissions/resume/email_subject.txt", context).split())
        body = render_to_string("submissions/resume/email.txt", context)
    if row.kind == ResumeToken.Kind.CODE:
        found = [marker for marker in LINK_MARKERS if marker in (subject + body).lower()]
        if found:
            raise GiveUp(f"the link-free resume mail would contain {found}")
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.mail_to],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )


@job(MAIL_JOB, applies=_never, event="resume_email", queue=MAIL_QUEUE, max_attempts=6)
def send_resume_mail(submission: Submission) -> None:
    waiting = ResumeToken.objects.filter(
        submission=submission, mailed_at__isnull=True, used_at__isnull=True, revoked_at__isnull=True
    ).exclude(mail_to="")
    for row in waiting:
        if row.expires_at <= timezone.now():
            ResumeToken.objects.filter(pk=row.pk).update(mail_to="")
            continue
        message = build_message(submission, row)
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused:
            ResumeToken.objects.filter(pk=row.pk).update(mail_to="")
            # Without the server's words: they repeat the address.
            raise GiveUp("the mail server refused the address") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise RetryLater(f"the mail server could not take the message ({type(exc).__name__})") from None
        ResumeToken.objects.filter(pk=row.pk).update(mail_to="", mailed_at=timezone.now())
