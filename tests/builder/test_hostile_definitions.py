"""Editor input that would hurt citizens or the server is refused when it is saved, with the place named.

NUL bytes and lone surrogates (PostgreSQL cannot store them), line breaks in texts that
become e-mail headers, and JSON too long or too deep to parse safely: refused alike on
SQLite and PostgreSQL, in the admin, in ``import_form`` and in the service.
"""

import json
import re

import pytest
from django.core.management import CommandError, call_command

from builder import service
from builder.definition.io import MAX_DEPTH, MAX_SIZE
from builder.models import Form, FormVersion
from submissions.receipt.data import build_receipt
from submissions.receipt.mail import build_message
from tests import definitions
from tests.builder.test_admin import change_url, edit_form
from tests.factories import FormFactory, SubmissionFactory
from tests.html import page


def errors_of(definition) -> list[str]:
    with pytest.raises(service.InvalidDefinition) as caught:
        service.validate_definition(definition)
    return [str(error) for error in caught.value.errors]


def admin_errors(response) -> list[str]:
    return [li.text for li in page(response).find_all("ul", class_="errorlist")[-1].find_all("li")]


@pytest.fixture
def bezwaar_form(editor) -> Form:
    return Form.objects.get(slug="bezwaar")


# --- characters no database should get -----------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path", "what"),
    [
        (lambda d: d["steps"][0].update(title="Uw\x00melding"), "$.steps[0].title", "a NUL character (U+0000)"),
        (
            lambda d: d["steps"][0]["ui"]["fields"]["onderwerp"].update(help={"nl": "Hulp", "en": "\x00"}),
            "$.steps[0].ui.fields.onderwerp.help.en",
            "a NUL character (U+0000) at position 1",
        ),
        (
            lambda d: d["settings"].update(introduction="Meld \ud83d hier"),
            "$.settings.introduction",
            "an unpaired surrogate (U+D83D) at position 6",
        ),
        (lambda d: d.update({"x\x00y": 1}), '$["x\\u0000y"]', "the key contains a NUL character"),
    ],
)
def test_unstorable_characters_are_refused_with_their_path(change, path, what):
    definition = definitions.melding()
    change(definition)

    errors = errors_of(definition)

    assert any(error.startswith(f"{path}: ") and what in error for error in errors), errors


def test_an_emoji_is_not_an_unpaired_surrogate():
    definition = definitions.melding()
    definition["steps"][0]["title"] = "Uw melding 😀"

    service.validate_definition(definition)


def test_the_admin_refuses_a_nul_in_the_draft_and_keeps_the_stored_draft(editor_client, bezwaar_form):
    data = edit_form(editor_client, change_url(bezwaar_form))
    stored = bezwaar_form.draft
    definition = json.loads(data["draft"][0])
    definition["steps"][0]["title"] = "Wie\u0000maakt bezwaar?"
    data["draft"] = [json.dumps(definition)]

    response = editor_client.post(change_url(bezwaar_form), data)

    assert response.status_code == 200
    assert any(error.startswith("$.steps[0].title: the text contains a NUL") for error in admin_errors(response))
    # What the editor typed is shown again, so nothing they wrote is lost.
    assert "\\u0000" in page(response).find("textarea", name="draft").raw_text
    bezwaar_form.refresh_from_db()
    assert bezwaar_form.draft == stored


def test_import_form_refuses_a_nul_with_its_path(db, tmp_path):
    definition = definitions.melding()
    definition["settings"]["introduction"] = "Meld\u0000"
    path = tmp_path / "melding.json"
    path.write_text(json.dumps(definition))

    with pytest.raises(CommandError, match=r"\$\.settings\.introduction: the text contains a NUL character"):
        call_command("import_form", path)

    assert not Form.objects.filter(slug="melding-openbare-ruimte").exists()


# --- texts that become e-mail headers ------------------------------------------------------------

LINE_BREAKS = {
    "LF": "\n",
    "CR": "\r",
    "CRLF": "\r\n",
    "vertical tab": "\x0b",
    "form feed": "\x0c",
    "next line": "\x85",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "tab": "\t",
    "escape": "\x1b",
}


@pytest.mark.parametrize("char", LINE_BREAKS.values(), ids=LINE_BREAKS.keys())
def test_a_form_name_must_be_one_line(char):
    definition = definitions.melding()
    definition["name"] = f"Melding{char}Bcc: iedereen@example.nl"

    [error] = errors_of(definition)

    assert error.startswith("$.name: must be one line: it is the subject of the receipt e-mail")
    assert f"(U+{ord(char[0]):04X}) at position 8" in error


def test_every_translation_of_the_name_must_be_one_line():
    definition = definitions.melding()
    definition["name"]["en"] = "Report\na problem"

    assert [error.split(":")[0] for error in errors_of(definition)] == ["$.name.en"]


def test_line_breaks_stay_allowed_in_longer_texts():
    definition = definitions.melding()
    definition["settings"]["introduction"] = "Meld een probleem.\n\nWij lossen het op."

    service.validate_definition(definition)


def test_the_admin_refuses_a_name_with_a_line_break(editor_client, bezwaar_form):
    data = edit_form(editor_client, change_url(bezwaar_form))
    definition = json.loads(data["draft"][0])
    definition["name"] = "Bezwaar maken\r\ntegen een besluit"
    data["draft"] = [json.dumps(definition)]

    response = editor_client.post(change_url(bezwaar_form), data)

    assert response.status_code == 200
    assert any(error.startswith("$.name: must be one line") for error in admin_errors(response))
    bezwaar_form.refresh_from_db()
    assert bezwaar_form.name == "Bezwaar maken tegen een besluit"


def test_import_form_refuses_a_name_with_a_line_break(db, tmp_path):
    definition = definitions.melding()
    definition["name"] = {"nl": "Melding\u2028openbare ruimte"}
    path = tmp_path / "melding.json"
    path.write_text(json.dumps(definition))

    with pytest.raises(CommandError, match=r"\$\.name\.nl: must be one line"):
        call_command("import_form", path)


# --- JSON too long or too deep ---------------------------------------------------------------


def nested(depth: int) -> str:
    return '{"format": "loket-form/1", "logic": ' + "[" * depth + "]" * depth + "}"


def test_deeply_nested_json_is_refused_before_it_is_parsed():
    with pytest.raises(service.InvalidDefinition) as caught:
        service.parse_definition(nested(100_000))

    [error] = caught.value.errors
    assert str(error) == f"$: nested more than {MAX_DEPTH} levels deep (line 1, column {36 + MAX_DEPTH})"


def test_nesting_up_to_the_limit_parses():
    assert service.parse_definition(nested(MAX_DEPTH - 1))["format"] == "loket-form/1"


def test_brackets_inside_texts_do_not_count_as_nesting():
    text = json.dumps({"name": "[" * 1000 + '"\\{' * 100, "steps": [[[]]]})

    assert service.parse_definition(text)["steps"] == [[[]]]


def test_text_longer_than_the_limit_is_refused():
    with pytest.raises(service.InvalidDefinition, match=r"^\$: too long: 2,000,001 characters"):
        service.parse_definition('"' + "x" * (MAX_SIZE - 1) + '"')


def test_the_admin_refuses_deeply_nested_json_with_a_clear_error(editor_client, bezwaar_form):
    data = edit_form(editor_client, change_url(bezwaar_form))
    data["draft"] = [nested(50_000)]

    response = editor_client.post(change_url(bezwaar_form), data)

    assert response.status_code == 200
    assert admin_errors(response) == [f"$: nested more than {MAX_DEPTH} levels deep (line 1, column 100)"]
    assert page(response).find("textarea", name="draft").raw_text.strip() == nested(50_000)


def test_import_form_refuses_deeply_nested_json(db, tmp_path):
    path = tmp_path / "diep.json"
    path.write_text(nested(100_000))

    with pytest.raises(CommandError, match=r"nested more than 64 levels deep \(line 1, column 100\)"):
        call_command("import_form", path)


def test_the_admin_says_where_broken_json_is(editor_client, bezwaar_form):
    data = edit_form(editor_client, change_url(bezwaar_form))
    text = data["draft"][0]
    data["draft"] = ['{\n  "format": "loket-form/1",\n  "slug": "bezwaar"\n  "name": "x"\n}']

    response = editor_client.post(change_url(bezwaar_form), data)

    assert response.status_code == 200
    assert admin_errors(response) == ["$: not valid JSON: Expecting ',' delimiter (line 4, column 3)"]
    bezwaar_form.refresh_from_db()
    assert json.loads(text) == bezwaar_form.draft


def test_the_admin_refuses_duplicate_keys(editor_client, bezwaar_form):
    data = edit_form(editor_client, change_url(bezwaar_form))
    data["draft"] = ['{"slug": "bezwaar", ' + data["draft"][0].strip()[1:]]

    response = editor_client.post(change_url(bezwaar_form), data)

    assert admin_errors(response) == ["$: not valid JSON: the key 'slug' appears twice in one object"]


def test_a_name_published_before_the_check_still_gives_a_one_line_subject(db):
    """Versions published before names were checked keep their name; the receipt e-mail still goes out."""
    form = FormFactory(published=True)
    definition = definitions.melding(form.slug)
    definition["name"] = {"nl": "Melding\r\nBcc: iedereen@example.nl\u2028openbare\x1bruimte"}
    form.live_version = FormVersion.objects.create(form=form, number=2, definition=definition)
    form.save()
    submission = SubmissionFactory(form=form, received=True)

    message = build_message(submission, build_receipt(submission), "melder@example.nl", None).message()

    unfolded = re.sub(r"\r?\n ", " ", message["Subject"])  # long headers are folded onto a next line
    assert unfolded == (
        f"Ontvangstbevestiging: Melding Bcc: iedereen@example.nl openbare ruimte ({submission.public_reference})"
    )
    assert message["Bcc"] is None
