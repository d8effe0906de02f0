from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from machtigen.registry import login_plugins

from .discovery import DiscoveryError, discover
from .models import OIDCClient

# Our field and the discovery document's name for it (OpenID Connect Discovery 1.0, section 3).
_DISCOVERED = {
    "authorization_endpoint": "authorization_endpoint",
    "token_endpoint": "token_endpoint",
    "jwks_endpoint": "jwks_uri",
}


def _oidc_plugin_choices() -> list[tuple[str, str]]:
    return [(plugin.id, f"{plugin.id} ({plugin.label})") for plugin in login_plugins if getattr(plugin, "oidc", False)]


def _https_by_default(db_field, **kwargs):
    # Broker endpoints are https; a URL typed without a scheme means https (Django 6's default too).
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class OIDCClientForm(forms.ModelForm):
    plugin_id = forms.ChoiceField(label=_("plugin"), choices=_oidc_plugin_choices)
    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Never shown again once saved; leave empty to keep the current secret."),
    )

    class Meta:
        model = OIDCClient
        formfield_callback = staticmethod(_https_by_default)

        fields = (
            "plugin_id",
            "enabled",
            "issuer",
            "authorization_endpoint",
            "token_endpoint",
            "jwks_endpoint",
            "userinfo_endpoint",
            "client_id",
            "client_secret",
            "scopes",
            "signing_algorithm",
            "claim_paths",
            "default_level",
            "level_mapping",
            "default_mandate_role",
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        missing = [name for name in _DISCOVERED if not cleaned.get(name)]
        if cleaned.get("issuer") and missing and not self.errors:
            try:
                found = discover(cleaned["issuer"])
            except DiscoveryError as exc:
                raise forms.ValidationError({"issuer": str(exc)}) from exc
            for name in missing:
                cleaned[name] = found.get(_DISCOVERED[name], "")
        return cleaned

    def clean_client_secret(self) -> str:
        secret = self.cleaned_data.get("client_secret", "")
        if secret:
            return secret
        if self.instance.pk and self.instance.client_secret:
            return self.instance.client_secret
        raise forms.ValidationError(_("The broker gave you a client secret; fill it in."))


@admin.register(OIDCClient)
class OIDCClientAdmin(admin.ModelAdmin):
    form = OIDCClientForm
    list_display = ("plugin_id", "enabled", "issuer", "client_id")
    list_filter = ("enabled",)
    fieldsets = (
        (None, {"fields": ("plugin_id", "enabled")}),
        (
            _("Broker"),
            {"fields": ("issuer", "authorization_endpoint", "token_endpoint", "jwks_endpoint", "userinfo_endpoint")},
        ),
        (_("Client registration"), {"fields": ("client_id", "client_secret", "scopes", "signing_algorithm")}),
        (_("Claims"), {"fields": ("claim_paths", "default_level", "level_mapping", "default_mandate_role")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)
