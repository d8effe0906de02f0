"""The organisation's words in the status e-mail: edited by editors in the admin, with a preview, never a link."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from forms_platform.staff import EDITORS, ensure_staff_groups
from notifications.models import StatusMailText
from tests.factories import UserFactory
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

URL = reverse("admin:notifications_statusmailtext_change")


@pytest.fixture
def editor_admin():
    ensure_staff_groups()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return staff_client(user)


def form_data(**changes) -> dict:
    text = StatusMailText.get_solo()
    fields = ("intro", "where_to_look", "why_no_link", "contact")
    return {**{name: getattr(text, name) for name in fields}, **changes}


def test_an_editor_sees_a_preview_with_an_example_zaak(editor_admin):
    page = editor_admin.get(URL).content.decode()
    assert "De status van uw zaak BZW-2026-000123 is veranderd" in page
    assert "Nieuwe status: In behandeling" in page


def test_the_text_is_saved_and_shows_in_the_preview(editor_admin):
    response = editor_admin.post(URL, form_data(contact="Bel 14 010, op werkdagen van 9 tot 17 uur."))
    assert response.status_code == 302
    assert "Bel 14 010" in editor_admin.get(URL).content.decode()


@pytest.mark.parametrize("text", ["Zie https://voorbeeld.nl", "Kijk op www.voorbeeld.nl", "<a href=x>hier</a>"])
def test_a_link_is_refused_with_the_field_named(editor_admin, text):
    response = editor_admin.post(URL, form_data(where_to_look=text))
    assert response.status_code == 200
    assert "No links in this e-mail" in response.content.decode()
    assert StatusMailText.get_solo().where_to_look != text
