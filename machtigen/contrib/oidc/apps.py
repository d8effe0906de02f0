from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OIDCLoginConfig(AppConfig):
    name = "machtigen.contrib.oidc"
    label = "machtigen_oidc"
    verbose_name = _("Login through an OpenID Connect broker")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The plugins register themselves on machtigen's login registry when imported.
        from . import plugins  # noqa: F401
