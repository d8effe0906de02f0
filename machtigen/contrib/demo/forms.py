"""The demo login pages' forms: BSNs checked with the elfproef, KvK numbers for their 8 digits."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn

from ... import context


def _bsn(value: str) -> str:
    value = bsn.compact(value or "")
    if not bsn.is_valid(value):
        raise forms.ValidationError(_("Dit is geen geldig BSN. Een BSN heeft 9 cijfers en voldoet aan de elfproef."))
    return value


def _kvk(value: str) -> str:
    # A KvK number has no check digit (the KvK guarantees none), so 8 digits is all there is to check.
    value = "".join((value or "").split())
    if not (len(value) == 8 and value.isascii() and value.isdigit()):
        raise forms.ValidationError(_("Dit is geen geldig KvK-nummer. Een KvK-nummer heeft 8 cijfers."))
    return value


DIGID_LEVELS = [(urn, label.capitalize()) for urn, label in context.DIGID_LEVELS.items()]
EHERKENNING_LEVELS = [(urn, label) for urn, label in context.EHERKENNING_LEVELS.items()]


class DigiDDemoForm(forms.Form):
    bsn = forms.CharField(label=_("Uw BSN"), max_length=11, help_text=_("Bijvoorbeeld 999991607."))
    level = forms.ChoiceField(label=_("Betrouwbaarheidsniveau"), choices=DIGID_LEVELS, initial=DIGID_LEVELS[1][0])

    def clean_bsn(self) -> str:
        return _bsn(self.cleaned_data["bsn"])


class DigiDMachtigenDemoForm(forms.Form):
    gemachtigde_bsn = forms.CharField(
        label=_("Uw BSN (gemachtigde)"), max_length=11, help_text=_("Bijvoorbeeld 999995224.")
    )
    machtiginggever_bsn = forms.CharField(
        label=_("BSN van wie u machtigde (machtiginggever)"), max_length=11, help_text=_("Bijvoorbeeld 999991607.")
    )
    level = forms.ChoiceField(label=_("Betrouwbaarheidsniveau"), choices=DIGID_LEVELS, initial=DIGID_LEVELS[1][0])
    service_id = forms.CharField(widget=forms.HiddenInput, required=False, initial=str(uuid.UUID(int=0)))

    def clean_gemachtigde_bsn(self) -> str:
        return _bsn(self.cleaned_data["gemachtigde_bsn"])

    def clean_machtiginggever_bsn(self) -> str:
        return _bsn(self.cleaned_data["machtiginggever_bsn"])

    def clean(self):
        data = super().clean()
        if data.get("gemachtigde_bsn") and data.get("gemachtigde_bsn") == data.get("machtiginggever_bsn"):
            self.add_error("machtiginggever_bsn", _("U kunt uzelf niet machtigen. Vul het BSN in van wie u machtigde."))
        return data


class EHerkenningMandateDemoForm(forms.Form):
    kvk = forms.CharField(label=_("KvK-nummer van uw organisatie"), max_length=8, help_text=_("Bijvoorbeeld 12345678."))
    acting_subject = forms.CharField(widget=forms.HiddenInput, initial="DEMO-MEDEWERKER")
    client_bsn = forms.CharField(label=_("BSN van uw cliënt"), max_length=11, help_text=_("Bijvoorbeeld 999991607."))
    role = forms.ChoiceField(
        label=_("Soort vertegenwoordiging"),
        choices=[("bewindvoerder", _("Bewindvoering")), ("curator", _("Curatele")), ("mentor", _("Mentorschap"))],
    )
    level = forms.ChoiceField(
        label=_("Betrouwbaarheidsniveau"), choices=EHERKENNING_LEVELS, initial=EHERKENNING_LEVELS[2][0]
    )

    def clean_kvk(self) -> str:
        return _kvk(self.cleaned_data["kvk"])

    def clean_client_bsn(self) -> str:
        return _bsn(self.cleaned_data["client_bsn"])
