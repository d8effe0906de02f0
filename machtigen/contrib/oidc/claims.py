"""Reading identity claims out of a broker's token, by configurable paths.

A claim path is a list of keys: ``["urn:nl-eid-gdi:1.0:LegalSubjectID"]`` or
``["machtiging", "representee", "bsn"]``. A list and not a dotted string, because the claim names
brokers use for DigiD and eHerkenning contain dots and colons themselves.

Every error names the claim by its role ("BSN van de vertegenwoordigde"), never by its value:
these messages end up in logs, and BSNs must not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from stdnum.nl import bsn as bsn_number

__all__ = ["ClaimError", "ClaimReader", "validate_claim_path"]

_KVK = re.compile(r"^[0-9]{8}$")
_BRANCH = re.compile(r"^[0-9]{12}$")
_KVK_QUALIFIER = "urn:etoegang:1.9:EntityConcernedID:KvKnr"
_RSIN_QUALIFIER = "urn:etoegang:1.9:EntityConcernedID:RSIN"


class ClaimError(ValueError):
    """The token lacks a claim we need, or its value is not what it should be."""


def validate_claim_path(value: object) -> list[str]:
    """A claim path as stored in the configuration: a non-empty list of non-empty strings."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(part, str) and part for part in value):
        raise ValueError('a claim path is a non-empty list of claim names, e.g. ["bsn"]')
    return value


def _lookup(claims: Mapping[str, Any], path: Sequence[str]) -> Any:
    node: Any = claims
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


class ClaimReader:
    """The claims of one login, read through one plugin's configured paths."""

    def __init__(self, claims: Mapping[str, Any], paths: Mapping[str, Sequence[str]]):
        self.claims = claims
        self.paths = paths

    def raw(self, name: str) -> Any:
        path = self.paths.get(name)
        return _lookup(self.claims, path) if path else None

    def text(self, name: str, label: str, *, required: bool = True) -> str | None:
        value = self.raw(name)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is None or value == "":
            if required:
                raise ClaimError(f"the token has no {label} (claim {name!r})")
            return None
        if not isinstance(value, str):
            raise ClaimError(f"the {label} (claim {name!r}) is not a text value")
        return value.strip()

    def bsn(self, name: str, label: str) -> str:
        value = self.text(name, label)
        # Some brokers prefix the BSN with its qualifier ("s00000000:999991607"); keep the number.
        value = value.rsplit(":", 1)[-1]
        if not bsn_number.is_valid(value):
            raise ClaimError(f"the {label} (claim {name!r}) is not a valid BSN")
        return bsn_number.compact(value)

    def company(self, name: str, label: str, *, qualifier: str = "identifier_type") -> dict[str, str]:
        """A legal subject by KvK number (the default) or RSIN, as the qualifier claim says."""
        value = self.text(name, label).rsplit(":", 1)[-1]
        kind = self.text(qualifier, "identifier type", required=False) or _KVK_QUALIFIER
        if kind in (_RSIN_QUALIFIER, "rsin"):
            if not bsn_number.is_valid(value):  # an RSIN passes the same 11-check as a BSN
                raise ClaimError(f"the {label} (claim {name!r}) is not a valid RSIN")
            return {"identifierType": "rsin", "identifier": value}
        if kind not in (_KVK_QUALIFIER, "kvkNummer", "kvk"):
            raise ClaimError(f"the identifier type of the {label} is not KvK number or RSIN")
        if not _KVK.match(value):
            raise ClaimError(f"the {label} (claim {name!r}) is not a KvK number of 8 digits")
        return {"identifierType": "kvkNummer", "identifier": value}

    def branch(self, name: str) -> str | None:
        value = self.text(name, "branch number", required=False)
        if value is not None and not _BRANCH.match(value):
            raise ClaimError(f"the branch number (claim {name!r}) is not 12 digits")
        return value
