"""The authentication context: who logged in, at what level, and for whom they act.

A submission stores exactly this dict. Its shape is Loket's JSON Schema
``schemas/authentication-context.schema.json`` (draft 2020-12); the field names,
identifier types, roles and level URNs are those of the authentication-context
interchange format that Open Formulieren also uses, so a context Loket stores is one
other systems understand. A leaf module: it imports nothing of Loket (only Django's
translation and python-stdnum), so ``submissions`` may import it and ``machtigen``
stays independent.

Mind the naming, the likeliest bug here:

* ``representee`` is the person *being represented* (the machtiginggever, the
  client under bewind, curatele or mentorschap);
* ``authorizee.legalSubject`` is *who logged in* (the gemachtigde, or the
  company acting for the client); ``authorizee.actingSubject`` is the employee
  of that company (an opaque id).

The builders below take keyword arguments named after those roles only, so a
caller can never pass two BSNs in the wrong order by position.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext, gettext_noop
from stdnum.nl import bsn as stdnum_bsn

__all__ = [
    "DIGID_LEVELS",
    "EHERKENNING_LEVELS",
    "MANDATE_ROLES",
    "InvalidContext",
    "acting_for",
    "digid",
    "digid_machtigen",
    "eherkenning",
    "eherkenning_mandate",
    "is_pseudonymised",
    "level_label",
    "mask",
    "meets_level",
    "owner_key",
    "pseudonymise",
    "representation_kind",
    "submitted_by",
    "validate",
]

SCHEMA_PATH = Path(__file__).parent / "schemas" / "authentication-context.schema.json"

# Levels of assurance, lowest first. DigiD: basis, midden, substantieel, hoog.
DIGID_LEVELS: dict[str, str] = {
    "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport": "basis",
    "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract": "midden",
    "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard": "substantieel",
    "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI": "hoog",
}
EHERKENNING_LEVELS: dict[str, str] = {
    "urn:etoegang:core:assurance-class:loa1": "EH1",
    "urn:etoegang:core:assurance-class:loa2": "EH2",
    "urn:etoegang:core:assurance-class:loa2plus": "EH2+",
    "urn:etoegang:core:assurance-class:loa3": "EH3",
    "urn:etoegang:core:assurance-class:loa4": "EH4",
}
_LEVELS = {"digid": list(DIGID_LEVELS), "eherkenning": list(EHERKENNING_LEVELS)}

MANDATE_ROLES: dict[str, str] = {
    "bewindvoerder": gettext_noop("bewindvoering"),
    "curator": gettext_noop("curatele"),
    "mentor": gettext_noop("mentorschap"),
}
"""The eHerkenning mandate roles and the kind of representation each one is."""

PSEUDONYM_PREFIX = "hmac-sha256:"


class InvalidContext(ValueError):
    """An authentication context that does not have the agreed shape; the message names where."""


# --- builders ----------------------------------------------------------------------------------


def _person(bsn: str) -> dict[str, str]:
    return {"identifierType": "bsn", "identifier": bsn}


def _company(kvk: str, branch: str | None = None) -> dict[str, str]:
    company = {"identifierType": "kvkNummer", "identifier": kvk}
    if branch:
        company["branchNumber"] = branch
    return company


def digid(*, bsn: str, level: str) -> dict[str, Any]:
    """A citizen logged in with DigiD, acting for themselves."""
    return {"source": "digid", "levelOfAssurance": level, "authorizee": {"legalSubject": _person(bsn)}}


def digid_machtigen(
    *, gemachtigde_bsn: str, machtiginggever_bsn: str, level: str, service_id: str | None = None
) -> dict[str, Any]:
    """DigiD Machtigen: ``gemachtigde_bsn`` logged in and acts for ``machtiginggever_bsn``."""
    mandate: dict[str, Any] = {"services": [{"id": service_id}]} if service_id else {}
    return {
        "source": "digid",
        "levelOfAssurance": level,
        "representee": _person(machtiginggever_bsn),
        "authorizee": {"legalSubject": _person(gemachtigde_bsn)},
        "mandate": mandate,
    }


def eherkenning(*, kvk: str, acting_subject: str, level: str, branch: str | None = None) -> dict[str, Any]:
    """An employee (``acting_subject``, opaque) of company ``kvk`` logged in with eHerkenning."""
    return {
        "source": "eherkenning",
        "levelOfAssurance": level,
        "authorizee": {
            "legalSubject": _company(kvk, branch),
            "actingSubject": {"identifierType": "opaque", "identifier": acting_subject},
        },
    }


def eherkenning_mandate(
    *,
    kvk: str,
    acting_subject: str,
    client_bsn: str,
    role: str,
    level: str,
    services: list[dict[str, str]] | None = None,
    branch: str | None = None,
) -> dict[str, Any]:
    """eHerkenning bewindvoering / curatele / mentorschap: company ``kvk`` acts for the client ``client_bsn``."""
    context = eherkenning(kvk=kvk, acting_subject=acting_subject, level=level, branch=branch)
    mandate: dict[str, Any] = {"role": role}
    if services:
        mandate["services"] = services
    return {**context, "representee": _person(client_bsn), "mandate": mandate}


# --- checking ----------------------------------------------------------------------------------


@functools.cache
def _validator():
    # Loaded on first use, not at import.
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker()
    checker.checks("nl-bsn")(lambda value: not isinstance(value, str) or stdnum_bsn.is_valid(value))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=checker)


def validate(context: Any) -> dict[str, Any]:
    """``context`` when it has the agreed shape (and valid BSNs); else :class:`InvalidContext`."""
    validator = _validator()
    errors = sorted(validator.iter_errors(context), key=lambda error: list(error.absolute_path))
    if errors:
        best = errors[0]
        where = "/".join(str(part) for part in best.absolute_path) or "(root)"
        # The message names the path only: it must not repeat a BSN into a log line.
        raise InvalidContext(f"authentication context does not match the schema at {where} ({best.validator})")
    if context.get("representee") == context.get("authorizee", {}).get("legalSubject"):
        raise InvalidContext("authentication context: the representee is the person who logged in")
    return context


def meets_level(level: str, minimum: str | None) -> bool:
    """Whether ``level`` is at least ``minimum`` on the same scale (DigiD or eHerkenning).

    No minimum: any level. A level of the other scale never meets a minimum.
    """
    if not minimum:
        return True
    for scale in _LEVELS.values():
        if minimum in scale:
            return level in scale and scale.index(level) >= scale.index(minimum)
    return False


def level_label(level: str) -> str:
    """``midden`` for the DigiD URN, ``EH2+`` for the eHerkenning one; the URN when unknown."""
    if level in DIGID_LEVELS:
        return f"DigiD {DIGID_LEVELS[level]}"
    return f"eHerkenning {EHERKENNING_LEVELS[level]}" if level in EHERKENNING_LEVELS else level


# --- reading -----------------------------------------------------------------------------------


def representation_kind(context: dict[str, Any] | None) -> str | None:
    """``DigiD Machtigen``, ``bewindvoering``, ``curatele``, ``mentorschap``, ``ketenmachtiging``; None for oneself."""
    if not context or "representee" not in context:
        return None
    role = context.get("mandate", {}).get("role")
    if role:
        return gettext(MANDATE_ROLES[role]) if role in MANDATE_ROLES else role
    return "DigiD Machtigen" if context["source"] == "digid" else gettext("machtiging")


def mask(subject: dict[str, Any] | None) -> str:
    """How a subject is shown on screen and paper: a BSN by its last three digits only."""
    if not subject:
        return ""
    identifier = str(subject.get("identifier", ""))
    if identifier.startswith(PSEUDONYM_PREFIX):
        return gettext("(afgeschermd)")
    kind = subject.get("identifierType")
    if kind == "bsn":
        return f"BSN ******{identifier[-3:]}"
    if kind == "kvkNummer":
        return f"KvK {identifier}"
    if kind == "rsin":
        return f"RSIN {identifier}"
    return ""


def submitted_by(context: dict[str, Any] | None) -> dict[str, Any] | None:
    """Who logged in: ``authorizee.legalSubject``."""
    return (context or {}).get("authorizee", {}).get("legalSubject")


def acting_for(context: dict[str, Any] | None) -> dict[str, Any] | None:
    """On whose behalf: the ``representee`` (None when acting for oneself)."""
    return (context or {}).get("representee")


def owner_key(context: dict[str, Any] | None) -> tuple[str, ...] | None:
    """What must match to continue a submission: the same login for the same representee.

    The level of assurance and the eHerkenning employee may differ between logins.
    """
    if not context:
        return None
    person, client = submitted_by(context) or {}, acting_for(context) or {}
    return (
        context.get("source", ""),
        person.get("identifierType", ""),
        person.get("identifier", ""),
        client.get("identifierType", ""),
        client.get("identifier", ""),
    )


# --- privacy -----------------------------------------------------------------------------------


def _keyed_hash(value: str, key: bytes) -> str:
    return PSEUDONYM_PREFIX + hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def is_pseudonymised(context: dict[str, Any] | None) -> bool:
    return bool(context and context.get("pseudonymised"))


def pseudonymise(context: dict[str, Any], key: bytes) -> dict[str, Any]:
    """``context`` with every identifier replaced by a keyed hash (the same person gives the same hash).

    Source, level, identifier types and mandate stay, so statistics and the
    database constraints still hold; nobody without the key can recover a BSN.
    """
    result = json.loads(json.dumps(context))  # a deep copy of plain JSON

    def hide(subject: dict[str, Any] | None) -> None:
        if subject and "identifier" in subject and not str(subject["identifier"]).startswith(PSEUDONYM_PREFIX):
            subject["identifier"] = _keyed_hash(f"{subject.get('identifierType')}:{subject['identifier']}", key)
            if "branchNumber" in subject:
                subject["branchNumber"] = _keyed_hash(f"branch:{subject['branchNumber']}", key)

    authorizee = result.get("authorizee", {})
    for subject in (result.get("representee"), authorizee.get("legalSubject"), authorizee.get("actingSubject")):
        hide(subject)
    result["pseudonymised"] = True
    return result
