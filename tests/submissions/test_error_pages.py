"""What a careless or hostile request gets: a Dutch page that says what to do, and nothing lost."""

import pytest
from django.test import Client

from tests.factories import FormFactory

pytestmark = pytest.mark.django_db


def test_a_post_without_csrf_token_gets_a_dutch_explanation():
    form = FormFactory(published=True)
    client = Client(enforce_csrf_checks=True)

    response = client.post(f"/formulieren/{form.slug}/")

    assert response.status_code == 403
    assert "Deze pagina is verlopen" in response.content.decode()


def test_an_oversized_post_is_refused_with_a_dutch_page(settings):
    form = FormFactory(published=True)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client()
    start = client.post(f"/formulieren/{form.slug}/")

    response = client.post(start["Location"], {"onderwerp": "x" * 5000})

    assert response.status_code == 400
    assert "Dit verzoek kunnen wij niet verwerken" in response.content.decode()
