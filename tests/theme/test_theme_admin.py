"""Editors set the theme in the (Dutch) admin; a colour that is hard to read is refused there."""

import pytest
from django.urls import reverse

from tests.html import form_data, page
from theme.models import Theme

pytestmark = pytest.mark.django_db
CHANGE = reverse("admin:theme_theme_change")


def test_an_editor_sets_the_colours_and_the_citizen_pages_follow(editor_client, client):
    form = page(editor_client.get(CHANGE)).find("form", id="theme_form")
    data = form_data(form) | {"name": ["Gemeente Zeewolde"], "primary_colour": ["#00537a"]}

    response = editor_client.post(CHANGE, data)

    assert response.status_code == 302, page(response).find(class_="errornote")
    assert Theme.get_solo().primary_colour == "#00537a"
    assert page(client.get("/formulieren/")).find("a", class_="loket-brand").text == "Gemeente Zeewolde"


def test_an_unreadable_colour_is_refused_in_dutch(editor_client):
    form = page(editor_client.get(CHANGE)).find("form", id="theme_form")

    response = editor_client.post(CHANGE, form_data(form) | {"primary_colour": ["#ffee00"]})

    assert response.status_code == 200
    assert "Witte tekst is op deze kleur slecht leesbaar" in page(response).find(class_="errorlist").text
    assert Theme.get_solo().primary_colour == ""
