from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from solo.admin import SingletonModelAdmin

from .models import Theme


@admin.register(Theme)
class ThemeAdmin(SingletonModelAdmin):
    # "www.example.nl/privacy" typed without a scheme means https, as a gemeente's site is.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "logo"]}),
        (_("Colours"), {"fields": ["primary_colour", "header_background_colour", "header_text_colour"]}),
        (_("Footer"), {"fields": ["contact", "contact_url", "privacy_url", "accessibility_url"]}),
    ]
