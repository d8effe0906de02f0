"""Many citizens send at the same moment: each gets a reference, none an error page.

Real HTTP against the live test server, one thread and one cookie session per citizen,
on whichever database the suite runs on (SQLite as a file, or PostgreSQL). On SQLite a
deferred transaction that reads and then writes is refused at once while another
connection writes ("database is locked"); completion must wait for the lock instead.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from bench.http_citizen import HttpCitizen
from submissions.models import Submission, SubmissionEvent
from tests.flow import BEZWAAR_ANSWERS

pytestmark = pytest.mark.django_db(transaction=True)

CITIZENS = 8


def test_the_test_database_is_shared_by_real_connections():
    # An in-memory SQLite database would be one connection shared by every thread: no concurrency tested.
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def test_citizens_sending_at_the_same_moment_all_get_a_reference(bezwaar, live_server):
    citizens = [HttpCitizen(live_server.url) for _ in range(CITIZENS)]
    everyone_ready = threading.Barrier(CITIZENS, timeout=60)

    def complete(citizen: HttpCitizen) -> str:
        submission = citizen.start("bezwaar")
        citizen.fill(submission, BEZWAAR_ANSWERS)
        everyone_ready.wait()
        return citizen.send(submission)

    with ThreadPoolExecutor(CITIZENS) as pool:
        references = list(pool.map(complete, citizens))

    assert len(set(references)) == CITIZENS
    received = Submission.objects.filter(status=Submission.Status.RECEIVED)
    assert sorted(received.values_list("public_reference", flat=True)) == sorted(references)
    assert SubmissionEvent.objects.filter(kind=SubmissionEvent.Kind.RECEIVED).count() == CITIZENS
