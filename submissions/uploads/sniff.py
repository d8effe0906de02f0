"""What a file really is, read from its bytes: never from its name or the browser's claim.

puremagic (pure Python, maintained, no libmagic to install on every machine) matches the
file's first and last bytes against known signatures. Office files are ZIP archives, and a
signature only says "ZIP"; for those the archive's table of contents decides (a Word file
has ``word/document.xml``, an OpenDocument text names its type in ``mimetype``), so a ZIP
renamed to .docx is not taken for a document. Word files with macros are not documents we
accept.
"""

import zipfile
from dataclasses import dataclass
from typing import IO

import puremagic

__all__ = ["Sniffed", "sniff"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

# How a few common refused types read in an error message: "het is een programma (EXE)".
DESCRIPTIONS = {
    "application/vnd.microsoft.portable-executable": "een programma (EXE)",
    "application/x-dosexec": "een programma (EXE)",
    "application/x-msdownload": "een programma (EXE)",
    "application/x-executable": "een programma",
    "application/zip": "een ZIP-archief",
    "application/x-rar-compressed": "een RAR-archief",
    "text/html": "een webpagina (HTML)",
    "image/gif": "een GIF-afbeelding",
    "image/webp": "een WebP-afbeelding",
    "application/msword": "een oud Word-bestand (DOC)",
}


@dataclass(frozen=True)
class Sniffed:
    media_types: frozenset[str]
    """Every type the bytes are consistent with (a signature can fit more than one)."""
    description: str
    """What the file looks like, for a message: "een programma (EXE)", "een onbekend soort bestand"."""


def sniff(stream: IO[bytes]) -> Sniffed:
    """The types ``stream``'s content matches; reads the head and tail, then rewinds."""
    stream.seek(0)
    try:
        matches = puremagic.magic_stream(stream)
    except (puremagic.PureError, ValueError):
        matches = []
    stream.seek(0)
    found = {match.mime_type for match in matches if match.mime_type}
    # A ZIP signature fits every ZIP-based format (Word, Excel with macros, Java archives): only the
    # archive's contents say which one it is.
    from_zip = {match.mime_type for match in matches if match.byte_match.startswith(b"PK")}
    if from_zip:
        found = (found - from_zip) | _zip_document_type(stream)
    return Sniffed(frozenset(found), _describe(matches, found))


def _zip_document_type(stream: IO[bytes]) -> set[str]:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "word/vbaProject.bin" not in names:
                return {DOCX}
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return {ODT}
        return {"application/zip"}
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return set()
    finally:
        stream.seek(0)


def _describe(matches: list, found: set[str]) -> str:
    for media_type in sorted(found):
        if media_type in DESCRIPTIONS:
            return DESCRIPTIONS[media_type]
    if matches and matches[0].extension:
        return f"een {matches[0].extension.lstrip('.').upper()}-bestand"
    return "een onbekend soort bestand"
