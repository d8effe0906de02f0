"""The message catalogues in locale/: which messages are the citizens', and what lacks a translation.

Citizen pages speak Dutch first: their messages are Dutch msgids, translated in the ``en``
catalogue. The admin and the code speak English: their msgids are English, translated in the
``nl`` catalogue. Both kinds share Django's one ``django`` domain; a message belongs to the
citizens when any of the places it comes from (the ``#:`` references) is citizen-facing.
"""

from dataclasses import dataclass
from pathlib import Path

import polib

__all__ = ["CITIZEN_SOURCES", "Untranslated", "is_citizen_message", "untranslated"]

# Paths (relative to the project root) whose messages citizens read. Everything else is staff-facing.
CITIZEN_SOURCES = (
    "templates/",
    "builder/kinds/",
    "submissions/",
    "machtigen/",
    "availability/service.py",
)
# Within those, what only staff read: the admin's templates, model and app names, admin classes.
STAFF_SOURCES = ("templates/admin/",)
STAFF_MODULES = ("/admin.py", "/apps.py", "/models.py", "/checks.py")


@dataclass(frozen=True)
class Untranslated:
    msgid: str
    language: str  # the catalogue that should translate it
    where: str


def is_citizen_message(entry: polib.POEntry) -> bool:
    paths = [path for path, _line in entry.occurrences]
    return any(
        p.startswith(CITIZEN_SOURCES) and not p.startswith(STAFF_SOURCES) and not p.endswith(STAFF_MODULES)
        for p in paths
    )


def untranslated(locale_dir: Path) -> list[Untranslated]:
    """Dutch citizen messages without English, and English staff messages without Dutch."""
    found = []
    catalogues = {lang: polib.pofile(str(locale_dir / lang / "LC_MESSAGES" / "django.po")) for lang in ("en", "nl")}
    for entry in catalogues["en"]:
        if entry.obsolete:
            continue
        language = "en" if is_citizen_message(entry) else "nl"
        translated = catalogues[language].find(entry.msgid, msgctxt=entry.msgctxt)
        done = translated is not None and translated.translated() and "fuzzy" not in translated.flags
        if not done:
            where = entry.occurrences[0][0] if entry.occurrences else "?"
            found.append(Untranslated(entry.msgid, language, where))
    return found
