"""Field kinds: what each ``ui.fields.*.kind`` of a definition means.

Kinds live on the one plugin registry, :data:`field_kinds`, one module per
family. A new kind (an upload, a repeating group) is a :class:`FieldKind`
subclass registered with ``@field_kinds.register("id")`` in the module of its
app, imported from that app's ``AppConfig.ready()``; nothing else changes:
the meta-schema takes its lists of kinds from this registry when it is loaded
(``builder/definition/validation.py``).
"""

# Loket's own kinds, registered in the order editors see them listed.
# isort: off
from . import text, numbers, choices, identifiers, layout, repeat  # noqa: F401

# isort: on
from .base import (
    EMPTY,
    MAX_TEXT,
    NOT_ANSWERED,
    UNSTORABLE,
    Field,
    FieldKind,
    OverviewRow,
    ParseError,
    Posted,
    always_shown,
    field_kinds,
)

__all__ = [
    "EMPTY",
    "MAX_TEXT",
    "NOT_ANSWERED",
    "UNSTORABLE",
    "Field",
    "FieldKind",
    "OverviewRow",
    "ParseError",
    "Posted",
    "always_shown",
    "field_kinds",
    "get_kind",
    "kind_ids",
]


def get_kind(kind_id: str) -> FieldKind:
    return field_kinds[kind_id]


def kind_ids() -> list[str]:
    return sorted(field_kinds.ids())
