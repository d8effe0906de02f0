from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Submissions")

    def ready(self):
        from . import guards
        from .receipt import mail, pdf  # noqa: F401  (registers the after-receipt job kinds)

        pre_migrate.connect(guards.on_pre_migrate, sender=self, dispatch_uid="submissions-guards-off")
        post_migrate.connect(guards.on_post_migrate, sender=self, dispatch_uid="submissions-guards-on")
