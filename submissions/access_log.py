"""Who looked at which submission: every staff view is a line in the submission's event log.

Archiefwet and AVG ask who saw a citizen's answers. The event log is append-only (database
triggers refuse updates); inserting stays allowed, also for received submissions.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser

from .models import Submission, SubmissionEvent


def record_staff_view(submissions: Iterable[Submission], user: AbstractBaseUser, view: str) -> None:
    """Record that ``user`` saw each of ``submissions`` through ``view`` (e.g. "admin", "afschrift")."""
    SubmissionEvent.objects.bulk_create(
        SubmissionEvent(
            submission=submission,
            kind=SubmissionEvent.Kind.VIEWED_BY_STAFF,
            detail={"user": user.get_username(), "user_id": user.pk, "view": view},
        )
        for submission in submissions
    )
