"""The system check over every form's registration configuration.

It reads the database, so Django runs it where databases are checked
(``migrate``, ``check --database default``), not on every ``runserver`` reload.
"""

from django.core import checks


def check_form_registrations(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    if not databases:
        return []
    from django.db.utils import DatabaseError

    from .models import FormRegistration
    from .service import configuration_problems

    messages = []
    try:
        configs = list(FormRegistration.objects.select_related("form"))
    except DatabaseError:  # not migrated yet
        return []
    for config in configs:
        for problem in configuration_problems(config):
            messages.append(
                checks.Error(
                    f"form {config.form.slug!r}: registration backend {config.backend!r}: {problem}",
                    hint="Correct the options in the admin (Registrations > registration backends of forms).",
                    obj=config,
                    id="registrations.E001",
                )
            )
    return messages
