"""The property panel's "earliest" and "latest" date, relative to today (see ``builder/kinds/date_limits.py``)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..kinds.date_limits import UNITS
from .properties import FieldProperty, field_properties

__all__ = ["DateLimitField", "DateLimitProperty"]

UNIT_LABELS = {"days": _("days"), "months": _("months"), "years": _("years")}


class DateLimitWidget(forms.MultiWidget):
    def __init__(self, attrs: dict | None = None):
        super().__init__(
            [
                forms.NumberInput(attrs={"step": 1, "aria-label": _("Number (negative: before today)")}),
                forms.Select(choices=list(UNIT_LABELS.items()), attrs={"aria-label": _("Unit")}),
            ],
            attrs,
        )

    def decompress(self, value: Any) -> list:
        if isinstance(value, dict) and len(value) == 1:
            ((unit, amount),) = value.items()
            return [amount, unit]
        return [None, "days"]


class DateLimitField(forms.MultiValueField):
    """A whole number and a unit; empty number: no limit. Cleans to ``{"years": -5}`` or None."""

    widget = DateLimitWidget

    def __init__(self, **kwargs):
        fields = (
            forms.IntegerField(min_value=-36600, max_value=36600, required=False),
            forms.ChoiceField(choices=list(UNIT_LABELS.items()), required=False),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list) -> dict | None:
        if not data_list or data_list[0] in (None, ""):
            return None
        amount, unit = data_list
        unit = unit if unit in UNITS else "days"
        limits = {"days": 36600, "months": 1200, "years": 100}
        if abs(amount) > limits[unit]:
            raise forms.ValidationError(
                _("At most %(limit)s %(unit)s from today.") % {"limit": limits[unit], "unit": UNIT_LABELS[unit]}
            )
        return {unit: amount}


class DateLimitProperty(FieldProperty):
    def django_field(self) -> forms.Field:
        return DateLimitField(label=self.label, required=False, help_text=self.help_text)


for prop in [
    DateLimitProperty(
        "earliest",
        "ui",
        _("Earliest date"),
        help_text=_(
            "Relative to the day the citizen answers: 0 days is today (not in the past), -18 years is 18 years ago."
        ),
    ),
    DateLimitProperty(
        "latest",
        "ui",
        _("Latest date"),
        help_text=_(
            "From the day the citizen answers: 0 days is today (not in the future), 3 months is 3 months ahead."
        ),
    ),
]:
    field_properties.add(prop.key, prop)
