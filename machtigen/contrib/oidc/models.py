"""The connection to a broker, one row per OIDC login plugin, edited in the admin."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from machtigen.context import MANDATE_ROLES
from machtigen.registry import login_plugins

from .claims import validate_claim_path
from .levels import normalise_level

__all__ = ["OIDCClient"]


def _role_choices() -> list[tuple[str, str]]:
    return [(role, f"{role} ({kind})") for role, kind in MANDATE_ROLES.items()]


class OIDCClient(models.Model):
    """How one OIDC plugin reaches its broker: endpoints, client credentials, claim paths, levels."""

    plugin_id = models.CharField(
        _("plugin"), max_length=100, unique=True, help_text=_("The login plugin this connection is for.")
    )
    enabled = models.BooleanField(_("enabled"), default=False, help_text=_("Offer this login to citizens."))

    issuer = models.URLField(
        _("issuer"),
        max_length=1000,
        help_text=_("The broker's issuer identifier, exactly as its tokens carry it in 'iss'."),
    )
    authorization_endpoint = models.URLField(
        _("authorization endpoint"),
        max_length=1000,
        blank=True,
        help_text=_("Leave the endpoints empty to take them from the issuer's discovery document."),
    )
    token_endpoint = models.URLField(_("token endpoint"), max_length=1000, blank=True)
    jwks_endpoint = models.URLField(
        _("JWKS endpoint"),
        max_length=1000,
        blank=True,
        help_text=_("Where the broker publishes its token signing keys."),
    )
    userinfo_endpoint = models.URLField(
        _("userinfo endpoint"),
        max_length=1000,
        blank=True,
        help_text=_("Leave empty to read the claims from the ID token only."),
    )
    client_id = models.CharField(_("client ID"), max_length=1000)
    client_secret = models.CharField(_("client secret"), max_length=1000)
    scopes = models.CharField(
        _("scopes"), max_length=1000, default="openid", help_text=_("Separated by spaces; 'openid' is required.")
    )
    signing_algorithm = models.CharField(
        _("signing algorithm"), max_length=10, default="RS256", help_text=_("The algorithm of the ID token (JWS alg).")
    )

    claim_paths = models.JSONField(
        _("claim paths"),
        default=dict,
        blank=True,
        help_text=_(
            'Where the broker puts each claim, as a list of keys per claim, e.g. {"bsn": ["bsn"]}. '
            "Claims left out use the plugin's defaults (see docs/authentication.md)."
        ),
    )
    default_level = models.CharField(
        _("default level of assurance"),
        max_length=100,
        blank=True,
        help_text=_("Used when the token carries no level claim. Empty: such a login is refused."),
    )
    level_mapping = models.JSONField(
        _("level mapping"),
        default=dict,
        blank=True,
        help_text=_(
            'The broker\'s own level values and the level each means, e.g. {"20": "urn:...:MobileTwoFactorContract"}.'
        ),
    )
    default_mandate_role = models.CharField(
        _("default mandate role"),
        max_length=20,
        choices=_role_choices,
        blank=True,
        help_text=_("Bewindvoering / curatele / mentorschap only: the role when the token does not name one."),
    )

    class Meta:
        verbose_name = _("OIDC broker connection")
        verbose_name_plural = _("OIDC broker connections")

    def __str__(self) -> str:
        return self.plugin_id

    @property
    def plugin(self):
        return login_plugins.get(self.plugin_id)

    def paths(self) -> dict[str, list[str]]:
        """The claim paths in force: the plugin's defaults overlaid with what the admin set."""
        plugin = self.plugin
        defaults = dict(plugin.claim_defaults) if plugin else {}
        return {**defaults, **{name: validate_claim_path(path) for name, path in (self.claim_paths or {}).items()}}

    def clean(self) -> None:
        plugin = self.plugin
        if plugin is None or not getattr(plugin, "oidc", False):
            raise ValidationError({"plugin_id": _("Not an OIDC login plugin.")})
        errors: dict[str, str] = {}
        if not isinstance(self.claim_paths, dict):
            errors["claim_paths"] = _("Give an object of claim names and paths.")
        else:
            for name, path in self.claim_paths.items():
                if name not in plugin.claim_defaults:
                    errors["claim_paths"] = _("Unknown claim {name!r}; known: {known}.").format(
                        name=name, known=", ".join(plugin.claim_defaults)
                    )
                    break
                try:
                    validate_claim_path(path)
                except ValueError:
                    message = _('The path of {name!r} must be a list of claim names, e.g. ["bsn"].')
                    errors["claim_paths"] = message.format(name=name)
                    break
        for name in ("authorization_endpoint", "token_endpoint", "jwks_endpoint"):
            if not getattr(self, name):
                errors[name] = _("Required (the broker's discovery document did not give it).")
        if "openid" not in self.scopes.split():
            errors["scopes"] = _("The scopes must include 'openid'.")
        if self.default_level and normalise_level(plugin.source, self.default_level) is None:
            errors["default_level"] = _("Not a level of assurance of {source}.").format(source=plugin.source)
        if not isinstance(self.level_mapping, dict):
            errors["level_mapping"] = _("Give an object of broker values and levels.")
        else:
            for value, level in self.level_mapping.items():
                if normalise_level(plugin.source, level) is None:
                    errors["level_mapping"] = _("{value!r} maps to {level!r}, not a level of {source}.").format(
                        value=value, level=level, source=plugin.source
                    )
                    break
        if getattr(settings, "LOKET_PRODUCTION", False):
            # Tokens and client secrets travel over these; plain http is for a local test provider only.
            for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_endpoint", "userinfo_endpoint"):
                if getattr(self, name) and not getattr(self, name).startswith("https://"):
                    errors[name] = _("Use https.")
        if self.signing_algorithm in ("", "none") or self.signing_algorithm.upper().startswith("HS"):
            # Shared-secret signatures would let anyone who knows the client secret mint tokens.
            errors["signing_algorithm"] = _("Use an asymmetric algorithm such as RS256 or ES256.")
        if errors:
            raise ValidationError(errors)
