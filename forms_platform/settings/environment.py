"""The one place where settings read the process environment.

Every knob in ``forms_platform.settings`` goes through :func:`env`, so the full
list of supported variables is what this module is called with (see the README
table).
"""

import os
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

REQUIRED = object()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def as_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"expected one of {sorted(_TRUE | _FALSE)}")


def as_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


_KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,40}")


def as_keyring(raw: str) -> list[tuple[str, str]]:
    """``id:key,id:key`` as ``[(id, key), ...]``, in order. Errors never repeat a key."""
    keyring: list[tuple[str, str]] = []
    for number, entry in enumerate(as_list(raw), start=1):
        key_id, colon, secret = entry.partition(":")
        if not colon or not secret:
            raise ImproperlyConfigured(
                f"LOKET_RECEIPT_SIGNING_KEYS: entry {number} is not of the form id:key (commas between entries)."
            )
        if not _KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(
                f"LOKET_RECEIPT_SIGNING_KEYS: the id of entry {number} must be 1-40 letters, digits, '.', '_', '-'."
            )
        if key_id in {known for known, _ in keyring}:
            raise ImproperlyConfigured(f"LOKET_RECEIPT_SIGNING_KEYS: the id {key_id!r} is given twice.")
        keyring.append((key_id, secret))
    return keyring


def as_public_url(raw: str) -> str:
    """An absolute http(s) address without query or fragment, without the final slash."""
    parts = urlsplit(raw.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ValueError("expected an address such as https://formulieren.example.nl")
    return raw.strip().rstrip("/")


def env(name: str, default: Any = REQUIRED, cast: Callable[[str], Any] = str) -> Any:
    """Return environment variable ``name`` converted with ``cast``.

    ``default`` is returned as is (not cast) when the variable is unset; leave it
    out to make the variable required.
    """
    raw = os.environ.get(name)
    if raw is None:
        if default is REQUIRED:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    try:
        return cast(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable {name}={raw!r} is invalid: {exc}") from exc
