"""Production settings: safe by default, and loud when a required variable is missing.

Run in a subprocess with a clean environment: settings are read once per process, and the test
settings have put a SECRET_KEY into this process's environment.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = "forms_platform.settings.production"


def manage(*args: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": PRODUCTION,
        "LOKET_VAR_DIR": str(tmp_path),  # never touch the developer's var/
        "LOKET_PUBLIC_URL": "https://formulieren.voorbeeld.nl",
        **env,
    }
    environment = {name: value for name, value in environment.items() if value is not None}
    return subprocess.run(  # noqa: S603 (our own manage.py, with a fixed argument list)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def secret_key() -> str:
    return secrets.token_urlsafe(50)  # 67 characters, as a real deployment would generate


def test_production_passes_check_deploy_without_warnings(tmp_path, secret_key):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="formulieren.voorbeeld.nl",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_secret_key_fails_with_a_clear_message(tmp_path):
    result = manage("check", "--deploy", tmp_path=tmp_path, ALLOWED_HOSTS="formulieren.voorbeeld.nl")

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the environment variable SECRET_KEY." in result.stderr


def test_a_weak_secret_key_is_reported_by_check_deploy(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY="geheim",
        ALLOWED_HOSTS="formulieren.voorbeeld.nl",
    )

    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_production_without_allowed_hosts_is_refused_with_the_variable_name(tmp_path, secret_key):
    result = manage("check", "--deploy", tmp_path=tmp_path, SECRET_KEY=secret_key)

    assert result.returncode != 0
    assert "Set the environment variable ALLOWED_HOSTS." in result.stderr


def test_an_invalid_boolean_is_refused_with_the_variable_name(tmp_path, secret_key):
    result = manage(
        "check", tmp_path=tmp_path, SECRET_KEY=secret_key, ALLOWED_HOSTS="x.nl", SECURE_SSL_REDIRECT="misschien"
    )

    assert result.returncode != 0
    assert "Environment variable SECURE_SSL_REDIRECT='misschien' is invalid" in result.stderr


def test_debug_in_the_environment_does_not_give_production_a_default_secret_key(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="1", ALLOWED_HOSTS="formulieren.voorbeeld.nl")

    assert result.returncode != 0
    assert "Set the environment variable SECRET_KEY." in result.stderr


def test_production_without_a_public_url_is_refused_with_the_variable_name(tmp_path, secret_key):
    # The receipt on paper names the check page; without the address it would name a guess.
    result = manage("check", tmp_path=tmp_path, SECRET_KEY=secret_key, ALLOWED_HOSTS="x.nl", LOKET_PUBLIC_URL=None)

    assert result.returncode != 0
    assert "Set the environment variable LOKET_PUBLIC_URL." in result.stderr


@pytest.mark.parametrize("url", ["formulieren.voorbeeld.nl", "ftp://voorbeeld.nl", "https://voorbeeld.nl/?a=1"])
def test_a_public_url_that_is_not_an_address_is_refused(tmp_path, secret_key, url):
    result = manage("check", tmp_path=tmp_path, SECRET_KEY=secret_key, ALLOWED_HOSTS="x.nl", LOKET_PUBLIC_URL=url)

    assert result.returncode != 0
    assert "Environment variable LOKET_PUBLIC_URL=" in result.stderr


KEYRINGS = {
    "no id": "zonder-id",
    "empty key": "2026:",
    "id with a space": "sleutel 1:geheim-2026",
    "id twice": "a:geheim-een,a:geheim-twee",
}


@pytest.mark.parametrize("keys", KEYRINGS.values(), ids=KEYRINGS.keys())
def test_a_malformed_keyring_is_refused_without_repeating_a_key(tmp_path, secret_key, keys):
    result = manage(
        "check", tmp_path=tmp_path, SECRET_KEY=secret_key, ALLOWED_HOSTS="x.nl", LOKET_RECEIPT_SIGNING_KEYS=keys
    )

    assert result.returncode != 0
    assert "LOKET_RECEIPT_SIGNING_KEYS" in result.stderr
    for secret in ("zonder-id", "geheim-2026", "geheim-een", "geheim-twee"):
        assert secret not in result.stderr
