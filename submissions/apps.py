from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Submissions")

    def ready(self):
        from forms_platform.db_guards import protect

        from .guards import GUARDS
        from .receipt import mail, pdf  # noqa: F401  (registers the after-receipt job kinds)

        protect(self, GUARDS)
