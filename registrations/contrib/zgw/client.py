"""Talking to ZGW APIs: clients from zgw-consumers ``Service`` records, and what a failure means.

zgw-consumers signs the ZGW JWT (client id + secret from the service record)
and sets the timeout. Here: the CRS headers the Zaken API demands, following
pages, and turning every failure into "try again later" (a timeout, a 5xx, a
429) or "staff must look" (any other 4xx, with the server's own words).
"""

from collections.abc import Iterator
from typing import Any

import requests
from zgw_consumers.client import build_client
from zgw_consumers.models import Service

from submissions.jobs import GiveUp, RetryLater

__all__ = ["CRS", "ZGWClient", "service_by_slug"]

CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
MAX_PAGES = 20


def service_by_slug(slug: str) -> Service:
    try:
        return Service.objects.get(slug=slug)
    except Service.DoesNotExist:
        raise GiveUp(f"er is geen service {slug!r} ingericht") from None


def _explain(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    if not isinstance(body, dict):
        return str(body)[:300]
    params = "; ".join(
        f"{param.get('name')}: {param.get('reason')}" for param in body.get("invalidParams") or [] if param
    )
    text = body.get("detail") or body.get("title") or ""
    return f"{text} ({params})" if params else str(text)


class ZGWClient:
    """One API (Zaken, Documenten or Catalogi) for the duration of one registration attempt."""

    def __init__(self, service: Service):
        self.service = service
        self.name = service.label or service.slug
        self._client = build_client(service)

    def close(self) -> None:
        self._client.close()

    def request(self, method: str, path: str, *, crs: bool = False, **kwargs) -> Any:
        headers = {**(CRS if crs else {}), **kwargs.pop("headers", {})}
        try:
            response = self._client.request(method, path, headers=headers, **kwargs)
        except requests.Timeout:
            raise RetryLater(
                f"{self.name}: geen antwoord binnen {self.service.timeout} seconden ({method} {path})"
            ) from None
        except requests.RequestException as exc:
            raise RetryLater(f"{self.name}: niet bereikbaar ({type(exc).__name__})") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise RetryLater(f"{self.name}: {method} {path} gaf {response.status_code}, later opnieuw")
        if response.status_code >= 400:
            raise GiveUp(f"{self.name}: {method} {path} geweigerd ({response.status_code}): {_explain(response)}")
        return response.json() if response.content else None

    def get(self, path: str, **kwargs) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: dict, **kwargs) -> dict:
        return self.request("POST", path, json=body, **kwargs)

    def list(self, path: str, params: dict, **kwargs) -> Iterator[dict]:
        """Every result of a paginated list, following ``next`` (bounded)."""
        page = self.get(path, params=params, **kwargs)
        for _ in range(MAX_PAGES):
            yield from page.get("results", [])
            if not page.get("next"):
                return
            page = self.get(page["next"], **kwargs)
