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
# Only addresses: settings never connect, so nothing needs to listen there.
SERVICES = {
    "DATABASE_URL": "postgres://loket:geheim@db.voorbeeld.nl:5432/loket",
    "CELERY_BROKER_URL": "redis://redis.voorbeeld.nl:6379/0",
    "CACHE_URL": "redis://redis.voorbeeld.nl:6379/1",
}


def manage(*args: str, tmp_path, **env: str | None) -> subprocess.CompletedProcess:
    environment: dict[str, str | None] = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": PRODUCTION,
        "LOKET_VAR_DIR": str(tmp_path),  # never touch the developer's var/
        "LOKET_PUBLIC_URL": "https://formulieren.voorbeeld.nl",
        **SERVICES,
        **env,
    }
    environment = {name: value for name, value in environment.items() if value is not None}
    return subprocess.run(  # noqa: S603 (our own manage.py, with a fixed argument list)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={name: value for name, value in environment.items() if value is not None},  # None: leave it out
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


@pytest.mark.parametrize("variable", ["DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"])
def test_production_without_a_service_address_is_refused_with_the_variable_name(tmp_path, secret_key, variable):
    result = manage(
        "check", tmp_path=tmp_path, SECRET_KEY=secret_key, ALLOWED_HOSTS="formulieren.voorbeeld.nl", **{variable: None}
    )

    assert result.returncode != 0
    assert f"ImproperlyConfigured: Set the environment variable {variable}." in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "sqlite:///var/loket.sqlite3", "DATABASE_URL points at an embedded SQLite file (sqlite://)"),
        ("CELERY_BROKER_URL", "filesystem://", "CELERY_BROKER_URL points at the filesystem broker of one machine"),
        ("CELERY_BROKER_URL", "memory://", "CELERY_BROKER_URL points at an in-process broker"),
        ("CACHE_URL", "locmem://", "CACHE_URL must be a redis or rediss:// URL, not locmem://"),
        ("CACHE_URL", "geen-url", "CACHE_URL is not a URL"),
    ],
)
def test_production_refuses_embedded_services(tmp_path, secret_key, variable, value, message):
    result = manage(
        "check", tmp_path=tmp_path, SECRET_KEY=secret_key, ALLOWED_HOSTS="formulieren.voorbeeld.nl", **{variable: value}
    )

    assert result.returncode != 0
    assert message in result.stderr


def test_a_refused_address_is_not_repeated_in_the_error(tmp_path, secret_key):
    """The URL may hold a password; the message names the variable and the scheme only."""
    result = manage(
        "check",
        tmp_path=tmp_path,
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="formulieren.voorbeeld.nl",
        CACHE_URL="memcached://loket:wachtwoord-123@cache:11211",
    )

    assert result.returncode != 0
    assert "CACHE_URL must be a redis or rediss:// URL, not memcached://" in result.stderr
    assert "wachtwoord-123" not in result.stderr + result.stdout


SHOW_SERVICES = (
    "from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.CELERY_BROKER_URL, "
    "s.CACHES['default']['BACKEND'], s.STORAGES['staticfiles']['BACKEND'])"
)


def test_production_uses_the_servers_with_persistent_checked_connections(tmp_path, secret_key):
    result = manage("shell", "-c", SHOW_SERVICES, tmp_path=tmp_path, SECRET_KEY=secret_key, ALLOWED_HOSTS="x.nl")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django.db.backends.postgresql",
        "60",
        "True",
        SERVICES["CELERY_BROKER_URL"],
        "forms_platform.cache.ResilientRedisCache",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_connection_reuse_can_be_switched_off_for_transaction_pooling(tmp_path, secret_key):
    result = manage(
        "shell",
        "-c",
        SHOW_SERVICES,
        tmp_path=tmp_path,
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="x.nl",
        DATABASE_CONN_MAX_AGE="0",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split()[1:3] == ["0", "False"]


def test_a_short_receipt_signing_key_is_reported_by_check_deploy(tmp_path, secret_key):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="formulieren.voorbeeld.nl",
        LOKET_RECEIPT_SIGNING_KEYS=f"2027:{secret_key},2026:kort",
    )

    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "loket.W010" in output and "2026" in output
    assert "kort" not in output  # the id is named, never the key


def test_s3_storage_without_a_bucket_is_refused_with_the_variable_name(tmp_path, secret_key):
    result = manage("check", tmp_path=tmp_path, SECRET_KEY=secret_key, ALLOWED_HOSTS="x.nl", LOKET_PRIVATE_STORAGE="s3")

    assert result.returncode != 0
    assert "Set the environment variable LOKET_S3_BUCKET." in result.stderr


def test_an_unknown_private_storage_is_refused(tmp_path, secret_key):
    result = manage(
        "check", tmp_path=tmp_path, SECRET_KEY=secret_key, ALLOWED_HOSTS="x.nl", LOKET_PRIVATE_STORAGE="dropbox"
    )

    assert result.returncode != 0
    assert "LOKET_PRIVATE_STORAGE='dropbox' is invalid: use filesystem or s3" in result.stderr
