"""import_form / export_form / load_demo: definitions as files, one canonical text each."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from builder import service
from builder.definition.io import canonical_json
from builder.models import Form, FormVersion
from tests import definitions
from tests.conftest import DEMO_FORMS
from tests.factories import FormFactory


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def definition_file(tmp_path):
    """Write a definition the way a person might: unsorted keys, four-space indent, escaped non-ASCII."""

    def write(definition, name="formulier.json"):
        path = tmp_path / name
        path.write_text(json.dumps(definition, indent=4))
        return path

    return write


@pytest.mark.parametrize("slug", ["bezwaar", "vraag-of-bericht"])
def test_exported_demo_form_equals_its_file_byte_for_byte(db, slug):
    assert run("import_form", DEMO_FORMS / f"{slug}.json", publish=True) == f"{slug}: published as version 1\n"

    exported = run("export_form", slug)

    assert exported.encode() == (DEMO_FORMS / f"{slug}.json").read_bytes()


def delete_form(slug: str) -> None:
    Form.objects.filter(slug=slug).update(live_version=None)
    FormVersion.objects.filter(form__slug=slug).delete()
    Form.objects.filter(slug=slug).delete()


def test_export_import_export_is_byte_identical(db, definition_file, tmp_path):
    definition = definitions.all_kinds()
    definition["name"] = {"nl": "Alle soorten ‘velden’", "en": "All kinds of fields"}
    run("import_form", definition_file(definition), publish=True)
    first = run("export_form", "alle-soorten")
    exported = tmp_path / "export.json"
    exported.write_text(first, encoding="utf-8")

    # Importing the export again changes nothing: same text, no new version.
    assert run("import_form", exported, publish=True) == "alle-soorten: published as version 1\n"
    assert run("export_form", "alle-soorten") == first

    # And into an empty database.
    delete_form("alle-soorten")
    run("import_form", exported, publish=True)
    assert run("export_form", "alle-soorten") == first

    assert first == canonical_json(definition)
    assert "‘velden’" in first  # UTF-8, not \\u escapes


def test_export_to_a_file_with_o(db, tmp_path):
    run("import_form", DEMO_FORMS / "vraag-of-bericht.json", publish=True)
    target = tmp_path / "uit.json"

    assert run("export_form", "vraag-of-bericht", "-o", str(target)) == ""

    assert target.read_bytes() == (DEMO_FORMS / "vraag-of-bericht.json").read_bytes()


def test_export_gives_the_live_version_unless_draft_is_asked(db):
    form = FormFactory(published=True)
    changed = form.draft
    changed["steps"][0]["title"] = "Wat wilt u melden?"
    Form.objects.filter(pk=form.pk).update(draft=changed)

    assert json.loads(run("export_form", form.slug))["steps"][0]["title"] == "Uw melding"
    assert json.loads(run("export_form", form.slug, "--draft"))["steps"][0]["title"] == "Wat wilt u melden?"


def test_export_of_a_never_published_form_gives_the_draft(db):
    form = FormFactory()

    assert run("export_form", form.slug) == canonical_json(form.draft)


def test_import_without_publish_saves_a_draft_only(db, definition_file):
    out = run("import_form", definition_file(definitions.melding()))

    assert out == "melding-openbare-ruimte: saved as draft\n"
    form = Form.objects.get(slug="melding-openbare-ruimte")
    assert form.live_version is None
    assert form.name == "Melding openbare ruimte"


def test_import_updates_the_form_with_the_same_slug(db, definition_file):
    run("import_form", definition_file(definitions.melding()), publish=True)
    changed = definitions.melding()
    changed["name"] = "Melding buitenruimte"

    out = run("import_form", definition_file(changed), publish=True)

    assert out == "melding-openbare-ruimte: published as version 2\n"
    form = Form.objects.get()
    assert (form.name, form.live_version.number, form.versions.count()) == ("Melding buitenruimte", 2, 2)


def test_export_of_an_unknown_slug_is_a_command_error(db):
    with pytest.raises(CommandError, match="There is no form with slug 'bestaat-niet'"):
        run("export_form", "bestaat-niet")


def test_import_of_a_broken_file_lists_every_problem_with_its_path(db, definition_file):
    broken = definitions.melding()
    del broken["settings"]["reference_prefix"]
    broken["steps"][0]["ui"]["fields"]["onderwerp"]["kind"] = "slider"
    path = definition_file(broken)

    with pytest.raises(CommandError) as caught:
        run("import_form", path, publish=True)

    message = str(caught.value)
    assert message.startswith(f"{path} is not a valid form definition:\n")
    assert "  $.settings.reference_prefix: this key is required" in message.splitlines()
    assert any(
        line.startswith("  $.steps[0].ui.fields.onderwerp.kind: must be one of") for line in message.splitlines()
    )
    assert not Form.objects.exists()


def test_import_of_a_file_that_is_not_json(db, tmp_path):
    path = tmp_path / "kapot.json"
    path.write_text('{"slug": "a", "slug": "b"}')

    with pytest.raises(CommandError, match=r"\$: not valid JSON: the key 'slug' appears twice"):
        run("import_form", path)


def test_import_of_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match=r"bestaat-niet\.json: No such file or directory"):
        run("import_form", tmp_path / "bestaat-niet.json")


def test_load_demo_keeps_what_editors_changed_unless_told_to_update(db):
    run("load_demo")
    form = Form.objects.get(slug="bezwaar")
    draft = {**form.draft, "name": "Bezwaar (aangepast)"}
    service.save_draft(form, draft)

    run("load_demo")
    assert Form.objects.get(slug="bezwaar").draft["name"] == "Bezwaar (aangepast)"

    # The edited draft was never published, so re-importing the file brings back version 1.
    assert "bezwaar: published as version 1" in run("load_demo", "--update")
    assert Form.objects.get(slug="bezwaar").draft["name"] != "Bezwaar (aangepast)"


def test_load_demo_can_run_twice(db):
    first = run("load_demo")
    second = run("load_demo")

    assert "bezwaar: published as version 1" in first
    assert "bezwaar: already there, left as it is" in second
    assert "Redacteuren: account redacteur (created)" in first
    assert "Behandelaars: account behandelaar (created)" in first
    assert "already there, password unchanged" in second
    assert sorted(Form.objects.values_list("slug", "live_version__number")) == [
        ("bezwaar", 1),
        ("vraag-of-bericht", 1),
    ]
