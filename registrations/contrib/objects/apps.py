from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectsRegistrationConfig(AppConfig):
    name = "registrations.contrib.objects"
    label = "registrations_objects"
    verbose_name = _("Registration as an Objects API record")

    def ready(self):
        from . import plugin  # noqa: F401  (registers the backend)
