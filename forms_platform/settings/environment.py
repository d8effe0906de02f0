"""The one place where settings read the process environment.

Every knob in ``forms_platform.settings`` goes through :func:`env`, so the full
list of supported variables is what this module is called with (see the README
table).
"""

import os
from collections.abc import Callable
from typing import Any

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
