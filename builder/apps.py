from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuilderConfig(AppConfig):
    name = "builder"
    verbose_name = _("Forms")

    def ready(self):
        from forms_platform.db_guards import protect

        from . import kinds  # noqa: F401  (registers Loket's field kinds)
        from .editor import sections  # noqa: F401  (the builder's own settings sections)
        from .guards import GUARDS

        protect(self, GUARDS)
