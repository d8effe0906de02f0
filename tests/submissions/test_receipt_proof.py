"""Proof of receipt (Wmebv B5, B6): a SHA-256 digest over RFC 8785 JSON, signed by the server, checkable by anyone."""

import copy
import datetime
import hashlib
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine

from submissions import service
from submissions.models import Submission, SubmissionEvent
from submissions.receipt import proof
from tests.definitions import MELDING_DATA
from tests.factories import FormFactory, SubmissionFactory

RECEIVED_AT = datetime.datetime(2026, 2, 20, 22, 59, 59, 123456, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


def receive(data: dict | None = None) -> Submission:
    """A melding completed through the real service, so it carries a real digest and signature."""
    submission = SubmissionFactory(data=copy.deepcopy(MELDING_DATA if data is None else data))
    with time_machine.travel(RECEIVED_AT, tick=False):
        return service.complete_submission(submission, declaration_accepted=True)


def document_of(submission: Submission) -> dict:
    return proof.proof_document(submission, service.saved_data(submission))


def flip(digest_hex: str, position: int) -> str:
    """The digest (or reference) with one character changed."""
    position %= len(digest_hex)
    replacement = "2" if digest_hex[position] != "2" else "3"
    return digest_hex[:position] + replacement + digest_hex[position + 1 :]


@pytest.fixture
def received() -> Submission:
    return receive()


# --- the digest --------------------------------------------------------------------------------


def test_the_stored_digest_is_recomputed_from_the_stored_record(received):
    stored = Submission.objects.select_related("form_version__form").get(pk=received.pk)
    version = stored.form_version

    document = document_of(stored)

    assert document == {
        "format": "loket-receipt/2",
        "form": {"slug": version.form.slug, "version": 1, "definition_sha256": version.digest},
        "reference": stored.public_reference,
        "received_at": "2026-02-20T22:59:59.123456+00:00",
        "answers": MELDING_DATA,
        "attachments": [],
        "authentication": None,
    }
    assert proof.digest(document) == hashlib.sha256(proof.canonical_bytes(document)).hexdigest()
    assert proof.digest(document) == stored.receipt_digest
    assert proof.digest(document_of(stored)) == stored.receipt_digest  # and again: nothing varies between runs
    assert stored.receipt_signature == proof.sign(stored.receipt_digest)
    [event] = SubmissionEvent.objects.filter(submission=stored, kind=SubmissionEvent.Kind.RECEIVED)
    assert event.detail == {"reference": stored.public_reference, "digest": stored.receipt_digest}


def test_the_order_of_keys_and_the_zone_of_the_moment_do_not_matter(received):
    document = document_of(received)
    reordered = {key: document[key] for key in reversed(document)}
    reordered["answers"] = {step: dict(reversed(data.items())) for step, data in reversed(document["answers"].items())}
    received.received_at = received.received_at.astimezone(ZoneInfo("Europe/Amsterdam"))  # same instant

    assert proof.digest(reordered) == received.receipt_digest
    assert proof.digest(document_of(received)) == received.receipt_digest


DOCUMENT_CHANGES = {
    "answer changed": lambda d: d["answers"]["melding"].update(onderwerp="Losse stoeptegels"),
    "answer added": lambda d: d["answers"]["melding"].update(omschrijving=""),
    "answer removed": lambda d: d["answers"]["melding"].pop("onderwerp"),
    "step removed": lambda d: d["answers"].pop("contact"),
    "answer type": lambda d: d["answers"]["melding"].update(onderwerp=["Losse stoeptegel"]),
    "whitespace in an answer": lambda d: d["answers"]["contact"].update(email="melder@example.nl "),
    "reference": lambda d: d.update(reference=flip(d["reference"], -1)),
    "moment": lambda d: d.update(received_at="2026-02-20T22:59:59.123457+00:00"),
    "form version": lambda d: d["form"].update(version=2),
    "definition": lambda d: d["form"].update(definition_sha256=flip(d["form"]["definition_sha256"], 0)),
    "attachment": lambda d: d["attachments"].append({"name": "foto.jpg", "size": 1, "sha256": "0" * 64}),
}


@pytest.mark.parametrize("change", DOCUMENT_CHANGES.values(), ids=DOCUMENT_CHANGES.keys())
def test_any_change_to_what_was_received_changes_the_digest(received, change):
    document = copy.deepcopy(document_of(received))
    change(document)

    assert proof.digest(document) != received.receipt_digest


SUBMISSION_CHANGES = {
    "reference": lambda s: setattr(s, "public_reference", flip(s.public_reference, -1)),
    "moment, one microsecond later": lambda s: setattr(s, "received_at", s.received_at + datetime.timedelta(0, 0, 1)),
    "moment, one hour later (a zone mix-up)": lambda s: setattr(s, "received_at", s.received_at.replace(hour=23)),
}


@pytest.mark.parametrize("change", SUBMISSION_CHANGES.values(), ids=SUBMISSION_CHANGES.keys())
def test_the_document_takes_reference_and_moment_from_the_submission(received, change):
    change(received)  # in memory only: the record itself cannot change

    assert proof.digest(document_of(received)) != received.receipt_digest


# --- RFC 8785 ----------------------------------------------------------------------------------


def test_canonical_bytes_of_the_receipt_are_sorted_and_without_whitespace(received):
    document = document_of(received)

    canonical = proof.canonical_bytes(document)

    assert canonical == json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert canonical.startswith(b'{"answers":{"contact":{"email":"melder@example.nl"},"melding":')
    assert json.loads(canonical) == document


def test_canonical_bytes_follow_the_rfc_8785_examples():
    # RFC 8785 section 3.2.2: numbers in ECMAScript form, minimal string escaping, sorted keys.
    example = json.loads(
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        r' "string": "\u20ac$\u000F\u000aA' + "'" + r'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}'
    )
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        r'"string":"€$\u000f\nA' + "'" + r'B\"\\\\\"/"}'
    )
    assert proof.canonical_bytes(example) == expected.encode()
    # Keys are sorted by UTF-16 code units, not by code points: U+1F600 sorts before U+FB33.
    assert proof.canonical_bytes({"\ufb33": 3, "\U0001f600": 2, "\u20ac": 1}) == (
        '{"\u20ac":1,"\U0001f600":2,"\ufb33":3}'.encode()
    )
    assert proof.canonical_bytes({"bedrag": 12.50, "aantal": 3.0}) == b'{"aantal":3,"bedrag":12.5}'


# --- verify() ----------------------------------------------------------------------------------


def test_the_right_pair_verifies_also_typed_loosely(received):
    reference, digest_hex = received.public_reference, received.receipt_digest

    assert proof.verify(reference, digest_hex)
    assert proof.verify(f"  {reference.lower()}\n", f" {digest_hex.upper()}\t")


WRONG = {
    "first character": lambda ref, dig: (ref, flip(dig, 0)),
    "middle character": lambda ref, dig: (ref, flip(dig, 31)),
    "last character": lambda ref, dig: (ref, flip(dig, 63)),
    "too short": lambda ref, dig: (ref, dig[:-1]),
    "too long": lambda ref, dig: (ref, dig + "0"),
    "half": lambda ref, dig: (ref, dig[:32]),
    "not hex": lambda ref, dig: (ref, "z" * 64),
    "spaces inside": lambda ref, dig: (ref, f"{dig[:32]} {dig[32:]}"),
    "empty digest": lambda ref, dig: (ref, ""),
    "empty reference": lambda ref, dig: ("", dig),
    "blank": lambda ref, dig: ("   ", "   "),
    "unknown reference": lambda ref, dig: ("MOR-2026-ZZZZZZ", dig),
    "reference changed": lambda ref, dig: (flip(ref, -1), dig),
    "sql in reference": lambda ref, dig: ("' OR 1=1 --", dig),
    "digest as reference": lambda ref, dig: (dig, ref),
    "signature instead of digest": lambda ref, dig: (ref, proof.sign(dig)),
}


@pytest.mark.parametrize("wrong", WRONG.values(), ids=WRONG.keys())
def test_a_wrong_pair_does_not_verify(received, wrong):
    assert proof.verify(*wrong(received.public_reference, received.receipt_digest)) is False


def test_the_digest_of_another_submission_does_not_verify(received):
    other = receive({**MELDING_DATA, "melding": {"onderwerp": "Kapotte lantaarnpaal"}})

    assert proof.verify(other.public_reference, other.receipt_digest)
    assert not proof.verify(received.public_reference, other.receipt_digest)
    assert not proof.verify(other.public_reference, received.receipt_digest)


def test_a_submission_that_was_not_received_does_not_verify():
    # An in-progress record carrying a reference and a correctly signed digest, as if copied from a real one.
    submission = SubmissionFactory(data=copy.deepcopy(MELDING_DATA))
    submission.public_reference, submission.received_at = "MOR-2026-BBBBBB", RECEIVED_AT
    digest_hex = proof.digest(document_of(submission))
    Submission.objects.filter(pk=submission.pk).update(
        public_reference=submission.public_reference,
        received_at=RECEIVED_AT,
        receipt_digest=digest_hex,
        receipt_signature=proof.sign(digest_hex),
    )

    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.IN_PROGRESS
    assert not proof.verify("MOR-2026-BBBBBB", digest_hex)


def test_a_digest_signed_with_another_key_does_not_verify(settings):
    server_key = settings.LOKET_RECEIPT_SIGNING_KEY
    settings.LOKET_RECEIPT_SIGNING_KEY = "not the key of this server"
    forged = receive()
    settings.LOKET_RECEIPT_SIGNING_KEY = server_key

    assert forged.receipt_digest == proof.digest(document_of(forged))  # the digest itself is right
    assert not proof.signature_matches(forged.receipt_digest, forged.receipt_signature)
    assert not proof.verify(forged.public_reference, forged.receipt_digest)
    control = receive()
    assert proof.verify(control.public_reference, control.receipt_digest)


@pytest.mark.parametrize(("stored_answers", "verifies"), [(MELDING_DATA, True), ({"melding": {}}, False)])
def test_a_record_that_no_longer_matches_its_signed_digest_does_not_verify(stored_answers, verifies):
    # The record cannot be changed after receipt (triggers), so build one whose stored answers differ
    # from the answers its digest and signature were made over. Without stored proof bytes the
    # document is rebuilt in format 1, as for receipts from before they were stored.
    form = FormFactory(published=True)
    reference = "MOR-2026-CCCCCC"
    signed_for = Submission(form_version=form.live_version, public_reference=reference, received_at=RECEIVED_AT)
    digest_hex = proof.digest(proof.proof_document(signed_for, MELDING_DATA, "loket-receipt/1"))
    SubmissionFactory(
        form=form,
        received=True,
        data=copy.deepcopy(stored_answers),
        public_reference=reference,
        received_at=RECEIVED_AT,
        receipt_digest=digest_hex,
        receipt_signature=proof.sign(digest_hex),
    )

    assert proof.verify(reference, digest_hex) is verifies


def test_a_factory_made_receipt_verifies_like_a_real_one():
    submission = SubmissionFactory(received=True)

    assert proof.verify(submission.public_reference, submission.receipt_digest)


def test_a_received_submission_without_a_digest_never_verifies():
    legacy = SubmissionFactory(received=True, receipt_digest="", receipt_signature="")

    assert legacy.receipt_digest == ""
    assert not proof.verify(legacy.public_reference, "")
    assert not proof.verify(legacy.public_reference, proof.digest(document_of(legacy)))
