"""Receiving a notification: authenticate, validate, store once, and hand the work to the outbox.

The webhook answers within one short transaction: the Notificaties API
delivers to many subscribers and must not wait for our e-mail or the Zaken
API. Everything slow happens in the ``status_email`` job.
"""

import hashlib
import hmac
from dataclasses import dataclass

import jsonschema
from django.conf import settings
from django.db import IntegrityError, transaction

from registrations.models import RegistrationRecord
from submissions import jobs

from .models import ReceivedNotification
from .status_mail import JOB_KIND
from .zaken import forget

__all__ = ["BadNotification", "Outcome", "is_authorised", "receive"]

# The Notificaties 1.0 ``Message``, as far as a receiver needs it (kenmerken: strings only).
MESSAGE_SCHEMA = {
    "type": "object",
    "required": ["kanaal", "hoofdObject", "resource", "resourceUrl", "actie", "aanmaakdatum"],
    "properties": {
        "kanaal": {"type": "string", "minLength": 1, "maxLength": 50},
        "hoofdObject": {"type": "string", "format": "uri", "minLength": 1, "maxLength": 1000},
        "resource": {"type": "string", "minLength": 1, "maxLength": 100},
        "resourceUrl": {"type": "string", "format": "uri", "minLength": 1, "maxLength": 1000},
        "actie": {"type": "string", "minLength": 1, "maxLength": 100},
        "aanmaakdatum": {"type": "string", "format": "date-time", "minLength": 1, "maxLength": 40},
        "kenmerken": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 1000}},
    },
}
_VALIDATOR = jsonschema.Draft202012Validator(MESSAGE_SCHEMA, format_checker=jsonschema.FormatChecker())


class BadNotification(ValueError):
    """A body that is not a Notificaties message; ``problems`` name the field and what is wrong."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Outcome:
    notification: ReceivedNotification | None
    new: bool
    job_written: bool = False


def is_authorised(header: str | None) -> bool:
    """The caller sent the Authorization value we gave in the abonnement (compared in constant time)."""
    expected = settings.LOKET_NOTIFICATIONS_AUTH
    if not expected or not header:
        return False
    return hmac.compare_digest(header.encode(), expected.encode())


def _problems(body: object) -> list[str]:
    problems = []
    for error in sorted(_VALIDATOR.iter_errors(body), key=lambda error: list(error.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(body)"
        problems.append(f"{where}: {error.message}")
    return problems


def identity(message: dict) -> str:
    """A Notificaties 1.0 message has no id: the same event is the same kanaal, resource, action and moment."""
    parts = (message["kanaal"], message["resourceUrl"], message["actie"], message["aanmaakdatum"])
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _is_new_status(message: dict) -> bool:
    return message["kanaal"] == "zaken" and message["resource"] == "status" and message["actie"] == "create"


def receive(body: object) -> Outcome:
    """Store a valid message once; for a new status of one of our zaken, write the e-mail job."""
    problems = _problems(body)
    if problems:
        raise BadNotification(problems)
    new_status = _is_new_status(body)
    record: int | None = None  # the submission whose zaak it is
    if new_status:
        ours = RegistrationRecord.objects.filter(results__zaak__url=body["hoofdObject"])
        record = ours.values_list("submission_id", flat=True).first()
    try:
        with transaction.atomic():
            notification = ReceivedNotification.objects.create(
                identity=identity(body),
                kanaal=body["kanaal"],
                hoofd_object=body["hoofdObject"],
                resource=body["resource"],
                resource_url=body["resourceUrl"],
                actie=body["actie"],
                aanmaakdatum=body["aanmaakdatum"],
                submission_id=record,
            )
            if new_status:
                forget(body["hoofdObject"])
            if record is None:
                return Outcome(notification, new=True)
            written = jobs.add_job(record, JOB_KIND, notification.identity) is not None
            return Outcome(notification, new=True, job_written=written)
    except IntegrityError:  # the same message again (a retry of the Notificaties API, or a replay)
        return Outcome(None, new=False)
