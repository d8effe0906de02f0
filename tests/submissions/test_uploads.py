"""Attachments (Wmebv A2, A3, B8): rules enforced on the server, files kept privately, proven, removed, deleted."""

import hashlib
import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from submissions import service
from submissions.models import Attachment, Submission, SubmissionStep
from submissions.receipt import proof
from submissions.retention import apply_retention
from submissions.uploads import service as uploads
from submissions.uploads.names import clean_name
from tests.factories import FormFactory
from tests.flow import overview_url, start, start_url, step_url, submit
from tests.html import parse

from .fake_clamd import EICAR, FakeClamd

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run"


def definition() -> dict:
    """One step with a required text and up to 3 PDF or PNG files of at most 2,000 bytes, 3,000 together."""
    return {
        "format": "loket-form/1",
        "slug": "met-bijlagen",
        "name": "Met bijlagen",
        "settings": {"reference_prefix": "BIJ"},
        "steps": [
            {
                "key": "stukken",
                "title": "Stukken",
                "schema": {
                    "type": "object",
                    "properties": {
                        "toelichting": {"type": "string", "minLength": 1},
                        "bijlagen": {"type": "array", "maxItems": 3},
                    },
                    "required": ["toelichting", "bijlagen"],
                },
                "ui": {
                    "order": ["toelichting", "bijlagen"],
                    "fields": {
                        "toelichting": {"kind": "text", "label": "Toelichting"},
                        "bijlagen": {
                            "kind": "file",
                            "label": "Bijlagen",
                            "upload": {"types": ["pdf", "png"], "max_file_size": 2000, "max_total_size": 3000},
                        },
                    },
                },
            }
        ],
    }


@pytest.fixture
def form():
    return FormFactory(definition=definition(), published=True)


@pytest.fixture
def submission(citizen, form) -> Submission:
    return start(citizen, "met-bijlagen")


def pdf(name: str = "besluit.pdf", size: int | None = None) -> SimpleUploadedFile:
    content = PDF if size is None else PDF + b"%" * (size - len(PDF))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def post(client: Client, submission: Submission, *files, toelichting: str = "Zie bijlagen", **extra):
    return client.post(step_url(submission, "stukken"), {"toelichting": toelichting, "bijlagen": list(files), **extra})


def text_of(html: str) -> str:
    """What a reader sees: the text without tags, white space collapsed."""
    return " ".join(parse(html).text.split())


def error_of(response) -> str:
    match = re.search(r'id="field-bijlagen-error">(.*?)</p>', response.content.decode(), re.S)
    assert match, "no error shown at the field"
    return text_of(match.group(1))


# --- rules --------------------------------------------------------------------------------------


def test_a_pdf_is_stored_privately_with_its_hash(citizen, submission, private_media, settings):
    response = post(citizen, submission, pdf())

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.content_type, attachment.size) == ("besluit.pdf", "application/pdf", len(PDF))
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.field == "stukken.bijlagen"
    stored = private_media / attachment.file.name
    assert stored.read_bytes() == PDF
    assert "besluit" not in attachment.file.name  # named by id, never by what the citizen called it
    assert not stored.is_relative_to(settings.MEDIA_ROOT) and not stored.is_relative_to(settings.STATIC_ROOT)
    assert Client().get(attachment.file.url).status_code == 404  # no URL serves it
    saved = SubmissionStep.objects.get(submission=submission).data["bijlagen"]
    assert saved == [attachment.as_value()]


def test_an_exe_renamed_to_pdf_is_refused_with_the_allowed_types(citizen, submission):
    response = post(citizen, submission, SimpleUploadedFile("besluit.pdf", EXE, content_type="application/pdf"))

    assert response.status_code == 400
    message = error_of(response)
    assert "‘besluit.pdf’ is een programma (EXE)" in message
    assert "Toegestaan bij ‘Bijlagen’: PDF of PNG." in message
    assert not Attachment.objects.exists()
    assert not SubmissionStep.objects.exists()


def test_an_oversized_file_names_the_limit(citizen, submission):
    response = post(citizen, submission, pdf(size=2001))

    assert response.status_code == 400
    assert "is 2,0 KB; een bestand bij ‘Bijlagen’ mag hoogstens 2,0 KB zijn" in error_of(response).replace("\xa0", " ")
    assert not Attachment.objects.exists()


def test_bytes_past_the_server_ceiling_are_never_kept(citizen, submission, settings):
    settings.LOKET_UPLOAD_MAX_FILE_SIZE = 1000

    response = post(citizen, submission, pdf(size=1500))

    assert response.status_code == 400
    assert "mag hoogstens 1000 bytes zijn" in error_of(response).replace("\xa0", " ")
    assert not Attachment.objects.exists()


def test_too_many_files(citizen, submission):
    response = post(citizen, submission, *(pdf(f"{n}.pdf", 500) for n in range(4)))

    assert response.status_code == 400
    assert "hoogstens 3 bestanden toevoegen; ‘3.pdf’ is niet toegevoegd" in error_of(response)
    # The three that fit are kept and listed, so nothing the citizen chose in vain has to be chosen again.
    assert list(Attachment.objects.values_list("name", flat=True)) == ["0.pdf", "1.pdf", "2.pdf"]
    assert response.content.decode().count('name="bijlagen" value="') == 3


def test_the_total_per_submission(citizen, submission):
    response = post(citizen, submission, pdf("a.pdf", 1800), pdf("b.pdf", 1800))

    assert response.status_code == 400
    assert "samen 3,5 KB; dat mag hoogstens 2,9 KB zijn" in error_of(response).replace("\xa0", " ")
    assert list(Attachment.objects.values_list("name", flat=True)) == ["a.pdf"]


def test_an_empty_file(citizen, submission):
    response = post(citizen, submission, SimpleUploadedFile("leeg.pdf", b"", content_type="application/pdf"))

    assert response.status_code == 400
    assert "‘leeg.pdf’ is leeg (0 bytes)" in error_of(response)


def test_the_field_is_required(citizen, submission):
    response = post(citizen, submission)

    assert response.status_code == 400
    assert error_of(response) == "Fout: Voeg een bestand toe bij ‘Bijlagen’."


@pytest.mark.parametrize(
    ("posted", "shown"),
    [
        ("../../etc/besluit.pdf", "besluit.pdf"),
        ("C:\\Users\\jan\\Documenten\\besluit.pdf", "besluit.pdf"),
        ("be\x00sl\nuit\x1b.pdf", "besluit.pdf"),
        ("\u202efdp.exe", "fdp.exe"),  # a right-to-left override would make it read as "exe.pdf"
        ("...", "bijlage"),
    ],
)
def test_file_names_lose_paths_and_control_characters(citizen, submission, posted, shown):
    assert clean_name(posted) == shown

    upload = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    upload.name = posted  # as the browser sent it; Django's own clean-up is not what we rely on
    post(citizen, submission, upload)

    assert Attachment.objects.get().name == shown


def test_a_direct_post_gets_the_same_refusal(submission, citizen):
    # No page was loaded: a script posts the step with a renamed program and a made-up file id.
    response = citizen.post(
        step_url(submission, "stukken"),
        {
            "toelichting": "x",
            "bijlagen": [SimpleUploadedFile("a.pdf", EXE, "application/pdf"), "00000000-0000-0000-0000-000000000000"],
        },
    )

    assert response.status_code == 400
    assert "is een programma (EXE)" in error_of(response)
    assert not Attachment.objects.exists()


def test_another_submissions_file_cannot_be_claimed(citizen, other_citizen, form):
    theirs = start(other_citizen, "met-bijlagen")
    post(other_citizen, theirs, pdf("van-een-ander.pdf"))
    foreign = Attachment.objects.get()
    mine = start(citizen, "met-bijlagen")

    response = citizen.post(step_url(mine, "stukken"), {"toelichting": "x", "bijlagen": [str(foreign.uuid)]})

    assert response.status_code == 400
    assert error_of(response) == "Fout: Voeg een bestand toe bij ‘Bijlagen’."
    assert not SubmissionStep.objects.filter(submission=mine).exists()


def test_a_file_is_kept_when_another_answer_is_wrong(citizen, submission):
    response = post(citizen, submission, pdf(), toelichting="")

    assert response.status_code == 400
    attachment = Attachment.objects.get()
    page = response.content.decode()
    assert f'name="bijlagen" value="{attachment.uuid}"' in page
    assert "besluit.pdf" in page

    response = citizen.post(step_url(submission, "stukken"), {"toelichting": "Nu wel", "bijlagen": [attachment.uuid]})

    assert response.status_code == 302
    assert SubmissionStep.objects.get().data["bijlagen"] == [attachment.as_value()]


def test_rules_are_shown_at_the_field_and_on_the_start_page(citizen, submission):
    published = "Toegestaan: PDF of PNG, hoogstens 2,0 KB per bestand, hoogstens 3 bestanden, samen hoogstens 2,9 KB."

    step_page = text_of(citizen.get(step_url(submission, "stukken")).content.decode()).replace("\xa0", " ")
    start_page = text_of(citizen.get(start_url("met-bijlagen")).content.decode()).replace("\xa0", " ")

    assert published in step_page
    assert f"Bijlagen: {published}" in start_page


# --- removal, overview, receipt, proof ------------------------------------------------------------


def test_a_file_can_be_removed_before_sending(citizen, submission, private_media, django_capture_on_commit_callbacks):
    post(citizen, submission, pdf("a.pdf"), pdf("b.pdf"))
    first, second = Attachment.objects.all()
    path = private_media / first.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.post(
            step_url(submission, "stukken"),
            {
                "toelichting": "getypt maar niet bewaard",
                "bijlagen": [first.uuid, second.uuid],
                "loket-actie": f"verwijder-bijlage:bijlagen:{first.uuid}",
            },
        )

    assert response.status_code == 200  # the same step again, not the next one
    page = response.content.decode()
    assert "a.pdf" not in page and "b.pdf" in page
    assert 'value="getypt maar niet bewaard"' in page
    assert list(Attachment.objects.values_list("name", flat=True)) == ["b.pdf"]
    assert not path.exists()
    assert SubmissionStep.objects.get().data["bijlagen"] == [second.as_value()]


def test_removing_the_only_file_of_a_required_field_reopens_the_step(citizen, submission):
    post(citizen, submission, pdf())
    only = Attachment.objects.get()
    citizen.post(step_url(submission, "stukken"), {"loket-actie": f"verwijder-bijlage:bijlagen:{only.uuid}"})

    response = citizen.post(overview_url(submission), {"verklaring": "ja"})

    assert response.status_code == 302
    assert response.url == step_url(submission, "stukken", back_to_overview=True)


def test_a_file_of_another_submission_cannot_be_removed(citizen, other_citizen, form):
    theirs = start(other_citizen, "met-bijlagen")
    post(other_citizen, theirs, pdf())
    mine = start(citizen, "met-bijlagen")
    foreign = Attachment.objects.get()

    citizen.post(step_url(mine, "stukken"), {"loket-actie": f"verwijder-bijlage:bijlagen:{foreign.uuid}"})

    assert Attachment.objects.filter(pk=foreign.pk).exists()


def test_overview_receipt_and_proof_list_name_size_and_hash(citizen, submission, django_capture_on_commit_callbacks):
    post(citizen, submission, pdf("besluit.pdf"))
    attachment = Attachment.objects.get()

    overview = text_of(citizen.get(overview_url(submission)).content.decode())
    assert f"besluit.pdf ({len(PDF)} bytes) SHA-256: {attachment.sha256}" in overview.replace("\xa0", " ")

    with django_capture_on_commit_callbacks(execute=True):
        submit(citizen, submission)
    received = Submission.objects.select_related("form_version__form").get(pk=submission.pk)
    document = proof.stored_document(received)
    assert received.receipt_format == "loket-receipt/2"
    assert json.loads(document)["attachments"] == [
        {"field": "stukken.bijlagen", "name": "besluit.pdf", "size": len(PDF), "sha256": attachment.sha256}
    ]
    assert proof.verify(received.public_reference, received.receipt_digest)
    assert proof.verify(received.public_reference, hashlib.sha256(document).hexdigest())

    files = uploads.attachments(received)
    assert [(f.name, f.content_type, f.size, f.sha256) for f in files] == [
        ("besluit.pdf", "application/pdf", len(PDF), attachment.sha256)
    ]
    with files[0].open() as stream:
        assert stream.read() == PDF


def test_a_received_submissions_files_cannot_be_changed(citizen, submission):
    post(citizen, submission, pdf())
    submit(citizen, submission)
    attachment = Attachment.objects.get()

    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).update(name="anders.pdf")
    with pytest.raises(DatabaseError), transaction.atomic():
        Attachment.objects.filter(pk=attachment.pk).delete()
    assert not uploads.remove(Submission.objects.get(pk=submission.pk), "stukken", str(attachment.uuid))


def test_files_go_with_their_submission(citizen, submission, private_media, django_capture_on_commit_callbacks):
    post(citizen, submission, pdf())
    path = private_media / Attachment.objects.get().file.name
    submit(citizen, submission)
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        Submission.objects.get(pk=submission.pk).delete()

    assert not Attachment.objects.exists()
    assert not path.exists()


def test_retention_deletes_a_drafts_files(citizen, submission, private_media, django_capture_on_commit_callbacks):
    import datetime

    import time_machine
    from django.utils import timezone

    post(citizen, submission, pdf())
    path = private_media / Attachment.objects.get().file.name

    month_later = time_machine.travel(timezone.now() + datetime.timedelta(days=31), tick=False)
    with month_later, django_capture_on_commit_callbacks(execute=True):
        assert apply_retention().drafts == 1

    assert not Attachment.objects.exists()
    assert not path.exists()


def test_files_replaced_before_sending_are_not_kept(citizen, submission, django_capture_on_commit_callbacks):
    post(citizen, submission, pdf("oud.pdf"), toelichting="")  # stored, but the step was never saved with it
    post(citizen, submission, pdf("nieuw.pdf"))

    with django_capture_on_commit_callbacks(execute=True):
        submit(citizen, submission)

    assert list(Attachment.objects.values_list("name", flat=True)) == ["nieuw.pdf"]


def test_a_format_1_receipt_still_verifies(citizen, submission):
    post(citizen, submission, pdf())
    submit(citizen, submission)
    received = Submission.objects.select_related("form_version__form").get(pk=submission.pk)
    old_document = proof.canonical_bytes(
        proof.proof_document(received, service.saved_data(received), "loket-receipt/1")
    )
    old_digest = hashlib.sha256(old_document).hexdigest()
    # A receipt from before format 2: its record holds the format-1 bytes it was made over.
    # The record is final, so the format-1 receipt is a copy on another form.
    copy = FormFactory(definition={**definition(), "slug": "oud-formulier"}, published=True)
    from tests.factories import SubmissionFactory

    old = SubmissionFactory(
        form=copy,
        received=True,
        data=service.saved_data(received),
        public_reference="BIJ-2026-OUD111",
        receipt_format="loket-receipt/1",
        receipt_document=old_document,
        receipt_digest=old_digest,
        receipt_signature=proof.sign(old_digest),
    )

    assert b'"attachments":[]' in old_document and b"loket-receipt/1" in old_document
    assert proof.verify(old.public_reference, old_digest)


# --- virus scan -----------------------------------------------------------------------------------


def test_eicar_is_refused_with_how_to_repair(citizen, submission, settings):
    with FakeClamd() as clamd:
        settings.LOKET_CLAMD = clamd.address
        infected = SimpleUploadedFile("besluit.pdf", PDF + EICAR, content_type="application/pdf")
        response = post(citizen, submission, infected)
        clean = post(citizen, submission, pdf("schoon.pdf"))

    assert response.status_code == 400
    message = error_of(response)
    assert "In het bestand ‘besluit.pdf’ zit een virus (Eicar-Test-Signature)." in message
    assert "Wij hebben het niet bewaard." in message
    assert "maak daarna een nieuw, schoon bestand" in message
    assert clean.status_code == 302
    assert list(Attachment.objects.values_list("name", flat=True)) == ["schoon.pdf"]
    assert clamd.scanned == [PDF + EICAR, PDF]


def test_when_the_scanner_is_down_a_file_is_refused_not_stored(citizen, submission, settings):
    with FakeClamd() as clamd:
        address = clamd.address
    settings.LOKET_CLAMD = address  # nothing listens there any more

    response = post(citizen, submission, pdf())

    assert response.status_code == 400
    assert "nu niet op virussen controleren" in error_of(response)
    assert not Attachment.objects.exists()


# --- sniffing -------------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_office_files_are_recognised_by_their_contents():
    from submissions.uploads.sniff import DOCX, sniff

    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    with_macros = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"", "word/vbaProject.bin": b""})
    plain_zip = _zip({"virus.exe": EXE})

    assert DOCX in sniff(io.BytesIO(docx)).media_types
    assert DOCX not in sniff(io.BytesIO(with_macros)).media_types
    assert sniff(io.BytesIO(plain_zip)).media_types == {"application/zip"}
    assert "application/pdf" in sniff(io.BytesIO(PDF)).media_types
    assert "image/png" in sniff(io.BytesIO(PNG)).media_types
