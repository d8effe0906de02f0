"""The e-mail backend: each submission to a departmental address, with the receipt PDF and the citizen's files.

For gemeenten without a zaaksysteem. Exactly one mail per submission as far as
SMTP allows: the Message-ID is drawn and stored before sending, and the send is
stored the moment the server accepts it. Only a crash between the server's
"250 OK" and that store can send a second copy, and that copy carries the same
Message-ID, so mail clients show it once. Every send is in the event log.
"""

import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from submissions.jobs import GiveUp, RetryLater
from submissions.models import SubmissionEvent
from submissions.receipt.data import build_receipt
from submissions.receipt.mail import classify

from ...registry import Backend, OptionError, backends
from ...run import RegistrationRun

EVENT_SENT = "registration_email_sent"


@backends.register("email")
class EmailBackend(Backend):
    label = "E-mail naar een afdeling"
    options_schema = {
        "type": "object",
        "properties": {
            "to": {"type": "string", "format": "email", "minLength": 3, "maxLength": 254},
            "subject": {"type": "string", "maxLength": 200},
        },
        "required": ["to"],
        "additionalProperties": False,
    }

    def check_options(self, options: dict) -> list[OptionError]:
        if "@" not in options["to"] or options["to"].strip() != options["to"]:
            return [OptionError("to", "is geen e-mailadres")]
        return []

    def register(self, run: RegistrationRun) -> None:
        message_id = run.step("message_id", lambda: make_msgid(domain=_domain()))
        run.step("sent", lambda: self._send(run, message_id))

    def summary(self, results: dict) -> str:
        return f"gemaild ({results.get('message_id', '')})"

    def _send(self, run: RegistrationRun, message_id: str) -> str:
        submission = run.submission
        sent = SubmissionEvent.objects.filter(submission=submission, kind=EVENT_SENT, detail__message_id=message_id)
        if sent.exists():  # sent by an attempt that stopped before storing it
            return "sent"
        with translation.override("nl"):
            receipt = build_receipt(submission, run.data)
            subject = run.options.get("subject") or "Nieuwe inzending: {form} ({reference})"
            subject = subject.replace("{form}", receipt.form_name).replace("{reference}", run.reference)
            body = render_to_string("registrations/email.txt", {"receipt": receipt})
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[run.options["to"]],
            headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated"},
        )
        receipt_file = run.receipt_pdf()
        with receipt_file.pdf.open("rb") as handle:
            message.attach(f"{run.reference}.pdf", handle.read(), "application/pdf")
        for attachment in run.attachments():  # bounded by the form's upload rules
            with attachment.open() as handle:
                message.attach(attachment.name, handle.read(), attachment.content_type)
        try:
            with get_connection() as connection:
                message.connection = connection
                message.send()
        except smtplib.SMTPException as exc:
            raise classify(exc) from None
        except OSError as exc:
            raise RetryLater(f"{type(exc).__name__}: {exc}") from None
        except ValueError as exc:
            raise GiveUp(str(exc)) from None
        SubmissionEvent.objects.create(
            submission=submission,
            kind=EVENT_SENT,
            detail={"to": run.options["to"], "message_id": message_id, "attempt": run.record.attempts},
        )
        return "sent"


def _domain() -> str:
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "loket.invalid"
