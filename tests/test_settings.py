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
        **env,
    }
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
