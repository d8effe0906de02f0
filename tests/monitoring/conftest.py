import io
import json
import logging

import pytest

from monitoring.logs import JsonFormatter, RequestIdFilter
from submissions.models import Submission
from tests.flow import BEZWAAR_ANSWERS, fill, start, submit


@pytest.fixture
def received_submission(bezwaar, citizen) -> Submission:
    """The demo bezwaar, received through the citizen pages; its jobs wait (nothing runs them)."""
    submission = start(citizen, "bezwaar")
    fill(citizen, submission, BEZWAAR_ANSWERS)
    assert submit(citizen, submission).status_code == 302
    return Submission.objects.select_related("form_version__form").get(pk=submission.pk)


class Capture(logging.Handler):
    """Every record of every logger, formatted as production formats it."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.stream = io.StringIO()
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.stream.write(self.format(record) + "\n")

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]


@pytest.fixture
def captured():
    root = logging.getLogger()
    handler, level = Capture(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)
