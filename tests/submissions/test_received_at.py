"""The moment of receipt: set once, server-side, at the final submit; stored in UTC to the microsecond."""

import datetime
import re

import pytest
import time_machine

from submissions import service
from submissions.models import Submission, SubmissionLocked
from tests.definitions import MELDING_DATA
from tests.factories import SubmissionFactory
from tests.flow import VRAAG_ANSWERS, confirmation_url, fill, start, submit
from tests.html import page

UTC = datetime.UTC


def received_on_screen(client, submission) -> tuple[str, str]:
    time = page(client.get(confirmation_url(submission))).find("dl", class_="loket-receipt").find("time")
    return time.text, time["datetime"]


@pytest.mark.parametrize(
    ("moment", "shown", "machine_readable"),
    [
        (
            datetime.datetime(2026, 2, 20, 22, 59, 59, 123456, tzinfo=UTC),
            "20-02-2026 23:59:59 (CET)",
            "2026-02-20T23:59:59.123456+01:00",
        ),
        (
            datetime.datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),
            "29-03-2026 03:00:00 (CEST)",
            "2026-03-29T03:00:00+02:00",
        ),
        (
            datetime.datetime(2026, 10, 25, 0, 59, 59, 999999, tzinfo=UTC),
            "25-10-2026 02:59:59 (CEST)",
            "2026-10-25T02:59:59.999999+02:00",
        ),
        (
            datetime.datetime(2026, 10, 25, 1, 0, 0, tzinfo=UTC),
            "25-10-2026 02:00:00 (CET)",
            "2026-10-25T02:00:00+01:00",
        ),
    ],
    ids=["winter", "summer-time-starts", "last-second-of-summer-time", "winter-time-starts"],
)
def test_moment_of_receipt_is_stored_exactly_and_shown_in_amsterdam_time(
    vraag, citizen, moment, shown, machine_readable
):
    # The whole visit happens at that moment, so the session is valid whatever today's date is.
    with time_machine.travel(moment, tick=False):
        submission = start(citizen, "vraag-of-bericht")
        fill(citizen, submission, VRAAG_ANSWERS)
        submit(citizen, submission)
        on_screen = received_on_screen(citizen, submission)

    submission.refresh_from_db()
    assert submission.received_at == moment
    assert submission.received_at.utcoffset() == datetime.timedelta(0)
    assert submission.received_at.microsecond == moment.microsecond
    assert on_screen == (shown, machine_readable)


def test_reference_carries_the_year_of_receipt_in_amsterdam(vraag, citizen):
    # 23:30 UTC on New Year's Eve is already the next year in the Netherlands.
    with time_machine.travel(datetime.datetime(2025, 12, 31, 23, 30, tzinfo=UTC), tick=False):
        submission = start(citizen, "vraag-of-bericht")
        fill(citizen, submission, VRAAG_ANSWERS)
        submit(citizen, submission)
        on_screen = received_on_screen(citizen, submission)

    submission.refresh_from_db()
    assert re.match(r"^VRB-2026-", submission.public_reference)
    assert on_screen[0] == "01-01-2026 00:30:00 (CET)"


def test_moment_of_receipt_is_set_once(vraag, citizen):
    first = datetime.datetime(2026, 2, 20, 9, 15, 0, 500000, tzinfo=UTC)
    with time_machine.travel(first, tick=False):
        submission = start(citizen, "vraag-of-bericht")
        fill(citizen, submission, VRAAG_ANSWERS)
        submit(citizen, submission)

    # Later, still within the session's idle timeout, the same citizen submits again.
    with time_machine.travel(first + datetime.timedelta(minutes=90), tick=False):
        again = submit(citizen, submission)
        shown = received_on_screen(citizen, submission)

    assert again.url == confirmation_url(submission)
    assert Submission.objects.get(pk=submission.pk).received_at == first
    assert shown[0] == "20-02-2026 10:15:00 (CET)"


def test_saving_steps_does_not_set_the_moment_of_receipt(vraag, citizen):
    submission = start(citizen, "vraag-of-bericht")

    fill(citizen, submission, VRAAG_ANSWERS)

    assert Submission.objects.get(pk=submission.pk).received_at is None


def test_completion_through_the_service_uses_the_clock_at_that_moment(db):
    submission = SubmissionFactory(data=MELDING_DATA)
    moment = datetime.datetime(2026, 6, 1, 12, 0, 0, 1, tzinfo=UTC)

    with time_machine.travel(moment, tick=False):
        done = service.complete_submission(submission, declaration_accepted=False)

    assert done.received_at == moment
    with time_machine.travel(moment + datetime.timedelta(hours=1), tick=False), pytest.raises(SubmissionLocked):
        service.complete_submission(done, declaration_accepted=False)
    assert Submission.objects.get(pk=submission.pk).received_at == moment
