from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MachtigenConfig(AppConfig):
    name = "machtigen"
    verbose_name = _("Authentication and mandates")

    def ready(self) -> None:
        # Plugins register themselves when their module is imported.
        from builder.service import demo_loaded

        from . import service
        from .contrib.demo import plugins  # noqa: F401

        demo_loaded.connect(service.configure_demo, dispatch_uid="machtigen-demo")
