"""The job engine after receipt (Wmebv B7): written with the receipt, leased, retried with backoff, never lost.

Most tests run against an empty registry (``registry``) holding only the kinds they register
with :func:`registered`, so no PDF is rendered and no mail is sent.
"""

import copy
import datetime
import logging

import pytest
from django.utils import timezone

from submissions import jobs, tasks
from submissions import service as submission_service
from submissions.models import Job, Submission, SubmissionEvent
from tests.definitions import MELDING_DATA
from tests.factories import SubmissionFactory

KIND = "test_kind"
Kind = SubmissionEvent.Kind
Status = Job.Status

pytestmark = pytest.mark.django_db


class Handler:
    """Counts its calls; each call raises the next of ``outcomes`` (None: succeeds), then succeeds."""

    def __init__(self, *outcomes: BaseException | None):
        self.outcomes = list(outcomes)
        self.calls: list[int] = []

    def __call__(self, submission: Submission) -> None:
        self.calls.append(submission.pk)
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome


def registered(name: str, handler, **options):
    """Register a job kind for the duration of a block."""
    return jobs.job_kinds.temporarily(name, jobs.JobKind(handler, **options))


def receive() -> Submission:
    submission = SubmissionFactory(data=copy.deepcopy(MELDING_DATA))
    return submission_service.complete_submission(submission, declaration_accepted=True)


def record(submission: Submission) -> tuple:
    """Everything the receipt rests on, as stored."""
    fresh = Submission.objects.get(pk=submission.pk)
    steps = dict(fresh.steps.values_list("step_key", "data"))
    return fresh.status, fresh.received_at, fresh.public_reference, fresh.receipt_digest, fresh.receipt_signature, steps


def events(submission: Submission) -> list[tuple[str, dict]]:
    logged = SubmissionEvent.objects.filter(submission=submission).exclude(kind=Kind.RECEIVED)
    return [(event.kind, event.detail) for event in logged]


def stored(item: Job) -> Job:
    return Job.objects.get(pk=item.pk)


@pytest.fixture
def enqueued(monkeypatch) -> list[tuple[list[int], float | None]]:
    """What would have been handed to the broker: (job ids, countdown) per call."""
    calls = []
    monkeypatch.setattr(jobs, "_send", lambda rows, countdown=None: calls.append(([pk for pk, _ in rows], countdown)))
    return calls


@pytest.fixture
def received(clock, registry) -> Submission:
    return receive()


# --- written with the receipt --------------------------------------------------------------------


def test_completion_writes_one_job_per_kind_and_enqueues_them_only_on_commit(
    enqueued, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(data=copy.deepcopy(MELDING_DATA))
    with (
        registered("extra", Handler()),
        registered("not_for_this_form", Handler(), applies=lambda s: False),
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            received = submission_service.complete_submission(submission, declaration_accepted=True)
        applying = {kind.id for kind in jobs.job_kinds if not kind.keyed and kind.applies(received)}

    written = Job.objects.filter(submission=received)
    assert {"receipt_pdf", "receipt_email", "extra"} <= applying
    assert sorted(written.values_list("kind", flat=True)) == sorted(applying)
    assert {(item.status, item.attempts, item.locked_until) for item in written} == {(Status.PENDING, 0, None)}
    assert enqueued == []  # nothing reaches the broker before the transaction has committed

    for callback in callbacks:
        callback()

    # All but those that wait for another (the registration waits for the receipt PDF).
    waiting = [kind.id for kind in jobs.job_kinds if kind.after]
    assert enqueued == [(sorted(written.exclude(kind__in=waiting).values_list("pk", flat=True)), None)]


def test_receipt_and_jobs_are_one_transaction(enqueued, django_capture_on_commit_callbacks):
    submission = SubmissionFactory(data=copy.deepcopy(MELDING_DATA))

    def broken(submission):
        raise RuntimeError("registry broken")

    with (
        registered("broken", Handler(), applies=broken),
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
    ):
        submission_service.complete_submission(submission, declaration_accepted=True)

    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.IN_PROGRESS
    assert not Job.objects.filter(submission=submission).exists()
    assert not SubmissionEvent.objects.filter(submission=submission).exists()
    assert callbacks == [] and enqueued == []


def test_a_broker_that_is_down_loses_nothing(received, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(tasks.run_job, "apply_async", refuse)
    item = Job.objects.create(submission=received, kind=KIND)

    jobs.enqueue([item.pk])

    assert f"could not enqueue job {item.pk}" in caplog.text
    assert jobs.due_jobs() == [item.pk]  # the sweep will find it


# --- running, retrying, giving up ----------------------------------------------------------------


def test_success_marks_the_job_done(received, clock):
    handler = Handler()
    item = Job.objects.create(submission=received, kind=KIND)
    with registered(KIND, handler):
        ran = jobs.run(item.pk)

    assert handler.calls == [received.pk]
    assert ran.pk == item.pk
    done = stored(item)
    assert (done.status, done.attempts, done.finished_at, done.locked_until, done.last_error) == (
        Status.DONE,
        1,
        timezone.now(),
        None,
        "",
    )
    assert events(received) == []  # a handler records its own result; the engine adds nothing on success


def test_a_temporary_failure_is_retried_after_30_seconds(received, clock, enqueued, django_capture_on_commit_callbacks):
    handler = Handler(jobs.RetryLater("zaaksysteem antwoordt 503"))
    item = Job.objects.create(submission=received, kind=KIND)
    with registered(KIND, handler):
        with django_capture_on_commit_callbacks(execute=True):
            jobs.run(item.pk)

        failed = stored(item)
        assert (failed.status, failed.attempts, failed.locked_until, failed.finished_at) == (
            Status.PENDING,
            1,
            None,
            None,
        )
        assert failed.next_attempt_at == timezone.now() + datetime.timedelta(seconds=30)
        assert failed.last_error == "submissions.jobs.RetryLater: zaaksysteem antwoordt 503"
        assert events(received) == [
            (Kind.JOB_FAILED, {"job": KIND, "attempt": 1, "error": failed.last_error, "retry_in_seconds": 30})
        ]
        assert enqueued == [([item.pk], 30)]  # the retry is handed to the broker with its delay

        assert jobs.run(item.pk) is None  # not due yet
        clock.shift(29)
        assert jobs.run(item.pk) is None and item.pk not in jobs.due_jobs()
        clock.shift(1)
        assert jobs.due_jobs() == [item.pk]
        done = jobs.run(item.pk)

    assert (done.status, done.attempts, done.last_error) == (Status.DONE, 2, "")
    assert len(handler.calls) == 2


def test_an_unexpected_error_is_logged_and_retried(received, clock, caplog):
    item = Job.objects.create(submission=received, kind=KIND)
    with (
        registered(KIND, Handler(ZeroDivisionError("division by zero"))),
        caplog.at_level(logging.WARNING, logger="submissions.jobs"),
    ):
        jobs.run(item.pk)

    failed = stored(item)
    assert (failed.status, failed.attempts, failed.last_error) == (
        Status.PENDING,
        1,
        "ZeroDivisionError: division by zero",
    )
    assert [kind for kind, _ in events(received)] == [Kind.JOB_FAILED]
    assert f"job {item.pk} ({KIND}) attempt 1 failed with ZeroDivisionError; retry in 30 s" in caplog.text
    assert "in __call__" in caplog.text  # where it failed, for the developer


@pytest.mark.parametrize(
    ("failure", "outcome"),
    [
        (jobs.RetryLater("451 jan.jansen@example.nl greylisted"), "retry in 30 s"),
        (jobs.GiveUp("550 jan.jansen@example.nl unknown"), "gave up, needs attention"),
        (KeyError("jan.jansen@example.nl"), "retry in 30 s"),
    ],
)
def test_every_failed_attempt_is_logged_as_a_warning_without_its_message(received, clock, caplog, failure, outcome):
    """Job, kind, attempt and the error's class: enough to act on; messages may hold personal data."""
    item = Job.objects.create(submission=received, kind=KIND)
    with registered(KIND, Handler(failure)), caplog.at_level(logging.WARNING, logger="submissions.jobs"):
        jobs.run(item.pk)

    [first, *_] = [record for record in caplog.records if record.name == "submissions.jobs"]
    assert first.levelno == logging.WARNING
    assert first.getMessage() == f"job {item.pk} ({KIND}) attempt 1 failed with {type(failure).__name__}; {outcome}"
    assert "jan.jansen" not in caplog.text and "example.nl" not in caplog.text
    assert "jan.jansen@example.nl" in stored(item).last_error  # staff still see it, in the admin


def test_give_up_fails_the_job_for_staff_at_once(received, clock, enqueued, django_capture_on_commit_callbacks):
    item = Job.objects.create(submission=received, kind=KIND)
    with (
        registered(KIND, Handler(jobs.GiveUp("adres bestaat niet"))),
        django_capture_on_commit_callbacks(execute=True),
    ):
        jobs.run(item.pk)

    failed = stored(item)
    assert (failed.status, failed.attempts, failed.finished_at) == (Status.FAILED, 1, timezone.now())
    assert events(received) == [
        (Kind.JOB_GAVE_UP, {"job": KIND, "attempt": 1, "error": failed.last_error, "retry_in_seconds": None})
    ]
    assert "adres bestaat niet" in failed.last_error
    assert enqueued == []
    clock.shift(24 * 3600)
    assert jobs.run(item.pk) is None and jobs.due_jobs() == []


def test_the_attempts_of_a_kind_are_limited(received, clock):
    item = Job.objects.create(submission=received, kind=KIND)
    with registered(KIND, Handler(*[jobs.RetryLater("nog niet")] * 5), max_attempts=2):
        jobs.run(item.pk)
        clock.shift(30)
        jobs.run(item.pk)

    assert (stored(item).status, stored(item).attempts) == (Status.FAILED, 2)
    assert [(kind, detail["attempt"]) for kind, detail in events(received)] == [
        (Kind.JOB_FAILED, 1),
        (Kind.JOB_GAVE_UP, 2),
    ]


def test_retries_back_off_and_stop_after_the_default_number_of_attempts(received, clock):
    item = Job.objects.create(submission=received, kind=KIND)
    with registered(KIND, Handler(*[jobs.RetryLater("nog niet")] * 20)):
        while (current := stored(item)).status == Status.PENDING:
            clock.move_to(current.next_attempt_at)
            assert jobs.run(item.pk) is not None

    delays = [detail["retry_in_seconds"] for _, detail in events(received)]
    assert len(jobs.BACKOFF_SECONDS) == 8
    assert delays == [30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, None]
    assert stored(item).attempts == 8


def test_an_unknown_kind_gives_up(received, clock):
    item = Job.objects.create(submission=received, kind="bestaat_niet")

    jobs.run(item.pk)

    failed = stored(item)
    assert (failed.status, failed.attempts) == (Status.FAILED, 1)
    assert "no handler registered for job kind 'bestaat_niet'" in failed.last_error
    assert [kind for kind, _ in events(received)] == [Kind.JOB_GAVE_UP]


def test_a_missing_job_is_skipped(received):
    assert jobs.run(987654321) is None


# --- never twice ---------------------------------------------------------------------------------


def test_a_job_runs_once_when_its_message_arrives_twice(received, clock):
    item = Job.objects.create(submission=received, kind=KIND)
    handler = Handler()
    second_worker: list = []

    def while_running(submission):
        handler(submission)
        second_worker.append(jobs.run(item.pk))  # the same message, delivered to another worker meanwhile

    with registered(KIND, while_running):
        jobs.run(item.pk)
        again = jobs.run(item.pk)

    assert second_worker == [None]
    assert again is None
    assert handler.calls == [received.pk]
    assert stored(item).status == Status.DONE


def test_a_leased_job_waits_until_the_lease_expires(received, clock):
    item = Job.objects.create(submission=received, kind=KIND)
    handler = Handler()
    # As a claim leaves it: attempt 1 counted, leased for a while.
    Job.objects.filter(pk=item.pk).update(attempts=1, locked_until=timezone.now() + datetime.timedelta(minutes=1))

    with registered(KIND, handler):
        assert jobs.run(item.pk) is None
        assert jobs.due_jobs() == [] and jobs.sweep() == 0
        clock.shift(61)
        assert jobs.due_jobs() == [item.pk]

    assert handler.calls == []


def test_the_sweep_picks_up_the_job_of_a_worker_that_died_within_a_minute(received, clock, caplog):
    """Eager Celery (test settings) runs what the sweep enqueues right away."""
    item = Job.objects.create(submission=received, kind=KIND)
    handler = Handler(SystemExit("worker killed"))  # not an Exception: the engine cannot record anything

    with registered(KIND, handler):
        with pytest.raises(SystemExit):
            jobs.run(item.pk)
        crashed = stored(item)
        assert (crashed.status, crashed.attempts, crashed.locked_until) == (
            Status.PENDING,
            1,
            timezone.now() + jobs.LEASE,
        )
        assert datetime.timedelta(minutes=1) >= jobs.LEASE
        assert jobs.sweep() == 0  # the lease still holds

        clock.shift(jobs.LEASE + datetime.timedelta(seconds=1))
        with caplog.at_level(logging.WARNING, logger="submissions.jobs"):
            assert jobs.sweep() == 1  # the attempt is recorded as interrupted, and the job runs again at once

        assert f"job {item.pk} ({KIND}) attempt 1 failed with Interrupted; retry in 0 s" in caplog.text

    assert handler.calls == [received.pk, received.pk]
    assert (stored(item).status, stored(item).attempts) == (Status.DONE, 2)
    assert events(received) == [
        (
            Kind.JOB_FAILED,
            {
                "job": KIND,
                "attempt": 1,
                "error": "submissions.jobs.Interrupted: attempt 1 did not finish: its worker stopped",
                "retry_in_seconds": 0,
            },
        )
    ]
    assert jobs.sweep() == 0


def test_a_job_that_kills_its_worker_every_time_gives_up(received, clock):
    item = Job.objects.create(submission=received, kind=KIND)
    with registered(KIND, Handler(*[SystemExit("out of memory")] * 5), max_attempts=2):
        with pytest.raises(SystemExit):
            jobs.run(item.pk)  # attempt 1 takes its worker down
        clock.move_to(stored(item).locked_until + datetime.timedelta(seconds=1))
        with pytest.raises(SystemExit):
            jobs.run(item.pk)  # attempt 1 recorded as interrupted; attempt 2 takes this worker down
        clock.move_to(stored(item).locked_until + datetime.timedelta(seconds=1))
        assert jobs.run(item.pk).status == Status.FAILED  # attempt 2 was the last

    assert (stored(item).status, stored(item).attempts) == (Status.FAILED, 2)
    assert [(kind, detail["attempt"]) for kind, detail in events(received)] == [
        (Kind.JOB_FAILED, 1),
        (Kind.JOB_GAVE_UP, 2),
    ]


def test_a_done_job_is_never_run_again(received, clock):
    item = Job.objects.create(submission=received, kind=KIND)
    handler = Handler()
    with registered(KIND, handler):
        jobs.run(item.pk)
        Job.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(days=1))
        clock.shift(24 * 3600)

        assert jobs.run(item.pk) is None
        assert jobs.due_jobs() == [] and jobs.sweep() == 0

    assert handler.calls == [received.pk]


def test_retry_now_gives_a_failed_job_a_fresh_start(received, clock, enqueued, django_capture_on_commit_callbacks):
    item = Job.objects.create(submission=received, kind=KIND)
    with registered(KIND, Handler(jobs.GiveUp("kapot"))):
        jobs.run(item.pk)
        clock.shift(3600)
        assert stored(item).status == Status.FAILED

        with django_capture_on_commit_callbacks(execute=True):
            jobs.retry_now(stored(item))

        again = stored(item)
        assert (again.status, again.attempts, again.next_attempt_at, again.locked_until, again.finished_at) == (
            Status.PENDING,
            0,
            timezone.now(),
            None,
            None,
        )
        assert enqueued == [([item.pk], None)]
        done = jobs.run(item.pk)

    assert (done.status, done.attempts, done.last_error) == (Status.DONE, 1, "")


# --- the registry --------------------------------------------------------------------------------


def test_a_kind_is_registered_once_and_temporarily(registry):
    with pytest.raises(RuntimeError), registered(KIND, Handler()):
        assert jobs.get_kind(KIND).max_attempts == len(jobs.BACKOFF_SECONDS)
        with pytest.raises(ValueError, match="registered twice"):
            jobs.job(KIND)(Handler())
        raise RuntimeError("the block fails")

    with pytest.raises(LookupError):
        jobs.get_kind(KIND)


def test_a_keyed_kind_gets_one_job_per_key_written_when_the_work_arises(received, django_capture_on_commit_callbacks):
    done = []
    with jobs.job_kinds.temporarily("per_key", jobs.JobKind(lambda submission, key: done.append(key), keyed=True)):
        assert not Job.objects.filter(kind="per_key").exists()  # nothing at completion
        with django_capture_on_commit_callbacks(execute=True):
            first = jobs.add_job(received.pk, "per_key", "a")
            assert jobs.add_job(received.pk, "per_key", "a") is None  # the same key again: no second job
            second = jobs.add_job(received.pk, "per_key", "b")
        assert {first.pk, second.pk} == set(Job.objects.filter(kind="per_key").values_list("pk", flat=True))
        for item in (first, second):
            jobs.run(item.pk)

    assert sorted(done) == ["a", "b"]
    with jobs.job_kinds.temporarily(KIND, jobs.JobKind(lambda submission: None)), pytest.raises(ValueError):
        jobs.add_job(received.pk, KIND, "a")  # a kind that runs once per submission has no keys
    with pytest.raises(TypeError, match="cannot wait"):
        jobs.job("never", keyed=True, after=("receipt_pdf",))
