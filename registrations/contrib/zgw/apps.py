from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZGWRegistrationConfig(AppConfig):
    name = "registrations.contrib.zgw"
    label = "registrations_zgw"
    verbose_name = _("Registration as a ZGW zaak")

    def ready(self):
        from . import plugin  # noqa: F401  (registers the backend)
