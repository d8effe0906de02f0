"""The OIDC login plugins: one per way a broker identifies people, each mapping claims to a context.

Naming, because swapping them is the costliest mistake here: the *representee* is the person the
form is about and who gave the mandate (machtiginggever, the client of a bewindvoerder);
``authorizee.legalSubject`` is who logged in (gemachtigde, or the bewindvoerder's company).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from machtigen.registry import LoginPlugin, login_plugins

from .claims import ClaimError, ClaimReader
from .levels import normalise_level

__all__ = ["DigiDMachtigenOIDC", "DigiDOIDC", "EHerkenningBewindvoeringOIDC", "EHerkenningOIDC", "OIDCLoginPlugin"]

_ROLE_SPELLINGS = {
    "bewindvoerder": "bewindvoerder",
    "bewindvoering": "bewindvoerder",
    "curator": "curator",
    "curatele": "curator",
    "mentor": "mentor",
    "mentorschap": "mentor",
}


class OIDCLoginPlugin(LoginPlugin):
    oidc: ClassVar[bool] = True
    claim_defaults: ClassVar[Mapping[str, list[str]]] = {}
    """Each claim the plugin reads and where brokers usually put it; the admin can override each."""

    def start(self, request: HttpRequest, *, return_to: str) -> HttpResponse:
        from .flow import begin_login  # the flow needs the models; plugins load before them

        return begin_login(request, self, return_to=return_to)

    def build_context(self, claims: Mapping[str, Any], client) -> dict[str, Any]:
        """The authentication context for these claims; :class:`ClaimError` when they do not suffice."""
        reader = ClaimReader(claims, client.paths())
        context = {"source": self.source, "levelOfAssurance": self._level(reader, client)}
        context.update(self.identities(reader, client))
        return context

    def identities(self, reader: ClaimReader, client) -> dict[str, Any]:
        raise NotImplementedError

    def _level(self, reader: ClaimReader, client) -> str:
        value = reader.raw("loa")
        if value is None:
            if client.default_level:
                return normalise_level(self.source, client.default_level)
            raise ClaimError("the token has no level of assurance and no default level is configured")
        level = normalise_level(self.source, value, client.level_mapping)
        if level is None:
            raise ClaimError(f"the level of assurance in the token is not a {self.source} level we know")
        return level


_DIGID_LOA = {"loa": ["loa"]}
_EHERKENNING_COMPANY = {
    "legal_subject": ["urn:etoegang:core:LegalSubjectID"],
    "identifier_type": ["namequalifier"],
    "acting_subject": ["urn:etoegang:core:ActingSubjectID"],
    "branch_number": ["urn:etoegang:1.9:ServiceRestriction:Vestigingsnr"],
    "loa": ["urn:etoegang:core:LevelOfAssurance"],
}


def _acting_subject(reader: ClaimReader) -> dict[str, str]:
    return {"identifierType": "opaque", "identifier": reader.text("acting_subject", "acting subject")}


def _company_subject(reader: ClaimReader) -> dict[str, str]:
    subject = reader.company("legal_subject", "KvK number of the company")
    if branch := reader.branch("branch_number"):
        subject["branchNumber"] = branch
    return subject


@login_plugins.register("digid-oidc")
class DigiDOIDC(OIDCLoginPlugin):
    label = _("Inloggen met DigiD")
    source = "digid"
    claim_defaults = {"bsn": ["bsn"], **_DIGID_LOA}

    def identities(self, reader: ClaimReader, client) -> dict[str, Any]:
        return {"authorizee": {"legalSubject": {"identifierType": "bsn", "identifier": reader.bsn("bsn", "BSN")}}}


@login_plugins.register("digid-machtigen-oidc")
class DigiDMachtigenOIDC(OIDCLoginPlugin):
    label = _("Inloggen met DigiD Machtigen")
    source = "digid"
    claim_defaults = {
        "representee_bsn": ["urn:nl-eid-gdi:1.0:LegalSubjectID"],
        "authorizee_bsn": ["urn:nl-eid-gdi:1.0:ActingSubjectID"],
        "service_id": ["urn:nl-eid-gdi:1.0:ServiceUUID"],
        **_DIGID_LOA,
    }

    def identities(self, reader: ClaimReader, client) -> dict[str, Any]:
        representee = reader.bsn("representee_bsn", "BSN of the machtiginggever")
        authorizee = reader.bsn("authorizee_bsn", "BSN of the gemachtigde")
        if representee == authorizee:
            raise ClaimError("the machtiginggever and the gemachtigde have the same BSN")
        return {
            "representee": {"identifierType": "bsn", "identifier": representee},
            "authorizee": {"legalSubject": {"identifierType": "bsn", "identifier": authorizee}},
            "mandate": {"services": [{"id": reader.text("service_id", "mandate service id")}]},
        }


@login_plugins.register("eherkenning-oidc")
class EHerkenningOIDC(OIDCLoginPlugin):
    label = _("Inloggen met eHerkenning")
    source = "eherkenning"
    claim_defaults = dict(_EHERKENNING_COMPANY)

    def identities(self, reader: ClaimReader, client) -> dict[str, Any]:
        return {"authorizee": {"legalSubject": _company_subject(reader), "actingSubject": _acting_subject(reader)}}


@login_plugins.register("eherkenning-bewindvoering-oidc")
class EHerkenningBewindvoeringOIDC(OIDCLoginPlugin):
    """A company (or the person working for it) acting for a client's BSN as bewindvoerder, curator or mentor."""

    label = _("Inloggen met eHerkenning bewindvoering")
    source = "eherkenning"
    claim_defaults = {
        **_EHERKENNING_COMPANY,
        "representee_bsn": ["sel_uid"],
        "mandate_role": ["mandate_role"],
        "service_id": ["urn:etoegang:core:ServiceID"],
        "service_uuid": ["urn:etoegang:core:ServiceUUID"],
    }

    def identities(self, reader: ClaimReader, client) -> dict[str, Any]:
        return {
            "representee": {"identifierType": "bsn", "identifier": reader.bsn("representee_bsn", "BSN of the client")},
            "authorizee": {"legalSubject": _company_subject(reader), "actingSubject": _acting_subject(reader)},
            "mandate": {
                "role": self._role(reader, client),
                "services": [
                    {
                        "id": reader.text("service_id", "mandate service id"),
                        "uuid": reader.text("service_uuid", "mandate service uuid"),
                    }
                ],
            },
        }

    def _role(self, reader: ClaimReader, client) -> str:
        value = reader.text("mandate_role", "mandate role", required=False)
        if value is None:
            if not client.default_mandate_role:
                raise ClaimError("the token names no mandate role and no default role is configured")
            return client.default_mandate_role
        role = _ROLE_SPELLINGS.get(value.lower())
        if role is None:
            raise ClaimError("the mandate role in the token is not bewindvoerder, curator or mentor")
        return role
