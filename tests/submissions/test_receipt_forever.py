"""Receipts stay verifiable forever: after a new proof format and after the signing key is rotated.

A receipt made today must still verify years later, on the public check page and from its PDF,
whatever the code by then would build, and whichever key by then signs.
"""

import copy
import datetime
import hashlib
import io
import json

import pikepdf
import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse

from submissions import service
from submissions.models import Submission
from submissions.receipt import pdf, proof
from tests.definitions import MELDING_DATA
from tests.factories import FormFactory, SubmissionFactory

RECEIVED_AT = datetime.datetime(2026, 2, 20, 12, 0, tzinfo=datetime.UTC)
KEY_2026 = ("2026", "sleutel-van-2026-lang-en-willekeurig")
KEY_2027 = ("2027", "sleutel-van-2027-ook-lang-en-willekeurig")
FORMAT_2 = "loket-receipt/next"

pytestmark = pytest.mark.django_db


def receive(data: dict | None = None) -> Submission:
    submission = SubmissionFactory(data=copy.deepcopy(MELDING_DATA if data is None else data))
    with time_machine.travel(RECEIVED_AT, tick=False):
        return service.complete_submission(submission, declaration_accepted=True)


def format_2(submission: Submission, answers: dict) -> dict:
    """A later format, as the one that will add attachments' hashes and the authentication context."""
    document = proof.PROOF_FORMATS["loket-receipt/1"](submission, answers)
    return {**document, "format": FORMAT_2, "authentication": {"method": "anoniem"}}


@pytest.fixture
def format_2_is_current(monkeypatch):
    with proof.PROOF_FORMATS.temporarily(FORMAT_2, format_2):
        monkeypatch.setattr(proof, "CURRENT_FORMAT", FORMAT_2)
        yield


def checked(reference: str, digest_hex: str) -> str:
    """What the public check page says."""
    response = Client().post(reverse("submissions:verify"), {"kenmerk": reference, "controlegetal": digest_hex})
    assert response.status_code == 200
    text = response.content.decode()
    assert ("Dit klopt." in text) != ("Dit klopt niet." in text)
    return "klopt" if "Dit klopt." in text else "klopt niet"


def embedded_json(document: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(document)) as parsed:
        return parsed.attachments[pdf.ATTACHMENT_NAME].get_file().read_bytes()


def test_an_old_receipt_verifies_after_a_new_format_and_a_rotated_key(settings, monkeypatch):
    settings.LOKET_RECEIPT_SIGNING_KEYS = [KEY_2026]
    old = receive()
    assert (old.receipt_format, old.receipt_key_id) == ("loket-receipt/2", "2026")
    assert hashlib.sha256(bytes(old.receipt_document)).hexdigest() == old.receipt_digest

    with proof.PROOF_FORMATS.temporarily(FORMAT_2, format_2):
        monkeypatch.setattr(proof, "CURRENT_FORMAT", FORMAT_2)
        settings.LOKET_RECEIPT_SIGNING_KEYS = [KEY_2027, KEY_2026]  # rotated: 2027 signs, 2026 still verifies

        new = receive({**MELDING_DATA, "melding": {"onderwerp": "Kapotte lantaarnpaal"}})
        assert (new.receipt_format, new.receipt_key_id) == (FORMAT_2, "2027")
        assert json.loads(bytes(new.receipt_document))["authentication"] == {"method": "anoniem"}
        # Today's code would build another document for the old receipt: checking must not rebuild it.
        assert proof.digest(proof.proof_document(old, service.saved_data(old))) != old.receipt_digest

        assert checked(old.public_reference, old.receipt_digest) == "klopt"
        assert checked(new.public_reference, new.receipt_digest) == "klopt"

        # The PDF made now still carries the old receipt's document, which recomputes to its digest.
        receipt_file = pdf.ensure_pdf(old)
        with receipt_file.pdf.open("rb") as handle:
            carried = embedded_json(handle.read())
        assert hashlib.sha256(carried).hexdigest() == old.receipt_digest
        assert json.loads(carried)["format"] == "loket-receipt/2"
        assert checked(old.public_reference, hashlib.sha256(carried).hexdigest()) == "klopt"


def test_a_retired_key_verifies_nothing_any_more(settings):
    settings.LOKET_RECEIPT_SIGNING_KEYS = [KEY_2026]
    old = receive()
    settings.LOKET_RECEIPT_SIGNING_KEYS = [KEY_2027]  # 2026 leaked and was removed

    assert checked(old.public_reference, old.receipt_digest) == "klopt niet"
    assert receive().receipt_key_id == "2027"


def test_a_key_under_another_id_does_not_verify(settings):
    # The stored key id decides which key checks the signature; the same secret under a new id is not it.
    settings.LOKET_RECEIPT_SIGNING_KEYS = [KEY_2026]
    old = receive()
    settings.LOKET_RECEIPT_SIGNING_KEYS = [KEY_2027, ("2026-b", KEY_2026[1])]

    assert not proof.verify(old.public_reference, old.receipt_digest)


def test_the_single_key_setting_moves_into_a_keyring_under_its_derived_id(settings):
    settings.LOKET_RECEIPT_SIGNING_KEYS = []
    settings.LOKET_RECEIPT_SIGNING_KEY = "de-enige-sleutel-tot-nu-toe"
    old = receive()
    derived = proof.derived_key_id("de-enige-sleutel-tot-nu-toe")
    assert old.receipt_key_id == derived
    assert "de-enige" not in derived

    settings.LOKET_RECEIPT_SIGNING_KEYS = [KEY_2027, (derived, "de-enige-sleutel-tot-nu-toe")]

    assert proof.verify(old.public_reference, old.receipt_digest)
    assert receive().receipt_key_id == "2027"


def test_a_receipt_from_before_stored_documents_verifies_by_its_own_format(settings, format_2_is_current):
    # As the migration leaves them: format 1, no document, no key id (signed with the one key of then).
    settings.LOKET_RECEIPT_SIGNING_KEYS = [KEY_2026]
    form = FormFactory(published=True)
    then = Submission(form_version=form.live_version, public_reference="MOR-2026-DDDDDD", received_at=RECEIVED_AT)
    digest_hex = proof.digest(proof.proof_document(then, MELDING_DATA, "loket-receipt/1"))
    stored = SubmissionFactory(
        form=form,
        received=True,
        received_at=RECEIVED_AT,
        public_reference="MOR-2026-DDDDDD",
        receipt_digest=digest_hex,
        receipt_signature=proof.SigningKey(*KEY_2026).sign(digest_hex),
        receipt_format="loket-receipt/1",
    )
    settings.LOKET_RECEIPT_SIGNING_KEYS = [KEY_2027, KEY_2026]

    assert stored.receipt_document in (b"", memoryview(b""))
    assert stored.receipt_key_id == ""
    assert checked("MOR-2026-DDDDDD", digest_hex) == "klopt"
    assert hashlib.sha256(pdf.submission_json(stored)).hexdigest() == digest_hex
    settings.LOKET_RECEIPT_SIGNING_KEYS = [KEY_2027]
    assert checked("MOR-2026-DDDDDD", digest_hex) == "klopt niet"


def test_a_receipt_in_a_format_this_code_does_not_know_does_not_verify():
    unknown = SubmissionFactory(received=True, receipt_digest="ab" * 32, receipt_format="loket-receipt/99")

    assert not proof.verify(unknown.public_reference, "ab" * 32)


def test_a_format_id_is_registered_once():
    with pytest.raises(ValueError, match="registered twice"):
        proof.PROOF_FORMATS.add("loket-receipt/1", format_2)


def test_a_signing_key_never_shows_its_secret():
    key = proof.SigningKey(*KEY_2026)

    assert KEY_2026[1] not in repr(key) and KEY_2026[1] not in str([key])


@pytest.mark.django_db(transaction=True)
def test_receipts_from_before_the_migration_verify_after_it(settings, format_2_is_current):
    # A receipt as the code before stored documents made it: digest and signature only.
    settings.LOKET_RECEIPT_SIGNING_KEYS = []
    form = FormFactory(published=True)
    call_command("migrate", "submissions", "0001", verbosity=0)
    try:
        old_apps = MigrationLoader(connection).project_state(("submissions", "0001_initial")).apps
        then = Submission(form_version=form.live_version, public_reference="MOR-2026-EEEEEE", received_at=RECEIVED_AT)
        digest_hex = proof.digest(proof.proof_document(then, MELDING_DATA, "loket-receipt/1"))
        OldSubmission = old_apps.get_model("submissions", "Submission")
        row = OldSubmission.objects.create(form_version_id=form.live_version.pk)
        for step_key, data in MELDING_DATA.items():
            old_apps.get_model("submissions", "SubmissionStep").objects.create(
                submission=row, step_key=step_key, data=data
            )
        OldSubmission.objects.filter(pk=row.pk).update(
            status="received",
            received_at=RECEIVED_AT,
            public_reference="MOR-2026-EEEEEE",
            receipt_digest=digest_hex,
            receipt_signature=proof.sign(digest_hex),
        )
    finally:
        call_command("migrate", verbosity=0)

    migrated = Submission.objects.get(public_reference="MOR-2026-EEEEEE")
    assert (migrated.receipt_format, migrated.receipt_key_id, bytes(migrated.receipt_document)) == (
        "loket-receipt/1",
        "",
        b"",
    )
    assert checked("MOR-2026-EEEEEE", digest_hex) == "klopt"
