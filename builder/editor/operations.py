"""Changes an editor makes to a definition: steps and fields added, changed, moved, removed.

Each function takes a definition and returns a changed copy (the original is never
touched); :func:`builder.service.save_draft` validates the result before it is stored.
A step is named by its key, a field by its dotted path within the step (``adres.postcode``).
"""

import copy
import re
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..kinds import field_kinds

__all__ = [
    "EditError",
    "add_field",
    "add_step",
    "field_at",
    "move_field",
    "move_step",
    "remove_field",
    "remove_step",
    "reorder_fields",
    "update_field",
    "update_step",
]

MAX_KEY = 60


class EditError(ValueError):
    """The change cannot be made as asked (a step or field that is not there, an unknown kind)."""


def new_key(text: str, taken: set[str], fallback: str) -> str:
    """A key (``^[a-z][a-z0-9_]*$``) derived from ``text``, not in ``taken``."""
    base = re.sub(r"[^a-z0-9_]", "", slugify(text).replace("-", "_"))[: MAX_KEY - 4].strip("_")
    if not base or not base[0].isalpha():
        base = fallback + (f"_{base}" if base else "")
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}_{number}"
    return key


def _step(definition: dict, key: str) -> dict:
    for step in definition["steps"]:
        if step["key"] == key:
            return step
    raise EditError(_("There is no step %(key)s.") % {"key": key})


def _group(step: dict, path: str) -> tuple[dict, dict]:
    """The schema (with ``properties``) and UI group (with ``order`` and ``fields``) at ``path``."""
    schema, ui = step["schema"], step["ui"]
    for name in filter(None, path.split(".")):
        if name not in ui["fields"] or not field_kinds[ui["fields"][name]["kind"]].has_children:
            raise EditError(_("There is no group %(path)s in this step.") % {"path": path})
        schema, ui = schema["properties"][name], ui["fields"][name]
    return schema, ui


def field_at(definition: dict, step_key: str, path: str) -> tuple[dict | None, dict, bool]:
    """The schema (None for a content block), UI and required-ness of one field."""
    group_path, _dot, name = path.rpartition(".")
    schema, ui = _group(_step(definition, step_key), group_path)
    if name not in ui["fields"]:
        raise EditError(_("There is no field %(path)s in this step.") % {"path": path})
    return schema.get("properties", {}).get(name), ui["fields"][name], name in schema.get("required", [])


def add_step(definition: dict, title: str) -> tuple[dict, str]:
    changed = copy.deepcopy(definition)
    key = new_key(title, {step["key"] for step in changed["steps"]}, "stap")
    changed["steps"].append(
        {"key": key, "title": title, "schema": {"type": "object", "properties": {}}, "ui": {"order": [], "fields": {}}}
    )
    return changed, key


def update_step(definition: dict, key: str, title: str, description: str) -> dict:
    changed = copy.deepcopy(definition)
    step = _step(changed, key)
    step["title"] = {**step["title"], "nl": title} if isinstance(step["title"], dict) else title
    if description:
        old = step.get("description")
        step["description"] = {**old, "nl": description} if isinstance(old, dict) else description
    else:
        step.pop("description", None)
    return changed


def _moved(items: list, item: Any, offset: int) -> list:
    index = items.index(item)
    target = max(0, min(len(items) - 1, index + offset))
    items = [other for other in items if other != item]
    items.insert(target, item)
    return items


def move_step(definition: dict, key: str, offset: int) -> dict:
    changed = copy.deepcopy(definition)
    changed["steps"] = _moved(changed["steps"], _step(changed, key), offset)
    return changed


def remove_step(definition: dict, key: str) -> dict:
    changed = copy.deepcopy(definition)
    changed["steps"].remove(_step(changed, key))
    return changed


def add_field(definition: dict, step_key: str, kind_id: str, label: str, group: str = "") -> tuple[dict, str]:
    if kind_id not in field_kinds:
        raise EditError(_("There is no field kind %(kind)s.") % {"kind": kind_id})
    kind = field_kinds[kind_id]
    changed = copy.deepcopy(definition)
    schema, ui = _group(_step(changed, step_key), group)
    name = new_key(label, set(ui["fields"]), kind_id if kind_id[0].isalpha() else "veld")
    field_schema, field_ui = kind.blank(label)
    if field_schema is not None:
        schema.setdefault("properties", {})[name] = field_schema
    ui["fields"][name] = field_ui
    ui["order"].append(name)
    return changed, f"{group}.{name}" if group else name


def update_field(definition: dict, step_key: str, path: str, apply) -> dict:
    """``apply(schema, ui)`` changes the field in place and returns its new required-ness (None: unchanged)."""
    changed = copy.deepcopy(definition)
    group_path, _dot, name = path.rpartition(".")
    schema, _ui = _group(_step(changed, step_key), group_path)
    field_schema, field_ui, _required = field_at(changed, step_key, path)
    required = apply(field_schema, field_ui)
    if required is not None and field_schema is not None:
        names = [other for other in schema.get("required", []) if other != name]
        if required:
            names.append(name)
        if names:
            schema["required"] = names
        else:
            schema.pop("required", None)
    return changed


def move_field(definition: dict, step_key: str, path: str, offset: int) -> dict:
    changed = copy.deepcopy(definition)
    group_path, _dot, name = path.rpartition(".")
    field_at(changed, step_key, path)
    _schema, ui = _group(_step(changed, step_key), group_path)
    ui["order"] = _moved(ui["order"], name, offset)
    return changed


def reorder_fields(definition: dict, step_key: str, group: str, names: list[str]) -> dict:
    """Put the fields of a group in the order ``names`` gives (every field once), as drag and drop does."""
    changed = copy.deepcopy(definition)
    _schema, ui = _group(_step(changed, step_key), group)
    if sorted(names) != sorted(ui["order"]):
        raise EditError(_("The new order must list every field of the group once."))
    ui["order"] = list(names)
    return changed


def remove_field(definition: dict, step_key: str, path: str) -> dict:
    changed = copy.deepcopy(definition)
    group_path, _dot, name = path.rpartition(".")
    field_at(changed, step_key, path)
    schema, ui = _group(_step(changed, step_key), group_path)
    del ui["fields"][name]
    ui["order"].remove(name)
    schema.get("properties", {}).pop(name, None)
    if name in schema.get("required", []):
        schema["required"].remove(name)
        if not schema["required"]:
            del schema["required"]
    return changed
