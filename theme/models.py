from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from solo.models import SingletonModel

from .colours import HEX_COLOUR, MINIMUM_CONTRAST, contrast, validate_hex_colour

WHITE = "#ffffff"


class Theme(SingletonModel):
    """How the citizen pages look for this organisation: one per installation, edited in the admin.

    Colours become NL Design System design tokens on top of the installed token theme; left empty,
    the token theme's own colour stays.
    """

    name = models.CharField(
        _("organisation name"),
        max_length=200,
        blank=True,
        help_text=_("Shown in the page header and footer. Empty: the LOKET_ORGANISATION_NAME setting."),
    )
    logo = models.FileField(
        _("logo"),
        upload_to="theme/",
        blank=True,
        help_text=_("PNG or SVG, shown in the page header with the organisation name as its text alternative."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_("Buttons and links, for example #154273. Must contrast 4.5:1 with white."),
    )
    header_background_colour = models.CharField(
        _("header background colour"), max_length=7, blank=True, validators=[validate_hex_colour]
    )
    header_text_colour = models.CharField(
        _("header text colour"), max_length=7, blank=True, validators=[validate_hex_colour]
    )
    contact = models.TextField(
        _("contact"),
        blank=True,
        help_text=_("How citizens reach the organisation, shown in the footer. Empty: the LOKET_CONTACT setting."),
    )
    contact_url = models.URLField(_("contact page"), blank=True)
    privacy_url = models.URLField(_("privacy statement"), blank=True)
    accessibility_url = models.URLField(_("accessibility statement"), blank=True)

    COLOUR_FIELDS = ("primary_colour", "header_background_colour", "header_text_colour")

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("theme")

    def __str__(self) -> str:
        return str(_("Theme of %(name)s") % {"name": self.display_name})

    @property
    def display_name(self) -> str:
        return self.name or settings.LOKET_ORGANISATION_NAME

    def clean(self) -> None:
        errors = {}
        # Malformed colours were refused by their field's validator already; compare only real ones.
        valid = {name: value for name in self.COLOUR_FIELDS if HEX_COLOUR.match(value := getattr(self, name))}
        if "primary_colour" in valid and contrast(self.primary_colour, WHITE) < MINIMUM_CONTRAST:
            errors["primary_colour"] = _("White text on this colour is hard to read: choose a darker colour.")
        header = ("header_background_colour", "header_text_colour")
        if any(name in valid for name in header) and all(name in valid or not getattr(self, name) for name in header):
            background = self.header_background_colour or WHITE
            text = self.header_text_colour or "#000000"
            if contrast(background, text) < MINIMUM_CONTRAST:
                errors["header_text_colour"] = _(
                    "The header text does not contrast 4.5:1 with the header background: choose other colours."
                )
        if self.logo and not self.logo.name.lower().endswith((".png", ".svg", ".jpg", ".jpeg", ".webp")):
            errors["logo"] = _("Upload a PNG, SVG, JPEG or WebP image.")
        if errors:
            raise ValidationError(errors)
