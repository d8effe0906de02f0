"""What an editor can set on a field in the builder's property panel.

Each property reads its value from a field's data schema and UI and writes it back.
A kind names the properties it offers (``FieldKind.properties``), so a new kind's panel
comes from the kind itself; a kind with a property of its own registers it here with
``@field_properties.register("id")``.
"""

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from forms_platform.registry import Registry

from ..kinds import FieldKind
from ..text import localize

__all__ = ["FieldProperty", "PropertiesForm", "choices_from_text", "choices_to_text", "field_properties"]

field_properties: Registry["FieldProperty"] = Registry("field property")


@dataclass
class FieldProperty:
    """A property stored under ``key`` in the field's ``ui`` or ``schema`` (``place``)."""

    key: str
    place: str  # "ui" or "schema"
    label: Any
    form_field: type[forms.Field] = forms.CharField
    widget: type[forms.Widget] | None = None
    translatable: bool = False
    required: bool = False
    help_text: Any = ""

    def django_field(self) -> forms.Field:
        kwargs: dict[str, Any] = {"label": self.label, "required": self.required, "help_text": self.help_text}
        if self.widget:
            kwargs["widget"] = self.widget(attrs={"rows": 3})
        if self.form_field is forms.CharField:
            kwargs["strip"] = True
        return self.form_field(**kwargs)

    def prepare(self, form_field: forms.Field, schema: dict, ui: dict) -> None:
        """Adapt the form field to the field being edited (e.g. offer its current options)."""

    def read(self, schema: dict, ui: dict, required: bool) -> Any:
        value = (ui if self.place == "ui" else schema).get(self.key)
        return localize(value, "nl") if self.translatable and value is not None else value

    def write(self, schema: dict, ui: dict, value: Any) -> bool | None:
        """Store ``value``; returns the field's new "required" when this property decides it, else None."""
        target = ui if self.place == "ui" else schema
        if value is None or value == "" or value is False:  # 0 is a value (a minimum of 0)
            target.pop(self.key, None)
        elif self.translatable and isinstance(target.get(self.key), dict):
            # Only the Dutch text is edited here; translations stay (the JSON view edits them).
            target[self.key] = {**target[self.key], "nl": value}
        else:
            target[self.key] = value
        return None


class RequiredProperty(FieldProperty):
    def read(self, schema: dict, ui: dict, required: bool) -> Any:
        return required

    def write(self, schema: dict, ui: dict, value: Any) -> bool | None:
        return bool(value)


class MustTickProperty(FieldProperty):
    def read(self, schema: dict, ui: dict, required: bool) -> Any:
        return schema.get("const") is True

    def write(self, schema: dict, ui: dict, value: Any) -> bool | None:
        if value:
            schema["const"] = True
        else:
            schema.pop("const", None)
        return None


_VALUE_AND_LABEL = re.compile(r"^(?P<value>[^=]+?)\s+=\s+(?P<label>.+)$")


def _value_for(label: str) -> str:
    return slugify(label).replace("-", "_") or "optie"


def choices_to_text(values: list, labels: dict) -> str:
    """One line per option: the label, or ``waarde = Label`` when the stored value is not derived from it."""
    lines = []
    for value in values:
        label = localize(labels.get(str(value), str(value)), "nl")
        lines.append(label if _value_for(label) == value else f"{value} = {label}")
    return "\n".join(lines)


def choices_from_text(text: str, labels: dict) -> tuple[list[str], dict]:
    """Values and labels from the editor's lines; a label that already exists keeps its value."""
    by_label = {localize(label, "nl"): value for value, label in labels.items()}
    values: list[str] = []
    new_labels: dict = {}
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        match = _VALUE_AND_LABEL.match(line)
        if match:
            value, label = match["value"].strip(), match["label"].strip()
        else:
            value, label = by_label.get(line) or _value_for(line), line
        if value in new_labels:
            raise forms.ValidationError(_("The option %(label)s is listed twice.") % {"label": label})
        old = labels.get(value)
        values.append(value)
        new_labels[value] = {**old, "nl": label} if isinstance(old, dict) else label
    if not values:
        raise forms.ValidationError(_("Give at least one option, one per line."))
    return values, new_labels


class ChoicesProperty(FieldProperty):
    def read(self, schema: dict, ui: dict, required: bool) -> Any:
        values = schema.get("items", {}).get("enum") if schema.get("type") == "array" else schema.get("enum")
        return choices_to_text(values or [], ui.get("choices", {}))

    def write(self, schema: dict, ui: dict, value: Any) -> bool | None:
        values, labels = value
        if schema.get("type") == "array":
            schema.setdefault("items", {"type": "string"})["enum"] = values
        else:
            schema["enum"] = values
        ui["choices"] = labels
        return None


class ExclusiveProperty(FieldProperty):
    """Options that cannot be chosen with any other ("geen van deze"), picked from the saved options."""

    def django_field(self) -> forms.Field:
        return forms.MultipleChoiceField(
            label=self.label, required=False, help_text=self.help_text, widget=forms.CheckboxSelectMultiple
        )

    def prepare(self, form_field: forms.Field, schema: dict, ui: dict) -> None:
        values = schema.get("items", {}).get("enum") or []
        labels = ui.get("choices", {})
        form_field.choices = [(value, localize(labels.get(value, value), "nl")) for value in values]

    def read(self, schema: dict, ui: dict, required: bool) -> Any:
        return ui.get("exclusive", [])

    def write(self, schema: dict, ui: dict, value: Any) -> bool | None:
        # Written after the options: an option removed in the same save is no longer exclusive.
        values = schema.get("items", {}).get("enum") or []
        kept = [item for item in value or [] if item in values]
        if kept:
            ui["exclusive"] = kept
        else:
            ui.pop("exclusive", None)
        return None


class ChoicesField(forms.CharField):
    """Lines of options; cleaned to (values, labels) by the form, which knows the old labels."""


for prop in [
    FieldProperty("label", "ui", _("Label"), translatable=True, required=True),
    FieldProperty("help", "ui", _("Help text"), widget=forms.Textarea, translatable=True),
    RequiredProperty("required", "schema", _("Required"), forms.BooleanField),
    FieldProperty("placeholder", "ui", _("Placeholder"), translatable=True),
    FieldProperty(
        "autocomplete", "ui", _("Autocomplete"), help_text=_("The HTML autocomplete token, e.g. postal-code.")
    ),
    FieldProperty("minLength", "schema", _("Minimum length (characters)"), forms.IntegerField),
    FieldProperty("maxLength", "schema", _("Maximum length (characters)"), forms.IntegerField),
    FieldProperty(
        "pattern",
        "schema",
        _("Pattern"),
        help_text=_("A regular expression the answer must contain (RE2), e.g. ^[0-9]{4}$."),
    ),
    FieldProperty("minimum", "schema", _("Minimum"), forms.FloatField),
    FieldProperty("maximum", "schema", _("Maximum"), forms.FloatField),
    FieldProperty("minItems", "schema", _("Choose at least"), forms.IntegerField),
    FieldProperty("maxItems", "schema", _("Choose at most"), forms.IntegerField),
    FieldProperty("rows", "ui", _("Visible lines"), forms.IntegerField),
    FieldProperty(
        "confirmation_recipient",
        "ui",
        _("Send the confirmation to this address"),
        forms.BooleanField,
        help_text=_("At most one e-mail field in the form."),
    ),
    MustTickProperty("must_tick", "schema", _("Must be ticked"), forms.BooleanField),
    ChoicesProperty(
        "choices",
        "ui",
        _("Options"),
        ChoicesField,
        widget=forms.Textarea,
        required=True,
        help_text=_("One option per line. Write 'value = Label' to choose the stored value yourself."),
    ),
    FieldProperty("content", "ui", _("Text"), widget=forms.Textarea, translatable=True, required=True),
    ExclusiveProperty(
        "exclusive",
        "ui",
        _("Cannot be combined with other options"),
        help_text=_("For an option such as 'geen van deze'. Save new options first to mark them here."),
    ),
]:
    field_properties.add(prop.key, prop)


def _number(value: float | None) -> int | float | None:
    # 10.0 typed as "10" is stored as 10, as an editor wrote it.
    return int(value) if isinstance(value, float) and value.is_integer() else value


class PropertiesForm(forms.Form):
    """The property panel of one field: a form field for every property its kind offers."""

    def __init__(self, kind: FieldKind, schema: dict | None, ui: dict, required: bool, *args, **kwargs):
        self.kind, self.schema, self.ui = kind, schema or {}, ui
        self.properties = [field_properties[key] for key in kind.properties]
        initial = {prop.key: prop.read(self.schema, ui, required) for prop in self.properties}
        super().__init__(*args, initial=initial, **kwargs)
        for prop in self.properties:
            self.fields[prop.key] = prop.django_field()
            prop.prepare(self.fields[prop.key], self.schema, ui)

    def clean_choices(self):
        return choices_from_text(self.cleaned_data["choices"], self.ui.get("choices", {}))

    def apply(self, schema: dict | None, ui: dict) -> bool | None:
        """Write the cleaned values into ``schema`` and ``ui``; returns the new "required" (None: unchanged)."""
        required = None
        for prop in self.properties:
            value = self.cleaned_data.get(prop.key)
            if isinstance(value, float):
                value = _number(value)
            decided = prop.write(schema if schema is not None else {}, ui, value)
            if decided is not None:
                required = decided
        return required


# Properties with a form field of their own register themselves on import.
from . import date_limit_property  # noqa: E402, F401
