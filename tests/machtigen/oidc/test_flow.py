"""The whole authorization-code flow through the real plugins, against a real provider process."""

import base64
import hashlib
import logging
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import time_machine
from django.conf import settings
from django.test import Client

from machtigen.models import FormLogin
from machtigen.session import current_context

from .conftest import assert_valid_context, make_client

pytestmark = pytest.mark.django_db

RETURN_TO = "/formulieren/bezwaar/"
MACHTIGINGGEVER = "999991607"
GEMACHTIGDE = "999995224"
SERVICE = "b18dd73f-3dca-4b67-a4fb-06cb4ebbe2eb"
MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
SUBSTANTIEEL = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"


class Citizen:
    """A browser (Django's test client) and the provider's login page, clicked by hand."""

    def __init__(self, provider: str, client: Client | None = None):
        self.provider = provider
        self.browser = client or Client()

    def leave_for_provider(self, plugin_id: str, next_url: str = RETURN_TO) -> str:
        # The login button on the form's login page (machtigen's begin view) sends the citizen away.
        response = self.browser.post(f"/inloggen/bezwaar/{plugin_id}/", {"next": next_url})
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(self.provider)
        return response["Location"]

    def log_in_at_provider(self, authorize_url: str, sub: str, claims: dict) -> str:
        """Log in as ``sub`` with these claims; the callback path the provider sends the browser to."""
        requests.put(f"{self.provider}/users/{sub}", json=claims, timeout=10).raise_for_status()
        answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        location = urlsplit(answer.headers["Location"])
        assert location.path == "/oidc/callback/"
        return f"{location.path}?{location.query}"

    def log_in(self, plugin_id: str, sub: str, claims: dict):
        callback = self.log_in_at_provider(self.leave_for_provider(plugin_id), sub, claims)
        return self.browser.get(callback), callback

    def context(self) -> dict | None:
        request = type("R", (), {"session": self.browser.session})()
        return current_context(request)


@pytest.fixture
def form_login(bezwaar):
    """The bezwaar form offers both DigiD plugins, login optional, minimum DigiD midden."""
    settings_row = FormLogin.objects.create(form=bezwaar, mode=FormLogin.Mode.OPTIONAL)
    for order, plugin_id in enumerate(("digid-oidc", "digid-machtigen-oidc")):
        settings_row.options.create(plugin=plugin_id, minimum_level=MIDDEN, order=order)
    return settings_row


@pytest.fixture
def digid(oidc_provider, form_login):
    return make_client(oidc_provider, "digid-oidc", level_mapping={"20": MIDDEN})


@pytest.fixture
def machtigen(oidc_provider, form_login):
    return make_client(oidc_provider, "digid-machtigen-oidc", default_level=MIDDEN)


def test_digid_login_through_the_provider(oidc_provider, digid, caplog):
    caplog.set_level(logging.DEBUG)
    citizen = Citizen(oidc_provider)
    authorize_url = citizen.leave_for_provider("digid-oidc")
    session_before = citizen.browser.cookies[settings.SESSION_COOKIE_NAME].value

    # PKCE with S256: the challenge sent to the provider is the hash of the verifier kept in the session.
    params = parse_qs(urlsplit(authorize_url).query)
    assert params["code_challenge_method"] == ["S256"]
    (state,) = params["state"]
    entry = citizen.browser.session["oidc_states"][state]
    digest = base64.urlsafe_b64encode(hashlib.sha256(entry["code_verifier"].encode()).digest()).rstrip(b"=")
    assert params["code_challenge"] == [digest.decode()]
    assert params["nonce"] == [entry["nonce"]]

    callback = citizen.log_in_at_provider(authorize_url, "citizen-1", {"bsn": MACHTIGINGGEVER, "loa": "20"})
    response = citizen.browser.get(callback)

    assert response.status_code == 302
    assert response["Location"] == RETURN_TO
    context = citizen.context()
    assert context == {
        "source": "digid",
        "levelOfAssurance": MIDDEN,
        "authorizee": {"legalSubject": {"identifierType": "bsn", "identifier": MACHTIGINGGEVER}},
    }
    assert_valid_context(context)
    # A fresh session key at login: a session id planted before the login is worthless after it.
    assert citizen.browser.cookies[settings.SESSION_COOKIE_NAME].value != session_before
    assert state not in citizen.browser.session["oidc_states"]
    assert MACHTIGINGGEVER not in caplog.text


def test_digid_machtigen_login_keeps_the_two_people_apart(oidc_provider, machtigen, caplog):
    caplog.set_level(logging.DEBUG)
    citizen = Citizen(oidc_provider)
    claims = {
        "urn:nl-eid-gdi:1.0:LegalSubjectID": MACHTIGINGGEVER,
        "urn:nl-eid-gdi:1.0:ActingSubjectID": GEMACHTIGDE,
        "urn:nl-eid-gdi:1.0:ServiceUUID": SERVICE,
    }
    response, _ = citizen.log_in("digid-machtigen-oidc", "gemachtigde-1", claims)

    assert response.status_code == 302
    context = citizen.context()
    assert_valid_context(context)
    assert context["representee"] == {"identifierType": "bsn", "identifier": MACHTIGINGGEVER}
    assert context["authorizee"]["legalSubject"] == {"identifierType": "bsn", "identifier": GEMACHTIGDE}
    assert context["mandate"] == {"services": [{"id": SERVICE}]}
    assert MACHTIGINGGEVER not in caplog.text
    assert GEMACHTIGDE not in caplog.text


def _assert_refused(response, citizen):
    assert response.status_code == 403
    assert "Inloggen is niet gelukt" in response.content.decode()
    assert citizen.context() is None


def test_a_replayed_callback_is_refused(oidc_provider, digid):
    citizen = Citizen(oidc_provider)
    response, callback = citizen.log_in("digid-oidc", "citizen-2", {"bsn": MACHTIGINGGEVER, "loa": "20"})
    assert response.status_code == 302

    # The same browser again: the state is spent, the login it already has stays as it was.
    again = citizen.browser.get(callback)
    assert again.status_code == 403
    assert citizen.context()["authorizee"]["legalSubject"]["identifier"] == MACHTIGINGGEVER

    # Someone who got hold of the callback URL: nothing.
    thief = Citizen(oidc_provider)
    _assert_refused(thief.browser.get(callback), thief)


def test_a_callback_from_another_session_is_refused(oidc_provider, digid):
    victim = Citizen(oidc_provider)
    callback = victim.log_in_at_provider(
        victim.leave_for_provider("digid-oidc"), "citizen-3", {"bsn": MACHTIGINGGEVER, "loa": "20"}
    )
    attacker = Citizen(oidc_provider)
    attacker.leave_for_provider("digid-oidc")  # has login attempts of its own, just not this one

    _assert_refused(attacker.browser.get(callback), attacker)
    # The victim's own attempt is untouched and still completes.
    assert victim.browser.get(callback).status_code == 302
    assert victim.context()["authorizee"]["legalSubject"]["identifier"] == MACHTIGINGGEVER


def test_a_forged_state_is_refused(oidc_provider, digid):
    citizen = Citizen(oidc_provider)
    callback = citizen.log_in_at_provider(
        citizen.leave_for_provider("digid-oidc"), "citizen-4", {"bsn": MACHTIGINGGEVER, "loa": "20"}
    )
    path, query = callback.split("?", 1)
    params = {key: values[0] for key, values in parse_qs(query).items()}

    state = params["state"]
    forged = state[:-1] + ("y" if state.endswith("x") else "x")  # one character off, never the state itself
    _assert_refused(citizen.browser.get(path, {**params, "state": forged}), citizen)
    _assert_refused(citizen.browser.get(path, {"code": params["code"]}), citizen)


def test_an_expired_token_is_refused(oidc_provider, digid, caplog):
    citizen = Citizen(oidc_provider)
    claims = {"bsn": MACHTIGINGGEVER, "loa": "20", "exp": int(time.time()) - 3600}

    response, _ = citizen.log_in("digid-oidc", "citizen-5", claims)

    _assert_refused(response, citizen)
    assert "the ID token has expired" in caplog.text


def test_a_token_for_another_audience_is_refused(oidc_provider, digid, caplog):
    citizen = Citizen(oidc_provider)
    claims = {"bsn": MACHTIGINGGEVER, "loa": "20", "aud": "another-client"}

    response, _ = citizen.log_in("digid-oidc", "citizen-6", claims)

    _assert_refused(response, citizen)
    assert "another client (aud)" in caplog.text


def test_a_token_from_another_issuer_is_refused(oidc_provider, digid, caplog):
    digid.issuer = "https://broker.example.nl"
    digid.save()
    citizen = Citizen(oidc_provider)

    response, _ = citizen.log_in("digid-oidc", "citizen-7", {"bsn": MACHTIGINGGEVER, "loa": "20"})

    _assert_refused(response, citizen)
    assert "another issuer (iss)" in caplog.text


def test_a_code_exchanged_with_another_pkce_verifier_is_refused(oidc_provider, digid, caplog):
    # The provider process checks PKCE (see provider_process.py), as the brokers do.
    citizen = Citizen(oidc_provider)
    authorize_url = citizen.leave_for_provider("digid-oidc")
    (state,) = parse_qs(urlsplit(authorize_url).query)["state"]
    session = citizen.browser.session
    session["oidc_states"][state]["code_verifier"] = "x" * 64  # not the verifier the challenge was made from
    session.save()
    callback = citizen.log_in_at_provider(authorize_url, "citizen-8", {"bsn": MACHTIGINGGEVER, "loa": "20"})

    _assert_refused(citizen.browser.get(callback), citizen)
    assert "the broker did not exchange the code" in caplog.text


def test_a_stale_login_attempt_is_refused(oidc_provider, digid):
    citizen = Citizen(oidc_provider)
    callback = citizen.log_in_at_provider(
        citizen.leave_for_provider("digid-oidc"), "citizen-9", {"bsn": MACHTIGINGGEVER, "loa": "20"}
    )
    with time_machine.travel(time.time() + 16 * 60):
        _assert_refused(citizen.browser.get(callback), citizen)


def test_the_provider_saying_no_spends_the_state(oidc_provider, digid):
    citizen = Citizen(oidc_provider)
    authorize_url = citizen.leave_for_provider("digid-oidc")
    answer = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=10)
    location = urlsplit(answer.headers["Location"])
    assert "error=access_denied" in location.query

    _assert_refused(citizen.browser.get(f"{location.path}?{location.query}"), citizen)
    (state,) = parse_qs(location.query)["state"]
    assert state not in citizen.browser.session["oidc_states"]


def test_claims_that_make_no_valid_context_are_refused_without_logging_them(oidc_provider, digid, caplog):
    caplog.set_level(logging.DEBUG)
    citizen = Citizen(oidc_provider)

    response, _ = citizen.log_in("digid-oidc", "citizen-10", {"bsn": "999991608", "loa": "20"})  # fails the 11-check

    _assert_refused(response, citizen)
    assert "not a valid BSN" in caplog.text
    assert "999991608" not in caplog.text


def test_a_disabled_plugin_is_not_offered(oidc_provider, digid):
    digid.enabled = False
    digid.save()
    assert Client().post("/inloggen/bezwaar/digid-oidc/", {"next": RETURN_TO}).status_code == 404


def test_a_login_below_the_forms_minimum_level_is_refused(oidc_provider, digid, form_login):
    form_login.options.filter(plugin="digid-oidc").update(minimum_level=SUBSTANTIEEL)
    citizen = Citizen(oidc_provider)

    response, _ = citizen.log_in("digid-oidc", "citizen-12", {"bsn": MACHTIGINGGEVER, "loa": "20"})

    assert response.status_code == 403
    assert citizen.context() is None


def test_only_local_return_addresses(oidc_provider, digid):
    citizen = Citizen(oidc_provider)
    authorize_url = citizen.leave_for_provider("digid-oidc", next_url="https://evil.example/")
    callback = citizen.log_in_at_provider(authorize_url, "citizen-13", {"bsn": MACHTIGINGGEVER, "loa": "20"})

    response = citizen.browser.get(callback)

    assert response.status_code == 302
    assert response["Location"] == "/formulieren/bezwaar/"  # the form's start page, not the foreign site


def test_the_callback_costs_a_fixed_number_of_queries(oidc_provider, digid, django_assert_max_num_queries):
    citizen = Citizen(oidc_provider)
    callback = citizen.log_in_at_provider(
        citizen.leave_for_provider("digid-oidc"), "citizen-14", {"bsn": MACHTIGINGGEVER, "loa": "20"}
    )
    # Session read, spending the state (saved before the code exchange), the broker connection, the
    # form's login options (finish_login, one "enabled?" per offered plugin) and the new session key.
    with django_assert_max_num_queries(17):
        assert citizen.browser.get(callback).status_code == 302


def test_claims_from_the_userinfo_endpoint(oidc_provider, digid):
    digid.userinfo_endpoint = f"{oidc_provider}/userinfo"
    digid.save()
    citizen = Citizen(oidc_provider)

    response, _ = citizen.log_in("digid-oidc", "citizen-15", {"bsn": MACHTIGINGGEVER, "loa": "20"})

    assert response.status_code == 302
    assert citizen.context()["authorizee"]["legalSubject"]["identifier"] == MACHTIGINGGEVER


def test_a_userinfo_answer_about_someone_else_is_refused(oidc_provider, digid, caplog):
    digid.userinfo_endpoint = f"{oidc_provider}/jwks"  # answers JSON, but about no subject at all
    digid.save()
    citizen = Citizen(oidc_provider)

    response, _ = citizen.log_in("digid-oidc", "citizen-16", {"bsn": MACHTIGINGGEVER, "loa": "20"})

    _assert_refused(response, citizen)


def test_a_token_with_another_nonce_is_refused(oidc_provider, digid, caplog):
    citizen = Citizen(oidc_provider)
    authorize_url = citizen.leave_for_provider("digid-oidc")
    (state,) = parse_qs(urlsplit(authorize_url).query)["state"]
    session = citizen.browser.session
    session["oidc_states"][state]["nonce"] = "a-nonce-of-another-login"
    session.save()
    callback = citizen.log_in_at_provider(authorize_url, "citizen-17", {"bsn": MACHTIGINGGEVER, "loa": "20"})

    _assert_refused(citizen.browser.get(callback), citizen)
    assert "Nonce verification failed" in caplog.text


def test_a_head_request_does_not_spend_the_login_attempt(oidc_provider, digid):
    citizen = Citizen(oidc_provider)
    callback = citizen.log_in_at_provider(
        citizen.leave_for_provider("digid-oidc"), "citizen-18", {"bsn": MACHTIGINGGEVER, "loa": "20"}
    )
    assert citizen.browser.head(callback).status_code == 403
    assert citizen.browser.get(callback).status_code == 302
