"""What a careless or hostile request gets: a Dutch page that says what to do, and nothing lost."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client

from tests.factories import FormFactory
from tests.flow import start, step_url

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

    assert response.status_code == 413
    assert "Wat u stuurde, is te groot" in response.content.decode()


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/fout/400/", 400, "Dit verzoek kunnen wij niet verwerken"),
        ("/fout/403/", 403, "U heeft geen toegang tot deze pagina"),
        ("/bestaat-niet/", 404, "Pagina niet gevonden"),
        ("/fout/500/", 500, "Er ging iets mis"),
    ],
)
def test_each_error_has_its_own_dutch_page(url, status, heading):
    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert heading in response.content.decode()


HOSTILE = {"content_type": "application/x-www-form-urlencoded; charset=utf-16", "data": b"a\x00=\x00b\x00"}


@pytest.mark.parametrize("url", ["/", "/formulieren/melding/", "/ontvangstbevestiging/controleren/", "/beheer/login/"])
def test_a_body_in_a_charset_django_refuses_gets_the_dutch_400_page_on_every_url(url):
    FormFactory(slug="melding", published=True)
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "A" * 32  # well-formed, so the CSRF check goes on to read the body

    response = client.post(url, **HOSTILE)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Dit verzoek kunnen wij niet verwerken" in response.content.decode()


def test_a_large_file_is_refused_before_it_is_read(monkeypatch):
    form = FormFactory(published=True)
    client = Client()
    submission = start(client, form.slug)
    spooled = []
    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", lambda self, *args, **kwargs: spooled.append(args))

    upload = SimpleUploadedFile("scan.pdf", b"%PDF" + b"0" * (20 * 1024 * 1024), content_type="application/pdf")
    response = client.post(step_url(submission, "melding"), {"onderwerp": "Losse stoeptegel", "bijlage": upload})

    assert response.status_code == 413
    assert "Wat u stuurde, is te groot" in response.content.decode()
    assert spooled == []
    assert not submission.steps.exists()


def test_a_small_multipart_post_is_read_as_usual():
    form = FormFactory(published=True)
    client = Client()
    submission = start(client, form.slug)

    upload = SimpleUploadedFile("foto.jpg", b"\xff\xd8" + b"0" * 1000, content_type="image/jpeg")
    response = client.post(step_url(submission, "melding"), {"onderwerp": "Losse stoeptegel", "bijlage": upload})

    assert response.status_code == 302
    assert submission.steps.get().data == {"onderwerp": "Losse stoeptegel"}
