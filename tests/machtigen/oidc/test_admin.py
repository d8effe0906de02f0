"""Editing a broker connection in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from machtigen.contrib.oidc.models import OIDCClient
from tests.staff import staff_client

pytestmark = pytest.mark.django_db

ADD = reverse("admin:machtigen_oidc_oidcclient_add")


@pytest.fixture
def admin(db):
    user = get_user_model().objects.create_superuser("beheerder", "beheer@example.nl", "x")
    return staff_client(user)


def _form(**fields) -> dict:
    return {
        "plugin_id": "digid-machtigen-oidc",
        "enabled": "on",
        "issuer": "https://broker.example.nl",
        "authorization_endpoint": "https://broker.example.nl/auth",
        "token_endpoint": "https://broker.example.nl/token",
        "jwks_endpoint": "broker.example.nl/jwks",
        "client_id": "loket",
        "client_secret": "geheim",
        "scopes": "openid",
        "signing_algorithm": "RS256",
        "claim_paths": '{"representee_bsn": ["machtiging", "bsn"]}',
        "default_level": "",
        "level_mapping": "{}",
        "default_mandate_role": "",
        **fields,
    }


def test_the_add_page_offers_only_oidc_plugins(admin):
    page = admin.get(ADD).content.decode()
    for plugin_id in ("digid-oidc", "digid-machtigen-oidc", "eherkenning-oidc", "eherkenning-bewindvoering-oidc"):
        assert f'value="{plugin_id}"' in page


def test_a_connection_is_saved_with_its_claim_paths(admin):
    response = admin.post(ADD, _form())

    assert response.status_code == 302, response.content.decode()[:2000]
    client = OIDCClient.objects.get()
    assert client.jwks_endpoint == "https://broker.example.nl/jwks"
    assert client.paths()["representee_bsn"] == ["machtiging", "bsn"]
    assert client.paths()["authorizee_bsn"] == ["urn:nl-eid-gdi:1.0:ActingSubjectID"]


@pytest.mark.parametrize(
    ("fields", "message"),
    # The admin speaks Dutch (locale/nl).
    [
        ({"claim_paths": '{"bsn_van_wie": ["x"]}'}, "Onbekende claim"),
        ({"claim_paths": '{"representee_bsn": {"a": 1}}'}, "moet een lijst met claimnamen zijn"),
        ({"claim_paths": "not json"}, "JSON"),
        ({"signing_algorithm": "HS256"}, "asymmetrisch"),
    ],
)
def test_mistakes_are_named_and_nothing_is_saved(admin, fields, message):
    response = admin.post(ADD, _form(**fields))

    assert response.status_code == 200
    (field,) = fields
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert not OIDCClient.objects.exists()


def test_the_secret_is_never_shown_and_kept_when_left_empty(admin):
    assert admin.post(ADD, _form()).status_code == 302
    connection = OIDCClient.objects.get()
    change = reverse("admin:machtigen_oidc_oidcclient_change", args=[connection.pk])

    assert "geheim" not in admin.get(change).content.decode()
    assert admin.post(change, _form(client_secret="", client_id="loket-2")).status_code == 302
    connection.refresh_from_db()
    assert (connection.client_id, connection.client_secret) == ("loket-2", "geheim")


def test_a_new_connection_needs_a_secret(admin):
    response = admin.post(ADD, _form(client_secret=""))
    assert list(response.context["adminform"].form.errors) == ["client_secret"]


def test_the_endpoints_come_from_the_discovery_document(admin, oidc_provider):
    form = _form(issuer=oidc_provider, authorization_endpoint="", token_endpoint="", jwks_endpoint="")
    assert admin.post(ADD, form).status_code == 302

    connection = OIDCClient.objects.get()
    assert connection.authorization_endpoint == f"{oidc_provider}/oauth2/authorize"
    assert connection.token_endpoint == f"{oidc_provider}/oauth2/token"
    assert connection.jwks_endpoint == f"{oidc_provider}/jwks"


def test_a_discovery_document_of_another_issuer_is_refused(admin, oidc_provider):
    other_name = oidc_provider.replace("127.0.0.1", "localhost")  # same server, another issuer name
    form = _form(issuer=f"{other_name}/", token_endpoint="")
    response = admin.post(ADD, form)

    assert "another issuer" in " ".join(response.context["adminform"].form.errors["issuer"])
    assert not OIDCClient.objects.exists()
