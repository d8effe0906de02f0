"""The fake ZGW APIs as Open Zaak serves them: Zaken validated against Open Zaak's own OpenAPI file,
with its ``POST /zaak_registreren`` (zaak, rollen, status and document links in one transaction).

Open Zaak's Zaken file has one remote ``$ref`` (to the Catalogi API on GitHub, for its "expand"
inclusions) that cannot be resolved offline; it is replaced by a plain object schema, which
affects only responses with ``expand``, which Loket never asks for.
"""

import copy

from .fake_errors import Refused
from .fake_zgw import FakeZGW, _json, _spec_dict
from .fake_zgw_apis import APIS, Store, _create_rol, _create_status, _create_zaak, _create_zio
from .fake_zgw_apis import zaken as vng_zaken

OPENZAAK_ZAKEN = "openzaak/zaken-1.5.1-openzaak.yaml"


def _offline(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith("http"):
            return {"type": "object"}
        return {key: _offline(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_offline(item) for item in node]
    return node


def zaak_registreren(store: Store, body: dict) -> dict:
    """All or nothing, as Open Zaak does it in one database transaction."""
    saved = copy.deepcopy(store.objects), store.counter
    try:
        zaak = _create_zaak(store, body["zaak"])
        rollen = [_create_rol(store, {**rol, "zaak": zaak["url"]}) for rol in body.get("rollen", [])]
        links = [_create_zio(store, {**link, "zaak": zaak["url"]}) for link in body.get("zaakinformatieobjecten", [])]
        if body.get("zaakobjecten"):
            raise Refused(400, "Invalid input.", [("zaakobjecten", "unsupported", "Niet in deze fake.")])
        status = _create_status(store, {**body["status"], "zaak": zaak["url"]})
        status["gezetdoor"] = status.get("gezetdoor") or None  # Open Zaak's file: a URI or null, never ""
    except Refused:
        store.objects, store.counter = saved
        raise
    return {"zaak": zaak, "rollen": rollen, "zaakinformatieobjecten": links, "zaakobjecten": [], "status": status}


def zaken(store: Store, method: str, path: str, args, body):
    if path == "/zaak_registreren" and method == "POST":
        return 201, zaak_registreren(store, body)
    return vng_zaken(store, method, path, args, body)


class FakeOpenZaak(FakeZGW):
    spec_files = {**FakeZGW.spec_files, "zaken": OPENZAAK_ZAKEN}
    apis = {**APIS, "zaken": zaken}

    def load_spec(self, api: str) -> dict:
        if api == "zaken":
            return _offline(_spec_dict(OPENZAAK_ZAKEN))
        return super().load_spec(api)

    def _crs(self, api, request):
        if api == "zaken" and request.path.endswith("/zaak_registreren"):
            if request.headers.get("Accept-Crs") != "EPSG:4326" or request.headers.get("Content-Crs") != "EPSG:4326":
                return _json({"code": "precondition_failed", "detail": "'Accept-Crs'/'Content-Crs' ontbreekt"}, 412)
            return None
        return super()._crs(api, request)
