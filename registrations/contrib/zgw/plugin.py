"""The ZGW APIs backend: each submission as one zaak with initiator, status and documents.

Options name the services (zgw-consumers ``Service`` records by slug, which hold
the JWT credentials) and the catalogue entries by their business keys, never by
URL: the zaaktype valid on the date of receipt is looked up at every run.
"""

from zgw_consumers.constants import APITypes
from zgw_consumers.models import Service

from ...registry import Backend, OptionError, backends
from ...run import RegistrationRun
from .people import CONVENTIONS
from .zaak import register_zaak

VERTROUWELIJKHEID = [
    "openbaar",
    "beperkt_openbaar",
    "intern",
    "zaakvertrouwelijk",
    "vertrouwelijk",
    "confidentieel",
    "geheim",
    "zeer_geheim",
]
INITIATOR_ATTRIBUTES = [
    "geslachtsnaam",
    "voorvoegselGeslachtsnaam",
    "voornamen",
    "voorletters",
    "emailadres",
    "telefoonnummer",
    "adres",
]
_RSIN = {"type": "string", "pattern": "^[0-9]{9}$"}
_FIELD_PATH = {"type": "string", "pattern": r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$"}
SERVICES = {"zaken_service": APITypes.zrc, "documenten_service": APITypes.drc, "catalogi_service": APITypes.ztc}


def elfproef(number: str) -> bool:
    """The 11-proef of an RSIN or BSN (``000000000`` passes, as ZGW servers accept it)."""
    if len(number) != 9 or not number.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:8], range(9, 1, -1), strict=True))
    return (total - int(number[8])) % 11 == 0


@backends.register("zgw")
class ZGWBackend(Backend):
    label = "Zaak in een zaaksysteem (ZGW API's)"
    options_schema = {
        "type": "object",
        "properties": {
            "zaken_service": {"type": "string", "minLength": 1},
            "documenten_service": {"type": "string", "minLength": 1},
            "catalogi_service": {"type": "string", "minLength": 1},
            "catalogus_domein": {"type": "string", "minLength": 1, "maxLength": 5},
            "catalogus_rsin": _RSIN,
            "zaaktype": {"type": "string", "minLength": 1, "maxLength": 50},
            "informatieobjecttype": {"type": "string", "minLength": 1, "maxLength": 80},
            "organisatie_rsin": _RSIN,
            "vertrouwelijkheidaanduiding": {"enum": VERTROUWELIJKHEID},
            "omschrijving": {"type": "string", "maxLength": 200},
            "toelichting": {"type": "string", "maxLength": 1000},
            "zaak_identificatie": {"enum": ["generated", "reference"]},
            "machtiging": {"enum": list(CONVENTIONS)},
            "bestandsdelen_vanaf": {"type": "integer", "minimum": 1},
            "zaak_registreren": {"type": "boolean"},
            "initiator": {
                "type": "object",
                "propertyNames": {"enum": INITIATOR_ATTRIBUTES},
                "additionalProperties": _FIELD_PATH,
            },
            "eigenschappen": {"type": "object", "additionalProperties": _FIELD_PATH},
        },
        "required": [
            "zaken_service",
            "documenten_service",
            "catalogi_service",
            "catalogus_domein",
            "catalogus_rsin",
            "zaaktype",
            "informatieobjecttype",
            "organisatie_rsin",
        ],
        "additionalProperties": False,
    }

    def check_options(self, options: dict) -> list[OptionError]:
        errors = [
            OptionError(name, "voldoet niet aan de 11-proef")
            for name in ("organisatie_rsin", "catalogus_rsin")
            if not elfproef(options[name])
        ]
        types = dict(
            Service.objects.filter(slug__in=[options[name] for name in SERVICES]).values_list("slug", "api_type")
        )
        for name, api_type in SERVICES.items():
            slug = options[name]
            if slug not in types:
                errors.append(OptionError(name, f"er is geen service {slug!r}"))
            elif types[slug] != api_type:
                errors.append(OptionError(name, f"service {slug!r} is geen {APITypes(api_type).label}"))
        return errors

    def register(self, run: RegistrationRun) -> None:
        register_zaak(run)

    def summary(self, results: dict) -> str:
        zaak = results.get("zaak") or {}
        return zaak.get("identificatie", "")
