"""A fake Notificaties API (1.0) beside the fake Zaken, Documenten and Catalogi APIs, in one server.

Validated against notificaties-1.0.0.yaml like the other fakes. It keeps
kanalen and abonnementen, and delivers every published message with a real
HTTP POST to each abonnement on its kanaal, with the abonnement's ``auth`` as
Authorization header. Messages come from ``POST /notificaties`` and, as with a
real Open Zaak, from the fake Zaken API when it creates a status.
"""

import re

import requests
from werkzeug.wrappers import Request, Response

from .fake_errors import Refused
from .fake_zgw import SPEC_FILES, FakeZGW
from .fake_zgw_apis import APIS, Store, _one


def notificaties(store: Store, method: str, path: str, args, body) -> tuple[int, dict | list | None]:
    if path == "/kanaal":
        if method == "POST":
            if any(kanaal["naam"] == body["naam"] for kanaal in store.all("kanaal")):
                raise Refused(400, "Invalid input.", [("naam", "unique", "Dit kanaal bestaat al.")])
            return 201, store.add("notificaties", "kanaal", {"documentatieLink": "", "filters": [], **body})
        return 200, [kanaal for kanaal in store.all("kanaal") if args.get("naam", kanaal["naam"]) == kanaal["naam"]]
    if path == "/abonnement":
        if method == "POST":
            known = {kanaal["naam"] for kanaal in store.all("kanaal")}
            unknown = [group["naam"] for group in body["kanalen"] if group["naam"] not in known]
            if unknown:
                raise Refused(400, "Invalid input.", [("kanalen", "kanaal_naam", f"Onbekend kanaal: {unknown}")])
            return 201, store.add("notificaties", "abonnement", body)
        return 200, store.all("abonnement")
    if match := re.fullmatch(r"/(abonnement|kanaal)/([0-9a-f-]+)", path):
        status, item = _one(store, match.group(1), match.group(2))
        if method == "DELETE" and match.group(1) == "abonnement":
            del store.objects["abonnement"][item["url"]]
            return 204, None
        return status, item
    if path == "/notificaties" and method == "POST":
        if body["kanaal"] not in {kanaal["naam"] for kanaal in store.all("kanaal")}:
            raise Refused(400, "Invalid input.", [("kanaal", "kanaal_naam", "Onbekend kanaal.")])
        store.published.append(body)
        return 200, body
    raise Refused(404, "Niet gevonden.")


class FakeZGWWithNotificaties(FakeZGW):
    """The fake ZGW APIs plus a Notificaties API that delivers to real callbacks (e.g. ``live_server``)."""

    spec_files = {**SPEC_FILES, "notificaties": "notificaties-1.0.0.yaml"}
    apis = {**APIS, "notificaties": notificaties}

    def new_store(self) -> Store:
        store = super().new_store()
        store.add("notificaties", "kanaal", {"naam": "zaken", "documentatieLink": "", "filters": ["zaaktype"]})
        return store

    def reset(self) -> None:
        self.deliveries: list[tuple[str, int | str]] = []  # (callback URL, HTTP status or error)
        super().reset()

    def _handle(self, request: Request) -> Response:
        response = super()._handle(request)
        with self._lock:
            messages, self.store.published[:] = list(self.store.published), []
        for message in messages:
            self.deliver(message)
        return response

    def deliver(self, message: dict) -> None:
        """POST ``message`` to every abonnement on its kanaal, as the Notificaties API does."""
        with self._lock:
            abonnementen = [
                item
                for item in self.store.all("abonnement")
                if any(group["naam"] == message["kanaal"] for group in item["kanalen"])
            ]
        for abonnement in abonnementen:
            try:
                answer = requests.post(
                    abonnement["callbackUrl"],
                    json=message,
                    headers={"Authorization": abonnement["auth"]},
                    timeout=10,
                )
                outcome: int | str = answer.status_code
            except requests.RequestException as exc:
                outcome = type(exc).__name__
            with self._lock:
                self.deliveries.append((abonnement["callbackUrl"], outcome))
