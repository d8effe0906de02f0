"""Who goes on the zaak: the rollen built from the submission's authentication context.

The context (``submission.auth_context``) has the shape of
``machtigen/schemas/authentication-context.schema.json``: ``authorizee.legalSubject`` is the
person or company that logged in; when someone acts for another, the
``representee`` is the person acted for and ``mandate`` says how (DigiD
Machtigen, or an eHerkenning bewindvoerder / curator / mentor).

Without a representee there is one rol, the initiator: a natuurlijk_persoon
with the BSN (DigiD), a niet_natuurlijk_persoon with the KvK number
(eHerkenning), or a vestiging when the login is restricted to one branch.

With a representee both people go on the zaak, each with ``indicatieMachtiging``,
in one of two conventions (option ``machtiging``):

``vng`` (the default)
    The zaak is the representee's: the machtiginggever is the initiator
    (``indicatieMachtiging: machtiginggever``), the one who acted is a
    belanghebbende with ``indicatieMachtiging: gemachtigde``. Any ZGW server
    takes this, and whoever reads "the initiator" finds the citizen the
    bezwaar or aanvraag is about.

``openzaak``
    Open Zaak's documented convention for ``Rol.authenticatieContext``: the
    gemachtigde (who logged in) is the initiator with ``authenticatieContext``
    carrying ``representee`` and ``mandate``; the machtiginggever is a
    belanghebbende with ``indicatieMachtiging: machtiginggever`` and no context.
    Without a representee the initiator still carries the context (source and
    level of assurance), so portals can filter zaken by level.
"""

from dataclasses import dataclass, field
from typing import Any

__all__ = ["CONVENTIONS", "Person", "RolPlan", "plan_rollen"]

CONVENTIONS = ("vng", "openzaak")
ROLE_WORDS = {"bewindvoerder": "bewindvoering", "curator": "curatele", "mentor": "mentorschap"}


@dataclass(frozen=True)
class Person:
    """One betrokkene: its ZGW type and identification (BSN, KvK number, branch)."""

    betrokkene_type: str
    identificatie: dict[str, str]

    @property
    def is_natural(self) -> bool:
        return self.betrokkene_type == "natuurlijk_persoon"


@dataclass
class RolPlan:
    """A rol to create: which roltype (generic), who, and with which indication and context."""

    generiek: str  # initiator / belanghebbende
    person: Person
    toelichting: str
    indicatie_machtiging: str = ""
    authenticatie_context: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def body(self, zaak: str, roltype: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "zaak": zaak,
            "betrokkeneType": self.person.betrokkene_type,
            "roltype": roltype,
            "roltoelichting": self.toelichting[:1000],
            "indicatieMachtiging": self.indicatie_machtiging,
            "betrokkeneIdentificatie": dict(self.person.identificatie),
            **self.extra,
        }
        if self.authenticatie_context is not None:
            body["authenticatieContext"] = self.authenticatie_context
        return body


def _person(subject: dict[str, Any]) -> Person:
    kind, value = subject.get("identifierType"), str(subject.get("identifier", ""))
    if kind == "bsn":
        return Person("natuurlijk_persoon", {"inpBsn": value})
    if kind == "kvkNummer" and subject.get("branchNumber"):
        return Person("vestiging", {"vestigingsNummer": subject["branchNumber"], "kvkNummer": value})
    if kind == "kvkNummer":
        # innNnpId is where Zaken 1.5.1 keeps the number the Kamer gave; Open Zaak also reads kvkNummer.
        return Person("niet_natuurlijk_persoon", {"innNnpId": value, "kvkNummer": value})
    if kind == "rsin":
        return Person("niet_natuurlijk_persoon", {"innNnpId": value})
    raise ValueError(f"een {kind!r}-identificatie kan niet op een zaak")


def _kind_of_mandate(context: dict[str, Any]) -> str:
    role = (context.get("mandate") or {}).get("role")
    if role in ROLE_WORDS:
        return ROLE_WORDS[role]
    return "DigiD Machtigen" if context.get("source") == "digid" else "eHerkenning-machtiging"


def _openzaak_context(context: dict[str, Any], with_representee: bool) -> dict[str, Any]:
    """Open Zaak keeps the authorizee in the rol itself; the context holds the rest (see its OAS)."""
    result: dict[str, Any] = {"source": context["source"], "levelOfAssurance": context["levelOfAssurance"]}
    acting = (context.get("authorizee") or {}).get("actingSubject")
    if context["source"] == "eherkenning":
        result["actingSubject"] = str((acting or {}).get("identifier", ""))[:100] or "onbekend"
    if with_representee:
        result["representee"] = {
            "identifierType": context["representee"]["identifierType"],
            "identifier": context["representee"]["identifier"],
        }
        mandate = context.get("mandate") or {}
        services = [
            {key: service[key] for key in ("id", "uuid") if key in service} for service in mandate.get("services", [])
        ]
        result["mandate"] = {"services": services, **({"role": mandate["role"]} if "role" in mandate else {})}
    return result


def plan_rollen(context: dict[str, Any], reference: str, convention: str = "vng") -> list[RolPlan]:
    """The rollen for a logged-in submission, initiator first. ``context`` is the stored auth context."""
    if convention not in CONVENTIONS:
        raise ValueError(f"onbekende conventie {convention!r}")
    authorizee = _person(context["authorizee"]["legalSubject"])
    representee_data = context.get("representee")
    openzaak = convention == "openzaak"
    if not representee_data:
        return [
            RolPlan(
                "initiator",
                authorizee,
                f"Indiener van {reference}, ingelogd met {context['source']}.",
                authenticatie_context=_openzaak_context(context, False) if openzaak else None,
            )
        ]
    representee = _person(representee_data)
    how = _kind_of_mandate(context)
    giver = f"Machtiginggever: voor deze persoon is {reference} ingediend ({how})."
    taker = f"Gemachtigde: heeft {reference} ingediend namens de machtiginggever ({how})."
    if openzaak:
        return [
            RolPlan(
                "initiator",
                authorizee,
                taker,
                "gemachtigde",
                authenticatie_context=_openzaak_context(context, True),
            ),
            RolPlan("belanghebbende", representee, giver, "machtiginggever"),
        ]
    return [
        RolPlan("initiator", representee, giver, "machtiginggever"),
        RolPlan("belanghebbende", authorizee, taker, "gemachtigde"),
    ]
