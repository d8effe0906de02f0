"""Attachments of a submission: accept a streamed file against a field's rules, list, remove, delete.

The ``file`` field kind (:mod:`.kind`) calls :func:`accept` for every new file and
:func:`kept` for the files a re-rendered step still lists. Registrations read a received
submission's files through :func:`attachments`, the proof through :func:`proof_attachments`.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from builder.kinds import ParseError
from builder.state import FormState

from ..models import Submission, SubmissionStep
from .handler import StreamedFile
from .models import Attachment
from .names import clean_name
from .rules import UploadRules, human_size
from .scan import ScannerUnavailable, scan
from .sniff import sniff

__all__ = [
    "Attachment",
    "accept",
    "attachments",
    "delete_files",
    "discard_unreferenced",
    "kept",
    "proof_attachments",
    "referenced_ids",
    "remove",
]


def _quoted(name: str) -> str:
    # Messages are str.format templates ({label}); a brace in a file name is just a brace.
    return "‘" + name.replace("{", "{{").replace("}", "}}") + "’"


def kept(submission: Submission, field: str, ids: Iterable[str]) -> list[Attachment]:
    """The files of ``field`` the citizen still lists (ids posted back), in order; ids of others count for nothing."""
    wanted = []
    for raw in ids:
        try:
            wanted.append(uuid.UUID(str(raw)))
        except ValueError:
            continue
    if not wanted:
        return []
    found = {item.uuid: item for item in Attachment.objects.filter(submission=submission, field=field, uuid__in=wanted)}
    return [found[key] for key in dict.fromkeys(wanted) if key in found]


def accept(submission: Submission, field: str, upload: StreamedFile, rules: UploadRules, already: list[Attachment]):
    """Check ``upload`` against ``rules`` (``already``: the field's files so far) and store it; raises ParseError."""
    name = clean_name(upload.name or "")
    shown = _quoted(name)
    allowed = f"Toegestaan bij ‘{{label}}’: {rules.type_labels}."
    if upload.size == 0:
        raise ParseError(
            "empty", f"Het bestand {shown} is leeg (0 bytes). Kies het bestand opnieuw, of sla het eerst opnieuw op."
        )
    if len(already) + 1 > rules.max_files:
        raise ParseError(
            "too_many",
            f"U kunt bij ‘{{label}}’ hoogstens {rules.max_files} bestand{'en' if rules.max_files > 1 else ''} "
            f"toevoegen; {shown} is niet toegevoegd. Verwijder eerst een ander bestand.",
        )
    if upload.truncated or upload.size > rules.max_file_size:
        raise ParseError(
            "too_large",
            f"Het bestand {shown} is {human_size(upload.size)}; een bestand bij ‘{{label}}’ mag hoogstens "
            f"{human_size(rules.max_file_size)} zijn. Maak het kleiner (scan bijvoorbeeld met een lagere "
            "resolutie) of verdeel het over meer bestanden.",
        )
    total = sum(item.size for item in already) + upload.size
    if total > rules.max_total_size:
        raise ParseError(
            "total_too_large",
            f"Met {shown} zijn de bestanden bij ‘{{label}}’ samen {human_size(total)}; dat mag hoogstens "
            f"{human_size(rules.max_total_size)} zijn. Verwijder een bestand of maak de bestanden kleiner.",
        )
    found = sniff(upload.file)
    media_type = next((media for media in sorted(found.media_types) if rules.allows(media)), None)
    if media_type is None:
        raise ParseError(
            "type",
            f"Het bestand {shown} is {found.description}, en dat kunnen wij niet aannemen. "
            f"{allowed} Heeft u het bestand alleen een andere naam gegeven? Sla het dan op als "
            f"{rules.type_labels} (bijvoorbeeld met ‘Afdrukken als PDF’).",
        )
    try:
        result = scan(upload.file)
    except ScannerUnavailable:
        raise ParseError(
            "scanner_unavailable",
            f"Wij kunnen {shown} nu niet op virussen controleren. Uw andere antwoorden zijn bewaard; "
            "probeer het bestand over een paar minuten opnieuw toe te voegen.",
        ) from None
    if result.infected:
        raise ParseError(
            "virus",
            f"In het bestand {shown} zit een virus ({result.signature}). Wij hebben het niet bewaard. "
            "Controleer uw computer of telefoon met een virusscanner, maak daarna een nieuw, schoon bestand "
            "(scan bijvoorbeeld de papieren brief opnieuw, of sla het document opnieuw op als PDF) "
            "en voeg dat toe.",
        )
    attachment = Attachment(
        submission=submission, field=field, name=name, content_type=media_type, size=upload.size, sha256=upload.sha256
    )
    upload.file.seek(0)
    attachment.file.save(name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def remove(submission: Submission, step_key: str, attachment_id: str) -> bool:
    """Remove one file before sending: its row, its bytes and its mention in the step's saved answers."""
    if submission.is_received:
        return False
    try:
        key = uuid.UUID(str(attachment_id))
    except ValueError:
        return False
    with transaction.atomic():
        attachment = Attachment.objects.filter(submission=submission, uuid=key).first()
        if attachment is None:
            return False
        saved = SubmissionStep.objects.select_for_update().filter(submission=submission, step_key=step_key).first()
        if saved is not None and str(key) in referenced_ids(saved.data):
            saved.data = _without(saved.data, str(key))
            saved.save(update_fields=["data", "saved_at"])
        attachment.delete()
        delete_files([attachment.file.name])
    return True


def _without(value: Any, attachment_id: str) -> Any:
    if isinstance(value, dict):
        kept_items = {}
        for key, item in value.items():
            item = _without(item, attachment_id)
            if item != [] or not _held_files(value[key]):
                kept_items[key] = item
        return kept_items
    if isinstance(value, list):
        return [_without(item, attachment_id) for item in value if not _is_file(item, attachment_id)]
    return value


def _held_files(value: Any) -> bool:
    return isinstance(value, list) and any(_is_file(item) for item in value)


def _is_file(value: Any, attachment_id: str | None = None) -> bool:
    return (
        isinstance(value, dict)
        and {"id", "sha256", "size", "name"} <= value.keys()
        and (attachment_id is None or value["id"] == attachment_id)
    )


def referenced_ids(data: Any) -> list[str]:
    """The ids of every file the answers ``data`` refer to, in order."""
    if _is_file(data):
        return [str(data["id"])]
    if isinstance(data, dict):
        return [found for item in data.values() for found in referenced_ids(item)]
    if isinstance(data, list):
        return [found for item in data for found in referenced_ids(item)]
    return []


def _referenced(submission: Submission, state: FormState | None = None) -> list[Attachment]:
    """The submission's files its saved answers refer to, in the order of the steps and fields."""
    from ..answers import form_state

    if submission.pk is None:  # a proof drawn up for a record never stored holds no files
        return []
    state = state or form_state(submission)
    order = [
        found for step in state.answered_steps() for found in referenced_ids(state.clean(step, state.data[step.key]))
    ]
    if not order:
        return []
    rows = {str(item.uuid): item for item in submission.attachments.filter(uuid__in=order)}
    return [rows[key] for key in dict.fromkeys(order) if key in rows]


def attachments(submission: Submission, state: FormState | None = None) -> list[Attachment]:
    """The files of a submission as sent: each with ``name``, ``content_type``, ``size``, ``sha256``, ``open()``.

    ``state``: the submission's form state when the caller has it (saves loading the answers again).
    """
    return _referenced(submission, state)


def proof_attachments(submission: Submission) -> list[dict]:
    """The ``attachments`` part of the receipt proof (format 2)."""
    return [
        {"field": item.field, "name": item.name, "size": item.size, "sha256": item.sha256}
        for item in _referenced(submission)
    ]


def discard_unreferenced(submission: Submission, data: dict[str, dict]) -> None:
    """At completion: files uploaded but no longer in the answers (replaced, or on a hidden step) go."""
    keep = {found for step_data in data.values() for found in referenced_ids(step_data)}
    stale = submission.attachments.exclude(uuid__in=keep)
    names = list(stale.values_list("file", flat=True))
    if names:
        stale.delete()
        delete_files(names)


def delete_files(names: Iterable[str]) -> None:
    """Delete stored files once the transaction that deleted their rows commits."""
    storage = Attachment._meta.get_field("file").storage
    names = [name for name in names if name]
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
