"""Job kinds: what runs after receipt, registered by id on the plugin registry (``@job``).

The engine that runs them is :mod:`submissions.jobs`, which offers these names too.
A kind may wait for other kinds of the same submission (``after=``); a system
check refuses a name that does not exist and kinds that wait for each other in
a circle.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core import checks

from forms_platform.registry import Registry

from .models import Submission

__all__ = ["BACKOFF_SECONDS", "DEFAULT_QUEUE", "MAIL_QUEUE", "JobKind", "get_kind", "job", "job_kinds"]

BACKOFF_SECONDS = (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)

DEFAULT_QUEUE = "celery"
MAIL_QUEUE = "mail"
"""Mail has its own queue: a hanging SMTP server must not hold up receipt PDFs or registrations."""


def _always(submission: Submission) -> bool:
    return True


@dataclass
class JobKind:
    """What to do after receipt, and how: registered on :data:`job_kinds` by id."""

    handler: Callable[[Submission], object]
    max_attempts: int = len(BACKOFF_SECONDS)
    applies: Callable[[Submission], bool] = _always
    event: str = "job"
    """Prefix of the failure events in the submission's history: ``email`` gives ``email_failed``."""
    after: tuple[str, ...] = ()
    """Kinds whose job (for the same submission) must be done before this one runs."""
    queue: str = DEFAULT_QUEUE
    keyed: bool = False
    """One job per (submission, key), written by :func:`add_job`, not at completion."""
    id: str = field(default="", compare=False)

    def check(self, **kwargs) -> list[checks.CheckMessage]:
        """System check: every kind named in ``after`` exists, and no kinds wait for each other."""
        messages: list[checks.CheckMessage] = [
            checks.Error(
                f"job kind {self.id!r} runs after {name!r}, which is not a registered job kind",
                hint=f"registered job kinds: {', '.join(job_kinds.ids())}",
                id="submissions.E101",
            )
            for name in self.after
            if name not in job_kinds
        ]
        cycle = _cycle_from(self.id)
        if cycle and self.id == min(cycle):  # report a circle once, not once per member
            messages.append(
                checks.Error(
                    f"job kinds wait for each other in a circle: {' -> '.join([*cycle, cycle[0]])}",
                    hint="a job in a circle would wait for ever; remove one of the after= names",
                    id="submissions.E102",
                )
            )
        return messages


job_kinds: Registry[JobKind] = Registry("job kind")


def _cycle_from(start: str) -> list[str] | None:
    """The kinds on a circle of ``after`` links through ``start``, or None."""
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        if name == start and path:
            return list(path)
        if name in path or name not in job_kinds:
            return None
        path.append(name)
        for predecessor in job_kinds[name].after:
            found = visit(predecessor)
            if found:
                return found
        path.pop()
        return None

    return visit(start)


def job(
    name: str,
    *,
    max_attempts: int = len(BACKOFF_SECONDS),
    applies: Callable[[Submission], bool] | None = None,
    event: str = "job",
    after: Iterable[str] = (),
    queue: str = DEFAULT_QUEUE,
    keyed: bool = False,
) -> Callable:
    """Register ``handler(submission)`` as the job kind ``name``.

    ``after`` names kinds that must be done first, for the same submission; the
    system check makes sure they exist and do not form a circle.
    """
    if isinstance(after, str):
        raise TypeError(f"after= takes a tuple of job kind names, e.g. after=({after!r},)")
    if keyed and after:
        raise TypeError("a keyed job kind cannot wait for others: it is written after completion")

    def decorator(handler):
        job_kinds.add(
            name,
            JobKind(handler, max_attempts, applies or _always, event, tuple(after), queue, keyed),
        )
        return handler

    return decorator


def get_kind(name: str) -> JobKind:
    return job_kinds[name]
