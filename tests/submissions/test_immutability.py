"""A received submission is a record: the model, the service, the views and the database all refuse changes."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from submissions import service
from submissions.models import Submission, SubmissionEvent, SubmissionLocked, SubmissionStep
from tests.definitions import MELDING_DATA
from tests.factories import SubmissionFactory
from tests.flow import confirmation_url, overview_url, start, step_url, submit


def refused_by_database():
    """Expect the database to refuse; the savepoint keeps the test's transaction usable (PostgreSQL)."""
    return pytest.raises(DatabaseError, match="a received submission cannot be changed")


@pytest.fixture
def received(db) -> Submission:
    return SubmissionFactory(received=True)


def stored(submission: Submission) -> tuple:
    fresh = Submission.objects.get(pk=submission.pk)
    steps = dict(fresh.steps.values_list("step_key", "data"))
    return fresh.status, fresh.received_at, fresh.public_reference, fresh.declaration_accepted, steps


def test_save_is_refused_by_the_model(received):
    before = stored(received)
    received.public_reference = "MOR-2026-ANDERS"

    with pytest.raises(SubmissionLocked, match="is received and cannot be changed"):
        received.save()

    assert stored(received) == before


def test_save_is_refused_on_an_instance_loaded_from_the_database(received):
    loaded = Submission.objects.get(pk=received.pk)
    loaded.status = Submission.Status.IN_PROGRESS

    with pytest.raises(SubmissionLocked):
        loaded.save()


def test_an_in_progress_submission_can_be_saved(db):
    submission = SubmissionFactory()
    submission.language = "en"

    submission.save()

    assert Submission.objects.get(pk=submission.pk).language == "en"


@pytest.mark.parametrize(
    "change",
    [
        {"status": Submission.Status.IN_PROGRESS},
        {"received_at": timezone.now()},
        {"public_reference": "MOR-2026-ANDERS"},
        {"declaration_accepted": False},
        {"language": "en"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_queryset_update_is_refused_by_the_database(received, change):
    before = stored(received)

    with refused_by_database(), transaction.atomic():
        Submission.objects.filter(pk=received.pk).update(**change)

    assert stored(received) == before


def test_raw_sql_update_is_refused_by_the_database(received):
    with refused_by_database(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE submissions_submission SET received_at = NULL WHERE id = %s", [received.pk])


def test_adding_a_step_is_refused_by_the_database(received):
    with refused_by_database(), transaction.atomic():
        SubmissionStep.objects.create(submission=received, step_key="extra", data={"x": 1})

    assert received.steps.count() == 2


def test_changing_a_step_is_refused_by_the_database(received):
    before = stored(received)

    with refused_by_database(), transaction.atomic():
        received.steps.filter(step_key="melding").update(data={"onderwerp": "Iets anders"})
    step = received.steps.get(step_key="contact")
    step.data = {"email": "ander@example.nl"}
    with refused_by_database(), transaction.atomic():
        step.save()

    assert stored(received) == before


def test_a_step_cannot_be_moved_out_of_a_received_submission(received):
    other = SubmissionFactory(form=None, form_version=received.form_version)

    with refused_by_database(), transaction.atomic():
        received.steps.filter(step_key="melding").update(submission=other)

    assert received.steps.count() == 2


def test_a_step_cannot_be_moved_into_a_received_submission(received):
    other = SubmissionFactory(form=None, form_version=received.form_version, data={"extra": {"x": 1}})

    with refused_by_database(), transaction.atomic():
        other.steps.update(submission=received)

    assert received.steps.count() == 2


def delete_row(table: str, row_id: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [row_id])  # noqa: S608 (table names from this module)


def test_deleting_a_single_step_with_raw_sql_is_refused_by_the_database(received):
    step = received.steps.get(step_key="melding")

    with refused_by_database():
        delete_row("submissions_submissionstep", step.pk)

    assert received.steps.count() == 2


def test_deleting_a_single_event_with_raw_sql_is_refused_by_the_database(received):
    event = SubmissionEvent.objects.create(submission=received, kind=SubmissionEvent.Kind.PDF_GENERATED)

    with pytest.raises(DatabaseError, match="submission events cannot be deleted"):
        delete_row("submissions_submissionevent", event.pk)
    with pytest.raises(DatabaseError, match="submission events cannot be deleted"), transaction.atomic():
        received.events.all().delete()

    assert received.events.filter(pk=event.pk).exists()


def test_a_step_of_a_submission_in_progress_can_be_deleted(db):
    submission = SubmissionFactory(data=MELDING_DATA)

    delete_row("submissions_submissionstep", submission.steps.get(step_key="contact").pk)

    assert list(submission.steps.values_list("step_key", flat=True)) == ["melding"]


def test_the_whole_submission_can_be_deleted_with_raw_sql_its_row_first(received):
    SubmissionEvent.objects.create(submission=received, kind=SubmissionEvent.Kind.PDF_GENERATED)

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM submissions_submission WHERE id = %s", [received.pk])
        for table in ("submissions_submissionstep", "submissions_submissionevent", "submissions_job"):
            cursor.execute(f"DELETE FROM {table} WHERE submission_id = %s", [received.pk])  # noqa: S608

    assert not Submission.objects.exists()
    assert not SubmissionStep.objects.exists()
    assert not SubmissionEvent.objects.exists()


def test_a_received_submission_can_still_be_deleted_for_retention(received):
    SubmissionEvent.objects.create(submission=received, kind=SubmissionEvent.Kind.PDF_GENERATED)
    other = SubmissionFactory(data=MELDING_DATA)

    assert received.delete() == (
        4,
        {"submissions.SubmissionStep": 2, "submissions.SubmissionEvent": 1, "submissions.Submission": 1},
    )

    assert list(Submission.objects.all()) == [other]
    assert not SubmissionStep.objects.filter(submission_id__isnull=True).exists()
    assert not SubmissionEvent.objects.exists()
    assert other.steps.count() == 2


def test_received_submissions_can_be_deleted_as_a_queryset(received):
    SubmissionFactory(received=True)

    Submission.objects.filter(status=Submission.Status.RECEIVED).delete()

    assert not Submission.objects.exists()
    assert not SubmissionStep.objects.exists()


def test_completing_twice_is_refused(db):
    submission = SubmissionFactory(data=MELDING_DATA)
    done = service.complete_submission(submission, declaration_accepted=False)

    with pytest.raises(SubmissionLocked):
        service.complete_submission(submission, declaration_accepted=True)

    assert stored(submission)[:4] == (Submission.Status.RECEIVED, done.received_at, done.public_reference, False)


def test_submit_step_refuses_a_received_submission(received):
    step = received.form_version.spec.step("melding")

    with pytest.raises(SubmissionLocked):
        service.submit_step(received, step, {"onderwerp": "Iets anders"})


def test_completion_revalidates_the_saved_steps(db):
    submission = SubmissionFactory(data={**MELDING_DATA, "contact": {"email": "geen e-mail"}})

    with pytest.raises(service.IncompleteSubmission) as caught:
        service.complete_submission(submission, declaration_accepted=True)

    assert caught.value.step.key == "contact"
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.IN_PROGRESS


def test_posting_a_step_after_receipt_goes_to_the_confirmation_and_changes_nothing(vraag, citizen):
    submission = start(citizen, "vraag-of-bericht")
    citizen.post(step_url(submission, "bericht"), {"onderwerp": "Vraag", "bericht": "Origineel"})
    citizen.post(step_url(submission, "contact"), {"naam": "Jan", "email": "jan@example.nl", "antwoord": "post"})
    submit(citizen, submission)
    before = stored(submission)

    response = citizen.post(step_url(submission, "bericht"), {"onderwerp": "Vraag", "bericht": "Gewijzigd"})

    assert (response.status_code, response.url) == (302, confirmation_url(submission))
    assert citizen.get(step_url(submission, "contact")).url == confirmation_url(submission)
    assert stored(submission) == before


def test_submitting_the_overview_again_changes_nothing(vraag, citizen):
    submission = start(citizen, "vraag-of-bericht")
    citizen.post(step_url(submission, "bericht"), {"onderwerp": "Vraag", "bericht": "Origineel"})
    citizen.post(step_url(submission, "contact"), {"naam": "Jan", "email": "jan@example.nl", "antwoord": "post"})
    submit(citizen, submission)
    before = stored(submission)

    response = submit(citizen, submission)

    assert response.url == confirmation_url(submission)
    assert citizen.get(overview_url(submission)).url == confirmation_url(submission)
    assert stored(submission) == before


@pytest.mark.django_db(transaction=True)
def test_flush_empties_every_table_and_keeps_the_guards():
    received = SubmissionFactory(received=True)
    SubmissionEvent.objects.create(submission=received, kind=SubmissionEvent.Kind.PDF_GENERATED)

    call_command("flush", interactive=False, verbosity=0)

    assert not Submission.objects.exists() and not SubmissionEvent.objects.exists()
    received = SubmissionFactory(received=True)
    with refused_by_database():
        delete_row("submissions_submissionstep", received.steps.first().pk)
