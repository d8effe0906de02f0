"""Open Zaak's ``Rol.authenticatieContext``, checked as Open Zaak checks it.

The schemas are Open Zaak's own OpenAPI components (``shared/schemas/
openzaak-rol-authenticatiecontext.openapi-components.json``, OpenAPI 3.0
dialect), used with the OAS 3.0 validator openapi-core itself uses. On top of
the schema, what Open Zaak's serializer enforces: the context fits the
betrokkeneType (DigiD for a natuurlijk persoon, eHerkenning for a company or a
branch), and a representee comes with a mandate.
"""

import json
from functools import cache
from pathlib import Path

from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

COMPONENTS = "openzaak-rol-authenticatiecontext.openapi-components.json"
URI = "urn:openzaak:zaken-components"
REQUEST_SCHEMA = {
    "natuurlijk_persoon": "DigiDAuthContextRequest",
    "niet_natuurlijk_persoon": "eHerkenningAuthContextRequest",
    "vestiging": "eHerkenningAuthContextRequest",
}


def _schemas_dir() -> Path:
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "schemas" / COMPONENTS).exists():
            return parent / "shared" / "schemas"
    raise FileNotFoundError(f"shared/schemas/{COMPONENTS} is not beside this checkout")


@cache
def _validator(name: str) -> OAS30Validator:
    document = json.loads((_schemas_dir() / COMPONENTS).read_text())
    registry = Registry().with_resource(URI, Resource(contents=document, specification=DRAFT4))
    return OAS30Validator({"$ref": f"{URI}#/components/schemas/{name}"}, registry=registry)


def authenticatie_context_problems(context, betrokkene_type: str) -> list[str]:
    name = REQUEST_SCHEMA.get(betrokkene_type)
    if name is None:
        return [f"geen authenticatieContext bij betrokkeneType {betrokkene_type}"]
    problems = [
        f"{'.'.join(map(str, error.absolute_path)) or '(context)'}: {error.message}"
        for error in _validator(name).iter_errors(context)
    ]
    if not problems and context.get("representee") and not context.get("mandate"):
        problems.append("mandate is verplicht bij een representee")
    return problems
