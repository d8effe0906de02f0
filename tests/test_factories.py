from submissions.models import Submission

from .factories import FormFactory, SubmissionFactory


def test_published_trait_publishes_the_draft(db):
    form = FormFactory(published=True)

    assert form.live_version.number == 1
    assert form.live_version.definition == form.draft
    assert FormFactory().live_version is None


def test_received_trait_gives_a_received_submission_with_its_steps(db):
    submission = SubmissionFactory(received=True)

    assert submission.status == Submission.Status.RECEIVED
    assert submission.received_at is not None
    assert submission.public_reference.startswith("MOR-")
    assert set(submission.steps.values_list("step_key", flat=True)) == {"melding", "contact"}
    assert SubmissionFactory().status == Submission.Status.IN_PROGRESS
