"""Per form: whether citizens log in, with which plugins, and at what minimum level.

Kept here, keyed by form, so the form builder knows nothing of login.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import context
from .registry import login_plugins


class FormLogin(models.Model):
    class Mode(models.TextChoices):
        OFF = "off", _("off: anonymous only")
        OPTIONAL = "optional", _("optional: log in or continue anonymously")
        REQUIRED = "required", _("required")

    form = models.OneToOneField(
        "builder.Form", verbose_name=_("form"), on_delete=models.CASCADE, related_name="login_settings"
    )
    mode = models.CharField(_("login"), max_length=10, choices=Mode.choices, default=Mode.OFF)

    class Meta:
        verbose_name = _("login settings of a form")
        verbose_name_plural = _("login settings of forms")

    def __str__(self) -> str:
        return f"{self.form} ({self.get_mode_display()})"


def _level_choices() -> list[tuple[str, str]]:
    levels = [*context.DIGID_LEVELS, *context.EHERKENNING_LEVELS]
    return [("", _("no minimum")), *((urn, context.level_label(urn)) for urn in levels)]


class LoginOption(models.Model):
    """One plugin offered on a form, with the lowest level of assurance it accepts."""

    settings = models.ForeignKey(FormLogin, on_delete=models.CASCADE, related_name="options")
    plugin = models.CharField(_("login plugin"), max_length=60)
    minimum_level = models.CharField(_("minimum level of assurance"), max_length=80, blank=True, choices=_level_choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("login option")
        verbose_name_plural = _("login options")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["settings", "plugin"], name="machtigen_one_option_per_plugin")]

    def __str__(self) -> str:
        return self.plugin

    def clean(self) -> None:
        plugin = login_plugins.get(self.plugin)
        if plugin is None:
            raise ValidationError({"plugin": _("Unknown login plugin %(id)s.") % {"id": self.plugin}})
        scale = context.DIGID_LEVELS if plugin.source == "digid" else context.EHERKENNING_LEVELS
        if self.minimum_level and self.minimum_level not in scale:
            raise ValidationError({"minimum_level": _("This level belongs to the other scale than the plugin's.")})
