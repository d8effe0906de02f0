from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from builder.service import demo_loaded, export_sections, publish_checks

        from . import service  # registers the "registration" job kind
        from .checks import check_form_registrations
        from .export import RegistrationsSection

        publish_checks.add("registrations", service.publish_problems)
        export_sections.add("registrations", RegistrationsSection())
        checks.register(check_form_registrations, checks.Tags.database)
        demo_loaded.connect(service.configure_demo, dispatch_uid="registrations-demo")
