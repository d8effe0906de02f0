from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MachtigenConfig(AppConfig):
    name = "machtigen"
    verbose_name = _("Authentication and mandates")
