"""The organisation's theme: edited in the admin, on every citizen page, no query once cached."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import RequestFactory

from tests.html import page
from theme.colours import contrast
from theme.context_processors import theme as theme_context
from theme.models import Theme
from theme.service import current_theme

pytestmark = pytest.mark.django_db


def test_the_pages_use_the_nl_design_system_css_from_npm_and_the_theme(client):
    html = page(client.get("/formulieren/"))
    sheets = [link["href"] for link in html.find_all("link", rel="stylesheet")]

    assert sheets[:2] == ["/static/nlds/voorbeeld-theme.css", "/static/nlds/utrecht-components.css"]
    assert any(href.startswith("/thema/") for href in sheets)
    assert "voorbeeld-theme" in html.find("body")["class"].split()


def test_the_collected_css_is_served(client):
    from django.contrib.staticfiles import finders

    # `make design` copies it from node_modules; a missing copy must fail here, not on a citizen's screen.
    assert finders.find("nlds/utrecht-components.css")
    assert ".utrecht-button" in Path(finders.find("nlds/utrecht-components.css")).read_text()


def test_name_colours_and_footer_come_from_the_admin(client):
    Theme.objects.create(
        name="Gemeente Zeewolde",
        primary_colour="#00537a",
        contact="Bel 14 036",
        privacy_url="https://www.example.nl/privacy",
        accessibility_url="https://www.example.nl/toegankelijkheid",
    )
    html = page(client.get("/formulieren/"))

    assert html.find("a", class_="loket-brand").text == "Gemeente Zeewolde"
    assert "Gemeente Zeewolde" in html.find("title").text
    footer = html.find("footer")
    assert "Bel 14 036" in footer.text
    assert [a.text for a in footer.find_all("a")] == ["Privacyverklaring", "Toegankelijkheidsverklaring"]
    css = client.get(next(link["href"] for link in html.find_all("link") if link["href"].startswith("/thema/")))
    assert css["Content-Type"].startswith("text/css")
    assert "--utrecht-button-primary-action-background-color: #00537a;" in css.content.decode()


def test_without_a_theme_the_settings_apply(client, settings):
    settings.LOKET_ORGANISATION_NAME = "Gemeente Elders"

    html = page(client.get("/formulieren/"))

    assert html.find("a", class_="loket-brand").text == "Gemeente Elders"
    assert settings.LOKET_CONTACT in html.find("footer").text


def test_a_saved_theme_shows_at_once(client):
    client.get("/formulieren/")
    theme = Theme.get_solo()
    theme.name = "Gemeente Nieuw"
    theme.save()

    assert page(client.get("/formulieren/")).find("a", class_="loket-brand").text == "Gemeente Nieuw"


def test_the_theme_costs_no_query_once_cached(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        theme_context(request)
    with django_assert_num_queries(0):
        assert theme_context(request)["theme"] == current_theme()


def test_a_citizen_page_costs_the_same_with_a_theme(client, django_assert_num_queries):
    Theme.objects.create(name="Gemeente Zeewolde", primary_colour="#00537a")
    client.get("/formulieren/")

    with django_assert_num_queries(1):  # the list of forms, nothing for the theme
        client.get("/formulieren/")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"primary_colour": "#ffcc00"}, "primary_colour"),  # white on yellow: 1.6:1
        ({"primary_colour": "blue"}, "primary_colour"),
        ({"primary_colour": "#00537a;}body{display:none"}, "primary_colour"),
        ({"header_background_colour": "#154273", "header_text_colour": "#1a1a1a"}, "header_text_colour"),
        ({"logo": "logo.exe"}, "logo"),
    ],
)
def test_unreadable_or_broken_themes_are_refused_with_the_field_named(fields, field):
    theme = Theme(**fields)

    with pytest.raises(ValidationError) as refused:
        theme.full_clean()

    assert field in refused.value.message_dict


def test_contrast_is_the_wcag_ratio():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#154273", "#ffffff") > 4.5


def test_the_logo_is_served_with_the_name_as_its_text_alternative(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    theme = Theme(name="Gemeente Zeewolde")
    theme.logo.save("logo.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'), save=True)

    img = page(client.get("/formulieren/")).find("a", class_="loket-brand").find("img")
    assert img["alt"] == "Gemeente Zeewolde"
    response = client.get(img["src"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "sandbox" in response["Content-Security-Policy"]


def test_no_logo_is_a_404(client):
    assert client.get("/thema/abc/logo").status_code == 404


def test_a_favicon(client):
    html = page(client.get("/formulieren/"))
    assert html.find("link", rel="icon")["href"] == "/static/loket/favicon.svg"
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/loket/favicon.svg"


def test_a_missing_design_css_is_reported(settings, tmp_path):
    from django.contrib.staticfiles import finders

    from theme.checks import design_css_collected

    assert design_css_collected(None) == []
    settings.STATICFILES_DIRS = [tmp_path]
    finders.get_finder.cache_clear()
    try:
        (warning,) = design_css_collected(None)
    finally:
        finders.get_finder.cache_clear()
    assert warning.id == "theme.W001"
    assert "make design" in warning.hint
