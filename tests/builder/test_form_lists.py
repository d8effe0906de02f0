"""The two lists of forms, built without the per-row template work: same links, names escaped, few queries."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from builder.models import Form
from tests import definitions
from tests.factories import FormFactory
from tests.html import page, parse


def make_forms(count: int, name: str = "Melding {}", slug: str = "formulier") -> list:
    forms = []
    for number in range(count):
        definition = definitions.melding(f"{slug}-{number:03d}")
        definition["name"] = name.format(number)
        forms.append(FormFactory(definition=definition, published=True))
    return forms


@pytest.mark.django_db
def test_the_public_list_links_every_open_form_and_escapes_names(client):
    make_forms(3)
    hostile = definitions.melding("vreemd")
    hostile["name"] = "Zo <script>alert(\"x\")</script> & 'co'"
    FormFactory(definition=hostile, published=True)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("submissions:index"))
    assert response.status_code == 200
    html = page(response)
    links = [(link["href"], link.text) for link in html.find("ul", class_="loket-form-list").find_all("a")]
    assert links == [
        (reverse("submissions:start", args=[f"formulier-{number:03d}"]), f"Melding {number}") for number in range(3)
    ] + [(reverse("submissions:start", args=["vreemd"]), "Zo <script>alert(\"x\")</script> & 'co'")]
    assert b"<script>alert" not in response.content
    assert len([query for query in queries.captured_queries if "builder_form" in query["sql"]]) == 1


@pytest.mark.django_db
def test_the_public_list_takes_one_query_whatever_the_number_of_forms(client):
    make_forms(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("submissions:index"))
    make_forms(20, name="Ander {}", slug="ander")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("submissions:index"))
    assert response.content.count(b"<li>") >= 20

    def on_forms(queries) -> int:
        return len([query for query in queries.captured_queries if "builder_form" in query["sql"]])

    assert on_forms(many) == on_forms(few) == 1


def test_the_admin_list_keeps_its_checkboxes_links_and_icons(editor_client, editor):
    forms = make_forms(3)
    forms[1].is_active = False
    forms[1].save()
    with translation.override("en"):
        response = editor_client.get(reverse("admin:builder_form_changelist"))
    html = page(response)
    rows = [row for row in html.find("table", id="result_list").find("tbody").find_all("tr")]
    rows = [row for row in rows if row.find("th").text.startswith("Melding")]
    first = rows[0]
    box = first.find("input", class_="action-select")
    # The same checkbox as Django's own, in the page's language.
    model_admin = admin.site._registry[Form]
    with translation.override(html.find("html")["lang"]):
        django_box = parse(admin.ModelAdmin.action_checkbox(model_admin, forms[0])).find("input")
    assert box.attrs == django_box.attrs
    assert (box["name"], box["value"]) == ("_selected_action", str(forms[0].pk))
    assert box["aria-label"].endswith(" - Melding 0")
    assert first.find("th").find("a")["href"] == reverse("admin:builder_form_change", args=[forms[0].pk])
    icons = [[img["alt"] for img in row.find_all("img")] for row in rows]
    assert icons == [["False", "True"], ["False", "False"], ["False", "True"]]
    assert rows[0].find("img")["src"].endswith("admin/img/icon-no.svg")
    start = reverse("submissions:start", args=[forms[2].slug])
    assert rows[2].find("a", href=start).text == start

    # Selecting rows still works with the hand-made checkboxes.
    data = {"action": "publish_selected", "_selected_action": [str(forms[0].pk)]}
    assert editor_client.post(reverse("admin:builder_form_changelist"), data).status_code == 302


def test_the_admin_list_takes_the_same_queries_for_3_or_30_forms(editor_client, editor):
    make_forms(3)
    editor_client.get(reverse("admin:builder_form_changelist"))  # the session's first visit writes to it
    with CaptureQueriesContext(connection) as few:
        editor_client.get(reverse("admin:builder_form_changelist"))
    make_forms(27, name="Ander {}", slug="ander")
    with CaptureQueriesContext(connection) as many:
        editor_client.get(reverse("admin:builder_form_changelist"))
    assert [query["sql"] for query in many.captured_queries] == [query["sql"] for query in few.captured_queries]
