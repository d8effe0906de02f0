"""The Objects API backend: each submission as one object of a configured objecttype and version.

The object's data is the submission's answers in the shape of the form's data
schema (``FormSpec.data_schema()``) under ``gegevens``, with our reference and
the moment of receipt beside it (:func:`record_data`). Before anything is sent
the data is checked against the JSON schema of the objecttype version, fetched
from the Objecttypes API once per attempt: a submission that does not fit is
refused on the record with the places where it does not fit, and nothing is
created.

Exactly once: the object's URL is stored the moment it is created, and before
creating, an earlier object is looked up by our reference
(``data_attr=kenmerk__exact__<reference>``), so an attempt killed between the
POST and that store finds its object instead of making a second one.

With option ``zaakobject`` the object is also linked to the zaak the ZGW backend
made for the same submission (zaakobject.py).
"""

import copy
from typing import Any

from django.utils import timezone
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from jsonschema.validators import validator_for
from zgw_consumers.constants import APITypes
from zgw_consumers.models import Service

from builder.spec import FormSpec
from submissions.jobs import GiveUp

from ...registry import Backend, OptionError, backends
from ...run import RegistrationRun
from ..zgw.client import ZGWClient, service_by_slug
from .zaakobject import link_to_zaak

__all__ = ["ObjectsBackend", "record_data", "record_schema"]

SERVICES = ("objects_service", "objecttypes_service")
MAX_SCHEMA_ERRORS = 5


def record_data(run: RegistrationRun) -> dict[str, Any]:
    """The object's ``record.data``: reference, moment of receipt, form, and every answer by step."""
    return {
        "kenmerk": run.reference,
        "ontvangen_op": timezone.localtime(run.submission.received_at).isoformat(),
        "formulier": run.submission.form_version.form.slug,
        "gegevens": run.data,
    }


def record_schema(spec: FormSpec) -> dict[str, Any]:
    """A JSON schema for an objecttype version that takes this form's objects (for the objecttype's beheerder)."""
    # A copy: the step schemas belong to the compiled spec, which is shared and cached.
    gegevens = copy.deepcopy({key: value for key, value in spec.data_schema().items() if key != "$schema"})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {
            "kenmerk": {"type": "string"},
            "ontvangen_op": {"type": "string", "format": "date-time"},
            "formulier": {"type": "string"},
            "gegevens": gegevens,
        },
        "required": ["kenmerk", "ontvangen_op", "formulier", "gegevens"],
    }


def schema_problems(schema: Any, data: dict) -> list[str]:
    """Where ``data`` does not fit the objecttype's JSON schema, as ``path: reason`` (empty: it fits)."""
    if not isinstance(schema, dict):
        return [f"het objecttype heeft geen bruikbaar JSON-schema ({type(schema).__name__})"]
    cls = validator_for(schema, default=Draft202012Validator)
    try:
        cls.check_schema(schema)
    except SchemaError as exc:
        return [f"het JSON-schema van het objecttype is ongeldig: {exc.message}"]
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda error: list(map(str, error.absolute_path)))
    return [
        f"{'.'.join(str(part) for part in error.absolute_path) or '(object)'}: {error.message[:200]}"
        for error in errors[:MAX_SCHEMA_ERRORS]
    ] + ([f"en {len(errors) - MAX_SCHEMA_ERRORS} meer"] if len(errors) > MAX_SCHEMA_ERRORS else [])


@backends.register("objects")
class ObjectsBackend(Backend):
    label = "Object in de Objecten-API"
    options_schema = {
        "type": "object",
        "properties": {
            "objects_service": {"type": "string", "minLength": 1},
            "objecttypes_service": {"type": "string", "minLength": 1},
            "objecttype": {"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": 1000},
            "objecttype_version": {"type": "integer", "minimum": 1, "maximum": 32767},
            "zaakobject": {"type": "boolean"},
        },
        "required": ["objects_service", "objecttypes_service", "objecttype", "objecttype_version"],
        "additionalProperties": False,
    }

    def check_options(self, options: dict) -> list[OptionError]:
        services = {
            service.slug: service for service in Service.objects.filter(slug__in=[options[name] for name in SERVICES])
        }
        errors = []
        for name in SERVICES:
            slug = options[name]
            if slug not in services:
                errors.append(OptionError(name, f"er is geen service {slug!r}"))
            elif services[slug].api_type != APITypes.orc:
                errors.append(OptionError(name, f"service {slug!r} is geen {APITypes.orc.label}"))
        objecttypes = services.get(options["objecttypes_service"])
        if objecttypes is not None and not options["objecttype"].startswith(objecttypes.api_root):
            errors.append(OptionError("objecttype", f"hoort niet bij de service {objecttypes.slug!r}"))
        return errors

    def register(self, run: RegistrationRun) -> None:
        objects = ZGWClient(service_by_slug(run.options["objects_service"]))
        objecttypes = ZGWClient(service_by_slug(run.options["objecttypes_service"]))
        try:
            created = run.step("object", lambda: _object(run, objects, objecttypes))
            if run.options.get("zaakobject"):
                run.step("zaakobject", lambda: link_to_zaak(run, created["url"]))
        finally:
            objects.close()
            objecttypes.close()

    def summary(self, results: dict) -> str:
        return (results.get("object") or {}).get("uuid", "")


def _schema(run: RegistrationRun, objecttypes: ZGWClient) -> Any:
    key = "objecttype_schema"
    if key not in run.cache:
        url = f"{run.options['objecttype'].rstrip('/')}/versions/{run.options['objecttype_version']}"
        version = objecttypes.get(url)
        run.cache[key] = version.get("jsonSchema")
    return run.cache[key]


def _object(run: RegistrationRun, objects: ZGWClient, objecttypes: ZGWClient) -> dict:
    objecttype = run.options["objecttype"]
    params = {"type": objecttype, "data_attr": f"kenmerk__exact__{run.reference}"}
    found = [item for item in objects.list("objects", params) if item.get("type") == objecttype]
    if found:  # created by an attempt that stopped before storing it
        return {"url": found[0]["url"], "uuid": found[0].get("uuid", "")}
    data = record_data(run)
    problems = schema_problems(_schema(run, objecttypes), data)
    if problems:
        raise GiveUp(
            f"de inzending past niet in objecttype versie {run.options['objecttype_version']}: " + "; ".join(problems)
        )
    body = {
        "type": objecttype,
        "record": {
            "typeVersion": run.options["objecttype_version"],
            "data": data,
            "startAt": timezone.localdate(run.submission.received_at).isoformat(),
        },
    }
    created = objects.post("objects", body, crs=True)
    return {"url": created["url"], "uuid": created.get("uuid", "")}
