"""Reading a zaak and its statuses from the Zaken and Catalogi APIs, as citizens are told about them.

Catalogue objects (zaaktype, statustype) change rarely and are cached for an
hour; a zaak and its statuses for ``ZAAK_CACHE_SECONDS``, so Mijn Loket does
not ask the Zaken API on every page view. A new status arriving through the
webhook drops the zaak's entry (:func:`forget`).
"""

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils.dateparse import parse_datetime
from zgw_consumers.models import Service

from registrations.contrib.zgw.client import ZGWClient

__all__ = ["StatusLine", "ZGWReader", "Zaak", "forget"]

CATALOGUE_CACHE_SECONDS = 3600
ZAAK_CACHE_SECONDS = 60


@dataclass(frozen=True)
class StatusLine:
    omschrijving: str
    at: datetime | None


@dataclass
class Zaak:
    url: str
    identificatie: str
    zaaktype: str
    """The zaaktype's omschrijving, as the citizen knows the kind of matter."""
    omschrijving: str = ""
    registered_on: str = ""
    statuses: list[StatusLine] = field(default_factory=list)
    """Newest first."""

    @property
    def status(self) -> StatusLine | None:
        return self.statuses[0] if self.statuses else None


def _key(kind: str, url: str) -> str:
    # Keyed: a BSN has too few digits for a bare hash to hide it from whoever reads the cache.
    digest = hmac.new(settings.SECRET_KEY.encode(), url.encode(), hashlib.sha256).hexdigest()[:32]
    return f"loket:zgw:{kind}:{digest}"


def forget(zaak_url: str) -> None:
    """Drop what is cached of a zaak: its status has just changed."""
    cache.delete(_key("zaak", zaak_url))


class ZGWReader:
    """Read-only access to one Zaken API and one Catalogi API; close it when done."""

    def __init__(self, zaken: Service, catalogi: Service):
        self.zaken = ZGWClient(zaken)
        self.catalogi = ZGWClient(catalogi)

    def close(self) -> None:
        self.zaken.close()
        self.catalogi.close()

    def __enter__(self) -> "ZGWReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _catalogue(self, url: str) -> dict:
        key = _key("catalogue", url)
        found = cache.get(key)
        if found is None:
            found = self.catalogi.get(url)
            cache.set(key, found, CATALOGUE_CACHE_SECONDS)
        return found

    def status(self, status_url: str) -> StatusLine:
        """One status (e.g. the one a notification names) with its statustype's omschrijving."""
        status = self.zaken.get(status_url)
        return self._line(status)

    def _line(self, status: dict) -> StatusLine:
        statustype = self._catalogue(status["statustype"])
        return StatusLine(statustype.get("omschrijving", ""), parse_datetime(status.get("datumStatusGezet") or ""))

    def zaak(self, zaak_url: str) -> Zaak:
        """The zaak with its status history, newest first (cached briefly)."""
        key = _key("zaak", zaak_url)
        found = cache.get(key)
        if found is not None:
            return found
        data = self.zaken.get(zaak_url, crs=True)
        statuses = [self._line(item) for item in self.zaken.list("statussen", {"zaak": zaak_url})]
        statuses.sort(key=lambda line: line.at or datetime.min.astimezone(), reverse=True)
        found = Zaak(
            url=zaak_url,
            identificatie=data.get("identificatie", ""),
            zaaktype=self._catalogue(data["zaaktype"]).get("omschrijving", ""),
            omschrijving=data.get("omschrijving", ""),
            registered_on=data.get("registratiedatum", ""),
            statuses=statuses,
        )
        cache.set(key, found, ZAAK_CACHE_SECONDS)
        return found

    def zaken_of(self, bsn: str) -> list[str]:
        """URLs of the zaken whose initiator is the person with this BSN (other channels' zaken too)."""
        params = {"betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": bsn, "omschrijvingGeneriek": "initiator"}
        key = _key("initiator", bsn)
        found = cache.get(key)
        if found is None:
            found = sorted({rol["zaak"] for rol in self.zaken.list("rollen", params)})
            cache.set(key, found, ZAAK_CACHE_SECONDS)
        return found
