"""Ordered jobs: a kind runs after the kinds it names, for the same submission, without burning attempts."""

import datetime

import pytest
from django.core import checks

from forms_platform.registry import run_checks
from submissions import jobs
from submissions.models import Job, ReceiptFile
from submissions.receipt import pdf

from .test_jobs import Handler, Kind, Status, events, receive, registered, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued(monkeypatch) -> list[list[str]]:
    """The kinds handed to the broker, per call."""
    calls = []
    monkeypatch.setattr(jobs, "_send", lambda rows, countdown=None: calls.append([kind for _, kind in rows]))
    return calls


def job_of(submission, kind: str) -> Job:
    return Job.objects.get(submission=submission, kind=kind)


def test_a_job_waits_for_its_predecessor_without_burning_attempts(
    registry, clock, enqueued, django_capture_on_commit_callbacks
):
    first, second = Handler(jobs.RetryLater("zaaksysteem antwoordt 503")), Handler()
    with registered("first", first), registered("second", second, after=("first",)):
        with django_capture_on_commit_callbacks(execute=True):
            received = receive()
        assert enqueued == [["first"]]  # the second is queued when the first is done, not now

        assert jobs.run(job_of(received, "second").pk) is None  # a message that arrives early anyway
        assert jobs.due_jobs() == [job_of(received, "first").pk]

        with django_capture_on_commit_callbacks(execute=True):
            jobs.run(job_of(received, "first").pk)  # fails, retried in 30 s
        clock.shift(30)
        assert jobs.due_jobs() == [job_of(received, "first").pk]
        with django_capture_on_commit_callbacks(execute=True):
            jobs.run(job_of(received, "first").pk)

        assert enqueued[-1] == ["second"]  # queued on the predecessor's success
        assert (job_of(received, "second").attempts, second.calls) == (0, [])
        assert jobs.run(job_of(received, "second").pk).status == Status.DONE

    assert (job_of(received, "first").attempts, job_of(received, "second").attempts) == (2, 1)
    assert [kind for kind, _ in events(received)] == [Kind.JOB_FAILED]


def test_dependants_run_as_soon_as_their_predecessor_is_done(registry, clock, django_capture_on_commit_callbacks):
    """Eager Celery: completion runs the first kind, whose success runs the ones after it, in order."""
    ran = []
    with (
        registered("pdf_like", lambda submission: ran.append("pdf_like")),
        registered("registration_like", lambda submission: ran.append("registration_like"), after=("pdf_like",)),
        registered("archive_like", lambda submission: ran.append("archive_like"), after=("registration_like",)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        received = receive()

    assert ran == ["pdf_like", "registration_like", "archive_like"]
    assert set(Job.objects.filter(submission=received).values_list("status", flat=True)) == {Status.DONE}


def test_a_dependant_of_a_job_that_gave_up_waits_until_staff_retry_it(
    registry, clock, django_capture_on_commit_callbacks
):
    second = Handler()
    with (
        registered("first", Handler(jobs.GiveUp("zaaktype bestaat niet"))),
        registered("second", second, after=("first",)),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            received = receive()

        gave_up = job_of(received, "first")
        assert gave_up.status == Status.FAILED
        assert events(received) == [
            (
                Kind.JOB_GAVE_UP,
                {
                    "job": "first",
                    "attempt": 1,
                    "error": gave_up.last_error,
                    "retry_in_seconds": None,
                    "waiting": ["second"],  # staff see what waits for the failed job
                },
            )
        ]
        clock.shift(7 * 24 * 3600)
        waiting = job_of(received, "second")
        assert (waiting.status, waiting.attempts, second.calls) == (Status.PENDING, 0, [])
        assert jobs.due_jobs() == [] and jobs.sweep() == 0  # not swept again and again meanwhile

        with django_capture_on_commit_callbacks(execute=True):
            jobs.retry_now(gave_up)  # the admin's action; the first succeeds now, then the second runs

    assert (job_of(received, "first").status, job_of(received, "second").status) == (Status.DONE, Status.DONE)
    assert second.calls == [received.pk]


def test_a_registration_kind_runs_after_the_receipt_pdf(clock, monkeypatch, django_capture_on_commit_callbacks):
    """The API the registrations app uses, against the app's real receipt_pdf kind (under another id:
    the real registration kind applies only to forms with a backend, see tests/registrations/)."""
    monkeypatch.setattr(pdf, "render_pdf", lambda receipt, attachment=None: b"%PDF-1.4\n%%EOF\n")
    found = []
    assert jobs.get_kind("registration").after == ("receipt_pdf",)

    @jobs.job("delivery", after=("receipt_pdf",), event="registration")
    def register(submission):
        found.append(ReceiptFile.objects.filter(submission=submission).exists())

    try:
        assert [message for message in run_checks() if message.id.startswith("submissions.")] == []
        with django_capture_on_commit_callbacks(execute=True):
            received = receive()
    finally:
        jobs.job_kinds.remove("delivery")

    assert found == [True]
    assert job_of(received, "delivery").status == Status.DONE


def test_a_kind_with_a_predecessor_that_does_not_apply_runs_at_once(registry, django_capture_on_commit_callbacks):
    ran = []
    with (
        registered("absent", Handler(), applies=lambda submission: False),
        registered("after_absent", lambda submission: ran.append(submission.pk), after=("absent",)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        received = receive()

    assert ran == [received.pk]


# --- checked when the project starts -------------------------------------------------------------


def test_the_system_check_finds_an_unknown_predecessor(registry):
    with registered("registration", Handler(), after=("receipt_pfd",)):
        [error] = jobs.job_kinds.check()
        assert error.id == "submissions.E101" and error.level == checks.ERROR
        assert "'registration' runs after 'receipt_pfd', which is not a registered job kind" in error.msg
        assert any(message.id == "submissions.E101" for message in checks.run_checks())


def test_the_system_check_finds_a_circle_once(registry):
    with (
        registered("a", Handler(), after=("c",)),
        registered("b", Handler(), after=("a",)),
        registered("c", Handler(), after=("b",)),
        registered("d", Handler(), after=("a",)),
        registered("self", Handler(), after=("self",)),
    ):
        errors = jobs.job_kinds.check()

    assert [(error.id, error.msg) for error in errors] == [
        ("submissions.E102", "job kinds wait for each other in a circle: a -> c -> b -> a"),
        ("submissions.E102", "job kinds wait for each other in a circle: self -> self"),
    ]


def test_after_takes_names_not_a_single_string(registry):
    with pytest.raises(TypeError, match=r"after=\('receipt_pdf',\)"):
        jobs.job("registration", after="receipt_pdf")


def test_the_app_kinds_pass_the_check():
    assert jobs.job_kinds.check() == []
    assert {"receipt_pdf", "receipt_email"} <= set(jobs.job_kinds.ids())


def test_waiting_costs_no_attempt_even_when_the_message_repeats(registry, clock):
    with registered("first", Handler()), registered("second", Handler(), after=("first",)):
        received = receive()
        waiting = job_of(received, "second")
        for _ in range(20):
            assert jobs.run(waiting.pk) is None
            clock.shift(datetime.timedelta(hours=1))
        assert (stored(waiting).attempts, stored(waiting).locked_until) == (0, None)
