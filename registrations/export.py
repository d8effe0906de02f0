"""The form's registration backends in its export, and back (builder's export section).

Options never hold secrets (credentials live on the zgw-consumers ``Service``
records they name by slug), so they travel as they are. On import the options
are checked against the backend's schema only: a service that does not exist
on this installation yet is not an import error, but the publish check refuses
the form, naming the field, until staff have made it.
"""

from typing import Any

from django.db import transaction

from builder.definition.validation import DefinitionError
from builder.models import Form

from .models import FormRegistration
from .registry import backends, option_errors

__all__ = ["RegistrationsSection"]

KEYS = {"backend", "options"}


class RegistrationsSection:
    """``[{"backend": id, "options": {...}}, ...]`` in the order the backends run."""

    def export(self, form: Form) -> list[dict[str, Any]] | None:
        configs = FormRegistration.objects.filter(form=form).order_by("order", "pk")
        return [{"backend": config.backend, "options": config.options} for config in configs] or None

    def problems(self, data: Any, path: str) -> list[DefinitionError]:
        if not isinstance(data, list):
            return [DefinitionError(path, "must be a list of backends")]
        problems = []
        for index, item in enumerate(data):
            where = f"{path}[{index}]"
            if not isinstance(item, dict) or set(item) != KEYS:
                problems.append(DefinitionError(where, "must be an object with exactly 'backend' and 'options'"))
                continue
            backend = backends.get(item["backend"]) if isinstance(item["backend"], str) else None
            if backend is None:
                known = ", ".join(backends.ids())
                problems.append(DefinitionError(f"{where}.backend", f"unknown backend {item['backend']!r} ({known})"))
                continue
            problems.extend(
                DefinitionError(f"{where}.options.{error.field}", error.message)
                for error in option_errors(backend, item["options"], deep=False)
            )
        return problems

    @transaction.atomic
    def load(self, form: Form, data: list[dict[str, Any]]) -> None:
        # Kept rows keep their primary key, so records of earlier submissions stay linked to them.
        existing = list(FormRegistration.objects.filter(form=form).order_by("order", "pk"))
        for order, item in enumerate(data):
            match = next((config for config in existing if config.backend == item["backend"]), None)
            if match is None:
                FormRegistration.objects.create(
                    form=form, backend=item["backend"], options=item["options"], order=order
                )
                continue
            existing.remove(match)
            match.options, match.order = item["options"], order
            match.save(update_fields=["options", "order"])
        FormRegistration.objects.filter(pk__in=[config.pk for config in existing]).delete()
