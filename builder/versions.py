"""What changed between two definitions, as a list of sentences an editor reads ("wijzigingen").

Steps, fields, options, settings and logic rules added, removed or changed, each said in
words with the labels the editor gave them, not as a JSON diff.
"""

import json
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .logic.describe import describe

__all__ = ["changes"]

_FIELD_UI_WORDS = {
    "label": gettext_noop("label"),
    "help": gettext_noop("help text"),
    "placeholder": gettext_noop("placeholder"),
    "content": gettext_noop("text"),
    "autocomplete": gettext_noop("autocomplete"),
    "rows": gettext_noop("visible lines"),
    "confirmation_recipient": gettext_noop("confirmation recipient"),
    "messages": gettext_noop("error messages"),
}


def _show(value: Any) -> str:
    if value is None:
        return _("(none)")
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, dict) and isinstance(value.get("nl"), str):
        # Translations are part of the text: a changed English label is a change too.
        others = "".join(f" ({language}: “{text}”)" for language, text in sorted(value.items()) if language != "nl")
        return f"“{value['nl']}”{others}"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _flat_fields(schema: dict, ui: dict, prefix: str = "") -> dict[str, tuple[dict | None, dict, bool]]:
    """Every field of a group, nested ones too, by dotted path: (schema, ui, required)."""
    fields = {}
    required = set(schema.get("required", []))
    for name in ui.get("order", []):
        field_ui = ui["fields"][name]
        field_schema = schema.get("properties", {}).get(name)
        path = f"{prefix}{name}"
        fields[path] = (field_schema, field_ui, name in required)
        if "fields" in field_ui:
            fields.update(_flat_fields(field_schema or {}, field_ui, f"{path}."))
    return fields


def _field_name(ui: dict, path: str) -> str:
    return _show(ui.get("label") or ui.get("content") or path)


def _options(schema: dict | None, ui: dict) -> dict[str, Any]:
    if not schema:
        return {}
    values = schema.get("items", {}).get("enum") if schema.get("type") == "array" else schema.get("enum")
    return {str(value): ui.get("choices", {}).get(str(value), value) for value in values or []}


def _field_changes(old: tuple, new: tuple) -> Iterator[str]:
    (old_schema, old_ui, old_required), (new_schema, new_ui, new_required) = old, new
    if old_ui["kind"] != new_ui["kind"]:
        yield _("kind changed from %(old)s to %(new)s") % {"old": old_ui["kind"], "new": new_ui["kind"]}
    for key, words in _FIELD_UI_WORDS.items():
        if old_ui.get(key) != new_ui.get(key):
            yield _("%(what)s changed from %(old)s to %(new)s") % {
                "what": _(words),
                "old": _show(old_ui.get(key)),
                "new": _show(new_ui.get(key)),
            }
    if old_required != new_required:
        yield _("now required") if new_required else _("now optional")
    old_options, new_options = _options(old_schema, old_ui), _options(new_schema, new_ui)
    for value in new_options.keys() - old_options.keys():
        yield _("option %(label)s added") % {"label": _show(new_options[value])}
    for value in old_options.keys() - new_options.keys():
        yield _("option %(label)s removed") % {"label": _show(old_options[value])}
    for value in old_options.keys() & new_options.keys():
        if old_options[value] != new_options[value]:
            yield _("option %(old)s renamed to %(new)s") % {
                "old": _show(old_options[value]),
                "new": _show(new_options[value]),
            }
    if [v for v in old_options if v in new_options] != [v for v in new_options if v in old_options]:
        yield _("options reordered")
    skip = {"properties", "required", "enum", "items", "type", "format"}
    old_schema, new_schema = old_schema or {}, new_schema or {}
    for key in sorted((old_schema.keys() | new_schema.keys()) - skip):
        if old_schema.get(key) != new_schema.get(key):
            yield _("%(what)s changed from %(old)s to %(new)s") % {
                "what": key,
                "old": _show(old_schema.get(key)),
                "new": _show(new_schema.get(key)),
            }


def _step_changes(old: dict, new: dict) -> Iterator[str]:
    step = _show(new["title"])
    if old["title"] != new["title"]:
        yield _("Step %(old)s renamed to %(new)s.") % {"old": _show(old["title"]), "new": step}
    if old.get("description") != new.get("description"):
        yield _("Step %(step)s: description changed from %(old)s to %(new)s.") % {
            "step": step,
            "old": _show(old.get("description")),
            "new": _show(new.get("description")),
        }
    old_fields = _flat_fields(old["schema"], old["ui"])
    new_fields = _flat_fields(new["schema"], new["ui"])
    for path in new_fields.keys() - old_fields.keys():
        ui = new_fields[path][1]
        yield _("Field %(field)s (%(kind)s) added to step %(step)s.") % {
            "field": _field_name(ui, path),
            "kind": ui["kind"],
            "step": step,
        }
    for path in old_fields.keys() - new_fields.keys():
        yield _("Field %(field)s removed from step %(step)s.") % {
            "field": _field_name(old_fields[path][1], path),
            "step": step,
        }
    for path in new_fields:
        if path in old_fields and old_fields[path] != new_fields[path]:
            details = list(_field_changes(old_fields[path], new_fields[path]))
            if details:
                yield _("Field %(field)s in step %(step)s: %(details)s.") % {
                    "field": _field_name(new_fields[path][1], path),
                    "step": step,
                    "details": "; ".join(details),
                }
    kept_old = [path for path in old_fields if path in new_fields]
    kept_new = [path for path in new_fields if path in old_fields]
    if kept_old != kept_new:
        yield _("Step %(step)s: fields reordered.") % {"step": step}


def _rule_text(rule: dict, definition: dict) -> str:
    """The rule as the sentence the builder shows (fields named by their labels in that version)."""
    sentence = f"“{describe(rule, definition)}”"
    return f"{sentence} ({rule['description']})" if rule.get("description") else sentence


def changes(old: dict, new: dict) -> list[str]:
    """The differences from ``old`` to ``new`` (two definitions), one sentence each; empty when equal."""
    found: list[str] = []
    if old["name"] != new["name"]:
        found.append(
            _("Name changed from %(old)s to %(new)s.") % {"old": _show(old["name"]), "new": _show(new["name"])}
        )
    old_settings, new_settings = old.get("settings", {}), new.get("settings", {})
    for key in sorted(old_settings.keys() | new_settings.keys()):
        if old_settings.get(key) != new_settings.get(key):
            found.append(
                _("Setting %(key)s changed from %(old)s to %(new)s.")
                % {"key": key, "old": _show(old_settings.get(key)), "new": _show(new_settings.get(key))}
            )
    old_steps = {step["key"]: step for step in old["steps"]}
    new_steps = {step["key"]: step for step in new["steps"]}
    for step in new["steps"]:
        if step["key"] not in old_steps:
            count = len(_flat_fields(step["schema"], step["ui"]))
            found.append(_("Step %(step)s added, with %(n)d field(s).") % {"step": _show(step["title"]), "n": count})
    for step in old["steps"]:
        if step["key"] not in new_steps:
            found.append(_("Step %(step)s removed.") % {"step": _show(step["title"])})
    for step in new["steps"]:
        if step["key"] in old_steps:
            found.extend(_step_changes(old_steps[step["key"]], step))
    if [k for k in old_steps if k in new_steps] != [k for k in new_steps if k in old_steps]:
        found.append(_("Steps reordered: %(order)s.") % {"order": ", ".join(_show(s["title"]) for s in new["steps"])})
    old_rules = [json.dumps(rule, sort_keys=True) for rule in old.get("logic", [])]
    new_rules = [json.dumps(rule, sort_keys=True) for rule in new.get("logic", [])]
    for rule, text in zip(new.get("logic", []), new_rules, strict=True):
        if text not in old_rules:
            found.append(_("Rule added: %(rule)s.") % {"rule": _rule_text(rule, new)})
    for rule, text in zip(old.get("logic", []), old_rules, strict=True):
        if text not in new_rules:
            found.append(_("Rule removed: %(rule)s.") % {"rule": _rule_text(rule, old)})
    return found
