from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmailRegistrationConfig(AppConfig):
    name = "registrations.contrib.email"
    label = "registrations_email"
    verbose_name = _("Registration by e-mail")

    def ready(self):
        from . import plugin  # noqa: F401  (registers the backend)
