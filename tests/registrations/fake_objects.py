"""Fake Objects and Objecttypes APIs, on the same strict server as the fake ZGW APIs.

Every request and response is validated against ``objects-2.7.0.yaml`` and
``objecttypes-2.2.2.yaml``. Like the real Objects API it checks the API token
(``Authorization: Token ...``), ``Content-Crs`` on a POST, that the objecttype
version exists, and the object's data against that version's JSON schema. It
serves one objecttype; a test adds its versions with :meth:`FakeObjects.add_version`.
"""

import re
import uuid
from datetime import date

from jsonschema import Draft202012Validator
from werkzeug.wrappers import Request, Response

from .fake_zgw import FakeZGW, _json
from .fake_zgw_apis import Refused

TOKEN = "objecten-token-van-loket"
OBJECTTYPE_UUID = "8f2a3c1e-5b7d-4e9a-9c3f-1d2e3f4a5b6c"


class ObjectsStore:
    def __init__(self, roots: dict[str, str]):
        self.roots = roots
        self.objecttype = f"{roots['objecttypes']}objecttypes/{OBJECTTYPE_UUID}"
        self.versions: dict[int, dict] = {}
        self.objects: dict[str, dict] = {}

    def all(self, resource: str) -> list[dict]:
        assert resource == "objects"
        return list(self.objects.values())


def objecttypes(store: ObjectsStore, method: str, path: str, args, body) -> tuple[int, dict]:
    match = re.fullmatch(rf"/objecttypes/{OBJECTTYPE_UUID}/versions/(\d+)", path)
    if method != "GET" or not match or int(match.group(1)) not in store.versions:
        raise Refused(404, "Niet gevonden.")
    return 200, store.versions[int(match.group(1))]


def _attribute(data: dict, expression: str) -> bool:
    """``data_attr``: ``key__exact__value``, nested keys joined by ``__`` (only ``exact`` is served)."""
    *keys, operator, value = expression.split("__")
    if operator != "exact":
        raise Refused(400, "Invalid input.", [("data_attr", "invalid", f"operator {operator} wordt niet ondersteund")])
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return str(data) == value


def objects(store: ObjectsStore, method: str, path: str, args, body) -> tuple[int, dict]:
    if match := re.fullmatch(r"/objects/([0-9a-f-]+)", path):
        for item in store.objects.values():
            if item["uuid"] == match.group(1):
                return 200, item
        raise Refused(404, "Niet gevonden.")
    if path != "/objects":
        raise Refused(404, "Niet gevonden.")
    if method == "GET":
        items = list(store.objects.values())
        if "type" in args:
            items = [item for item in items if item["type"] == args["type"]]
        for expression in args.getlist("data_attr"):
            items = [item for item in items if _attribute(item["record"]["data"], expression)]
        return 200, {"count": len(items), "next": None, "previous": None, "results": items}
    record = body["record"]
    version = store.versions.get(record["typeVersion"]) if body["type"] == store.objecttype else None
    if version is None:
        raise Refused(400, "Invalid input.", [("type", "invalid", "Objecttype (versie) bestaat niet.")])
    errors = list(Draft202012Validator(version["jsonSchema"]).iter_errors(record.get("data", {})))
    if errors:
        raise Refused(400, "Invalid input.", [("data", "invalid-json-schema", errors[0].message)])
    key = str(uuid.uuid4())
    item = {
        "url": f"{store.roots['objects']}objects/{key}",
        "uuid": key,
        "type": body["type"],
        "record": {
            "index": 1,
            "typeVersion": record["typeVersion"],
            "data": record.get("data", {}),
            "startAt": record["startAt"],
            "registrationAt": date.today().isoformat(),
            # geometry, endAt, correctionFor and correctedBy are left out: the real server sends null,
            # which its own OpenAPI file does not allow for them.
        },
    }
    store.objects[item["url"]] = item
    return 201, item


class FakeObjects(FakeZGW):
    spec_files = {"objects": "objects-2.7.0.yaml", "objecttypes": "objecttypes-2.2.2.yaml"}
    apis = {"objects": objects, "objecttypes": objecttypes}
    version = "v2"
    crs_apis = ("objects",)

    def new_store(self) -> ObjectsStore:
        return ObjectsStore(self.roots)

    @property
    def objecttype(self) -> str:
        return self.store.objecttype

    def add_version(self, schema: dict, status: str = "published") -> int:
        number = len(self.store.versions) + 1
        today = date.today().isoformat()
        self.store.versions[number] = {
            "url": f"{self.objecttype}/versions/{number}",
            "version": number,
            "objectType": self.objecttype,
            "status": status,
            "jsonSchema": schema,
            "createdAt": today,
            "modifiedAt": today,
            "publishedAt": today if status == "published" else None,
        }
        return number

    def _auth(self, request: Request) -> Response | None:
        if request.headers.get("Authorization") != f"Token {TOKEN}":
            return _json({"detail": "Ongeldige token."}, 403)
        return None

    def _crs(self, api: str, request: Request) -> Response | None:
        writes = api == "objects" and request.method in ("POST", "PUT", "PATCH")
        if writes and request.headers.get("Content-Crs") != "EPSG:4326":
            return _json({"detail": "'Content-Crs' ontbreekt"}, 412)
        return None
