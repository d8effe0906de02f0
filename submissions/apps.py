from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Submissions")

    def ready(self):
        from django.core.checks import Tags, register

        from forms_platform.db_guards import protect

        from . import authentication  # noqa: F401  (registers the proof's "authentication" part)
        from .guards import GUARDS
        from .receipt import mail, pdf, proof  # noqa: F401  (registers the after-receipt job kinds)
        from .resume import mail as resume_mail  # noqa: F401  (registers the resume e-mail job kind)
        from .uploads import kind, service  # noqa: F401  (registers the file field kind)

        proof.PROOF_PARTS.register("attachments")(service.proof_attachments)

        protect(self, GUARDS)
        register(proof.check_signing_keys, Tags.security, deploy=True)
