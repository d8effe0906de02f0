"""A form opens and closes by itself (its window) and stops at its maximum of sent submissions."""

import datetime

import pytest
from django.utils import timezone

from submissions.models import Submission
from tests.flow import BEZWAAR_ANSWERS, fill, start, start_url, submit

HOUR = datetime.timedelta(hours=1)


def refused(client) -> bool:
    before = Submission.objects.count()
    posted = client.post(start_url("bezwaar"))
    return posted.status_code == 404 and Submission.objects.count() == before


@pytest.mark.parametrize(
    ("opens", "closes", "open_now"),
    [(-1, None, True), (1, None, False), (None, 1, True), (None, -1, False), (-2, -1, False), (-1, 1, True)],
)
def test_the_window_decides_whether_a_form_starts_and_is_listed(citizen, bezwaar, opens, closes, open_now):
    now = timezone.now()
    bezwaar.available_from = now + opens * HOUR if opens is not None else None
    bezwaar.available_until = now + closes * HOUR if closes is not None else None
    bezwaar.save()

    listed = "/formulieren/bezwaar/" in citizen.get("/").content.decode()

    assert listed is open_now
    assert refused(citizen) is not open_now


def test_a_form_stops_at_its_maximum_but_started_ones_may_still_be_sent(citizen, other_citizen, bezwaar):
    bezwaar.max_submissions = 1
    bezwaar.save()
    first = start(citizen, "bezwaar")
    second = start(other_citizen, "bezwaar")  # nothing sent yet: still open
    fill(citizen, first, BEZWAAR_ANSWERS)
    submit(citizen, first)

    assert refused(citizen)

    fill(other_citizen, second, BEZWAAR_ANSWERS)
    assert submit(other_citizen, second).status_code == 302
    second.refresh_from_db()
    assert second.status == Submission.Status.RECEIVED


def test_the_end_must_follow_the_start(bezwaar):
    from django.core.exceptions import ValidationError

    bezwaar.available_from = timezone.now()
    bezwaar.available_until = bezwaar.available_from - HOUR
    with pytest.raises(ValidationError, match="after the start"):
        bezwaar.full_clean()
