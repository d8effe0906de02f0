"""The sequence of one ZGW registration, each step stored before the next starts.

Catalogi lookups are cached for one attempt only (never stored: a new attempt
looks them up again on the date of receipt). Every creating step first looks
for what an interrupted earlier attempt may have created, by our reference:

- the zaak: by ``identificatie`` (when the reference is the identificatie), else
  among the zaken of that zaaktype registered that day, by our ``kenmerk``;
- the rollen: by zaak and generic role (a zaak has one initiator; the
  belanghebbende of a machtiging by its ``indicatieMachtiging``), the status by
  zaak (the first status is set once);
- documents (documents.py): by ``identificatie`` (reference + a suffix), links by zaak;
- zaakeigenschappen: by zaak.
"""

from datetime import date

from django.utils import timezone

from submissions.jobs import GiveUp

from ...run import RegistrationRun
from .client import ZGWClient, service_by_slug
from .documents import Outgoing, attachment, receipt, send
from .people import Person, RolPlan, plan_rollen

KENMERK_BRON = "Loket"


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


def _mapped(run: RegistrationRun) -> dict[str, str]:
    """The initiator attributes mapped from form fields (option ``initiator``), as stripped strings."""
    mapping = run.options.get("initiator") or {}
    values = {attribute: _flat(run.value(path)) for attribute, path in mapping.items()}
    return {attribute: str(value).strip() for attribute, value in values.items() if value not in (None, "", {})}


def _contact(values: dict[str, str]) -> dict:
    naam = " ".join(
        values[name] for name in ("voornamen", "voorvoegselGeslachtsnaam", "geslachtsnaam") if name in values
    )
    contact = {
        "emailadres": values.get("emailadres", "")[:254],
        "telefoonnummer": values.get("telefoonnummer", "")[:20],
    }
    return {"contactpersoonRol": {"naam": naam[:200] or "Indiener", **contact}} if any(contact.values()) else {}


def _anonymous_initiator(run: RegistrationRun) -> RolPlan:
    values = _mapped(run)
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
    toelichting = f"Indiener van {run.reference}, niet ingelogd: gegevens zoals ingevuld in het formulier."
    if values.get("adres"):
        # A verblijfsadres needs a BAG id, which an anonymous form does not have: the address goes here.
        toelichting += f" Adres: {values['adres']}."
    return RolPlan("initiator", Person("natuurlijk_persoon", identificatie), toelichting, extra=_contact(values))


def rollen_plan(run: RegistrationRun) -> list[RolPlan]:
    """Initiator first; a second rol when someone acted for another (see people.py)."""
    context = run.submission.auth_context
    if not context:
        return [_anonymous_initiator(run)]
    try:
        plans = plan_rollen(context, run.reference, run.options.get("machtiging") or "vng")
    except (KeyError, ValueError) as exc:
        raise GiveUp(f"de inloggegevens van de inzending passen niet op een zaak: {exc}") from None
    # The contact details typed in the form belong to whoever filled it in: the one who logged in.
    for plan in plans:
        if plan.indicatie_machtiging in ("", "gemachtigde"):
            plan.extra.update(_contact(_mapped(run)))
    return plans


def _rol(session: Session, zaak: str, plan: RolPlan) -> str:
    params = {"zaak": zaak, "omschrijvingGeneriek": plan.generiek}
    for existing in session.zaken.list("rollen", params):
        if plan.generiek == "initiator" or existing.get("indicatieMachtiging") == plan.indicatie_machtiging:
            return existing["url"]  # made by an attempt that stopped before storing it
    return session.zaken.post("rollen", plan.body(zaak, session.roltype(plan.generiek)))["url"]


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


def outgoing_documents(run: RegistrationRun) -> list[Outgoing]:
    """Every file that goes on the zaak: the receipt PDF first, then the citizen's attachments.

    An attachment is numbered by its place among the files of the submission as sent, which
    never changes once received; its steps and ``identificatie`` carry that number.
    """
    return [receipt(run), *(attachment(run, number, item) for number, item in enumerate(run.attachments(), 1))]


def register_zaak(run: RegistrationRun) -> None:
    session = Session(run)
    try:
        zaak = run.step("zaak", lambda: _zaak(session))["url"]
        for plan in rollen_plan(run):
            run.step(f"rol_{plan.generiek}", lambda plan=plan: _rol(session, zaak, plan))
        run.step("status", lambda: _status(session, zaak))
        for outgoing in outgoing_documents(run):
            send(session, zaak, outgoing)
        for naam, path in sorted((run.options.get("eigenschappen") or {}).items()):
            run.step(f"zaakeigenschap:{naam}", lambda naam=naam, path=path: _eigenschap(session, zaak, naam, path))
    finally:
        session.close()
