"""Dutch and English: complete catalogues, kept in step with the code, and used where they should be.

When a test here fails after you added text: run `make messages`, translate what it lists, commit locale/.
"""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

from forms_platform.catalogues import is_citizen_message, untranslated
from theme.models import Theme

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale"


def test_every_dutch_citizen_message_has_english_and_every_english_staff_message_dutch():
    missing = [f"{item.language}: {item.msgid!r} ({item.where})" for item in untranslated(LOCALE)]

    assert missing == [], "run `make messages` and translate these"


def test_the_catalogues_hold_every_message_of_the_code(tmp_path, settings, monkeypatch):
    shutil.copytree(LOCALE, tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(ROOT)
    ignore = ["node_modules", "build", "var", "tests", "bench", "docs", "demo", "static"]
    call_command("makemessages", locale=["en"], ignore_patterns=ignore, verbosity=0, no_obsolete=True)

    extracted = {entry.msgid for entry in polib.pofile(str(tmp_path / "locale/en/LC_MESSAGES/django.po"))}
    committed = {entry.msgid for entry in polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))}
    assert sorted(extracted - committed) == [], "messages in the code that locale/ does not have yet"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_compiled_catalogues_match_the_sources(language):
    source = polib.pofile(str(LOCALE / language / "LC_MESSAGES/django.po"))
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(LOCALE / language / "LC_MESSAGES/django.mo"))}

    stale = [e.msgid for e in source.translated_entries() if not e.msgid_plural and compiled.get(e.msgid) != e.msgstr]
    assert stale == [], "run `make messages` (compilemessages) and commit the .mo files"


def test_the_check_tells_citizen_messages_from_staff_messages():
    citizen = polib.POEntry(msgid="Volgende", occurrences=[("templates/submissions/step.html", "")])
    admin_template = polib.POEntry(
        msgid="Export JSON", occurrences=[("templates/admin/builder/form/change_form.html", "")]
    )
    model = polib.POEntry(msgid="reference", occurrences=[("submissions/models.py", "")])

    assert is_citizen_message(citizen)
    assert not is_citizen_message(admin_template)
    assert not is_citizen_message(model)


def test_the_check_finds_a_missing_translation(tmp_path):
    shutil.copytree(LOCALE, tmp_path / "locale")
    before = {item.msgid for item in untranslated(tmp_path / "locale")}
    path = tmp_path / "locale/en/LC_MESSAGES/django.po"
    catalogue = polib.pofile(str(path))
    catalogue.find("Volgende").msgstr = ""
    catalogue.save(str(path))

    assert {item.msgid for item in untranslated(tmp_path / "locale")} - before == {"Volgende"}


def test_the_admin_speaks_dutch():
    with translation.override("nl"):
        assert str(Theme._meta.verbose_name) == "thema"
        assert str(Theme._meta.get_field("primary_colour").verbose_name) == "hoofdkleur"
