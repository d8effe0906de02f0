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

from machtigen import context as auth_context
from machtigen.registry import LoginPlugin, login_plugins

from .claims import ClaimError, ClaimReader
from .levels import normalise_level

__all__ = ["DigiDMachtigenOIDC", "DigiDOIDC", "EHerkenningBewindvoeringOIDC", "EHerkenningOIDC", "OIDCLoginPlugin"]

# A broker may name the role ("curator") or the kind of representation ("curatele").
_ROLE_SPELLINGS = {
    **{role: role for role in auth_context.MANDATE_ROLES},
    **{kind: role for role, kind in auth_context.MANDATE_ROLES.items()},
}


class OIDCLoginPlugin(LoginPlugin):
    oidc: ClassVar[bool] = True
    claim_defaults: ClassVar[Mapping[str, list[str]]] = {}
    """Each claim the plugin reads and where brokers usually put it; the admin can override each."""

    def start(self, request: HttpRequest, *, return_to: str) -> HttpResponse:
        from .service import begin_login  # it needs the models; plugins load before them

        return begin_login(request, self, return_to=return_to)

    def is_enabled(self) -> bool:
        from .models import OIDCClient

        return OIDCClient.objects.filter(plugin_id=self.id, enabled=True).exists()

    def build_context(self, claims: Mapping[str, Any], client) -> dict[str, Any]:
        """The authentication context for these claims; :class:`ClaimError` when they do not suffice."""
        reader = ClaimReader(claims, client.paths())
        return self.context(reader, client, level=self._level(reader, client))

    def context(self, reader: ClaimReader, client, *, level: str) -> dict[str, Any]:
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


def _acting(reader: ClaimReader) -> str:
    return reader.text("acting_subject", "acting subject")


def _with_company(context: dict[str, Any], reader: ClaimReader) -> dict[str, Any]:
    """The context with the company that logged in: by KvK number or RSIN (machtigen's builders know KvK only)."""
    subject = reader.company("legal_subject", "KvK number of the company")
    if branch := reader.branch("branch_number"):
        subject["branchNumber"] = branch
    context["authorizee"]["legalSubject"] = subject
    return context


@login_plugins.register("digid-oidc")
class DigiDOIDC(OIDCLoginPlugin):
    label = _("Inloggen met DigiD")
    source = "digid"
    claim_defaults = {"bsn": ["bsn"], **_DIGID_LOA}

    def context(self, reader: ClaimReader, client, *, level: str) -> dict[str, Any]:
        return auth_context.digid(bsn=reader.bsn("bsn", "BSN"), level=level)


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

    def context(self, reader: ClaimReader, client, *, level: str) -> dict[str, Any]:
        machtiginggever = reader.bsn("representee_bsn", "BSN of the machtiginggever")
        gemachtigde = reader.bsn("authorizee_bsn", "BSN of the gemachtigde")
        if machtiginggever == gemachtigde:
            raise ClaimError("the machtiginggever and the gemachtigde have the same BSN")
        return auth_context.digid_machtigen(
            gemachtigde_bsn=gemachtigde,
            machtiginggever_bsn=machtiginggever,
            service_id=reader.text("service_id", "mandate service id"),
            level=level,
        )


@login_plugins.register("eherkenning-oidc")
class EHerkenningOIDC(OIDCLoginPlugin):
    label = _("Inloggen met eHerkenning")
    source = "eherkenning"
    claim_defaults = dict(_EHERKENNING_COMPANY)

    def context(self, reader: ClaimReader, client, *, level: str) -> dict[str, Any]:
        return _with_company(auth_context.eherkenning(kvk="", acting_subject=_acting(reader), level=level), reader)


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

    def context(self, reader: ClaimReader, client, *, level: str) -> dict[str, Any]:
        context = auth_context.eherkenning_mandate(
            kvk="",
            acting_subject=_acting(reader),
            client_bsn=reader.bsn("representee_bsn", "BSN of the client"),
            role=self._role(reader, client),
            services=[
                {
                    "id": reader.text("service_id", "mandate service id"),
                    "uuid": reader.text("service_uuid", "mandate service uuid"),
                }
            ],
            level=level,
        )
        return _with_company(context, reader)

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
