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

from submissions import consent
from submissions.jobs import GiveUp

from ...run import RegistrationRun
from .client import ZGWClient, service_by_slug
from .documents import Outgoing, attachment, document, receipt, send
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


def _toelichting(run: RegistrationRun, form_name: str) -> str:
    """The form's toelichting, and whether the citizen consented to an electronic reply (Wmebv A12)."""
    text = _text(run.options.get("toelichting") or "Ingediend via Loket, kenmerk {reference}.", run, form_name)
    given = consent.as_data(run.submission.reply_consent)
    if given is None:  # the form did not ask
        return text[:1000]
    answer = (
        f"De indiener stemt ermee in dat de gemeente per e-mail antwoordt (gegeven op {given['at']})."
        if given.get("given")
        else "De indiener stemt er niet mee in dat de gemeente per e-mail antwoordt."
    )
    return f"{text[: 1000 - len(answer) - 1]} {answer}"


def find_zaak(session: Session) -> dict | None:
    """The zaak an earlier attempt made for this submission, found by our reference; None when there is none."""
    run = session.run
    if run.options.get("zaak_identificatie") == "reference":
        params = {"identificatie": run.reference, "bronorganisatie": session.rsin}
        found = list(session.zaken.list("zaken", params, crs=True))
    else:
        ours = {"kenmerk": run.reference, "bron": KENMERK_BRON}
        params = {
            "bronorganisatie": session.rsin,
            "zaaktype": session.zaaktype()["url"],
            "registratiedatum": session.day.isoformat(),
        }
        found = [
            zaak
            for zaak in session.zaken.list("zaken", params, crs=True)
            if ours
            in [{"kenmerk": item.get("kenmerk"), "bron": item.get("bron")} for item in zaak.get("kenmerken") or []]
        ]
    return {"url": found[0]["url"], "identificatie": found[0]["identificatie"]} if found else None


def zaak_body(session: Session) -> dict:
    run, options = session.run, session.run.options
    form_name = run.submission.form_version.spec.name
    body = {
        "bronorganisatie": session.rsin,
        "verantwoordelijkeOrganisatie": session.rsin,
        "zaaktype": session.zaaktype()["url"],
        "omschrijving": _text(options.get("omschrijving") or "{form}", run, form_name)[:80],
        "toelichting": _toelichting(run, form_name),
        "registratiedatum": session.day.isoformat(),
        "startdatum": session.day.isoformat(),
        "vertrouwelijkheidaanduiding": options.get("vertrouwelijkheidaanduiding") or "zaakvertrouwelijk",
        "kenmerken": [{"kenmerk": run.reference, "bron": KENMERK_BRON}],
    }
    if options.get("zaak_identificatie") == "reference":
        body["identificatie"] = run.reference
    return body


def _zaak(session: Session) -> dict:
    found = find_zaak(session)
    if found:
        return found
    created = session.zaken.post("zaken", zaak_body(session), crs=True)
    return {"url": created["url"], "identificatie": created["identificatie"]}


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
    if context.get("pseudonymised"):
        # After every backend registered, the identifiers were replaced by a keyed hash (issue 9, privacy):
        # a backend added later must never send that hash as a BSN or KvK number.
        raise GiveUp("de inloggegevens van deze inzending zijn al gepseudonimiseerd; registreer de zaak met de hand")
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
    return session.zaken.post("statussen", {"zaak": zaak, **status_body(session)})["url"]


def status_body(session: Session) -> dict:
    return {
        "statustype": session.first_statustype(),
        "datumStatusGezet": timezone.now().isoformat(timespec="seconds"),
        "statustoelichting": "Ontvangen via Loket",
    }


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


def register_in_one_call(session: Session, plans: list[RolPlan], documents: list[tuple[Outgoing, str]]) -> dict:
    """Open Zaak's ``zaak_registreren``: zaak, rollen, status and document links in one transaction.

    Before it, the zaak is looked up by our reference: found, the call was made by an attempt that
    stopped before storing it, and the step-by-step sequence finds each part by its own lookup.
    Made now, the parts' URLs are stored at once, so nothing is asked or sent again.
    """
    found = find_zaak(session)
    if found:
        return found
    run = session.run
    body = {
        "zaak": zaak_body(session),
        "rollen": [
            {key: value for key, value in plan.body("", session.roltype(plan.generiek)).items() if key != "zaak"}
            for plan in plans
        ],
        "zaakinformatieobjecten": [{"informatieobject": url, "titel": item.titel[:200]} for item, url in documents],
        "status": status_body(session),
    }
    created = session.zaken.post("zaak_registreren", body, crs=True)
    for plan in plans:
        rol = next(
            rol
            for rol in created["rollen"]
            if rol["omschrijvingGeneriek"] == plan.generiek
            and rol.get("indicatieMachtiging", "") == plan.indicatie_machtiging
        )
        run.step(f"rol_{plan.generiek}", lambda rol=rol: rol["url"])
    run.step("status", lambda: created["status"]["url"])
    links = {link["informatieobject"]: link["url"] for link in created["zaakinformatieobjecten"]}
    for item, url in documents:
        run.step(f"zaakinformatieobject_{item.key}", lambda url=url: links[url])
    return {"url": created["zaak"]["url"], "identificatie": created["zaak"]["identificatie"]}


def register_zaak(run: RegistrationRun) -> None:
    session = Session(run)
    try:
        if run.options.get("zaak_registreren"):
            # Open Zaak: the documents first, then zaak, rollen, status and links in one call.
            documents = [
                (item, run.step(f"document_{item.key}", lambda item=item: document(session, item)))
                for item in outgoing_documents(run)
            ]
            run.step("zaak", lambda: register_in_one_call(session, rollen_plan(run), documents))
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
