"""Reading a broker's discovery document, so an administrator only has to type the issuer."""

from __future__ import annotations

from typing import Any

import requests

__all__ = ["DiscoveryError", "discover"]


class DiscoveryError(ValueError):
    """The discovery document could not be read or does not belong to this issuer."""


def discover(issuer: str) -> dict[str, Any]:
    """The provider metadata at ``<issuer>/.well-known/openid-configuration``."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=10)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise DiscoveryError(f"Could not read {url}: {type(exc).__name__}. Fill in the endpoints by hand.") from exc
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        # OpenID Connect Discovery 1.0, 4.3: the document must name exactly the issuer it was fetched for.
        raise DiscoveryError(f"The discovery document at {url} is for another issuer.")
    return document
