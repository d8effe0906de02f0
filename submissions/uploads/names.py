"""A citizen's file name made safe to show and store: no folders, no control characters."""

import unicodedata

__all__ = ["clean_name"]

MAX_NAME = 200
FALLBACK = "bijlage"


def clean_name(raw: str) -> str:
    """The last part of ``raw`` without path, control or format characters, at most 200 characters.

    ``C:\\Users\\jan\\besluit.pdf`` and ``../../besluit.pdf`` become ``besluit.pdf``; a name with
    nothing left becomes ``bijlage``. The name is only ever shown (stored files are named by id).
    """
    name = unicodedata.normalize("NFC", str(raw)).replace("\\", "/").rsplit("/", 1)[-1]
    # Cc: control characters (NUL, newlines), Cf: format characters (right-to-left overrides
    # that make "gpj.exe" read as "exe.jpg"), Cs: lone surrogates.
    name = "".join(char for char in name if unicodedata.category(char) not in {"Cc", "Cf", "Cs"})
    name = " ".join(name.split()).strip(" .")
    if not name:
        return FALLBACK
    if len(name) > MAX_NAME:
        _, dot, extension = name.rpartition(".")
        keep = extension if dot and len(extension) <= 10 else ""
        name = name[: MAX_NAME - len(keep) - 1].rstrip(" .") + ("." + keep if keep else "")
    return name
