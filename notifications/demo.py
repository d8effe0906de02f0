"""The demo zaaksysteem: the spec-checked fake ZGW and Notificaties APIs as a local process for ``make demo``.

The demo has no real Open Zaak; ``manage.py demo_zaaksysteem`` serves the fakes
the test suite uses (``tests/registrations``) on 127.0.0.1, points the demo
bezwaar form's ZGW registration at them and subscribes Loket's webhook, so a
status set with ``manage.py demo_next_status`` travels the real route: Zaken
API -> Notificaties API -> webhook -> outbox -> e-mail in var/mail/. Its data
live in memory: restarting the demo starts with an empty zaaksysteem.
"""

from django.db import transaction
from django.utils import timezone
from zgw_consumers.constants import APITypes, AuthTypes
from zgw_consumers.models import Service

from builder.models import Form
from registrations.contrib.zgw.client import ZGWClient, service_by_slug
from registrations.models import FormRegistration, RegistrationRecord

__all__ = ["SLUGS", "configure", "next_status"]

SLUGS = {
    "zaken": "demo-zaken",
    "documenten": "demo-documenten",
    "catalogi": "demo-catalogi",
    "notificaties": "demo-notificaties",
}
TYPES = {"zaken": APITypes.zrc, "documenten": APITypes.drc, "catalogi": APITypes.ztc, "notificaties": APITypes.nrc}
DEMO_FORM = "bezwaar"


def configure(roots: dict[str, str], client_id: str, secret: str) -> None:
    """Service records for the demo zaaksysteem, and the bezwaar form registering there too."""
    with transaction.atomic():
        for api, root in roots.items():
            Service.objects.update_or_create(
                slug=SLUGS[api],
                defaults={
                    "label": f"Demo zaaksysteem: {api}",
                    "api_type": TYPES[api],
                    "api_root": root,
                    "auth_type": AuthTypes.zgw,
                    "client_id": client_id,
                    "secret": secret,
                    "user_id": "loket",
                    "user_representation": "Loket (demo)",
                    "timeout": 10,
                },
            )
        form = Form.objects.filter(slug=DEMO_FORM).first()
        if form is not None and not FormRegistration.objects.filter(form=form, backend="zgw").exists():
            FormRegistration.objects.create(form=form, backend="zgw", options=_options(), order=1)


def _options() -> dict:
    return {
        "zaken_service": SLUGS["zaken"],
        "documenten_service": SLUGS["documenten"],
        "catalogi_service": SLUGS["catalogi"],
        "catalogus_domein": "BZW",
        "catalogus_rsin": "002220647",
        "zaaktype": "BEZWAAR",
        "informatieobjecttype": "Ontvangstbewijs",
        "organisatie_rsin": "002220647",
        "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
        "omschrijving": "Bezwaar {reference}",
        "initiator": {"geslachtsnaam": "indiener.naam", "emailadres": "indiener.email"},
    }


def next_status(reference: str | None = None) -> tuple[str, str]:
    """Move the zaak of ``reference`` (default: the newest registered) to its next status; (reference, status)."""
    records = RegistrationRecord.objects.filter(backend="zgw", results__zaak__isnull=False).select_related("submission")
    if reference:
        records = records.filter(submission__public_reference=reference)
    record = records.order_by("-submission__received_at").first()
    if record is None:
        raise LookupError("no submission registered as a zaak yet: send the demo bezwaarschrift first")
    zaak = record.results["zaak"]
    zaken = ZGWClient(service_by_slug(record.options["zaken_service"]))
    catalogi = ZGWClient(service_by_slug(record.options["catalogi_service"]))
    try:
        zaaktype = zaken.get(zaak["url"], crs=True)["zaaktype"]
        types = list(catalogi.list("statustypen", {"zaaktype": zaaktype}))
        types.sort(key=lambda item: item["volgnummer"])
        current = {status["statustype"] for status in zaken.list("statussen", {"zaak": zaak["url"]})}
        reached = max((index for index, item in enumerate(types) if item["url"] in current), default=-1)
        if reached + 1 >= len(types):
            raise LookupError(f"{record.submission.public_reference}: the zaak already has its final status")
        target = types[reached + 1]
        zaken.post(
            "statussen",
            {"zaak": zaak["url"], "statustype": target["url"], "datumStatusGezet": timezone.now().isoformat()},
        )
    finally:
        zaken.close()
        catalogi.close()
    return record.submission.public_reference, target["omschrijving"]
