"""Mijn Loket: a logged-in person's submissions and zaken, found through one ownership rule.

Submissions are those the current login could resume: the same person, for the
same representee (``machtigen.service.is_started_by``), also after the
authentication context was pseudonymised. A gemachtigde therefore sees what
they submitted for the machtiginggever they act for now, and nothing else.

Zaken come from the Zaken API: the zaak each submission was registered as,
and, for someone logged in for themselves, the zaken in which their BSN is the
initiator (``LOKET_MIJN_ZAKEN_SERVICE``), so zaken from other channels appear
too. A Zaken API that is slow or down costs one short timeout per service per
page; its zaken then read "status nu niet beschikbaar" and the page still works.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from zgw_consumers.models import Service

from machtigen import context as auth_context
from machtigen import service as login_service
from notifications.service import Zaak, ZGWReader
from registrations.models import RegistrationRecord
from submissions.models import Submission

__all__ = ["Overview", "ZaakRow", "find_zaak", "overview"]

logger = logging.getLogger(__name__)

MAX_SUBMISSIONS = 100


@dataclass
class ZaakRow:
    url: str
    zaak: Zaak | None = None
    """None when the Zaken API did not answer in time: "status nu niet beschikbaar"."""
    submission: Submission | None = None

    @property
    def key(self) -> str:
        return self.url.rstrip("/").rsplit("/", 1)[-1]

    @property
    def sort_moment(self) -> datetime | str:
        status = self.zaak.status if self.zaak else None
        if status and status.at:
            return status.at.isoformat()
        if self.submission and self.submission.received_at:
            return self.submission.received_at.isoformat()
        return self.zaak.registered_on if self.zaak else ""


@dataclass
class Overview:
    submissions: list[Submission] = field(default_factory=list)
    zaken: list[ZaakRow] = field(default_factory=list)
    unavailable: bool = False


def _candidates(context: dict) -> Q:
    """A database pre-selection on the identifiers, raw or pseudonymised; the exact rule is applied after."""
    hidden = login_service.pseudonymise(context)
    person, hidden_person = auth_context.submitted_by(context), auth_context.submitted_by(hidden)
    query = Q(
        auth_context__source=context.get("source"),
        auth_context__authorizee__legalSubject__identifier__in=[person["identifier"], hidden_person["identifier"]],
    )
    client = auth_context.acting_for(context)
    if client:
        hidden_client = auth_context.acting_for(hidden)
        query &= Q(auth_context__representee__identifier__in=[client["identifier"], hidden_client["identifier"]])
    else:
        query &= Q(auth_context__representee__isnull=True)
    return query


def submissions_of(request: HttpRequest, context: dict) -> list[Submission]:
    records = RegistrationRecord.objects.filter(results__zaak__isnull=False).only("submission_id", "options", "results")
    found = (
        Submission.objects.filter(_candidates(context), status=Submission.Status.RECEIVED)
        .select_related("form_version__form")
        .defer("form_version__definition", "receipt_document")
        .prefetch_related(Prefetch("registrations", queryset=records, to_attr="zaak_records"))
        .order_by("-received_at")[:MAX_SUBMISSIONS]
    )
    return [item for item in found if login_service.is_started_by(request, item.auth_context)]


class _Readers:
    """One reader per (Zaken, Catalogi) service pair; a service that failed once is not asked again."""

    def __init__(self):
        self._readers: dict[tuple[str, str], ZGWReader | None] = {}

    def get(self, zaken_slug: str, catalogi_slug: str) -> ZGWReader | None:
        pair = (zaken_slug, catalogi_slug)
        if pair not in self._readers:
            services = {item.slug: item for item in Service.objects.filter(slug__in=pair)}
            if len(services) < len(set(pair)):
                self._readers[pair] = None
            else:
                for service in services.values():  # a citizen's page waits a short while, not a worker's 10 s
                    service.timeout = min(service.timeout or 10, settings.LOKET_MIJN_TIMEOUT)
                self._readers[pair] = ZGWReader(services[zaken_slug], services[catalogi_slug])
        return self._readers[pair]

    def failed(self, zaken_slug: str, catalogi_slug: str) -> None:
        reader = self._readers.get((zaken_slug, catalogi_slug))
        if reader is not None:
            reader.close()
        self._readers[(zaken_slug, catalogi_slug)] = None

    def close(self) -> None:
        for reader in self._readers.values():
            if reader is not None:
                reader.close()


def _read(readers: _Readers, pair: tuple[str, str], url: str) -> Zaak | None:
    reader = readers.get(*pair)
    if reader is None:
        return None
    try:
        return reader.zaak(url)
    except Exception as exc:  # any failure of a remote API degrades this row, never the page
        logger.warning("Mijn Loket: zaak could not be read: %s", type(exc).__name__)
        readers.failed(*pair)
        return None


def _bsn_lookup(context: dict) -> tuple[str, str] | None:
    """Which BSN to ask the Zaken API about: only someone logged in for themselves, with DigiD."""
    person = auth_context.submitted_by(context) or {}
    if auth_context.acting_for(context) or person.get("identifierType") != "bsn":
        return None
    if not (settings.LOKET_MIJN_ZAKEN_SERVICE and settings.LOKET_MIJN_CATALOGI_SERVICE):
        return None
    return person["identifier"]


def _zaak_urls(submissions: list[Submission], context: dict, readers: _Readers) -> dict[str, tuple]:
    """Every zaak URL of this person -> ((zaken slug, catalogi slug), submission or None)."""
    found: dict[str, tuple] = {}
    for submission in submissions:
        for record in submission.zaak_records:
            pair = (record.options.get("zaken_service", ""), record.options.get("catalogi_service", ""))
            found[record.results["zaak"]["url"]] = (pair, submission)
    bsn = _bsn_lookup(context)
    if bsn:
        pair = (settings.LOKET_MIJN_ZAKEN_SERVICE, settings.LOKET_MIJN_CATALOGI_SERVICE)
        reader = readers.get(*pair)
        try:
            urls = reader.zaken_of(bsn) if reader else []
        except Exception as exc:
            logger.warning("Mijn Loket: zaken by BSN could not be listed: %s", type(exc).__name__)
            readers.failed(*pair)
            urls = []
        for url in urls:
            found.setdefault(url, (pair, None))
    return found


def overview(request: HttpRequest, context: dict) -> Overview:
    """The person's submissions (newest first) and their zaken with current status (newest change first)."""
    submissions = submissions_of(request, context)
    readers = _Readers()
    try:
        rows = [
            ZaakRow(url, _read(readers, pair, url), submission)
            for url, (pair, submission) in _zaak_urls(submissions, context, readers).items()
        ]
    finally:
        readers.close()
    rows.sort(key=lambda row: row.sort_moment, reverse=True)
    return Overview(submissions, rows, unavailable=any(row.zaak is None for row in rows))


def find_zaak(request: HttpRequest, context: dict, key: str) -> ZaakRow | None:
    """One of this person's zaken by its UUID, with its status history; None if it is not theirs."""
    submissions = submissions_of(request, context)
    readers = _Readers()
    try:
        urls = _zaak_urls(submissions, context, readers)
        for url, (pair, submission) in urls.items():
            if url.rstrip("/").rsplit("/", 1)[-1] == key:
                return ZaakRow(url, _read(readers, pair, url), submission)
    finally:
        readers.close()
    return None
