"""Documents on the zaak: each file as an enkelvoudiginformatieobject, linked to the zaak once.

A file up to ``bestandsdelen_vanaf`` bytes (option; default 4 MiB) goes as one
base64 body. A larger one goes in bestandsdelen, as the Documenten API offers
for large files: the document is created without ``inhoud`` (the server answers
with a lock and the parts it expects), every part is PUT as multipart straight
from the file, one part in memory at a time, and the document is unlocked.

Exactly once, per document:

- step ``document_<key>:aangemaakt`` stores the document's URL (and, for parts,
  the lock and the parts) the moment it is created; before creating, the
  document is looked up by its ``identificatie`` (our reference + a suffix);
- step ``document_<key>`` is done once the content is complete (unlocked); an
  attempt that stopped while uploading PUTs the parts again (a PUT replaces);
- a document found with parts still open, whose lock Loket never stored (the
  attempt stopped between the POST and storing it), continues with the lock the
  server shows on its parts (Documenten 1.4.2), or else is unlocked by force
  (scope ``documenten.geforceerd-unlock``) and locked again;
- step ``zaakinformatieobject_<key>`` links it, looked up by zaak and document first.
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from submissions.jobs import GiveUp

from ...run import RegistrationRun

__all__ = ["DEFAULT_PARTS_FROM", "Outgoing", "attachment", "document", "receipt", "send"]

DEFAULT_PARTS_FROM = 4 * 1024 * 1024
TAAL = "dut"
EIO = "enkelvoudiginformatieobjecten"


@dataclass(frozen=True)
class Outgoing:
    """One file to put on the zaak. ``key`` names its steps; ``open`` gives a binary file to read."""

    key: str
    identificatie: str
    titel: str
    bestandsnaam: str
    formaat: str
    size: int
    open: Callable[[], IO[bytes]]


def receipt(run: RegistrationRun) -> Outgoing:
    pdf = run.receipt_pdf()
    return Outgoing(
        key="ontvangstbewijs",
        identificatie=f"{run.reference}-ontvangst"[:40],
        titel=f"Ontvangstbewijs {run.reference}",
        bestandsnaam=f"ontvangstbewijs-{run.reference}.pdf",
        formaat="application/pdf",
        size=pdf.size or pdf.pdf.size,
        open=lambda: pdf.pdf.open("rb"),
    )


def attachment(run: RegistrationRun, number: int, item) -> Outgoing:
    """A citizen's file (``submissions.uploads``: name, content_type, size, open()) as the n-th bijlage."""
    return Outgoing(
        key=f"bijlage:{number}",
        identificatie=f"{run.reference}-bijlage-{number}"[:40],
        titel=f"Bijlage {number} bij {run.reference}: {item.name}",
        bestandsnaam=item.name,
        formaat=item.content_type or "application/octet-stream",
        size=item.size,
        open=item.open,
    )


def _uuid(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def _parts(document: dict) -> list[dict]:
    parts = [{key: part[key] for key in ("url", "omvang", "volgnummer")} for part in document["bestandsdelen"]]
    return sorted(parts, key=lambda part: part["volgnummer"])


def _body(session, outgoing: Outgoing) -> dict:
    run = session.run
    return {
        "identificatie": outgoing.identificatie,
        "bronorganisatie": session.rsin,
        "creatiedatum": session.day.isoformat(),
        "titel": outgoing.titel[:200],
        "auteur": settings.LOKET_ORGANISATION_NAME[:200] or "Loket",
        "taal": TAAL,
        "formaat": outgoing.formaat[:255],
        "bestandsnaam": outgoing.bestandsnaam[:255],
        "bestandsomvang": outgoing.size,
        "informatieobjecttype": session.informatieobjecttype(),
        "vertrouwelijkheidaanduiding": run.options.get("vertrouwelijkheidaanduiding") or "zaakvertrouwelijk",
        "indicatieGebruiksrecht": False,
        "ontvangstdatum": session.day.isoformat(),
    }


def _resume(documenten, document: dict) -> dict:
    """A document an interrupted attempt created: complete, or still to upload and unlock (with a lock)."""
    parts = document.get("bestandsdelen") or []
    key = _uuid(document["url"])
    if not document.get("locked"):
        if all(part.get("voltooid") for part in parts):
            return {"url": document["url"], "lock": None}
        lock = documenten.post(f"{EIO}/{key}/lock", {})["lock"]  # the spec wants a JSON Content-Type
    else:
        # Documenten 1.4.2 shows the lock with each part; a server that does not (1.4.3) is unlocked by
        # force (scope documenten.geforceerd-unlock) and locked again, as the first lock is lost.
        lock = next((part["lock"] for part in parts if part.get("lock")), None)
        if lock is None:
            documenten.post(f"{EIO}/{key}/unlock", {})
            lock = documenten.post(f"{EIO}/{key}/lock", {})["lock"]  # the spec wants a JSON Content-Type
    return {"url": document["url"], "lock": lock, "parts": _parts(document)}


def _create(session, outgoing: Outgoing) -> dict:
    documenten = session.documenten
    params = {"identificatie": outgoing.identificatie, "bronorganisatie": session.rsin}
    found = list(documenten.list(EIO, params))
    if found:  # made by an attempt that stopped before storing it
        return _resume(documenten, found[0])
    body = _body(session, outgoing)
    if outgoing.size <= session.run.options.get("bestandsdelen_vanaf", DEFAULT_PARTS_FROM):
        with outgoing.open() as handle:
            body["inhoud"] = base64.b64encode(handle.read()).decode("ascii")
        return {"url": documenten.post(EIO, body)["url"], "lock": None}
    body["inhoud"] = None
    document = documenten.post(EIO, body)
    return {"url": document["url"], "lock": document["lock"], "parts": _parts(document)}


def _upload(session, outgoing: Outgoing, created: dict) -> None:
    documenten, key = session.documenten, _uuid(created["url"])
    if not documenten.get(f"{EIO}/{key}").get("locked"):
        return  # an earlier attempt finished the upload
    with outgoing.open() as handle:
        for part in created["parts"]:
            chunk = handle.read(part["omvang"])
            if len(chunk) != part["omvang"]:
                raise GiveUp(f"{outgoing.bestandsnaam}: het bestand is korter dan de server verwacht")
            files = {"inhoud": (outgoing.bestandsnaam, chunk, "application/octet-stream")}
            documenten.request("PUT", part["url"], data={"lock": created["lock"]}, files=files)
            del chunk  # one part in memory at a time
    documenten.post(f"{EIO}/{key}/unlock", {"lock": created["lock"]})


def document(session, outgoing: Outgoing) -> str:
    """The document's URL once its content is complete (created, or found, and uploaded)."""
    created = session.run.step(f"document_{outgoing.key}:aangemaakt", lambda: _create(session, outgoing))
    if created.get("lock"):
        _upload(session, outgoing, created)
    return created["url"]


def _link(session, zaak: str, document: str, titel: str) -> str:
    found = list(session.zaken.get("zaakinformatieobjecten", params={"zaak": zaak, "informatieobject": document}))
    if found:
        return found[0]["url"]
    body = {"zaak": zaak, "informatieobject": document, "titel": titel[:200]}
    return session.zaken.post("zaakinformatieobjecten", body)["url"]


def send(session, zaak: str, outgoing: Outgoing) -> str:
    """Put one file on the zaak (document, then link), each step once; returns the document's URL."""
    run = session.run
    url = run.step(f"document_{outgoing.key}", lambda: document(session, outgoing))
    run.step(f"zaakinformatieobject_{outgoing.key}", lambda: _link(session, zaak, url, outgoing.titel))
    return url
