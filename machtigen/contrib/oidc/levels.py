"""Levels of assurance as the authentication context names them, and how brokers send them.

Brokers do not agree on the value of the level claim: some send the SAML/eToegang URN, some the
DigiD number (10, 20, 25, 30), some the eHerkenning short name. The configuration's own mapping
comes first; these built-in ones cover the common spellings.
"""

from __future__ import annotations

from machtigen.context import DIGID_LEVELS, EHERKENNING_LEVELS

__all__ = ["normalise_level"]

_SAML = "urn:oasis:names:tc:SAML:2.0:ac:classes:"
_ETOEGANG = "urn:etoegang:core:assurance-class:"

_DIGID_SPELLINGS = {
    "10": f"{_SAML}PasswordProtectedTransport",
    "basis": f"{_SAML}PasswordProtectedTransport",
    "20": f"{_SAML}MobileTwoFactorContract",
    "midden": f"{_SAML}MobileTwoFactorContract",
    "25": f"{_SAML}Smartcard",
    "substantieel": f"{_SAML}Smartcard",
    "30": f"{_SAML}SmartcardPKI",
    "hoog": f"{_SAML}SmartcardPKI",
}
_EHERKENNING_SPELLINGS = {
    "eh1": f"{_ETOEGANG}loa1",
    "eh2": f"{_ETOEGANG}loa2",
    "eh2+": f"{_ETOEGANG}loa2plus",
    "eh3": f"{_ETOEGANG}loa3",
    "eh4": f"{_ETOEGANG}loa4",
    **{level.removeprefix(_ETOEGANG): level for level in EHERKENNING_LEVELS},
}


def _known(source: str) -> dict[str, str]:
    return DIGID_LEVELS if source == "digid" else EHERKENNING_LEVELS


def normalise_level(source: str, value: object, mapping: dict[str, str] | None = None) -> str | None:
    """The level URN for a broker's claim value, or ``None`` when the value means nothing to us.

    A level of the wrong family (an eHerkenning level on a DigiD login) is refused, never guessed.
    """
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if mapping and text in mapping:
        text = mapping[text]
    if text in _known(source):
        return text
    spellings = _DIGID_SPELLINGS if source == "digid" else _EHERKENNING_SPELLINGS
    return spellings.get(text.lower())
