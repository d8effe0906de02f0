"""What scenarios share: interleaved timing and the one-line comparison result."""

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["Comparison", "count_queries", "interleaved"]


def count_queries(action: Callable[[], object]) -> int:
    """How many SQL statements one call of ``action`` runs (transaction statements included)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def interleaved(
    subject: Callable[[], object], baseline: Callable[[], object], *, n: int, warmup: int
) -> tuple[list[float], list[float]]:
    """Time ``n`` calls of each, alternating A B A B, after ``warmup`` untimed rounds.

    Alternating means drift (CPU frequency, page cache, a busy neighbour) hits both
    sides alike. Returns the durations in seconds, subject first.
    """
    for _ in range(warmup):
        subject()
        baseline()
    subject_times: list[float] = []
    baseline_times: list[float] = []
    clock = time.perf_counter
    for _ in range(n):
        start = clock()
        subject()
        subject_times.append(clock() - start)
        start = clock()
        baseline()
        baseline_times.append(clock() - start)
    return subject_times, baseline_times


@dataclass(frozen=True)
class Comparison:
    """Loket against a baseline measured in the same run; ``str()`` is the report line."""

    name: str
    subject_times: Sequence[float]
    baseline_times: Sequence[float]
    goal: float | None = None
    subject_label: str = "loket"
    baseline_label: str = "bare view"
    detail: str = ""
    """Extra facts for the bracket at the end of the line, e.g. ``queries 8 vs 4``."""

    @property
    def subject_median(self) -> float:
        return statistics.median(self.subject_times)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline_times)

    @property
    def ratio(self) -> float:
        return self.subject_median / self.baseline_median

    @property
    def goal_met(self) -> bool | None:
        return None if self.goal is None else self.ratio <= self.goal

    def __str__(self) -> str:
        goal = "" if self.goal is None else f" (goal <= {self.goal:.1f}: {'met' if self.goal_met else 'NOT met'})"
        return (
            f"{self.name}: {self.subject_label} median {self.subject_median * 1000:.2f} ms, "
            f"{self.baseline_label} median {self.baseline_median * 1000:.2f} ms, "
            f"ratio {self.ratio:.2f}{goal} [n={len(self.subject_times)}{'; ' + self.detail if self.detail else ''}]"
        )
