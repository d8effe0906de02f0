from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MijnConfig(AppConfig):
    name = "mijn"
    verbose_name = _("Mijn Loket")
