"""Form definitions for tests. Each call returns a fresh dict, so a test may change it freely."""

import copy

_MELDING = {
    "format": "loket-form/1",
    "slug": "melding-openbare-ruimte",
    "name": {"nl": "Melding openbare ruimte", "en": "Report a problem in a public space"},
    "settings": {"reference_prefix": "MOR", "introduction": "Meld een probleem op straat."},
    "steps": [
        {
            "key": "melding",
            "title": "Uw melding",
            "schema": {
                "type": "object",
                "properties": {
                    "onderwerp": {"type": "string", "minLength": 1, "maxLength": 100},
                    "omschrijving": {"type": "string", "maxLength": 1000},
                },
                "required": ["onderwerp"],
            },
            "ui": {
                "order": ["onderwerp", "omschrijving"],
                "fields": {
                    "onderwerp": {"kind": "text", "label": "Onderwerp"},
                    "omschrijving": {"kind": "textarea", "label": "Omschrijving"},
                },
            },
        },
        {
            "key": "contact",
            "title": "Uw contactgegevens",
            "schema": {
                "type": "object",
                "properties": {"email": {"type": "string", "format": "email"}},
                "required": ["email"],
            },
            "ui": {
                "order": ["email"],
                "fields": {"email": {"kind": "email", "label": "E-mailadres", "confirmation_recipient": True}},
            },
        },
    ],
}

MELDING_DATA = {"melding": {"onderwerp": "Losse stoeptegel"}, "contact": {"email": "melder@example.nl"}}
"""Valid stored data for :func:`melding`."""


def melding(slug: str | None = None) -> dict:
    """Two small steps: the default definition of ``FormFactory``."""
    definition = copy.deepcopy(_MELDING)
    if slug:
        definition["slug"] = slug
    return definition


def _field_schemas() -> dict:
    return {
        "naam": {"type": "string", "minLength": 1, "maxLength": 50},
        "toelichting": {"type": "string", "maxLength": 500},
        "email": {"type": "string", "format": "email"},
        "telefoon": {"type": "string", "format": "phone"},
        "datum": {"type": "string", "format": "date"},
        "bedrag": {"type": "number", "minimum": 0},
        "aantal": {"type": "integer", "minimum": 1, "maximum": 10},
        "gemeente": {"type": "string", "enum": ["utrecht", "zwolle"]},
        "contact": {"type": "string", "enum": ["email", "post"]},
        "onderwerpen": {
            "type": "array",
            "items": {"type": "string", "enum": ["afval", "groen", "verkeer"]},
            "uniqueItems": True,
            "minItems": 1,
        },
        "akkoord": {"type": "boolean", "const": True},
        "bsn": {"type": "string", "format": "nl-bsn"},
        "postcode": {"type": "string", "format": "nl-postcode"},
        "iban": {"type": "string", "format": "iban"},
        "adres": {
            "type": "object",
            "properties": {
                "straat": {"type": "string", "minLength": 1},
                "huisnummer": {"type": "integer", "minimum": 1},
            },
            # Deliberately not in page order: messages must follow the page, not the schema.
            "required": ["huisnummer", "straat"],
        },
    }


def _field_ui() -> dict:
    return {
        "uitleg": {"kind": "content", "content": "Vul alle velden in.\n\nDit is de tweede alinea."},
        "naam": {"kind": "text", "label": "Naam", "autocomplete": "name"},
        "toelichting": {"kind": "textarea", "label": "Toelichting", "rows": 4},
        "email": {
            "kind": "email",
            "label": "E-mailadres",
            "help": "Voor de bevestiging.",
            "confirmation_recipient": True,
        },
        "telefoon": {"kind": "phone", "label": "Telefoonnummer"},
        "datum": {"kind": "date", "label": "Datum"},
        "bedrag": {"kind": "number", "label": "Bedrag"},
        "aantal": {"kind": "integer", "label": "Aantal"},
        "gemeente": {"kind": "select", "label": "Gemeente", "choices": {"utrecht": "Utrecht", "zwolle": "Zwolle"}},
        "contact": {"kind": "radio", "label": "Contact", "choices": {"email": "Per e-mail", "post": "Per post"}},
        "onderwerpen": {
            "kind": "checkboxes",
            "label": "Onderwerpen",
            "choices": {"afval": "Afval", "groen": "Groen", "verkeer": "Verkeer"},
        },
        "akkoord": {"kind": "checkbox", "label": "Ik ga akkoord"},
        "bsn": {"kind": "bsn", "label": "BSN"},
        "postcode": {"kind": "postcode", "label": "Postcode"},
        "iban": {"kind": "iban", "label": "IBAN"},
        "adres": {
            "kind": "fieldset",
            "label": "Adres",
            "order": ["straat", "huisnummer"],
            "fields": {
                "straat": {"kind": "text", "label": "Straat"},
                "huisnummer": {"kind": "integer", "label": "Huisnummer"},
            },
        },
    }


ALL_KINDS_ORDER = [
    "uitleg",
    "naam",
    "toelichting",
    "email",
    "telefoon",
    "datum",
    "bedrag",
    "aantal",
    "gemeente",
    "contact",
    "onderwerpen",
    "akkoord",
    "bsn",
    "postcode",
    "iban",
    "adres",
]
ALL_KINDS_OPTIONAL = {"toelichting", "telefoon"}


def all_kinds(slug: str = "alle-soorten") -> dict:
    """One step with a field of every kind; everything but toelichting and telefoon is required."""
    schemas = _field_schemas()
    return {
        "format": "loket-form/1",
        "slug": slug,
        "name": "Alle soorten velden",
        "settings": {"reference_prefix": "ALS", "receipt_email": "no_links"},
        "steps": [
            {
                "key": "velden",
                "title": "Velden",
                "schema": {
                    "type": "object",
                    "properties": schemas,
                    # Reversed on purpose, see above.
                    "required": sorted(set(schemas) - ALL_KINDS_OPTIONAL, reverse=True),
                },
                "ui": {"order": list(ALL_KINDS_ORDER), "fields": _field_ui()},
            }
        ],
    }


ALL_KINDS_POST = {
    "naam": "Jan Jansen",
    "toelichting": "Regel een\r\nRegel twee",
    "email": "jan@example.nl",
    "telefoon": "06 12345678",
    "datum": "9-1-2026",
    "bedrag": "12,50",
    "aantal": "3",
    "gemeente": "zwolle",
    "contact": "post",
    "onderwerpen": ["afval", "verkeer"],
    "akkoord": "on",
    "bsn": "111 222 333",
    "postcode": "1234ab",
    "iban": "nl91 abna 0417 1643 00",
    "adres.straat": "Dorpsstraat",
    "adres.huisnummer": "12",
}
"""A valid post of the ``velden`` step of :func:`all_kinds`, typed the way people type."""

ALL_KINDS_DATA = {
    "naam": "Jan Jansen",
    "toelichting": "Regel een\nRegel twee",
    "email": "jan@example.nl",
    "telefoon": "06 12345678",
    "datum": "2026-01-09",
    "bedrag": 12.5,
    "aantal": 3,
    "gemeente": "zwolle",
    "contact": "post",
    "onderwerpen": ["afval", "verkeer"],
    "akkoord": True,
    "bsn": "111222333",
    "postcode": "1234 AB",
    "iban": "NL91ABNA0417164300",
    "adres": {"straat": "Dorpsstraat", "huisnummer": 12},
}
"""What :data:`ALL_KINDS_POST` is stored as."""


def parkeren() -> dict:
    """melding (onderwerp, soort, kenteken shown for parking), 'voertuig' (skipped unless parking), contact."""
    definition = melding("parkeeroverlast")
    first = definition["steps"][0]
    first["schema"]["properties"].update(
        {"soort": {"type": "string", "enum": ["parkeren", "afval"]}, "kenteken": {"type": "string", "maxLength": 10}}
    )
    first["ui"]["fields"].update(
        {
            "soort": {"kind": "radio", "label": "Soort melding", "choices": {"parkeren": "Parkeren", "afval": "Afval"}},
            "kenteken": {"kind": "text", "label": "Kenteken"},
        }
    )
    first["ui"]["order"] += ["soort", "kenteken"]
    voertuig = copy.deepcopy(definition["steps"][1])
    voertuig.update(key="voertuig", title="Het voertuig")
    voertuig["schema"] = {"type": "object", "properties": {"merk": {"type": "string"}}, "required": ["merk"]}
    voertuig["ui"] = {"order": ["merk"], "fields": {"merk": {"kind": "text", "label": "Merk"}}}
    definition["steps"].insert(1, voertuig)
    parking = {"==": [{"var": "melding.soort"}, "parkeren"]}
    definition["logic"] = [
        {
            "when": parking,
            "then": [
                {"action": "show_field", "field": "melding.kenteken"},
                {"action": "require_field", "field": "melding.kenteken"},
                {"action": "show_step", "step": "voertuig"},
            ],
        }
    ]
    return definition
