"""Citizens see the live version's name; a draft's new name stays in the admin until it is published."""

import json

import pytest
from django.urls import reverse

from builder import service
from builder.models import Form
from tests import definitions
from tests.factories import FormFactory
from tests.flow import start_url
from tests.html import page

INDEX = reverse("submissions:index")


def listed(client) -> list[str]:
    response = client.get(INDEX)
    assert response.status_code == 200
    return [
        link.text for link in page(response).find_all("a", class_="utrecht-link") if "/formulieren/" in link["href"]
    ]


def rename_draft(form: Form, name) -> None:
    definition = json.loads(json.dumps(form.draft))
    definition["name"] = name
    service.save_draft(form, definition)


def test_a_renamed_draft_is_not_public_until_it_is_published(citizen, bezwaar, vraag):
    rename_draft(bezwaar, "Zienswijze indienen (concept)")

    assert listed(citizen) == ["Bezwaar maken tegen een besluit", "Vraag of bericht aan de gemeente"]
    start_page = page(citizen.get(start_url("bezwaar")))
    assert start_page.find("h1").text == "Bezwaar maken tegen een besluit"

    service.publish(bezwaar)

    assert listed(citizen) == ["Vraag of bericht aan de gemeente", "Zienswijze indienen (concept)"]


def test_the_admin_shows_the_draft_name(editor_client, editor):
    bezwaar = Form.objects.get(slug="bezwaar")
    rename_draft(bezwaar, "Zienswijze indienen (concept)")

    response = editor_client.get(reverse("admin:builder_form_changelist"))

    rows = page(response).find("table", id="result_list").find("tbody").find_all("tr")
    assert "Zienswijze indienen (concept)" in [row.find("th").text for row in rows]


def test_a_form_that_was_never_published_is_not_listed(citizen, bezwaar):
    FormFactory(definition=definitions.melding("nog-niet-klaar"))

    assert listed(citizen) == ["Bezwaar maken tegen een besluit"]


def test_the_list_shows_the_dutch_name_of_each_version(citizen, db):
    FormFactory(definition=definitions.melding(), published=True)

    assert listed(citizen) == ["Melding openbare ruimte"]


@pytest.mark.parametrize("count", [2, 30])
def test_the_list_costs_one_query_however_many_forms(citizen, db, count, django_assert_num_queries):
    for number in range(count):
        FormFactory(definition=definitions.melding(f"formulier-{number}"), published=True)
    listed(citizen)  # warms the theme's cache, as every page after the first finds it

    with django_assert_num_queries(1):
        names = listed(citizen)

    assert len(names) == count
