"""The builder pages in the admin: every change is a form POST, checked as a whole before it is saved."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from builder import service
from builder.models import Form
from tests import definitions
from tests.factories import FormFactory
from tests.html import page


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def melding(editor) -> Form:
    return FormFactory(definition=definitions.melding("melding"), published=True)


def url(name: str, form: Form, *args) -> str:
    return reverse(f"admin:builder_form_{name}", args=[form.pk, *args])


def post(client, form: Form, query: str = "", **data):
    return client.post(url("builder", form) + query, data)


def test_the_builder_shows_steps_fields_and_a_palette_of_every_kind(editor_client, melding):
    response = editor_client.get(url("builder", melding))

    assert response.status_code == 200
    html = page(response)
    palette = [button["value"] for button in html.find_all("button", name="kind")]
    from builder.kinds import field_kinds

    assert palette == field_kinds.ids()
    assert html.find("a", href="?step=contact")
    assert html.find("a", href="?step=melding&field=onderwerp")


def test_adding_a_step_and_a_field_saves_the_draft_with_feedback(editor_client, melding):
    response = post(editor_client, melding, action="add_step", title="Uw situatie")
    assert response.status_code == 302
    assert response["Location"].endswith("?step=uw_situatie")

    response = post(editor_client, melding, action="add_field", step="uw_situatie", kind="date", label="Datum besluit")
    assert response.status_code == 302
    followed = editor_client.get(response["Location"])
    assert "Saved to the draft." in followed.content.decode()

    melding.refresh_from_db()
    service.validate_definition(melding.draft)
    assert melding.draft["steps"][-1]["ui"]["fields"]["datum_besluit"]["kind"] == "date"
    assert melding.has_unpublished_changes


def test_the_property_panel_saves_and_refuses_a_bad_pattern_keeping_the_input(editor_client, melding):
    field = "?step=melding&field=onderwerp"
    shown = page(editor_client.get(url("builder", melding) + field))
    assert shown.by_id("id_label")["value"] == "Onderwerp"

    data = {"step": "melding", "field": "onderwerp", "label": "Nieuw label", "required": "on"}
    refused = post(editor_client, melding, field, action="update_field", pattern="(a)\\1", **data)
    assert refused.status_code == 400
    html = page(refused)
    assert "pattern" in html.text.lower() and "backreference" in html.text.lower()
    assert html.by_id("id_label")["value"] == "Nieuw label"  # nothing typed is lost
    melding.refresh_from_db()
    assert melding.draft == definitions.melding("melding")  # nothing saved

    saved = post(editor_client, melding, field, action="update_field", pattern="^[a-z ]+$", **data)
    assert saved.status_code == 302
    melding.refresh_from_db()
    assert melding.draft["steps"][0]["ui"]["fields"]["onderwerp"]["label"] == "Nieuw label"


def test_a_change_that_would_break_the_definition_is_refused_and_nothing_is_saved(editor_client, melding):
    # The only step cannot go: a definition needs at least one. Make it the only one first.
    post(editor_client, melding, action="remove_step:contact")
    melding.refresh_from_db()
    before = melding.draft

    response = post(editor_client, melding, action="remove_step:melding")

    assert response.status_code == 302
    followed = editor_client.get(response["Location"]).content.decode()
    assert "Not saved" in followed and "$.steps" in followed
    melding.refresh_from_db()
    assert melding.draft == before


@pytest.mark.parametrize(
    "data",
    [
        {"action": "nonsense"},
        {"action": "add_field", "step": "melding", "kind": "<script>"},
        {"action": "move_field:../../etc:up", "step": "melding"},
        {"action": "remove_field:onderwerp", "step": "nope"},
        {"action": "reorder", "step": "melding", "order": ["x"]},
        {"action": "update_field", "step": "melding", "field": "nope"},
        {"action": "add_step", "title": "   "},
    ],
)
def test_careless_and_hostile_posts_get_an_error_and_change_nothing(editor_client, melding, data):
    response = editor_client.post(url("builder", melding), data)

    assert response.status_code == 302
    assert "error" in editor_client.get(response["Location"]).content.decode()
    melding.refresh_from_db()
    assert melding.draft == definitions.melding("melding")


def test_keyboard_moves_and_drag_and_drop_reorder_post_the_same_change(editor_client, melding):
    post(editor_client, melding, action="add_field", step="melding", kind="text", label="Tweede")
    melding.refresh_from_db()
    order = melding.draft["steps"][0]["ui"]["order"]
    post(editor_client, melding, action="move_field:tweede:up", step="melding")
    melding.refresh_from_db()
    assert melding.draft["steps"][0]["ui"]["order"] == [*order[:-2], "tweede", order[-2]]

    post(editor_client, melding, action="reorder", step="melding", group="", order=list(reversed(order)))
    melding.refresh_from_db()
    assert melding.draft["steps"][0]["ui"]["order"] == list(reversed(order))


def test_a_viewer_without_change_permission_cannot_change(client, melding, django_user_model):
    from django.contrib.auth.models import Permission

    from tests.staff import staff_client

    viewer = django_user_model.objects.create_user("kijker", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_form"))
    browser = staff_client(viewer)

    assert browser.get(url("builder", melding)).status_code == 200
    assert browser.post(url("builder", melding), {"action": "add_step", "title": "X"}).status_code == 403
    assert client.get(url("builder", melding)).status_code == 302  # not logged in: to the login page


def test_the_preview_renders_the_citizen_templates(editor_client, melding):
    response = editor_client.get(url("preview_step", melding, "contact"))

    assert response.status_code == 200
    html = page(response)
    assert html.find("input", id="field-email")["type"] == "email"
    assert html.find("h1").text.strip() == "Uw contactgegevens"


def test_the_json_view_is_pretty_printed(editor_client, melding):
    html = page(editor_client.get(url("change", melding)))

    text = html.find("textarea", name="draft").raw_text
    assert text.count("\n") > 20
    assert json.loads(text) == melding.draft


def test_settings_are_saved_to_the_draft_and_the_form(editor_client, melding):
    response = editor_client.get(url("settings", melding))
    assert response.status_code == 200
    data = {
        "confirmation-reference_prefix": "MOR",
        "confirmation-receipt_email": "no_links",
        "confirmation-next_steps": "Wij bellen u binnen een week.",
        "confirmation-requirements": "Een foto\n\nUw adres",
        "retention-is_active": "on",
        "retention-draft_retention_days": "14",
        "retention-retention_days": "730",
    }
    assert editor_client.post(url("settings", melding), data).status_code == 302

    melding.refresh_from_db()
    settings = melding.draft["settings"]
    assert (settings["reference_prefix"], settings["receipt_email"]) == ("MOR", "no_links")
    assert settings["requirements"] == ["Een foto", "Uw adres"]
    assert (melding.draft_retention_days, melding.retention_days) == (14, 730)

    refused = editor_client.post(url("settings", melding), {**data, "confirmation-reference_prefix": "mor"})
    assert refused.status_code == 400
    assert "capital letters" in refused.content.decode()


def test_a_link_in_no_links_mode_is_refused_on_the_settings_page(editor_client, melding):
    data = {
        "confirmation-reference_prefix": "MOR",
        "confirmation-receipt_email": "no_links",
        "confirmation-contact": "Zie https://example.nl",
        "retention-is_active": "on",
        "retention-draft_retention_days": "30",
        "retention-retention_days": "365",
    }
    response = editor_client.post(url("settings", melding), data)

    assert response.status_code == 400
    assert "$.settings.contact" in response.content.decode()
    melding.refresh_from_db()
    assert "contact" not in melding.draft["settings"]


def test_a_section_from_another_app_appears_on_the_settings_page(editor_client, melding):
    from django import forms

    class LoginForm(forms.Form):
        digid = forms.BooleanField(label="DigiD", required=False)

    saved = []

    class LoginSection:
        title = "Inloggen"

        def form(self, form, data=None):
            return LoginForm(data, prefix="login")

        def save(self, form, bound):
            saved.append(bound.cleaned_data["digid"])

    with service.form_settings_sections.temporarily("login", LoginSection()):
        assert "Inloggen" in editor_client.get(url("settings", melding)).content.decode()
        data = {
            "confirmation-reference_prefix": "MLD",
            "confirmation-receipt_email": "pdf_attached",
            "retention-is_active": "on",
            "retention-draft_retention_days": "30",
            "retention-retention_days": "365",
            "login-digid": "on",
        }
        editor_client.post(url("settings", melding), data)

    assert saved == [True]


def test_versions_show_changes_in_words_and_restore_an_old_version(editor_client, melding, editor):
    post(editor_client, melding, action="add_field", step="melding", kind="text", label="Straat")
    melding.refresh_from_db()
    service.publish(melding, editor)

    response = editor_client.get(url("versions", melding) + "?from=1&to=2")
    assert "Field “Straat” (text) added to step" in response.content.decode()

    assert editor_client.post(url("versions", melding), {"restore": "1"}).status_code == 302
    melding.refresh_from_db()
    assert melding.draft == melding.versions.get(number=1).definition
    assert melding.live_version.number == 2  # published versions stay as they are


def test_duplicate_makes_an_unpublished_copy(editor_client, melding):
    response = editor_client.post(url("duplicate", melding), {"slug": "melding-kopie"})

    assert response.status_code == 302
    copy = Form.objects.get(slug="melding-kopie")
    assert copy.live_version is None
    assert copy.draft["slug"] == "melding-kopie"
    assert copy.name.endswith("(kopie)")

    again = editor_client.post(url("duplicate", melding), {"slug": "melding-kopie"})
    assert again.status_code == 400
    assert "already exists" in again.content.decode()


def big_definition(fields: int) -> dict:
    definition = definitions.melding(f"groot-{fields}")
    step = definition["steps"][0]
    for number in range(fields):
        name = f"veld_{number:03d}"
        step["schema"]["properties"][name] = {"type": "string", "maxLength": 200}
        step["ui"]["fields"][name] = {"kind": "text", "label": f"Veld {number}", "help": "Uitleg"}
        step["ui"]["order"].append(name)
    return definition


def queries_for(client, fields: int) -> tuple[int, int]:
    """Queries of one saved change and of opening the builder, for a form with ``fields`` fields."""
    form = FormFactory(definition=big_definition(fields))
    client.get(url("builder", form))  # session and permission caches warm
    with CaptureQueriesContext(connection) as saved:
        response = post(client, form, action="move_field:veld_000:down", step="melding")
    assert response.status_code == 302
    form.refresh_from_db()
    order = form.draft["steps"][0]["ui"]["order"]
    assert order.index("veld_001") + 1 == order.index("veld_000")
    with CaptureQueriesContext(connection) as opened:
        assert client.get(url("builder", form) + "?step=melding&field=veld_001").status_code == 200
    return len(saved), len(opened)


def test_saving_and_opening_take_the_same_queries_whatever_the_number_of_fields(editor_client):
    small, large = queries_for(editor_client, 10), queries_for(editor_client, 300)

    assert small == large
    assert large[0] <= 8 and large[1] <= 8, large


def test_publishing_from_the_builder(editor_client, editor):
    form = service.new_form("nieuw", "Nieuw formulier", "NWF")
    response = post(editor_client, form, action="publish")
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.live_version.number == 1
    assert "Published version 1." in editor_client.get(response["Location"]).content.decode()


def test_a_new_form_starts_from_a_name_without_json(editor_client, melding):
    add = reverse("admin:builder_form_add")
    assert page(editor_client.get(add)).find("input", name="reference_prefix")

    response = editor_client.post(add, {"name": "Hond aanmelden", "slug": "hond", "reference_prefix": "HND"})
    assert response.status_code == 302
    form = Form.objects.get(slug="hond")
    assert response["Location"] == url("builder", form)
    assert (form.name, form.draft["settings"]["reference_prefix"]) == ("Hond aanmelden", "HND")

    taken = editor_client.post(add, {"name": "X", "slug": "melding", "reference_prefix": "HND"})
    assert taken.status_code == 400
    assert "already exists" in taken.content.decode()
    lowercase = editor_client.post(add, {"name": "X", "slug": "x", "reference_prefix": "hnd"})
    assert lowercase.status_code == 400
    assert "capital letters" in lowercase.content.decode()
    assert not Form.objects.filter(slug="x").exists()


def test_the_forms_list_tells_changed_drafts_without_reading_the_documents(editor_client, melding):
    post(editor_client, melding, action="add_step", title="Nog een stap")
    unchanged = FormFactory(definition=definitions.melding("ongewijzigd"), published=True)

    with CaptureQueriesContext(connection) as listed:
        response = editor_client.get(reverse("admin:builder_form_changelist"))

    assert response.status_code == 200
    table = page(response).find("table", id="result_list").find("tbody")
    rows = {row.find("td", class_="field-slug").text: row for row in table.find_all("tr")}
    flags = {
        name: row.find("td", class_="field-has_unpublished_changes").find("img")["alt"] for name, row in rows.items()
    }
    assert flags[melding.slug] == "True" and flags[unchanged.slug] == "False"
    form_queries = [q["sql"] for q in listed if '"builder_form"."slug"' in q["sql"]]
    assert form_queries and all(
        '"builder_form"."draft",' not in sql and "definition" not in sql for sql in form_queries
    )
