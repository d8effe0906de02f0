"""The sequence of one ZGW registration, each step stored before the next starts.

Catalogi lookups are cached for one attempt only (never stored: a new attempt
looks them up again on the date of receipt). Every creating step first looks
for what an interrupted earlier attempt may have created, by our reference:

- the zaak: by ``identificatie`` (when the reference is the identificatie), else
  among the zaken of that zaaktype registered that day, by our ``kenmerk``;
- the initiator rol and the status: by zaak (a zaak has one initiator, and the
  first status is set once);
- the receipt document: by its ``identificatie`` (reference + ``-ontvangst``);
- the document link and zaakeigenschappen: by zaak.
"""

import base64
from datetime import date

from django.conf import settings
from django.utils import timezone

from submissions.jobs import GiveUp

from ...run import RegistrationRun
from .client import ZGWClient, service_by_slug

KENMERK_BRON = "Loket"
TAAL = "dut"


class Session:
    """The three API clients and the catalogue lookups of one attempt."""

    def __init__(self, run: RegistrationRun):
        self.run = run
        options = run.options
        self.zaken = ZGWClient(service_by_slug(options["zaken_service"]))
        self.documenten = ZGWClient(service_by_slug(options["documenten_service"]))
        self.catalogi = ZGWClient(service_by_slug(options["catalogi_service"]))
        self.rsin = options["organisatie_rsin"]
        received = timezone.localtime(run.submission.received_at)
        self.received_at = received
        self.day: date = received.date()

    def close(self) -> None:
        for client in (self.zaken, self.documenten, self.catalogi):
            client.close()

    def cached(self, key: str, lookup):
        if key not in self.run.cache:
            self.run.cache[key] = lookup()
        return self.run.cache[key]

    # --- Catalogi --------------------------------------------------------------------

    def catalogus(self) -> str:
        def lookup():
            params = {"domein": self.run.options["catalogus_domein"], "rsin": self.run.options["catalogus_rsin"]}
            found = list(self.catalogi.list("catalogussen", params))
            if not found:
                raise GiveUp(f"geen catalogus met domein {params['domein']} en RSIN {params['rsin']}")
            return found[0]["url"]

        return self.cached("catalogus", lookup)

    def zaaktype(self) -> dict:
        def lookup():
            identificatie = self.run.options["zaaktype"]
            params = {
                "catalogus": self.catalogus(),
                "identificatie": identificatie,
                "datumGeldigheid": self.day.isoformat(),
            }
            published = [item for item in self.catalogi.list("zaaktypen", params) if not item.get("concept")]
            if not published:
                raise GiveUp(f"geen gepubliceerd zaaktype {identificatie!r} geldig op {self.day:%d-%m-%Y}")
            return published[0]

        return self.cached("zaaktype", lookup)

    def first_statustype(self) -> str:
        def lookup():
            statustypen = list(self.catalogi.list("statustypen", {"zaaktype": self.zaaktype()["url"]}))
            if not statustypen:
                raise GiveUp(f"het zaaktype {self.run.options['zaaktype']!r} heeft geen statustypen")
            return min(statustypen, key=lambda item: item["volgnummer"])["url"]

        return self.cached("statustype", lookup)

    def roltype(self, generiek: str) -> str:
        def lookup():
            params = {"zaaktype": self.zaaktype()["url"], "omschrijvingGeneriek": generiek}
            found = list(self.catalogi.list("roltypen", params))
            if not found:
                raise GiveUp(f"het zaaktype {self.run.options['zaaktype']!r} heeft geen roltype {generiek}")
            return found[0]["url"]

        return self.cached(f"roltype:{generiek}", lookup)

    def informatieobjecttype(self) -> str:
        def lookup():
            omschrijving = self.run.options["informatieobjecttype"]
            params = {
                "catalogus": self.catalogus(),
                "omschrijving": omschrijving,
                "datumGeldigheid": self.day.isoformat(),
            }
            found = [item for item in self.catalogi.list("informatieobjecttypen", params) if not item.get("concept")]
            if not found:
                raise GiveUp(f"geen gepubliceerd informatieobjecttype {omschrijving!r}")
            url = found[0]["url"]
            if url not in self.zaaktype().get("informatieobjecttypen", []):
                raise GiveUp(f"het informatieobjecttype {omschrijving!r} hoort niet bij het zaaktype")
            return url

        return self.cached("informatieobjecttype", lookup)

    def eigenschappen(self) -> dict[str, str]:
        def lookup():
            items = self.catalogi.list("eigenschappen", {"zaaktype": self.zaaktype()["url"]})
            return {item["naam"]: item["url"] for item in items}

        return self.cached("eigenschappen", lookup)


def _text(template: str, run: RegistrationRun, form_name: str) -> str:
    return template.replace("{form}", form_name).replace("{reference}", run.reference)


def _zaak(session: Session) -> dict:
    run, options = session.run, session.run.options
    zaaktype = session.zaaktype()["url"]
    use_reference = options.get("zaak_identificatie") == "reference"
    if use_reference:
        found = list(
            session.zaken.list("zaken", {"identificatie": run.reference, "bronorganisatie": session.rsin}, crs=True)
        )
    else:
        params = {"bronorganisatie": session.rsin, "zaaktype": zaaktype, "registratiedatum": session.day.isoformat()}
        found = [
            zaak
            for zaak in session.zaken.list("zaken", params, crs=True)
            if {"kenmerk": run.reference, "bron": KENMERK_BRON}
            in [{"kenmerk": item.get("kenmerk"), "bron": item.get("bron")} for item in zaak.get("kenmerken") or []]
        ]
    if not found:
        form_name = run.submission.form_version.spec.name
        body = {
            "bronorganisatie": session.rsin,
            "verantwoordelijkeOrganisatie": session.rsin,
            "zaaktype": zaaktype,
            "omschrijving": _text(options.get("omschrijving") or "{form}", run, form_name)[:80],
            "toelichting": _text(
                options.get("toelichting") or "Ingediend via Loket, kenmerk {reference}.", run, form_name
            )[:1000],
            "registratiedatum": session.day.isoformat(),
            "startdatum": session.day.isoformat(),
            "vertrouwelijkheidaanduiding": options.get("vertrouwelijkheidaanduiding") or "zaakvertrouwelijk",
            "kenmerken": [{"kenmerk": run.reference, "bron": KENMERK_BRON}],
        }
        if use_reference:
            body["identificatie"] = run.reference
        found = [session.zaken.post("zaken", body, crs=True)]
    return {"url": found[0]["url"], "identificatie": found[0]["identificatie"]}


def _initiator(session: Session, zaak: str) -> str:
    existing = list(session.zaken.list("rollen", {"zaak": zaak, "omschrijvingGeneriek": "initiator"}))
    if existing:
        return existing[0]["url"]
    run, mapping = session.run, session.run.options.get("initiator") or {}
    values = {attribute: _flat(run.value(path)) for attribute, path in mapping.items()}
    values = {attribute: str(value).strip() for attribute, value in values.items() if value not in (None, "", {})}
    identificatie = {
        name: values[name][:limit]
        for name, limit in (
            ("geslachtsnaam", 200),
            ("voorvoegselGeslachtsnaam", 80),
            ("voornamen", 200),
            ("voorletters", 20),
        )
        if name in values
    }
    naam = " ".join(
        values[name] for name in ("voornamen", "voorvoegselGeslachtsnaam", "geslachtsnaam") if name in values
    )
    toelichting = f"Indiener van {run.reference}, niet ingelogd: gegevens zoals ingevuld in het formulier."
    if values.get("adres"):
        # A verblijfsadres needs a BAG id, which an anonymous form does not have: the address goes here.
        toelichting += f" Adres: {values['adres']}."
    body = {
        "zaak": zaak,
        "betrokkeneType": "natuurlijk_persoon",
        "roltype": session.roltype("initiator"),
        "roltoelichting": toelichting[:1000],
        "betrokkeneIdentificatie": identificatie,
    }
    contact = {
        "emailadres": values.get("emailadres", "")[:254],
        "telefoonnummer": values.get("telefoonnummer", "")[:20],
    }
    if any(contact.values()):
        body["contactpersoonRol"] = {"naam": naam[:200] or "Indiener", **contact}
    return session.zaken.post("rollen", body)["url"]


def _flat(value):
    """A fieldset (an address) as one line of its parts."""
    if isinstance(value, dict):
        return ", ".join(str(part) for part in value.values() if part not in (None, ""))
    return value


def _status(session: Session, zaak: str) -> str:
    statustype = session.first_statustype()
    for status in session.zaken.list("statussen", {"zaak": zaak}):
        if status["statustype"] == statustype:
            return status["url"]
    body = {
        "zaak": zaak,
        "statustype": statustype,
        "datumStatusGezet": timezone.now().isoformat(timespec="seconds"),
        "statustoelichting": "Ontvangen via Loket",
    }
    return session.zaken.post("statussen", body)["url"]


def _receipt_document(session: Session) -> str:
    run = session.run
    identificatie = f"{run.reference}-ontvangst"[:40]
    found = list(
        session.documenten.list(
            "enkelvoudiginformatieobjecten", {"identificatie": identificatie, "bronorganisatie": session.rsin}
        )
    )
    if found:
        return found[0]["url"]
    receipt = run.receipt_pdf()
    with receipt.pdf.open("rb") as handle:
        content = handle.read()
    body = {
        "identificatie": identificatie,
        "bronorganisatie": session.rsin,
        "creatiedatum": session.day.isoformat(),
        "titel": f"Ontvangstbewijs {run.reference}",
        "auteur": settings.LOKET_ORGANISATION_NAME[:200] or "Loket",
        "taal": TAAL,
        "formaat": "application/pdf",
        "bestandsnaam": f"ontvangstbewijs-{run.reference}.pdf",
        "bestandsomvang": len(content),
        "inhoud": base64.b64encode(content).decode("ascii"),
        "informatieobjecttype": session.informatieobjecttype(),
        "vertrouwelijkheidaanduiding": run.options.get("vertrouwelijkheidaanduiding") or "zaakvertrouwelijk",
        "indicatieGebruiksrecht": False,
        "ontvangstdatum": session.day.isoformat(),
    }
    return session.documenten.post("enkelvoudiginformatieobjecten", body)["url"]


def _link(session: Session, zaak: str, document: str) -> str:
    found = list(session.zaken.get("zaakinformatieobjecten", params={"zaak": zaak, "informatieobject": document}))
    if found:
        return found[0]["url"]
    body = {"zaak": zaak, "informatieobject": document, "titel": f"Ontvangstbewijs {session.run.reference}"}
    return session.zaken.post("zaakinformatieobjecten", body)["url"]


def _eigenschap(session: Session, zaak: str, naam: str, path: str) -> str | None:
    value = session.run.value(path)
    if value in (None, ""):
        return None
    eigenschap = session.eigenschappen().get(naam)
    if eigenschap is None:
        raise GiveUp(f"het zaaktype heeft geen eigenschap {naam!r}")
    zaak_uuid = zaak.rstrip("/").rsplit("/", 1)[-1]
    for existing in session.zaken.get(f"zaken/{zaak_uuid}/zaakeigenschappen"):
        if existing["eigenschap"] == eigenschap:
            return existing["url"]
    body = {"zaak": zaak, "eigenschap": eigenschap, "waarde": _waarde(value)}
    return session.zaken.post(f"zaken/{zaak_uuid}/zaakeigenschappen", body)["url"]


def _waarde(value) -> str:
    """Zaakeigenschap values are strings in the standard's formats (a date as JJJJMMDD)."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return value.replace("-", "")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)


def register_zaak(run: RegistrationRun) -> None:
    session = Session(run)
    try:
        zaak = run.step("zaak", lambda: _zaak(session))["url"]
        run.step("rol_initiator", lambda: _initiator(session, zaak))
        run.step("status", lambda: _status(session, zaak))
        document = run.step("document_ontvangstbewijs", lambda: _receipt_document(session))
        run.step("zaakinformatieobject_ontvangstbewijs", lambda: _link(session, zaak, document))
        for naam, path in sorted((run.options.get("eigenschappen") or {}).items()):
            run.step(f"zaakeigenschap:{naam}", lambda naam=naam, path=path: _eigenschap(session, zaak, naam, path))
    finally:
        session.close()
