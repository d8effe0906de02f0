"""The e-mail backend: one mail per submission to the department, with the receipt PDF, in the event log."""

import pytest

from registrations import service
from registrations.models import FormRegistration, RegistrationRecord
from registrations.run import RegistrationRun
from submissions.models import ReceiptFile, SubmissionEvent

from .conftest import FILES, run_due_jobs


@pytest.fixture
def emailed_bezwaar(bezwaar):
    FormRegistration.objects.create(form=bezwaar, backend="email", options={"to": "bezwaren@gemeente.example"})
    return bezwaar


def _department_mail(mailoutbox):
    return [message for message in mailoutbox if message.to == ["bezwaren@gemeente.example"]]


def test_the_department_gets_one_mail_with_the_receipt_pdf(emailed_bezwaar, send_bezwaar, mailoutbox):
    submission = send_bezwaar()
    run_due_jobs()
    [message] = _department_mail(mailoutbox)
    assert message.subject == f"Nieuwe inzending: Bezwaar maken tegen een besluit ({submission.public_reference})"
    assert "Afwijzing parkeervergunning" in message.body and submission.receipt_digest in message.body
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == (f"{submission.public_reference}.pdf", "application/pdf")
    assert content == ReceiptFile.objects.get(submission=submission).pdf.open("rb").read()

    event = SubmissionEvent.objects.get(submission=submission, kind="registration_email_sent")
    assert event.detail["message_id"] == message.extra_headers["Message-ID"]
    assert service.registration_state(submission) == "geregistreerd"

    service.register_again([submission])
    run_due_jobs()
    assert len(_department_mail(mailoutbox)) == 1


def test_killed_after_sending_the_retry_sends_nothing_more(
    emailed_bezwaar, send_bezwaar, mailoutbox, monkeypatch, clock
):
    store = RegistrationRun._store

    def cut(self, name, result):
        if name == "sent":
            monkeypatch.setattr(RegistrationRun, "_store", store)
            raise KeyboardInterrupt
        store(self, name, result)

    monkeypatch.setattr(RegistrationRun, "_store", cut)
    submission = send_bezwaar()
    with pytest.raises(KeyboardInterrupt):
        run_due_jobs()
    clock.shift(60)  # the lease of the stopped worker runs out: the attempt is recorded as interrupted
    run_due_jobs()
    clock.shift(30)
    run_due_jobs()
    assert len(_department_mail(mailoutbox)) == 1
    assert RegistrationRecord.objects.get(submission=submission).status == RegistrationRecord.Status.REGISTERED


def test_a_refused_address_fails_for_staff(emailed_bezwaar, send_bezwaar, settings):
    settings.EMAIL_BACKEND = "tests.registrations.test_email_registration.RefusingBackend"
    submission = send_bezwaar()
    run_due_jobs()
    record = RegistrationRecord.objects.get(submission=submission)
    assert record.status == RegistrationRecord.Status.FAILED
    assert "550" in record.last_error


class RefusingBackend:
    """An SMTP server that refuses every recipient for good (550)."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"no such user")})


def test_the_demo_forms_register_by_email(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_demo", stdout=out)
    configs = {config.form.slug: config for config in FormRegistration.objects.select_related("form")}
    assert set(configs) == {"bezwaar", "vraag-of-bericht"}
    assert configs["bezwaar"].backend == "email"
    assert configs["bezwaar"].options == {"to": "afdeling-bezwaar@gemeente.invalid"}
    assert "registration by e-mail for: bezwaar, vraag-of-bericht" in out.getvalue()

    call_command("load_demo", "--update", stdout=StringIO())  # editors' configuration is left as it is
    assert FormRegistration.objects.count() == 2


def test_the_citizens_files_go_with_the_mail(emailed_bezwaar, send_with_files, mailoutbox):
    submission = send_with_files()
    run_due_jobs()

    [message] = _department_mail(mailoutbox)
    names = [name for name, _content, _mimetype in message.attachments]
    assert names == [f"{submission.public_reference}.pdf", "besluit.pdf", "huurcontract.pdf", "brief.pdf"]
    sent = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    for name, content in FILES.items():
        assert sent[name] == (content, "application/pdf")
