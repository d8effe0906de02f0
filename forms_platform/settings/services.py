"""Addresses of the services production needs, checked before anything connects to them."""

from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .environment import env


def server_url(name: str, *, refused: dict[str, str] | None = None, allowed: set[str] | None = None) -> str:
    """The required URL in variable ``name``, refused when its scheme is embedded or not ``allowed``.

    The error names the variable and the scheme, never the URL: it may hold a password.
    """
    url = env(name)
    scheme = urlsplit(url).scheme.lower().split("+")[0]
    if not scheme:
        raise ImproperlyConfigured(f"Environment variable {name} is not a URL (e.g. redis://host:6379/0).")
    if refused and scheme in refused:
        raise ImproperlyConfigured(
            f"Environment variable {name} points at {refused[scheme]} ({scheme}://); "
            "production needs a server that every process shares."
        )
    if allowed is not None and scheme not in allowed:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be a {' or '.join(sorted(allowed))}:// URL, not {scheme}://."
        )
    return url


def database_settings(url: str, conn_max_age: int) -> dict[str, Any]:
    """Django's database settings for ``url``, with persistent connections checked before reuse."""
    return dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0)
