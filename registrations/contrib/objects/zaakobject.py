"""The object linked to the submission's zaak as a zaakobject, when the ZGW backend also runs.

The zaak comes from the ZGW backend's record of the same submission. That
backend should come first (a lower order on the form); when it has not
registered the zaak yet, this step waits ("later opnieuw") instead of failing,
and the next attempt of the job links it. Exactly once: the zaakobject is
looked up by zaak and object before it is created.
"""

from submissions.jobs import RetryLater

from ...models import RegistrationRecord
from ...run import RegistrationRun
from ..zgw.client import ZGWClient, service_by_slug

__all__ = ["link_to_zaak"]


def _zaak_record(run: RegistrationRun) -> RegistrationRecord | None:
    return (
        RegistrationRecord.objects.filter(submission=run.submission, backend="zgw")
        .order_by("pk")
        .only("results", "options", "status")
        .first()
    )


def link_to_zaak(run: RegistrationRun, object_url: str) -> str:
    record = _zaak_record(run)
    if record is None:
        raise RetryLater("koppelen aan de zaak: deze inzending heeft (nog) geen ZGW-registratie")
    zaak = (record.results.get("zaak") or {}).get("url")
    if not zaak:
        raise RetryLater("koppelen aan de zaak: de zaak is er nog niet, later opnieuw")
    zaken = ZGWClient(service_by_slug(record.options["zaken_service"]))
    try:
        for existing in zaken.list("zaakobjecten", {"zaak": zaak, "object": object_url}):
            return existing["url"]  # made by an attempt that stopped before storing it
        body = {
            "zaak": zaak,
            "object": object_url,
            "objectType": "overige",
            "objectTypeOverige": "Objecten API-object",
            "relatieomschrijving": f"Gegevens van inzending {run.reference}",
        }
        return zaken.post("zaakobjecten", body)["url"]
    finally:
        zaken.close()
