"""mozilla-django-oidc, configured per plugin from the database instead of from settings.

The library does the protocol: the authorization request with state, nonce and PKCE (S256), the
code exchange, the signature check against the broker's JWKS and the nonce comparison. What it
leaves out, and a login that decides whose BSN a form is sent under cannot: the ID token's
audience (``aud``, and ``azp`` when there are several), its issuer (``iss``) and the presence of
``exp`` / ``iat``. Tokens come back as claims, not as Django users: citizens are no accounts.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponseRedirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from .models import OIDCClient

__all__ = ["CALLBACK_URL_NAME", "ClaimsBackend", "authorization_redirect"]

CALLBACK_URL_NAME = "machtigen_oidc:callback"
# Clock difference we accept between broker and us when checking exp / iat.
LEEWAY_SECONDS = 30


def _settings(client: OIDCClient) -> dict[str, Any]:
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": client.authorization_endpoint,
        "OIDC_OP_TOKEN_ENDPOINT": client.token_endpoint,
        "OIDC_OP_USER_ENDPOINT": client.userinfo_endpoint or None,
        "OIDC_OP_JWKS_ENDPOINT": client.jwks_endpoint,
        "OIDC_RP_CLIENT_ID": client.client_id,
        "OIDC_RP_CLIENT_SECRET": client.client_secret,
        "OIDC_RP_SIGN_ALGO": client.signing_algorithm,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": client.scopes,
        "OIDC_AUTHENTICATION_CALLBACK_URL": CALLBACK_URL_NAME,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_TIMEOUT": 10,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {},
    }


def _setting(client: OIDCClient, attr: str, *default: Any) -> Any:
    """What mozilla-django-oidc would read from settings, from this connection instead."""
    values = _settings(client)
    if attr in values:
        return values[attr]
    if default:
        return default[0]
    raise KeyError(f"{attr} is not configured for OIDC login")


class _ConfiguredRequestView(OIDCAuthenticationRequestView):
    client: OIDCClient | None = None

    def get_settings(self, attr: str, *args: Any) -> Any:  # the library's hook, per instance here
        return _setting(self.client, attr, *args)


def authorization_redirect(request: HttpRequest, client: OIDCClient) -> tuple[HttpResponseRedirect, str]:
    """The redirect to the broker, and the state it carries (its entry is in ``session["oidc_states"]``)."""
    view = _ConfiguredRequestView(client=client)
    view.setup(request)
    response = view.get(request)
    # The library remembers a ?next= of its own; our return address lives in the state entry.
    request.session.pop("oidc_login_next", None)
    (state,) = parse_qs(urlsplit(response.url).query)["state"]
    return response, state


class ClaimsBackend(OIDCAuthenticationBackend):
    """The code exchange and token checks for one configured client; ``authenticate`` returns the claims."""

    def __init__(self, client: OIDCClient):
        self.client = client
        super().__init__()

    def get_settings(self, attr: str, *args: Any) -> Any:
        return _setting(self.client, attr, *args)

    def _verify_jws(self, payload: bytes | str, key: Any) -> dict[str, Any]:
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("the token is not signed with the configured algorithm")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.client.client_id,
                issuer=self.client.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise SuspiciousOperation("the ID token has expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise SuspiciousOperation("the ID token is meant for another client (aud)") from exc
        except jwt.InvalidIssuerError as exc:
            raise SuspiciousOperation("the ID token comes from another issuer (iss)") from exc
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"the ID token is not valid: {type(exc).__name__}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.client.client_id:
            raise SuspiciousOperation("the ID token has several audiences and names another party (azp)")
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        if not self.OIDC_OP_USER_ENDPOINT:
            return payload
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            # OIDC Core 5.3.2: the userinfo response must be about the subject of the ID token.
            raise SuspiciousOperation("the userinfo response is about another subject")
        return {**userinfo, **payload}
