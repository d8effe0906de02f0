"""Sections of a form's settings page: the builder's own, and those other apps register.

A section is an object with ``title`` and two methods::

    def form(self, form: Form, data=None) -> django.forms.Form   # bound when data is given
    def save(self, form: Form, bound: django.forms.Form) -> None   # called once every section is valid

registered with ``@form_settings_sections.register("id")`` (``builder.service``) from the
other app's ``AppConfig.ready()``. The page shows every section and saves them together.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import service
from ..models import Form
from ..text import localize

__all__ = ["ConfirmationSection", "RetentionSection"]

_TEXTS = {
    "introduction": _("Introduction (start page)"),
    "duration": _("How long it takes (start page)"),
    "paper_alternative": _("Paper alternative (start page)"),
    "declaration": _("Declaration to tick before sending"),
    "next_steps": _("What happens next (confirmation and receipt)"),
    "contact": _("Contact (receipt)"),
}


class ConfirmationForm(forms.Form):
    reference_prefix = forms.RegexField(
        label=_("Reference prefix"),
        regex=r"^[A-Z]{2,5}$",
        help_text=_("2 to 5 capital letters, the first part of every reference: BZW-2026-7KX9QD."),
        error_messages={"invalid": _("Use 2 to 5 capital letters, such as BZW.")},
    )
    receipt_email = forms.ChoiceField(
        label=_("Confirmation e-mail"),
        choices=[
            ("pdf_attached", _("Answers in the e-mail, receipt PDF attached")),
            ("no_links", _("A short notice without answers or links (required with a BSN field)")),
        ],
    )
    requirements = forms.CharField(
        label=_("What you need (start page)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in _TEXTS.items():
            self.fields[key] = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmationSection:
    title = _("Start page and confirmation")

    def form(self, form: Form, data=None) -> forms.Form:
        settings = form.draft.get("settings", {})
        initial = {key: localize(settings.get(key), "nl") for key in _TEXTS}
        initial["reference_prefix"] = settings.get("reference_prefix", "")
        initial["receipt_email"] = settings.get("receipt_email", "pdf_attached")
        initial["requirements"] = "\n".join(localize(item, "nl") for item in settings.get("requirements", []))
        return ConfirmationForm(data, initial=initial, prefix="confirmation")

    def definition(self, form: Form, bound: forms.Form) -> dict:
        """The draft with these settings: checked as a whole before anything is saved."""
        settings = dict(form.draft.get("settings", {}))
        for key in [*_TEXTS, "reference_prefix", "receipt_email"]:
            value = bound.cleaned_data[key]
            old = settings.get(key)
            if not value:
                settings.pop(key, None)
            elif isinstance(old, dict):
                settings[key] = {**old, "nl": value}  # translations stay; the JSON view edits them
            else:
                settings[key] = value
        items = [line.strip() for line in bound.cleaned_data["requirements"].splitlines() if line.strip()]
        if items:
            settings["requirements"] = items
        else:
            settings.pop("requirements", None)
        return {**form.draft, "settings": settings}

    def save(self, form: Form, bound: forms.Form) -> None:
        service.save_draft(form, self.definition(form, bound))


class RetentionForm(forms.ModelForm):
    class Meta:
        model = Form
        fields = [
            "is_active",
            "available_from",
            "available_until",
            "max_submissions",
            "draft_retention_days",
            "retention_days",
        ]
        widgets = {
            "available_from": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "available_until": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }


class RetentionSection:
    title = _("Availability and retention")

    def form(self, form: Form, data=None) -> forms.Form:
        return RetentionForm(data, instance=form, prefix="retention")

    def save(self, form: Form, bound: forms.Form) -> None:
        bound.save()


service.form_settings_sections.add("confirmation", ConfirmationSection())
service.form_settings_sections.add("retention", RetentionSection())
