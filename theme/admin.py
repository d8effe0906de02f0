from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from solo.admin import SingletonModelAdmin

from .models import Theme


@admin.register(Theme)
class ThemeAdmin(SingletonModelAdmin):
    fieldsets = [
        (None, {"fields": ["name", "logo"]}),
        (_("Colours"), {"fields": ["primary_colour", "header_background_colour", "header_text_colour"]}),
        (_("Footer"), {"fields": ["contact", "contact_url", "privacy_url", "accessibility_url"]}),
    ]
