"""The resources of the fake ZGW APIs: a store seeded with one catalogue, and handlers per API.

A handler gets (store, method, path below /api/v1, query args, JSON body) and
returns (status, body), or raises :class:`Refused` with the error a real server
gives. Only the endpoints Loket uses are served.
"""

import base64
import re
import uuid
from collections.abc import Callable
from datetime import date, datetime

from stdnum.nl import bsn

from . import fake_bestandsdelen
from .fake_authcontext import authenticatie_context_problems
from .fake_errors import Refused

TODAY = date(2020, 1, 1)
ZAAKTYPE = "BEZWAAR"
IOT = "Ontvangstbewijs"
CATALOGUS_RSIN = "002220647"


def elfproef(number) -> bool:
    return isinstance(number, str) and (number == "000000000" or bsn.is_valid(number))


class Store:
    """Every object by resource and URL; seeded with a catalogue holding the zaaktype BEZWAAR."""

    def __init__(self, roots: dict[str, str]):
        self.roots = roots
        self.objects: dict[str, dict[str, dict]] = {}
        self.contents: dict[str, bytes] = {}  # document URL -> the bytes received (in one body)
        self.files: dict = {}  # document URL -> a temporary file with the parts received
        self.locks: dict[str, str] = {}  # document URL -> its lock
        self.parts: dict[str, dict] = {}  # bestandsdeel uuid -> where it goes
        self.part_size = fake_bestandsdelen.PART_SIZE
        self.forced_unlock = True
        self.part_locks_shown = True
        self.counter = 0
        self.published: list[dict] = []  # notifications a real Zaken API would send to its Notificaties API
        self._seed()

    def url(self, api: str, resource: str) -> tuple[str, str]:
        key = str(uuid.uuid4())
        return key, f"{self.roots[api]}{resource}/{key}"

    def add(self, api: str, resource: str, data: dict) -> dict:
        key, url = self.url(api, resource)
        item = {"url": url, "uuid": key, **data} if api != "catalogi" else {"url": url, **data}
        self.objects.setdefault(resource, {})[url] = item
        return item

    def find(self, resource: str, url) -> dict | None:
        return self.objects.get(resource, {}).get(url)

    def all(self, resource: str) -> list[dict]:
        return list(self.objects.get(resource, {}).values())

    def _seed(self) -> None:
        catalogus = self.add(
            "catalogi",
            "catalogussen",
            {
                "domein": "BZW",
                "rsin": CATALOGUS_RSIN,
                "contactpersoonBeheerNaam": "Functioneel beheer",
                "zaaktypen": [],
                "besluittypen": [],
                "informatieobjecttypen": [],
            },
        )["url"]
        common = {"catalogus": catalogus, "beginGeldigheid": TODAY.isoformat(), "concept": False}
        iot = self.add(
            "catalogi",
            "informatieobjecttypen",
            {
                **common,
                "omschrijving": IOT,
                "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
                "informatieobjectcategorie": "ontvangstbewijs",
                "zaaktypen": [],
                "besluittypen": [],
            },
        )["url"]
        los = {key: value for key, value in self.find("informatieobjecttypen", iot).items() if key != "url"}
        self.add("catalogi", "informatieobjecttypen", {**los, "omschrijving": "Los"})  # not linked to the zaaktype
        for concept, suffix in ((True, "concept"), (False, "")):
            zaaktype = self.add(
                "catalogi",
                "zaaktypen",
                {
                    **common,
                    "concept": concept,
                    "identificatie": ZAAKTYPE,
                    "omschrijving": f"Bezwaar {suffix}".strip(),
                    "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
                    "doel": "Bezwaren behandelen",
                    "aanleiding": "Een bezwaarschrift",
                    "indicatieInternOfExtern": "extern",
                    "handelingInitiator": "indienen",
                    "onderwerp": "Bezwaar",
                    "handelingBehandelaar": "behandelen",
                    "doorlooptijd": "P12W",
                    "opschortingEnAanhoudingMogelijk": True,
                    "verlengingMogelijk": False,
                    "publicatieIndicatie": False,
                    "productenOfDiensten": [],
                    "referentieproces": {"naam": "Bezwaar"},
                    "verantwoordelijke": "Bezwarencommissie",
                    "versiedatum": TODAY.isoformat(),
                    "statustypen": [],
                    "resultaattypen": [],
                    "eigenschappen": [],
                    "informatieobjecttypen": [iot],
                    "roltypen": [],
                    "besluittypen": [],
                    "gerelateerdeZaaktypen": [],
                    "zaakobjecttypen": [],
                },
            )
        zaaktype = zaaktype["url"]  # the published one
        about = {"zaaktype": zaaktype, "zaaktypeIdentificatie": ZAAKTYPE}
        # Deliberately not in volgnummer order: the client must sort.
        statustypen = ((4, "Afgehandeld"), (1, "Ontvangen"), (2, "In behandeling"), (3, "Geaccepteerd"))
        for volgnummer, omschrijving in statustypen:
            self.add(
                "catalogi",
                "statustypen",
                {
                    **about,
                    "catalogus": catalogus,
                    "omschrijving": omschrijving,
                    "volgnummer": volgnummer,
                    "isEindstatus": omschrijving == "Afgehandeld",
                    "zaakobjecttype": "",
                },
            )
        for generiek in ("belanghebbende", "initiator"):
            self.add(
                "catalogi", "roltypen", {**about, "omschrijving": generiek.title(), "omschrijvingGeneriek": generiek}
            )
        self.add(
            "catalogi",
            "eigenschappen",
            {
                **about,
                "catalogus": catalogus,
                "naam": "datum_besluit",
                "definitie": "De datum van het besluit",
                "specificatie": {"formaat": "datum", "lengte": "8", "kardinaliteit": "1", "waardenverzameling": []},
            },
        )

    def zaaktype(self, url) -> dict | None:
        item = self.find("zaaktypen", url)
        return item if item and not item["concept"] else None


def _page(items: list[dict]) -> tuple[int, dict]:
    return 200, {"count": len(items), "next": None, "previous": None, "results": items}


def _filtered(items: list[dict], args, fields: tuple[str, ...]) -> list[dict]:
    for name in fields:
        if name in args:
            items = [item for item in items if str(item.get(name)) == args[name]]
    return items


def _one(store: Store, resource: str, key: str) -> tuple[int, dict]:
    for item in store.all(resource):
        if item["url"].rstrip("/").endswith(key):
            return 200, item
    raise Refused(404, "Niet gevonden.")


# --- Catalogi ------------------------------------------------------------------------


def catalogi(store: Store, method: str, path: str, args, body) -> tuple[int, dict]:
    if method != "GET":
        raise Refused(405, "Methode niet toegestaan.")
    match = re.fullmatch(r"/(\w+)(?:/([0-9a-f-]+))?", path)
    if not match:
        raise Refused(404, "Niet gevonden.")
    resource, key = match.groups()
    if key:
        return _one(store, resource, key)
    items = store.all(resource)
    if args.get("status", "definitief") == "definitief" and resource in ("zaaktypen", "informatieobjecttypen"):
        items = [item for item in items if not item.get("concept")]
    if "datumGeldigheid" in args:
        items = [item for item in items if item.get("beginGeldigheid", "") <= args["datumGeldigheid"]]
    return _page(
        _filtered(
            items,
            args,
            ("domein", "rsin", "catalogus", "identificatie", "zaaktype", "omschrijving", "omschrijvingGeneriek"),
        )
    )


# --- Zaken ---------------------------------------------------------------------------


def _rsin_check(body: dict, *names: str) -> None:
    wrong = [name for name in names if not elfproef(body.get(name))]
    if wrong:
        raise Refused(400, "Invalid input.", [(name, "invalid", "Onjuist RSIN nummer") for name in wrong])


def _zaak(store: Store, url) -> dict:
    zaak = store.find("zaken", url)
    if zaak is None:
        raise Refused(400, "Invalid input.", [("zaak", "does_not_exist", "De zaak bestaat niet.")])
    return zaak


def _now() -> str:
    return datetime.now().astimezone().isoformat()


def _create_zaak(store: Store, body: dict) -> dict:
    _rsin_check(body, "bronorganisatie", "verantwoordelijkeOrganisatie")
    zaaktype = store.zaaktype(body["zaaktype"])
    if zaaktype is None:
        raise Refused(400, "Invalid input.", [("zaaktype", "not-published", "Het zaaktype is niet gepubliceerd.")])
    if len(body.get("omschrijving", "")) > 80:
        raise Refused(400, "Invalid input.", [("omschrijving", "max_length", "Max. 80 tekens.")])
    identificatie = body.get("identificatie")
    if not identificatie:
        store.counter += 1
        identificatie = f"ZAAK-{date.today():%Y}-{store.counter:010d}"
    taken = [
        z
        for z in store.all("zaken")
        if z["identificatie"] == identificatie and z["bronorganisatie"] == body["bronorganisatie"]
    ]
    if taken:
        raise Refused(
            400, "Invalid input.", [("identificatie", "identificatie-niet-uniek", "Deze identificatie bestaat al.")]
        )
    return store.add(
        "zaken",
        "zaken",
        {
            **body,
            "identificatie": identificatie,
            "einddatum": None,
            "einddatumGepland": None,
            "betalingsindicatieWeergave": "",
            "deelzaken": [],
            "eigenschappen": [],
            "rollen": [],
            "status": None,
            "zaakinformatieobjecten": [],
            "zaakobjecten": [],
            "resultaat": None,
            "laatstGemuteerd": _now(),
        },
    )


def _create_rol(store: Store, body: dict) -> dict:
    zaak = _zaak(store, body["zaak"])
    _check_machtiging(store, zaak, body)
    roltype = store.find("roltypen", body["roltype"])
    if roltype is None or roltype["zaaktype"] != zaak["zaaktype"]:
        raise Refused(
            400, "Invalid input.", [("roltype", "zaaktype-mismatch", "Het roltype hoort niet bij het zaaktype.")]
        )
    if roltype["omschrijvingGeneriek"] == "initiator" and any(
        rol["zaak"] == zaak["url"] and rol["omschrijvingGeneriek"] == "initiator" for rol in store.all("rollen")
    ):
        raise Refused(400, "Invalid input.", [("nonFieldErrors", "max-occurences", "Er is al een initiator.")])
    rol = store.add(
        "zaken",
        "rollen",
        {
            "betrokkene": "",
            "afwijkendeNaamBetrokkene": "",
            "indicatieMachtiging": "",
            **body,
            "omschrijving": roltype["omschrijving"],
            "omschrijvingGeneriek": roltype["omschrijvingGeneriek"],
            "registratiedatum": _now(),
            "statussen": [],
        },
    )
    zaak["rollen"].append(rol["url"])
    return rol


def _check_machtiging(store: Store, zaak: dict, body: dict) -> None:
    """Open Zaak's rules for ``authenticatieContext`` and ``indicatieMachtiging`` (beyond the VNG spec)."""
    context = body.get("authenticatieContext")
    if context is not None:
        problems = authenticatie_context_problems(context, body["betrokkeneType"])
        if problems:
            raise Refused(400, "Invalid input.", [("authenticatieContext", "invalid", p) for p in problems])
    indicatie = body.get("indicatieMachtiging", "")
    if indicatie and any(
        rol["zaak"] == zaak["url"] and rol.get("indicatieMachtiging") == indicatie for rol in store.all("rollen")
    ):
        raise Refused(400, "Invalid input.", [("indicatieMachtiging", "unique", f"Er is al een {indicatie}.")])


def _create_status(store: Store, body: dict) -> dict:
    zaak = _zaak(store, body["zaak"])
    statustype = store.find("statustypen", body["statustype"])
    if statustype is None or statustype["zaaktype"] != zaak["zaaktype"]:
        raise Refused(
            400, "Invalid input.", [("statustype", "zaaktype-mismatch", "Statustype hoort niet bij zaaktype.")]
        )
    for status in store.all("statussen"):
        if status["zaak"] == zaak["url"]:
            status["indicatieLaatstGezetteStatus"] = False
    status = store.add(
        "zaken",
        "statussen",
        {**body, "indicatieLaatstGezetteStatus": True, "zaakinformatieobjecten": [], "gezetdoor": ""},
    )
    zaak["status"] = status["url"]
    store.published.append(
        {
            "kanaal": "zaken",
            "hoofdObject": zaak["url"],
            "resource": "status",
            "resourceUrl": status["url"],
            "actie": "create",
            "aanmaakdatum": _now(),
            "kenmerken": {"bronorganisatie": zaak["bronorganisatie"], "zaaktype": zaak["zaaktype"]},
        }
    )
    return status


def _create_zio(store: Store, body: dict) -> dict:
    zaak = _zaak(store, body["zaak"])
    document = store.find("enkelvoudiginformatieobjecten", body["informatieobject"])
    if document is None:
        raise Refused(400, "Invalid input.", [("informatieobject", "bad-url", "Het document bestaat niet.")])
    if document["informatieobjecttype"] not in store.find("zaaktypen", zaak["zaaktype"])["informatieobjecttypen"]:
        raise Refused(
            400,
            "Invalid input.",
            [("nonFieldErrors", "missing-zaaktype-informatieobjecttype-relation", "Niet toegestaan.")],
        )
    if any(
        z["zaak"] == zaak["url"] and z["informatieobject"] == document["url"]
        for z in store.all("zaakinformatieobjecten")
    ):
        raise Refused(400, "Invalid input.", [("nonFieldErrors", "unique", "Deze relatie bestaat al.")])
    link = store.add(
        "zaken",
        "zaakinformatieobjecten",
        {
            **body,
            "aardRelatieWeergave": "Hoort bij, omgekeerd: kent",
            "registratiedatum": _now(),
            "vernietigingsdatum": None,
            "status": None,
        },
    )
    zaak["zaakinformatieobjecten"].append(link["url"])
    return link


def _create_zaakobject(store: Store, body: dict) -> dict:
    zaak = _zaak(store, body["zaak"])
    if body.get("objectType") == "overige" and not body.get("objectTypeOverige"):
        raise Refused(400, "Invalid input.", [("objectTypeOverige", "required", "Verplicht bij overige.")])
    if any(z["zaak"] == zaak["url"] and z["object"] == body.get("object") for z in store.all("zaakobjecten")):
        raise Refused(400, "Invalid input.", [("nonFieldErrors", "unique", "Deze relatie bestaat al.")])
    link = store.add("zaken", "zaakobjecten", {"zaakobjecttype": "", **body})
    zaak["zaakobjecten"].append(link["url"])
    return link


def _create_zaakeigenschap(store: Store, zaak_key: str, body: dict) -> dict:
    zaak = _zaak(store, body["zaak"])
    if not zaak["url"].endswith(zaak_key):
        raise Refused(400, "Invalid input.", [("zaak", "mismatch", "De zaak hoort niet bij deze URL.")])
    eigenschap = store.find("eigenschappen", body["eigenschap"])
    if eigenschap is None or eigenschap["zaaktype"] != zaak["zaaktype"]:
        raise Refused(
            400, "Invalid input.", [("eigenschap", "zaaktype-mismatch", "Eigenschap hoort niet bij zaaktype.")]
        )
    if eigenschap["specificatie"]["formaat"] == "datum" and not re.fullmatch(r"\d{8}", body["waarde"]):
        raise Refused(400, "Invalid input.", [("waarde", "invalid", "Datum als JJJJMMDD.")])
    key, url = store.url("zaken", f"zaken/{zaak_key}/zaakeigenschappen")
    item = {"url": url, "uuid": key, **body, "naam": eigenschap["naam"]}
    store.objects.setdefault("zaakeigenschappen", {})[url] = item
    zaak["eigenschappen"].append(url)
    return item


def zaken(store: Store, method: str, path: str, args, body) -> tuple[int, dict | list]:
    if match := re.fullmatch(r"/zaken/([0-9a-f-]+)/zaakeigenschappen", path):
        key = match.group(1)
        if method == "POST":
            return 201, _create_zaakeigenschap(store, key, body)
        return 200, [item for item in store.all("zaakeigenschappen") if item["zaak"].endswith(key)]
    if match := re.fullmatch(r"/(zaken|rollen|statussen)/([0-9a-f-]+)", path):
        return _one(store, match.group(1), match.group(2))
    creators: dict[str, Callable] = {
        "/zaken": _create_zaak,
        "/rollen": _create_rol,
        "/statussen": _create_status,
        "/zaakinformatieobjecten": _create_zio,
        "/zaakobjecten": _create_zaakobject,
    }
    if path not in creators:
        raise Refused(404, "Niet gevonden.")
    resource = path.strip("/")
    if method == "POST":
        return 201, creators[path](store, body)
    items = store.all(resource)
    filters = (
        "identificatie",
        "bronorganisatie",
        "zaaktype",
        "registratiedatum",
        "zaak",
        "omschrijvingGeneriek",
        "informatieobject",
        "statustype",
        "object",
    )
    items = _by_bsn(store, resource, args, _filtered(items, args, filters))
    if resource == "zaakinformatieobjecten":
        return 200, items
    return _page(items)


BSN_FILTERS = {
    "rollen": "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
    "zaken": "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn",
}


def _by_bsn(store: Store, resource: str, args, items: list[dict]) -> list[dict]:
    """The rollen of a person by BSN, or the zaken in which that person has a rol."""
    name = BSN_FILTERS.get(resource)
    if name is None or name not in args:
        return items
    rollen = [
        rol
        for rol in store.all("rollen")
        if rol.get("betrokkeneType") == "natuurlijk_persoon"
        and (rol.get("betrokkeneIdentificatie") or {}).get("inpBsn") == args[name]
    ]
    if resource == "rollen":
        return [item for item in items if item in rollen]
    return [item for item in items if item["url"] in {rol["zaak"] for rol in rollen}]


# --- Documenten ----------------------------------------------------------------------


def documenten(store: Store, method: str, path: str, args, body) -> tuple[int, dict | None]:
    if match := re.fullmatch(r"/bestandsdelen/([0-9a-f-]+)", path):
        return fake_bestandsdelen.put_part(store, match.group(1), body or {})
    if match := re.fullmatch(r"/enkelvoudiginformatieobjecten/([0-9a-f-]+)/(lock|unlock)", path):
        if match.group(2) == "lock":
            return fake_bestandsdelen.lock(store, match.group(1))
        return fake_bestandsdelen.unlock(store, match.group(1), body)
    if match := re.fullmatch(r"/enkelvoudiginformatieobjecten/([0-9a-f-]+)", path):
        return _one(store, "enkelvoudiginformatieobjecten", match.group(1))
    if path != "/enkelvoudiginformatieobjecten":
        raise Refused(404, "Niet gevonden.")
    if method == "GET":
        return _page(_filtered(store.all("enkelvoudiginformatieobjecten"), args, ("identificatie", "bronorganisatie")))
    _rsin_check(body, "bronorganisatie")
    iot = store.find("informatieobjecttypen", body["informatieobjecttype"])
    if iot is None or iot["concept"]:
        raise Refused(400, "Invalid input.", [("informatieobjecttype", "not-published", "Niet gepubliceerd.")])
    if body.get("identificatie") and any(
        d["identificatie"] == body["identificatie"] and d["bronorganisatie"] == body["bronorganisatie"]
        for d in store.all("enkelvoudiginformatieobjecten")
    ):
        raise Refused(400, "Invalid input.", [("identificatie", "identificatie-niet-uniek", "Bestaat al.")])
    in_parts = body.get("inhoud") is None and (body.get("bestandsomvang") or 0) > 0
    content = base64.b64decode(body.get("inhoud") or b"", validate=True)
    if not in_parts and body.get("bestandsomvang") != len(content):
        raise Refused(400, "Invalid input.", [("bestandsomvang", "invalid", "Komt niet overeen met de inhoud.")])
    document = store.add(
        "documenten",
        "enkelvoudiginformatieobjecten",
        {
            "identificatie": body.get("identificatie") or str(uuid.uuid4()),
            **{key: value for key, value in body.items() if key != "inhoud"},
            "inhoud": f"{store.roots['documenten']}enkelvoudiginformatieobjecten/download",
            "versie": 1,
            "beginRegistratie": _now(),
            "locked": False,
            "bestandsdelen": [],
        },
    )
    if in_parts:
        return 201, fake_bestandsdelen.create_in_parts(store, document)
    store.contents[document["url"]] = content
    return 201, document


APIS = {"zaken": zaken, "documenten": documenten, "catalogi": catalogi}
