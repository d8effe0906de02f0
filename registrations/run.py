"""One attempt of one backend for one submission, with its steps stored as they succeed."""

from collections.abc import Callable
from typing import Any

from submissions.models import ReceiptFile, Submission
from submissions.service import saved_data
from submissions.uploads import service as uploads

from .models import RegistrationRecord

__all__ = ["RegistrationRun"]


class RegistrationRun:
    """What a backend gets: the submission, its answers, the options, and ``step()``.

    ``step(name, action)`` returns the stored result of ``name`` when an earlier
    attempt got that far; otherwise it runs ``action`` and stores its result at
    once, before the next step starts. A backend whose actions first look up
    what an earlier, interrupted attempt may have created (by our reference)
    therefore never creates anything twice.
    """

    def __init__(self, record: RegistrationRecord, submission: Submission):
        self.record = record
        self.submission = submission
        self.options: dict = record.options
        self.cache: dict[str, Any] = {}  # lookups shared by the steps of this attempt only
        self._data: dict | None = None

    @property
    def data(self) -> dict[str, dict]:
        if self._data is None:
            self._data = saved_data(self.submission)
        return self._data

    @property
    def reference(self) -> str:
        return self.submission.public_reference or str(self.submission.uuid)

    @property
    def results(self) -> dict:
        return self.record.results

    def value(self, path: str) -> Any:
        """An answer by dotted path, ``step.field.subfield``; None when absent."""
        value: Any = self.data
        for key in path.split("."):
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return value

    def step(self, name: str, action: Callable[[], Any]) -> Any:
        if name in self.record.results:
            return self.record.results[name]
        result = action()
        self._store(name, result)
        return result

    def _store(self, name: str, result: Any) -> None:
        self.record.results[name] = result
        RegistrationRecord.objects.filter(pk=self.record.pk).update(results=self.record.results)

    def receipt_pdf(self) -> ReceiptFile:
        return ReceiptFile.objects.get(submission=self.submission)

    def attachments(self) -> list:
        """The citizen's files as sent (name, content_type, size, sha256, open()), in the order of the form."""
        if "attachments" not in self.cache:
            self.cache["attachments"] = uploads.attachments(self.submission)
        return self.cache["attachments"]
