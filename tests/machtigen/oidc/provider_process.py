"""A real OpenID Connect provider (oidc-provider-mock) in its own process, on a free local port.

Run as a script: prints the port on the first line of stdout, then serves until terminated.

The provider requires a nonce, and here also PKCE: oidc-provider-mock accepts a
``code_challenge`` without checking it, while the brokers Loket talks to do check it. Its
authorization-code grant is extended with authlib's own PKCE check (RFC 7636, S256 only), so a
token request with the wrong verifier is refused as a real broker would.
"""

import sys

import werkzeug.serving
from authlib.oauth2.rfc7636 import CodeChallenge
from oidc_provider_mock import _app, app

_challenges: dict[str, tuple[str | None, str | None]] = {}


class _Pkce(CodeChallenge):
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def get_authorization_code_challenge(self, authorization_code):
        return _challenges.get(authorization_code.code, (None, None))[0]

    def get_authorization_code_challenge_method(self, authorization_code):
        return _challenges.get(authorization_code.code, (None, None))[1]


class _PkceGrant(_app.AuthorizationCodeGrant):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _Pkce(required=True)(self)

    def save_authorization_code(self, code, request):
        super().save_authorization_code(code, request)
        data = request.payload.data
        _challenges[code] = (data.get("code_challenge"), data.get("code_challenge_method"))


def main() -> None:
    _app.AuthorizationCodeGrant = _PkceGrant
    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, app(require_nonce=True, issue_refresh_token=False), threaded=True
    )
    print(server.server_port, flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
