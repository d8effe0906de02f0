"""After registration the BSNs go (a keyed hash stays), the receipt still verifies; the database keeps the pairs."""

import json

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from registrations.models import FormRegistration
from submissions import authentication
from submissions.models import Submission
from submissions.receipt import proof
from tests.definitions import MELDING_DATA
from tests.factories import FormFactory, SubmissionFactory
from tests.flow import BEZWAAR_ANSWERS, confirmation_url, fill, start, submit
from tests.registrations.conftest import run_due_jobs

from .conftest import GEMACHTIGDE, MACHTIGINGGEVER, digid, machtigen

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(citizen, bezwaar_login, private_media, django_capture_on_commit_callbacks, settings) -> Submission:
    """A bezwaar sent by a gemachtigde, registered by e-mail by the worker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    FormRegistration.objects.create(form=bezwaar_login, backend="email", options={"to": "bezwaar@example.nl"})
    machtigen(citizen)
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    with django_capture_on_commit_callbacks(execute=False):
        assert submit(citizen, submission).status_code == 302
    return Submission.objects.get(pk=submission.pk)


def stored(submission: Submission) -> dict:
    return Submission.objects.values_list("auth_context", flat=True).get(pk=submission.pk)


def test_registration_replaces_the_bsns_by_a_keyed_hash_and_the_receipt_still_verifies(citizen, received):
    assert stored(received)["representee"]["identifier"] == MACHTIGINGGEVER  # what registration needs, until then
    run_due_jobs()

    context = stored(received)
    assert context["pseudonymised"] is True
    assert MACHTIGINGGEVER not in json.dumps(context) and GEMACHTIGDE not in json.dumps(context)
    assert context["representee"]["identifierType"] == "bsn"
    assert context["mandate"] == received.auth_context["mandate"]
    assert proof.verify(received.public_reference, received.receipt_digest)
    # The owner can still read the receipt: their login hashes to the same value.
    page = citizen.get(confirmation_url(received)).content.decode()
    assert "<dt>Ingediend door</dt><dd>(afgeschermd) namens (afgeschermd)</dd>" in page


def test_after_pseudonymising_only_the_same_person_still_reaches_the_receipt(client, received):
    run_due_jobs()
    digid(client, bsn=GEMACHTIGDE)
    assert client.get(confirmation_url(received)).status_code == 404
    client.logout()
    machtigen(client)
    assert client.get(confirmation_url(received)).status_code == 200


def test_a_received_row_allows_exactly_this_change_once(received):
    assert authentication.pseudonymise(received.pk) is True
    assert authentication.pseudonymise(received.pk) is False  # once
    hashed = stored(received)

    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=received.pk).update(auth_context={**hashed, "levelOfAssurance": "x"})
    with pytest.raises(IntegrityError), transaction.atomic():  # back to the clear BSNs
        Submission.objects.filter(pk=received.pk).update(auth_context=received.auth_context)
    with pytest.raises(IntegrityError), transaction.atomic():  # anything else along with it
        Submission.objects.filter(pk=received.pk).update(language="en")


def test_pseudonymising_cannot_smuggle_another_change_into_a_received_row(received):
    fake = authentication.machtigen_service.pseudonymise(received.auth_context)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=received.pk).update(auth_context=fake, public_reference="X-1")
    assert stored(received) == received.auth_context


BAD_CONTEXTS = {
    "mandate without representee": {
        "source": "digid",
        "levelOfAssurance": "x",
        "authorizee": {"legalSubject": {"identifierType": "bsn", "identifier": GEMACHTIGDE}},
        "mandate": {},
    },
    "representee without mandate": {
        "source": "digid",
        "levelOfAssurance": "x",
        "representee": {"identifierType": "bsn", "identifier": MACHTIGINGGEVER},
        "authorizee": {"legalSubject": {"identifierType": "bsn", "identifier": GEMACHTIGDE}},
    },
    "identifier type without value": {
        "source": "digid",
        "levelOfAssurance": "x",
        "authorizee": {"legalSubject": {"identifierType": "bsn"}},
    },
    "representee value without type": {
        "source": "digid",
        "levelOfAssurance": "x",
        "representee": {"identifier": MACHTIGINGGEVER},
        "authorizee": {"legalSubject": {"identifierType": "bsn", "identifier": GEMACHTIGDE}},
        "mandate": {},
    },
}


@pytest.mark.parametrize("bad", BAD_CONTEXTS.values(), ids=BAD_CONTEXTS.keys())
def test_the_database_keeps_the_pairs_together(bad):
    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionFactory(auth_context=bad)


def test_the_examples_and_anonymous_fit_the_constraints():
    SubmissionFactory(auth_context=None)
    SubmissionFactory(
        auth_context={
            "source": "digid",
            "levelOfAssurance": "x",
            "representee": {"identifierType": "bsn", "identifier": MACHTIGINGGEVER},
            "authorizee": {"legalSubject": {"identifierType": "bsn", "identifier": GEMACHTIGDE}},
            "mandate": {},
        }
    )


def test_an_old_format_1_receipt_still_verifies():
    form = FormFactory(published=True)
    at = timezone.now()
    signed_for = Submission(form_version=form.live_version, public_reference="MOR-2026-OLDAAA", received_at=at)
    digest_hex = proof.digest(proof.proof_document(signed_for, MELDING_DATA, "loket-receipt/1"))
    old = SubmissionFactory(
        form=form,
        received=True,
        public_reference="MOR-2026-OLDAAA",
        received_at=at,
        receipt_digest=digest_hex,
        receipt_signature=proof.sign(digest_hex),
        receipt_format="loket-receipt/1",
    )
    assert proof.verify(old.public_reference, digest_hex)
    assert b"authentication" not in proof.stored_document(old)


def test_the_current_format_carries_the_authentication_context():
    context = {
        "source": "digid",
        "levelOfAssurance": "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
        "authorizee": {"legalSubject": {"identifierType": "bsn", "identifier": MACHTIGINGGEVER}},
    }
    submission = SubmissionFactory(received=True, auth_context=context)
    assert json.loads(proof.stored_document(submission))["authentication"] == context
    assert proof.verify(submission.public_reference, submission.receipt_digest)


def test_case_handlers_see_who_submitted_masked(received, admin_user):
    from django.urls import reverse

    from tests.staff import staff_client

    url = reverse("admin:submissions_submission_change", args=[received.pk])
    page = staff_client(admin_user).get(url).content.decode()
    assert "BSN ******224 namens BSN ******607 (DigiD Machtigen, DigiD midden)" in page  # the admin speaks Dutch
    assert MACHTIGINGGEVER not in page and GEMACHTIGDE not in page
