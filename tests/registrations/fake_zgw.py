"""Fake Zaken, Documenten and Catalogi APIs on a real HTTP server (127.0.0.1, a free port).

Stateful (a POSTed zaak can be fetched), and strict: every request and every
response is validated against the official OpenAPI files (``zgw-specs/``, with
openapi-core). A request the spec refuses is answered 400, as a real server
would, and recorded as a violation; a test using the fake fails when any
violation was recorded. On top of the spec it enforces what real servers do
(see zgw-specs/SERVERS.md): the ZGW JWT, CRS headers on /zaken, RSIN 11-proef,
one initiator per zaak, published zaaktypen and informatieobjecttypen, unique
identificaties, a document linked to a zaak once.

Faults are injected per test: ``fake.fail("POST", "/zaken/api/v1/zaken", 500)``,
``times=None`` for an outage until ``fake.heal()``, ``delay=`` for a timeout.
"""

import copy
import json
import re
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jwt
import yaml
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from .fake_zgw_apis import APIS, Refused, Store

CLIENT_ID = "loket"
SECRET = "een-geheim-van-ruim-tweeendertig-tekens"
SPEC_FILES = {"zaken": "zaken-1.5.1.yaml", "documenten": "documenten-1.4.2.yaml", "catalogi": "catalogi-1.3.1.yaml"}


def specs_dir() -> Path:
    """``zgw-specs/`` in the shared folder beside the checkout (or above it)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "zgw-specs"
        if (candidate / SPEC_FILES["zaken"]).exists():
            return candidate
    raise FileNotFoundError("the ZGW OpenAPI files (shared/zgw-specs/) are not beside this checkout")


@cache
def _spec_dict(filename: str) -> dict:
    # The C loader: several times faster on these large files (Open Zaak's Zaken file is 20,000 lines).
    return yaml.load((specs_dir() / filename).read_text(), Loader=yaml.CSafeLoader)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # the calls are in FakeZGW.calls
        pass


@dataclass
class Fault:
    method: str
    path: re.Pattern
    status: int
    times: int | None
    delay: float = 0.0


class FakeZGW:
    """The fake server; a subclass serves other APIs by overriding the class attributes and ``_auth``."""

    spec_files = SPEC_FILES
    apis = APIS
    version = "v1"
    crs_apis = ("zaken",)  # whose responses carry Content-Crs

    def __init__(self, *, validate: bool = True, port: int = 0):
        self.validate = validate  # off only where the fake's own CPU would distort a measurement (bench/)
        self.latency = 0.0  # seconds added to every call, as a remote server's round trip would
        self._server = make_server("127.0.0.1", port, self.wsgi, threaded=True, request_handler=_QuietHandler)
        self.base = f"http://127.0.0.1:{self._server.server_port}"
        self.roots = {api: f"{self.base}/{api}/api/{self.version}/" for api in self.spec_files}
        self._openapi = {}
        for api, root in self.roots.items() if validate else ():
            spec = self.load_spec(api)
            spec["servers"] = [{"url": root.rstrip("/")}]
            self._openapi[api] = OpenAPI.from_dict(spec)
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.reset()

    def load_spec(self, api: str) -> dict:
        return copy.deepcopy(_spec_dict(self.spec_files[api]))

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- test controls -----------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self.store = self.new_store()
            self.faults: list[Fault] = []
            self.violations: list[str] = []
            self.calls: list[tuple[str, str]] = []

    def fail(self, method: str, path: str, status: int = 500, *, times: int | None = 1, delay: float = 0.0) -> None:
        """Answer ``status`` to matching calls (``path`` a regex on the URL path), ``times`` times or until healed."""
        self.faults.append(Fault(method.upper(), re.compile(path), status, times, delay))

    def new_store(self) -> Store:
        return Store(self.roots)

    def heal(self) -> None:
        self.faults.clear()

    def created(self, resource: str) -> list[dict]:
        return list(self.store.objects[resource].values())

    def posts(self, path: str) -> int:
        return sum(1 for method, called in self.calls if method == "POST" and re.fullmatch(path, called))

    # --- serving -----------------------------------------------------------------

    def wsgi(self, environ, start_response):
        request = Request(environ)
        response = self._handle(request)
        return response(environ, start_response)

    def _handle(self, request: Request) -> Response:
        if self.latency:
            time.sleep(self.latency)
        with self._lock:
            self.calls.append((request.method, request.path))
            fault = next(
                (f for f in self.faults if f.method in (request.method, "*") and f.path.search(request.path)), None
            )
            if fault is not None and fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            return _json({"title": "Fout van de fake", "status": fault.status}, fault.status)
        api = request.path.split("/")[1]
        if api not in self.roots:
            return _json({"detail": "Niet gevonden."}, 404)
        refused = self._auth(request) or self._crs(api, request)
        if refused is not None:
            return refused
        openapi = self._openapi.get(api)
        try:
            if self.validate:
                openapi.validate_request(_openapi_request(request))
        except Exception as exc:
            self.violations.append(f"request {request.method} {request.path}: {_describe(exc)}")
            return _json({"title": "Ongeldige request", "detail": _describe(exc)}, 400)
        path = request.path[len(f"/{api}/api/{self.version}") :]
        with self._lock:
            try:
                status, body = self.apis[api](self.store, request.method, path, request.args, _body(request))
            except Refused as exc:
                status, body = exc.status, exc.body
        response = _json(body, status)
        if api in self.crs_apis and status < 400:
            response.headers["Content-Crs"] = "EPSG:4326"
        if status < 400 and self.validate:
            try:
                openapi.validate_response(WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response))
            except Exception as exc:
                self.violations.append(f"response {request.method} {request.path}: {_describe(exc)}")
        return response

    def _auth(self, request: Request) -> Response | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return _json({"code": "permission_denied", "detail": "Authenticatiegegevens zijn niet opgegeven."}, 403)
        token = header.removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
            secret = {CLIENT_ID: SECRET}.get(claims.get("client_id"), "")
            claims = jwt.decode(token, secret, algorithms=["HS256"], options={"verify_exp": False})
        except jwt.PyJWTError:
            return _json({"code": "invalid-jwt-signature", "detail": "De JWT is ongeldig."}, 403)
        if not isinstance(claims.get("iat"), int) or claims["iat"] <= time.time() - 3600:
            return _json({"code": "jwt-expired", "detail": "De JWT is verlopen."}, 403)
        return None

    def _crs(self, api: str, request: Request) -> Response | None:
        if api != "zaken" or not re.fullmatch(r"/zaken/api/v1/zaken(/[0-9a-f-]+)?", request.path):
            return None
        if request.headers.get("Accept-Crs") != "EPSG:4326" or (
            request.method in ("POST", "PUT", "PATCH") and request.headers.get("Content-Crs") != "EPSG:4326"
        ):
            return _json({"code": "precondition_failed", "detail": "'Accept-Crs'/'Content-Crs' ontbreekt"}, 412)
        return None


def _openapi_request(request: Request) -> WerkzeugOpenAPIRequest:
    wrapped = WerkzeugOpenAPIRequest(request)
    # The specs list Content-Type as a header parameter with bare media types; a multipart body's
    # boundary (which it must have) does not make it another type, and real servers accept it.
    if request.mimetype:
        wrapped.parameters.header["Content-Type"] = request.mimetype
    return wrapped


def _describe(exc: Exception) -> str:
    causes = [str(exc)]
    for attribute in ("__cause__", "schema_errors", "errors"):
        value = getattr(exc, attribute, None)
        if value:
            causes.append(str(value if not isinstance(value, list) else [str(item) for item in value])[:800])
    return " | ".join(causes)


def _body(request: Request):
    if request.mimetype == "multipart/form-data":  # a bestandsdeel: fields and the file's bytes
        return {**request.form.to_dict(), **{name: file.read() for name, file in request.files.items()}}
    if not request.data:
        return None
    return json.loads(request.data)


def _json(body, status: int) -> Response:
    if status == 204:
        return Response(status=204)
    return Response(json.dumps(body), status=status, content_type="application/json")
