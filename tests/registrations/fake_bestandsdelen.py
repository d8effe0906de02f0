"""The fake Documenten API's large-file upload: bestandsdelen, lock and unlock (Documenten 1.4.2).

As Open Zaak does it: a document created without ``inhoud`` but with a
``bestandsomvang`` is locked and gets parts of ``store.part_size`` bytes; each
part is PUT as multipart with the lock and must have exactly its ``omvang``;
unlocking with the lock needs every part complete, and joins them. Unlocking
without a lock is the forced unlock (scope ``documenten.geforceerd-unlock``),
refused when ``store.forced_unlock`` is off. Parts are written to a temporary
file, not kept in memory, so a test can measure the client's memory alone.
"""

import hashlib
import secrets
import tempfile
import uuid

from .fake_errors import Refused

PART_SIZE = 64 * 1024


def _document(store, key: str) -> dict:
    for document in store.all("enkelvoudiginformatieobjecten"):
        if document["uuid"] == key:
            return document
    raise Refused(404, "Niet gevonden.")


def create_in_parts(store, document: dict) -> dict:
    """Lock a new document without content and give it its parts; returns the create response."""
    size = document["bestandsomvang"]
    lock = secrets.token_hex(16)
    store.locks[document["url"]] = lock
    store.files[document["url"]] = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the store)
    parts = []
    for volgnummer, offset in enumerate(range(0, size, store.part_size), start=1):
        key = str(uuid.uuid4())
        part = {
            "url": f"{store.roots['documenten']}bestandsdelen/{key}",
            "volgnummer": volgnummer,
            "omvang": min(store.part_size, size - offset),
            "voltooid": False,
        }
        store.parts[key] = {"document": document["url"], "offset": offset, **part}
        parts.append(part)
    # Documenten 1.4.2 shows the lock with every part (its schema requires it); 1.4.3 no longer does.
    if store.part_locks_shown:
        parts = [{**part, "lock": lock} for part in parts]
    document.update(locked=True, bestandsdelen=parts)
    return {**document, "lock": lock}


def put_part(store, key: str, body: dict) -> tuple[int, dict]:
    part = store.parts.get(key)
    if part is None:
        raise Refused(404, "Niet gevonden.")
    if body.get("lock") != store.locks.get(part["document"]):
        raise Refused(400, "Invalid input.", [("nonFieldErrors", "incorrect-lock-id", "Incorrect lock ID.")])
    content = body.get("inhoud") or b""
    if len(content) != part["omvang"]:
        raise Refused(400, "Invalid input.", [("inhoud", "file-size", "De grootte komt niet overeen.")])
    handle = store.files[part["document"]]
    handle.seek(part["offset"])
    handle.write(content)
    part["voltooid"] = True
    for listed in store.find("enkelvoudiginformatieobjecten", part["document"])["bestandsdelen"]:
        if listed["url"] == part["url"]:
            listed["voltooid"] = True
    answer = {key: part[key] for key in ("url", "volgnummer", "omvang", "voltooid")}
    return 200, {**answer, "lock": body["lock"], "inhoud": f"{part['url']}/download"}


def lock(store, key: str) -> tuple[int, dict]:
    document = _document(store, key)
    if document["locked"]:
        raise Refused(400, "Invalid input.", [("nonFieldErrors", "existing-lock", "Het document is al gelockt.")])
    store.locks[document["url"]] = secrets.token_hex(16)
    document["locked"] = True
    for part in document["bestandsdelen"]:
        if "lock" in part:
            part["lock"] = store.locks[document["url"]]
    return 200, {"lock": store.locks[document["url"]]}


def unlock(store, key: str, body: dict | None) -> tuple[int, None]:
    document = _document(store, key)
    given = (body or {}).get("lock")
    if given is None and not store.forced_unlock:
        raise Refused(403, "Geen rechten voor geforceerd ontgrendelen.")
    if given is not None and given != store.locks.get(document["url"]):
        raise Refused(400, "Invalid input.", [("nonFieldErrors", "incorrect-lock-id", "Incorrect lock ID.")])
    parts = document["bestandsdelen"]
    if given is not None and parts and not all(part["voltooid"] for part in parts):
        raise Refused(400, "Invalid input.", [("nonFieldErrors", "incomplete-upload", "Upload is niet compleet.")])
    document["locked"] = False
    store.locks.pop(document["url"], None)
    for part in parts:
        if "lock" in part:
            part["lock"] = ""
    if parts and all(part["voltooid"] for part in parts):
        document["bestandsdelen"] = []
        for part_key in [k for k, part in store.parts.items() if part["document"] == document["url"]]:
            del store.parts[part_key]
    return 204, None


def sha256(store, url: str) -> str:
    """The hash of a document's content, however it was sent (read from disk for parts)."""
    if url in store.contents:
        return hashlib.sha256(store.contents[url]).hexdigest()
    digest, handle = hashlib.sha256(), store.files[url]
    handle.seek(0)
    while chunk := handle.read(1024 * 1024):
        digest.update(chunk)
    return digest.hexdigest()
