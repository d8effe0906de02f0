from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Status notifications")

    def ready(self):
        from django.core import checks

        from . import status_mail  # noqa: F401  (registers the "status_email" job kind)
        from .checks import check_subscription

        checks.register(check_subscription, checks.Tags.database)
