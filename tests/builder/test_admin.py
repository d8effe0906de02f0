"""The editors' admin: the demo editor (staff, ``load_demo`` permissions) edits, publishes and exports forms."""

import json

import pytest
from django.urls import reverse

from builder.definition.io import canonical_json
from builder.models import Form
from tests import definitions
from tests.conftest import DEMO_FORMS
from tests.html import form_data, page

CHANGELIST = reverse("admin:builder_form_changelist")


def change_url(form: Form) -> str:
    return reverse("admin:builder_form_change", args=[form.pk])


def edit_form(client, url: str) -> dict[str, list[str]]:
    """What the browser would post back for the change form, unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    return form_data(page(response).by_id("form_form"))


@pytest.fixture
def bezwaar_form(editor) -> Form:
    return Form.objects.get(slug="bezwaar")


def test_editor_is_staff_but_not_superuser(editor):
    assert editor.is_staff
    assert not editor.is_superuser
    assert editor.has_perms(["builder.view_form", "builder.add_form", "builder.change_form"])
    assert not editor.has_perm("builder.delete_form")


def test_editor_sees_the_forms_in_the_changelist(editor_client):
    response = editor_client.get(CHANGELIST)

    assert response.status_code == 200
    rows = page(response).find("table", id="result_list").find("tbody").find_all("tr")
    assert [row.find("th").text for row in rows] == [
        "Bezwaar maken tegen een besluit",
        "Vraag of bericht aan de gemeente",
    ]


def test_editor_opens_the_change_page(editor_client, bezwaar_form):
    response = editor_client.get(change_url(bezwaar_form))

    assert response.status_code == 200
    html = page(response)
    draft = html.by_id("form_form").find("textarea", name="draft")
    assert json.loads(draft.raw_text) == json.loads((DEMO_FORMS / "bezwaar.json").read_text())
    assert html.find("input", name="_publish")["value"] == "Opslaan en publiceren"  # the admin speaks Dutch
    assert html.find("a", href=reverse("admin:builder_form_export", args=[bezwaar_form.pk]))


def test_saving_an_invalid_draft_shows_the_json_path(editor_client, bezwaar_form):
    data = edit_form(editor_client, change_url(bezwaar_form))
    definition = json.loads(data["draft"][0])
    definition["steps"][1]["key"] = "indiener"
    del definition["settings"]["reference_prefix"]
    data["draft"] = [json.dumps(definition)]

    response = editor_client.post(change_url(bezwaar_form), data)

    assert response.status_code == 200
    errors = [li.text for li in page(response).find_all("ul", class_="errorlist")[-1].find_all("li")]
    assert "$.settings.reference_prefix: this key is required" in errors
    assert all(error.startswith("$.") for error in errors)
    bezwaar_form.refresh_from_db()
    assert "reference_prefix" in bezwaar_form.draft["settings"]


def test_saving_a_draft_whose_slug_differs_is_refused(editor_client, bezwaar_form):
    data = edit_form(editor_client, change_url(bezwaar_form))
    data["draft"] = [json.dumps({**json.loads(data["draft"][0]), "slug": "iets-anders"})]

    response = editor_client.post(change_url(bezwaar_form), data)

    assert response.status_code == 200
    assert (
        "$.slug: moet gelijk zijn aan de slug van dit formulier (bezwaar)"
        in page(response).find(class_="errorlist").text
    )


def test_saving_a_valid_draft_does_not_publish(editor_client, bezwaar_form):
    data = edit_form(editor_client, change_url(bezwaar_form))
    definition = json.loads(data["draft"][0])
    definition["steps"][0]["title"] = "Wie maakt bezwaar?"
    data["draft"] = [json.dumps(definition)]

    response = editor_client.post(change_url(bezwaar_form), data)

    assert response.status_code == 302
    bezwaar_form.refresh_from_db()
    assert bezwaar_form.draft["steps"][0]["title"] == "Wie maakt bezwaar?"
    assert bezwaar_form.live_version.number == 1
    assert bezwaar_form.has_unpublished_changes


def test_save_and_publish_creates_a_version(editor, editor_client, bezwaar_form):
    data = edit_form(editor_client, change_url(bezwaar_form))
    definition = json.loads(data["draft"][0])
    definition["steps"][0]["title"] = "Wie maakt bezwaar?"
    data["draft"] = [json.dumps(definition)]

    response = editor_client.post(change_url(bezwaar_form), {**data, "_publish": ["Save and publish"]}, follow=True)

    assert response.status_code == 200
    assert "Versie 2 gepubliceerd." in page(response).find(class_="messagelist").text
    bezwaar_form.refresh_from_db()
    version = bezwaar_form.live_version
    assert (version.number, version.published_by) == (2, editor)
    assert version.definition["steps"][0]["title"] == "Wie maakt bezwaar?"


def test_a_new_form_can_be_added_and_published(editor_client):
    response = editor_client.post(
        reverse("admin:builder_form_add"),
        {
            "slug": "melding-openbare-ruimte",
            "draft": json.dumps(definitions.melding()),
            "is_active": "on",
            "draft_retention_days": "30",
            "retention_days": "365",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
            "_publish": "Save and publish",
        },
    )

    assert response.status_code == 302
    form = Form.objects.get(slug="melding-openbare-ruimte")
    assert (form.name, form.live_version.number) == ("Melding openbare ruimte", 1)


def test_export_url_returns_the_canonical_json(editor_client, bezwaar_form):
    response = editor_client.get(reverse("admin:builder_form_export", args=[bezwaar_form.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bezwaar.json"'
    # The demo gives the form a registration backend, which the export carries beside the definition.
    exported = json.loads(response.content)
    assert set(exported.pop("configuration")) == {"registrations"}
    assert (
        response.content
        == canonical_json({**exported, "configuration": json.loads(response.content)["configuration"]}).encode()
    )
    assert canonical_json(exported).encode() == (DEMO_FORMS / "bezwaar.json").read_bytes()


def test_the_admin_is_closed_to_citizens(bezwaar, citizen):
    for url in [CHANGELIST, change_url(bezwaar), reverse("admin:builder_form_export", args=[bezwaar.pk])]:
        response = citizen.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
