"""Loket's authentication-context schema accepts and refuses what the published reference schema does.

The reference (``shared/schemas/openforms-auth-context.schema.json``, beside the checkout) is
only read here, to compare with. Loket's schema covers the logins Loket offers; the reference
also knows Yivi and eIDAS for companies, which Loket's schema refuses on purpose.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from stdnum.nl import bsn as stdnum_bsn

from machtigen import context


def _shared_schemas() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "schemas"
        if (candidate / "openforms-auth-context.schema.json").exists():
            return candidate
    return None


SHARED = _shared_schemas()
if SHARED is None:
    pytest.skip("the shared reference schemas are not beside this checkout", allow_module_level=True)

REFERENCE = json.loads((SHARED / "openforms-auth-context.schema.json").read_text())
OURS = json.loads(context.SCHEMA_PATH.read_text(encoding="utf-8"))
EXAMPLES = {path.stem: json.loads(path.read_text()) for path in sorted((SHARED / "examples").glob("*.json"))}

GEMACHTIGDE, MACHTIGINGGEVER = "999995224", "999991607"
ACTING = "4B75A0EA107B3D36"
SERVICE_UUID = "b18dd73f-3dca-4b67-a4fb-06cb4ebbe2eb"
EH_SERVICE = {
    "id": "urn:etoegang:DV:00000001002308836000:services:9113",
    "uuid": "81216fa4-80a1-4686-a8ac-5c8e5c030c93",
}


def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checks("nl-bsn")(lambda value: not isinstance(value, str) or stdnum_bsn.is_valid(value))
    return checker


# Both schemas, each with the checks Loket runs (formats, the elfproef) and without any format check.
VALIDATORS: dict[str, dict[str, Draft202012Validator]] = {
    mode: {
        "ours": Draft202012Validator(OURS, format_checker=checker),
        "reference": Draft202012Validator(REFERENCE, format_checker=checker),
    }
    for mode, checker in (("formats", _format_checker()), ("no formats", None))
}


def verdicts(instance: Any) -> dict[str, bool]:
    """``{"formats/ours": True, "formats/reference": True, ...}``: whether each validator accepts."""
    return {
        f"{mode}/{name}": validator.is_valid(instance)
        for mode, pair in VALIDATORS.items()
        for name, validator in pair.items()
    }


def test_the_schema_is_a_valid_draft_2020_12_schema_of_its_own():
    Draft202012Validator.check_schema(OURS)
    assert OURS["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert context.SCHEMA_PATH.name == "authentication-context.schema.json"
    assert context.SCHEMA_PATH.read_bytes() != (SHARED / "openforms-auth-context.schema.json").read_bytes()
    assert not (context.SCHEMA_PATH.parent / "auth-context.schema.json").exists()
    assert not set(OURS["$defs"]) & set(REFERENCE["$defs"])


# --- what must be accepted ---------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_shared_example_is_accepted_by_both(name):
    assert all(verdicts(EXAMPLES[name]).values()), verdicts(EXAMPLES[name])
    assert context.validate(copy.deepcopy(EXAMPLES[name])) == EXAMPLES[name]


def built_contexts() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every kind of context the builders in machtigen/context.py make, at every level."""
    for level in context.DIGID_LEVELS:
        yield f"digid {level}", context.digid(bsn=MACHTIGINGGEVER, level=level)
        for service_id in (SERVICE_UUID, None):
            yield (
                f"digid_machtigen {level} service={service_id}",
                context.digid_machtigen(
                    gemachtigde_bsn=GEMACHTIGDE, machtiginggever_bsn=MACHTIGINGGEVER, level=level, service_id=service_id
                ),
            )
    for level in context.EHERKENNING_LEVELS:
        for branch in (None, "123456789012"):
            yield (
                f"eherkenning {level} branch={branch}",
                context.eherkenning(kvk="90002768", acting_subject=ACTING, level=level, branch=branch),
            )
            for role in context.MANDATE_ROLES:
                for services in ([EH_SERVICE], None):
                    yield (
                        f"eherkenning_mandate {role} {level} branch={branch} services={bool(services)}",
                        context.eherkenning_mandate(
                            kvk="12345678",
                            acting_subject=ACTING,
                            client_bsn=MACHTIGINGGEVER,
                            role=role,
                            level=level,
                            services=services,
                            branch=branch,
                        ),
                    )
    # The OIDC plugins replace the company by one identified by RSIN when the broker says so.
    rsin = context.eherkenning(kvk="90002768", acting_subject=ACTING, level="urn:etoegang:core:assurance-class:loa3")
    rsin["authorizee"]["legalSubject"] = {"identifierType": "rsin", "identifier": GEMACHTIGDE}
    yield "eherkenning by rsin", rsin


BUILT = dict(built_contexts())


@pytest.mark.parametrize("name", list(BUILT))
def test_every_built_context_is_accepted_by_both(name):
    assert all(verdicts(BUILT[name]).values()), verdicts(BUILT[name])
    context.validate(BUILT[name])


def test_a_ketenmachtiging_is_accepted_by_both_but_not_with_a_branch():
    keten = copy.deepcopy(EXAMPLES["eherkenning"])
    keten["representee"] = {"identifierType": "kvkNummer", "identifier": "12345678"}
    keten["mandate"] = {"services": [EH_SERVICE]}
    assert all(verdicts(keten).values())
    keten["authorizee"]["legalSubject"]["branchNumber"] = "123456789012"
    assert not any(verdicts(keten).values())


# --- what must be refused ----------------------------------------------------------------------


def _parent(instance: Any, path: str) -> tuple[Any, str | int]:
    """The container holding ``path`` (dotted, list positions as numbers) and the last key."""
    keys: list[str | int] = [int(key) if key.isdigit() else key for key in path.split(".")]
    for key in keys[:-1]:
        instance = instance[key]
    return instance, keys[-1]


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def spoil(instance: dict) -> None:
        parent, key = _parent(instance, path)
        parent[key] = value

    return spoil


def _drop(path: str) -> Callable[[dict], None]:
    def spoil(instance: dict) -> None:
        parent, key = _parent(instance, path)
        del parent[key]

    return spoil


EH2PLUS = "urn:etoegang:core:assurance-class:loa2plus"
EH1 = "urn:etoegang:core:assurance-class:loa1"
DIGID_BASIS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
A_CLIENT = {"identifierType": "bsn", "identifier": MACHTIGINGGEVER}
FORMAT_ONLY = {"a BSN failing the elfproef", "a DigiD service that is not a UUID", "eIDAS person born on no date"}
SPOILED = [
    ("digid-machtigen", "without mandate", _drop("mandate")),
    ("digid-machtigen", "without representee", _drop("representee")),
    ("digid", "an eHerkenning level with source digid", _set("levelOfAssurance", EH2PLUS)),
    ("digid", "an unknown level", _set("levelOfAssurance", "urn:oasis:names:tc:SAML:2.0:ac:classes:Password")),
    ("eherkenning", "source digid on an eHerkenning login", _set("source", "digid")),
    ("eherkenning-bewindvoering", "role voogd", _set("mandate.role", "voogd")),
    ("eherkenning-bewindvoering", "representee without identifier", _drop("representee.identifier")),
    ("digid-machtigen", "representee without identifier", _drop("representee.identifier")),
    ("digid-machtigen", "representee identified by KvK", _set("representee.identifierType", "kvkNummer")),
    ("digid", "citizen identified as opaque", _set("authorizee.legalSubject.identifierType", "opaque")),
    ("eherkenning", "company identified by BSN", _set("authorizee.legalSubject.identifierType", "bsn")),
    ("eherkenning", "employee identified by BSN", _set("authorizee.actingSubject.identifierType", "bsn")),
    ("eidas-natural-person", "eIDAS person identified by KvK", _set("authorizee.legalSubject.identifierType", "kvk")),
    ("digid", "without levelOfAssurance", _drop("levelOfAssurance")),
    ("eherkenning", "without levelOfAssurance", _drop("levelOfAssurance")),
    ("digid", "without source", _drop("source")),
    ("digid", "without authorizee", _drop("authorizee")),
    ("eherkenning", "without acting subject", _drop("authorizee.actingSubject")),
    ("digid", "an unknown top-level key", _set("pseudonymised", True)),
    ("eherkenning-bewindvoering", "an unknown top-level key", _set("remark", "x")),
    ("digid", "an unknown key on the citizen", _set("authorizee.legalSubject.name", "x")),
    ("digid", "a BSN failing the elfproef", _set("authorizee.legalSubject.identifier", "123456789")),
    ("digid", "a BSN of eight digits", _set("authorizee.legalSubject.identifier", "99999160")),
    ("eherkenning", "a KvK number of nine digits", _set("authorizee.legalSubject.identifier", "900027681")),
    ("eherkenning-branch", "a branch number of eleven digits", _set("authorizee.legalSubject.branchNumber", "1")),
    ("digid-machtigen", "an empty list of services", _set("mandate.services", [])),
    ("digid-machtigen", "a DigiD service that is not a UUID", _set("mandate.services.0.id", "dienst-1")),
    ("eherkenning-bewindvoering", "a service without uuid", _drop("mandate.services.0.uuid")),
    ("eherkenning", "a mandate without representee", _set("mandate", {"role": "mentor"})),
    ("eidas-natural-person", "eIDAS with a representee", _set("representee", A_CLIENT)),
    ("eidas-natural-person", "eIDAS person without date of birth", _drop("authorizee.legalSubject.dateOfBirth")),
    ("eidas-natural-person", "eIDAS person born on no date", _set("authorizee.legalSubject.dateOfBirth", "1964-13-45")),
    ("eidas-natural-person", "eIDAS at the lowest eToegang level", _set("levelOfAssurance", EH1)),
]


@pytest.mark.parametrize(("name", "what", "spoil"), SPOILED, ids=[f"{name}: {what}" for name, what, _ in SPOILED])
def test_a_spoiled_context_is_refused_by_both(name, what, spoil):
    spoiled = copy.deepcopy(EXAMPLES[name])
    spoil(spoiled)
    assert spoiled != EXAMPLES[name]
    found = verdicts(spoiled)
    # Formats (the elfproef, UUIDs, dates) are only checked when a format checker is given.
    format_only = what in FORMAT_ONLY
    assert not found["formats/ours"] and not found["formats/reference"], found
    assert found["no formats/ours"] == found["no formats/reference"] == format_only, found
    with pytest.raises(context.InvalidContext):
        context.validate(spoiled)


# --- the same verdict on many small changes ----------------------------------------------------


def _enum_values(node: Any, wanted: str) -> set[str]:
    """Every string either schema allows for the key ``wanted`` by ``const`` or ``enum``."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == wanted and isinstance(value, dict):
                found |= {value["const"]} if isinstance(value.get("const"), str) else set()
                found |= {item for item in value.get("enum", []) if isinstance(item, str)}
            found |= _enum_values(value, wanted)
    elif isinstance(node, list):
        for item in node:
            found |= _enum_values(item, wanted)
    return found


def _named(key: str, *more: Any) -> list[Any]:
    return [*sorted(_enum_values(OURS, key) | _enum_values(REFERENCE, key)), *more, None]


# What a value is replaced by, per key; every other value by these few of the wrong kind.
REPLACEMENTS: dict[str, list[Any]] = {
    "source": _named("source", ""),
    "levelOfAssurance": _named("levelOfAssurance", "unknown"),
    "identifierType": _named("identifierType", "kvk"),
    "role": _named("role", "voogd"),
    "identifier": ["", MACHTIGINGGEVER, "123456789", "12345678", "123456789012", 0],
    "branchNumber": ["1234567890123", "12345678", None],
    "id": [SERVICE_UUID, "not a uuid", EH_SERVICE["id"], None],
    "uuid": ["not a uuid", None],
    "dateOfBirth": ["1964-13-45", None],
}
OTHER_VALUES: list[Any] = [None, 0, "x", [], {}]
EXTRA_KEYS: list[tuple[str, Any]] = [
    ("unknown", "x"),
    ("representee", A_CLIENT),
    ("representee", {"identifierType": "kvkNummer", "identifier": "12345678"}),
    ("mandate", {}),
    ("branchNumber", "123456789012"),
    ("actingSubject", {"identifierType": "opaque", "identifier": ACTING}),
    ("role", "mentor"),
    ("services", [EH_SERVICE]),
    ("serviceSet", {"id": "thema", "services": [{"id": SERVICE_UUID}]}),
    ("companyName", "Firma"),
]


def _paths(node: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _changed(seed: dict[str, Any], path: tuple, change: Callable[[Any, Any], None]) -> dict[str, Any]:
    mutated = copy.deepcopy(seed)
    parent = mutated
    for key in path[:-1]:
        parent = parent[key]
    change(parent, path[-1])
    return mutated


def _mutations(seed: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The seed with one thing changed: a key dropped or added, or one value replaced."""
    for path in _paths(seed):
        value = seed
        for key in path:
            value = value[key]
        if isinstance(value, dict):
            for extra, added in EXTRA_KEYS:
                if extra not in value:
                    mutated = copy.deepcopy(seed)
                    target = mutated
                    for key in path:
                        target = target[key]
                    target[extra] = copy.deepcopy(added)
                    yield f"add {extra}={added!r} at {path}", mutated
        if not path:
            continue
        if isinstance(path[-1], str):
            yield f"drop {path}", _changed(seed, path, lambda parent, key: parent.pop(key))
        key = path[-1] if isinstance(path[-1], str) else ""
        for replacement in REPLACEMENTS.get(key, OTHER_VALUES):
            if replacement != value:

                def replace(parent: Any, key: Any, new: Any = replacement) -> None:
                    parent[key] = copy.deepcopy(new)

                yield f"set {path}={replacement!r}", _changed(seed, path, replace)


def _beyond_loket(instance: Any) -> bool:
    """A login Loket does not offer: Yivi, or eIDAS for a company (the reference knows both)."""
    if not isinstance(instance, dict):
        return False
    authorizee = instance.get("authorizee")
    return instance.get("source") == "yivi" or (
        instance.get("source") == "eidas" and isinstance(authorizee, dict) and "actingSubject" in authorizee
    )


KETENMACHTIGING = {
    **EXAMPLES["eherkenning"],
    "representee": {"identifierType": "rsin", "identifier": MACHTIGINGGEVER},
    "mandate": {"role": "curator", "services": [EH_SERVICE]},
}


@pytest.mark.parametrize("name", [*EXAMPLES, "ketenmachtiging"])
def test_both_schemas_give_the_same_verdict_on_every_small_change(name):
    # With the format checks Loket runs; both schemas use the same format keywords on the same fields.
    seed = KETENMACHTIGING if name == "ketenmachtiging" else EXAMPLES[name]
    ours, reference = VALIDATORS["formats"]["ours"], VALIDATORS["formats"]["reference"]
    differences, checked = [], 0
    for what, mutated in _mutations(seed):
        checked += 1
        accepted = ours.is_valid(mutated), reference.is_valid(mutated)
        if accepted[0] != accepted[1] and not (accepted[1] and _beyond_loket(mutated)):
            differences.append(f"{what}: ours={accepted[0]} reference={accepted[1]}")
    assert checked > 50
    assert not differences, "\n".join(differences[:20])
