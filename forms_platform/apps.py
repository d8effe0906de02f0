from django.apps import AppConfig, apps
from django.core import checks
from django.db.models.signals import post_migrate


class PlatformConfig(AppConfig):
    name = "forms_platform"
    verbose_name = "Loket"

    def ready(self):
        from .registry import run_checks

        checks.register(run_checks, "loket")
        post_migrate.connect(create_staff_groups, dispatch_uid="loket-staff-groups")


def create_staff_groups(sender, using, **kwargs):
    # Permissions are created app by app after migrate; the last app's signal comes after all of them.
    # Only apps with a models module get the signal (the monitoring app has none).
    if sender is [config for config in apps.get_app_configs() if config.models_module is not None][-1]:
        from .staff import ensure_staff_groups

        ensure_staff_groups()
