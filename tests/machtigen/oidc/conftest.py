import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import jsonschema
import pytest
import requests

from machtigen.contrib.oidc.models import OIDCClient


def shared_schemas() -> Path:
    """``schemas/`` in the shared folder beside the checkout (or above it)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "schemas"
        if (candidate / "openforms-auth-context.schema.json").exists():
            return candidate
    raise FileNotFoundError("the authentication-context schema (shared/schemas/) is not beside this checkout")


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((shared_schemas() / "openforms-auth-context.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


def assert_valid_context(context: dict) -> None:
    errors = [error.message for error in _validator().iter_errors(context)]
    assert not errors, errors


def example(name: str) -> dict:
    return json.loads((shared_schemas() / "examples" / f"{name}.json").read_text())


@pytest.fixture(scope="session")
def oidc_provider():
    """The base URL of a real OIDC provider running as a separate process on 127.0.0.1."""
    process = subprocess.Popen(  # noqa: S603 - our own script, with this interpreter
        [sys.executable, str(Path(__file__).with_name("provider_process.py"))],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        port = int(process.stdout.readline())
        base = f"http://127.0.0.1:{port}"
        requests.get(f"{base}/.well-known/openid-configuration", timeout=10).raise_for_status()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def make_client(provider: str, plugin_id: str, **fields) -> OIDCClient:
    config = requests.get(f"{provider}/.well-known/openid-configuration", timeout=10).json()
    values = {
        "plugin_id": plugin_id,
        "enabled": True,
        "issuer": config["issuer"],
        "authorization_endpoint": config["authorization_endpoint"],
        "token_endpoint": config["token_endpoint"],
        "jwks_endpoint": config["jwks_uri"],
        "client_id": "loket",
        "client_secret": "loket-secret",
        **fields,
    }
    client = OIDCClient(**values)
    client.full_clean()
    client.save()
    return client
