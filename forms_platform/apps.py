from django.apps import AppConfig
from django.core import checks


class PlatformConfig(AppConfig):
    name = "forms_platform"
    verbose_name = "Loket"

    def ready(self):
        from .registry import run_checks

        checks.register(run_checks, "loket")
