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
    # Permissions are created app by app after migrate; the signal of the last app with models
    # (apps without models get none) comes after all of them.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        from .staff import ensure_staff_groups

        ensure_staff_groups()
