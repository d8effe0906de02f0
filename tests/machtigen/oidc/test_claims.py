"""Claim mapping for every OIDC plugin: the context is the schema's shape, and nobody is swapped."""

import pytest
from django.core.exceptions import ValidationError

from machtigen.contrib.oidc.claims import ClaimError
from machtigen.contrib.oidc.models import OIDCClient
from machtigen.registry import login_plugins

from .conftest import assert_valid_context, example

MACHTIGINGGEVER = "999991607"
GEMACHTIGDE = "999995224"
SMARTCARD = "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"
LOA2PLUS = "urn:etoegang:core:assurance-class:loa2plus"
ACTING = "4B75A0EA107B3D36"
SERVICE_ID = "urn:etoegang:DV:00000001002308836000:services:9113"
SERVICE_UUID = "81216fa4-80a1-4686-a8ac-5c8e5c030c93"


def context(plugin_id: str, claims: dict, **config) -> dict:
    client = OIDCClient(plugin_id=plugin_id, **config)
    result = login_plugins[plugin_id].build_context(claims, client)
    assert_valid_context(result)
    return result


def test_digid():
    claims = {"bsn": MACHTIGINGGEVER, "loa": "20"}
    assert context("digid-oidc", claims) == example("digid")


def test_digid_machtigen_representee_is_the_machtiginggever():
    claims = {
        "urn:nl-eid-gdi:1.0:LegalSubjectID": MACHTIGINGGEVER,
        "urn:nl-eid-gdi:1.0:ActingSubjectID": GEMACHTIGDE,
        "urn:nl-eid-gdi:1.0:ServiceUUID": "b18dd73f-3dca-4b67-a4fb-06cb4ebbe2eb",
        "loa": "25",
    }
    result = context("digid-machtigen-oidc", claims)

    assert result == example("digid-machtigen")
    assert result["representee"]["identifier"] == MACHTIGINGGEVER
    assert result["authorizee"]["legalSubject"]["identifier"] == GEMACHTIGDE


def test_digid_machtigen_swapped_claims_give_swapped_people():
    # The mapping follows the claims, not the order of the numbers: swap the claims, swap the people.
    claims = {
        "urn:nl-eid-gdi:1.0:LegalSubjectID": GEMACHTIGDE,
        "urn:nl-eid-gdi:1.0:ActingSubjectID": MACHTIGINGGEVER,
        "urn:nl-eid-gdi:1.0:ServiceUUID": "b18dd73f-3dca-4b67-a4fb-06cb4ebbe2eb",
    }
    result = context("digid-machtigen-oidc", claims, default_level=SMARTCARD)
    assert result["representee"]["identifier"] == GEMACHTIGDE
    assert result["authorizee"]["legalSubject"]["identifier"] == MACHTIGINGGEVER


def test_digid_machtigen_with_one_person_on_both_sides_is_refused():
    claims = {
        "urn:nl-eid-gdi:1.0:LegalSubjectID": GEMACHTIGDE,
        "urn:nl-eid-gdi:1.0:ActingSubjectID": GEMACHTIGDE,
        "urn:nl-eid-gdi:1.0:ServiceUUID": "b18dd73f-3dca-4b67-a4fb-06cb4ebbe2eb",
    }
    with pytest.raises(ClaimError, match="same BSN"):
        context("digid-machtigen-oidc", claims, default_level=SMARTCARD)


def test_digid_machtigen_without_service_is_refused():
    claims = {"urn:nl-eid-gdi:1.0:LegalSubjectID": MACHTIGINGGEVER, "urn:nl-eid-gdi:1.0:ActingSubjectID": GEMACHTIGDE}
    with pytest.raises(ClaimError, match="mandate service id"):
        context("digid-machtigen-oidc", claims, default_level=SMARTCARD)


def test_eherkenning():
    claims = {
        "urn:etoegang:core:LegalSubjectID": "90002768",
        "urn:etoegang:core:ActingSubjectID": example("eherkenning")["authorizee"]["actingSubject"]["identifier"],
        "urn:etoegang:core:LevelOfAssurance": "urn:etoegang:core:assurance-class:loa2plus",
    }
    assert context("eherkenning-oidc", claims) == example("eherkenning")


def test_eherkenning_with_branch():
    claims = {
        "urn:etoegang:core:LegalSubjectID": "90002768",
        "urn:etoegang:core:ActingSubjectID": ACTING,
        "urn:etoegang:1.9:ServiceRestriction:Vestigingsnr": "123456789012",
        "urn:etoegang:core:LevelOfAssurance": "eh3",
    }
    assert context("eherkenning-oidc", claims) == example("eherkenning-branch")


def test_eherkenning_by_rsin():
    claims = {
        "urn:etoegang:core:LegalSubjectID": "111222333",
        "namequalifier": "urn:etoegang:1.9:EntityConcernedID:RSIN",
        "urn:etoegang:core:ActingSubjectID": ACTING,
    }
    result = context("eherkenning-oidc", claims, default_level=LOA2PLUS)
    assert result["authorizee"]["legalSubject"] == {"identifierType": "rsin", "identifier": "111222333"}


def _bewindvoering_claims(**extra) -> dict:
    return {
        "urn:etoegang:core:LegalSubjectID": "12345678",
        "urn:etoegang:core:ActingSubjectID": ACTING,
        "sel_uid": MACHTIGINGGEVER,
        "urn:etoegang:core:ServiceID": SERVICE_ID,
        "urn:etoegang:core:ServiceUUID": SERVICE_UUID,
        "urn:etoegang:core:LevelOfAssurance": "urn:etoegang:core:assurance-class:loa2plus",
        **extra,
    }


def test_eherkenning_bewindvoering_representee_is_the_client():
    result = context("eherkenning-bewindvoering-oidc", _bewindvoering_claims(), default_mandate_role="bewindvoerder")

    assert result == example("eherkenning-bewindvoering")
    assert result["representee"] == {"identifierType": "bsn", "identifier": MACHTIGINGGEVER}
    assert result["authorizee"]["legalSubject"] == {"identifierType": "kvkNummer", "identifier": "12345678"}


@pytest.mark.parametrize(
    ("claimed", "role"),
    [("curatele", "curator"), ("Curator", "curator"), ("mentorschap", "mentor"), ("bewindvoering", "bewindvoerder")],
)
def test_curatele_and_mentorschap_from_the_role_claim(claimed, role):
    result = context("eherkenning-bewindvoering-oidc", _bewindvoering_claims(mandate_role=claimed))
    assert result["mandate"]["role"] == role
    assert result["representee"]["identifier"] == MACHTIGINGGEVER


def test_mentorschap_as_the_configured_default():
    result = context("eherkenning-bewindvoering-oidc", _bewindvoering_claims(), default_mandate_role="mentor")
    assert result["mandate"]["role"] == "mentor"


@pytest.mark.parametrize(
    ("claims", "config", "message"),
    [
        (_bewindvoering_claims(), {}, "no mandate role"),
        (_bewindvoering_claims(mandate_role="voogd"), {}, "not bewindvoerder, curator or mentor"),
        (_bewindvoering_claims(sel_uid="123456789"), {"default_mandate_role": "curator"}, "not a valid BSN"),
        (_bewindvoering_claims(**{"urn:etoegang:core:ServiceUUID": None}), {"default_mandate_role": "curator"}, "uuid"),
    ],
)
def test_bewindvoering_refusals(claims, config, message):
    with pytest.raises(ClaimError, match=message):
        context("eherkenning-bewindvoering-oidc", claims, **config)


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"loa": "20"}, "no BSN"),
        ({"bsn": "12345678", "loa": "20"}, "not a valid BSN"),
        ({"bsn": ["999991607", "999995224"], "loa": "20"}, "not a text value"),
        ({"bsn": MACHTIGINGGEVER}, "no level of assurance"),
        ({"bsn": MACHTIGINGGEVER, "loa": "urn:etoegang:core:assurance-class:loa3"}, "not a digid level"),
        ({"bsn": MACHTIGINGGEVER, "loa": "42"}, "not a digid level"),
    ],
)
def test_digid_refusals_name_the_claim_not_the_value(claims, message):
    with pytest.raises(ClaimError, match=message) as refused:
        context("digid-oidc", claims)
    assert "999991607" not in str(refused.value)
    assert "12345678" not in str(refused.value)


def test_eherkenning_refuses_bad_company_numbers():
    claims = {"urn:etoegang:core:LegalSubjectID": "1234567", "urn:etoegang:core:ActingSubjectID": ACTING}
    with pytest.raises(ClaimError, match="8 digits"):
        context("eherkenning-oidc", claims, default_level=LOA2PLUS)
    claims["urn:etoegang:core:LegalSubjectID"] = "12345678"
    claims["urn:etoegang:1.9:ServiceRestriction:Vestigingsnr"] = "12"
    with pytest.raises(ClaimError, match="12 digits"):
        context("eherkenning-oidc", claims, default_level=LOA2PLUS)


def test_claim_paths_from_the_admin_reach_into_nested_claims():
    claims = {"machtiging": {"voor": {"bsn": MACHTIGINGGEVER}, "door": {"bsn": GEMACHTIGDE}, "dienst": "svc-1"}}
    paths = {
        "representee_bsn": ["machtiging", "voor", "bsn"],
        "authorizee_bsn": ["machtiging", "door", "bsn"],
        "service_id": ["machtiging", "dienst"],
    }
    result = context("digid-machtigen-oidc", claims, claim_paths=paths, default_level=SMARTCARD)
    assert result["representee"]["identifier"] == MACHTIGINGGEVER
    assert result["authorizee"]["legalSubject"]["identifier"] == GEMACHTIGDE


def test_the_level_mapping_of_the_admin_comes_first():
    result = context("digid-oidc", {"bsn": MACHTIGINGGEVER, "loa": "hoog-ish"}, level_mapping={"hoog-ish": SMARTCARD})
    assert result["levelOfAssurance"] == SMARTCARD


def _config(**fields) -> OIDCClient:
    values = {
        "plugin_id": "digid-oidc",
        "issuer": "https://broker.example.nl",
        "authorization_endpoint": "https://broker.example.nl/auth",
        "token_endpoint": "https://broker.example.nl/token",
        "jwks_endpoint": "https://broker.example.nl/jwks",
        "client_id": "loket",
        "client_secret": "s",
        **fields,
    }
    return OIDCClient(**values)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"plugin_id": "no-such-plugin"}, "plugin_id"),
        ({"claim_paths": {"bsnn": ["bsn"]}}, "claim_paths"),
        ({"claim_paths": {"bsn": "bsn.nummer"}}, None),
        ({"claim_paths": {"bsn": []}}, "claim_paths"),
        ({"claim_paths": {"bsn": [1]}}, "claim_paths"),
        ({"scopes": "profile"}, "scopes"),
        ({"default_level": "urn:etoegang:core:assurance-class:loa3"}, "default_level"),
        ({"level_mapping": {"20": "midden-ish"}}, "level_mapping"),
        ({"signing_algorithm": "HS256"}, "signing_algorithm"),
        ({"signing_algorithm": "none"}, "signing_algorithm"),
    ],
)
def test_the_admin_refuses_configuration_mistakes_by_field(fields, field):
    config = _config(**fields)
    if field is None:  # a single string is one claim name, accepted as a path of one key
        config.full_clean()
        assert config.paths()["bsn"] == ["bsn.nummer"]
        return
    with pytest.raises(ValidationError) as refused:
        config.full_clean()
    assert field in refused.value.message_dict


@pytest.mark.django_db
def test_production_accepts_only_https_endpoints(settings):
    settings.LOKET_PRODUCTION = True
    config = _config(token_endpoint="http://broker.example.nl/token")
    with pytest.raises(ValidationError) as refused:
        config.full_clean()
    assert list(refused.value.message_dict) == ["token_endpoint"]
    _config().full_clean()
