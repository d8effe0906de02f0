"""Configuration other apps carry in a form's export, beside the definition.

A form's definition is the builder's; other apps keep their own per-form
configuration (registration backends, ...). So that an export carries it too,
without the builder importing those apps, an app registers an *export section*
on ``builder.service.export_sections``::

    export_sections.add("registrations", RegistrationsSection())

The export then holds, next to the definition's own keys, one key
``configuration`` with ``{section id: data}`` for every section that has data
for the form. The definition itself (and so its digest and versions) never
contains it: import takes ``configuration`` off before validating the
definition. An import without ``configuration``, or without a section, leaves
that part of the form as it is; a section that is there replaces it.
"""

from typing import Any, Protocol

from .errors import DefinitionError

__all__ = ["CONFIGURATION_KEY", "ExportSection"]

CONFIGURATION_KEY = "configuration"


class ExportSection(Protocol):
    def export(self, form) -> Any:
        """The section's data for ``form`` (JSON; no secrets), or None when it has nothing."""

    def problems(self, data: Any, path: str) -> list[DefinitionError]:
        """Everything wrong with imported ``data``, each error at a JSON path below ``path``."""

    def load(self, form, data: Any) -> None:
        """Replace the form's configuration with ``data`` (already checked)."""
