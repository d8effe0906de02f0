"""Validate a form definition: the meta-schema first, then the rules it cannot express.

Every error names the place in the document as a JSON path (``$.steps[0].ui``)
and says in plain words what is wrong, so an editor can fix it without reading
JSON Schema output.
"""

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError

from ..kinds import UNSTORABLE, field_kinds, get_kind
from ..logic.checks import logic_errors
from ..patterns import pattern_problem
from .errors import DefinitionError, InvalidDefinition

METASCHEMA_PATH = Path(__file__).with_name("metaschema.json")
FORMAT = "loket-form/1"


__all__ = ["DefinitionError", "InvalidDefinition", "metaschema", "metaschema_validator", "validate_definition"]


def metaschema() -> dict:
    """The meta-schema, with its lists of kinds taken from the field-kind registry.

    The registry is the one list of kinds: a kind registered by any app is allowed
    in definitions, and one that is not registered cannot slip through.
    """
    return _metaschema(*_kind_lists())[0]


def metaschema_validator() -> Draft202012Validator:
    return _metaschema(*_kind_lists())[1]


def _kind_lists() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    kinds = list(field_kinds)
    return (
        tuple(kind.id for kind in kinds),
        tuple(kind.id for kind in kinds if kind.has_children),
        tuple(kind.id for kind in kinds if not kind.has_data),
    )


@cache
def _metaschema(all_kinds: tuple, with_children: tuple, without_data: tuple) -> tuple[dict, Draft202012Validator]:
    schema = json.loads(METASCHEMA_PATH.read_text())
    schema["$defs"]["kind"]["enum"] = list(all_kinds)
    schema["$defs"]["kindWithChildren"]["enum"] = list(with_children)
    schema["$defs"]["kindWithoutData"]["enum"] = list(without_data)
    return schema, Draft202012Validator(schema)


@cache
def _fast_metaschema(all_kinds: tuple, with_children: tuple, without_data: tuple) -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft202012Validator(_metaschema(all_kinds, with_children, without_data)[0])


def validate_definition(definition: Any) -> None:
    """Raise :class:`InvalidDefinition` with every problem found, or return None."""
    errors = unstorable_text_errors(definition) + structural_errors(definition)
    if not errors:
        errors = semantic_errors(definition)
    if errors:
        raise InvalidDefinition(errors)


def structural_errors(definition: Any) -> list[DefinitionError]:
    # Speed: the compiled (Rust) validator answers "valid?" for a 300-field form in about a millisecond,
    # where the Python one takes hundreds; only a definition with a problem pays for the Python walk,
    # which words every error. tests/builder/test_validation_agrees.py holds the two to the same answer.
    if _fast_metaschema(*_kind_lists()).is_valid(definition):
        return []
    found = sorted(metaschema_validator().iter_errors(definition), key=lambda e: list(e.absolute_path))
    return [DefinitionError(_json_path(error), _plain(error)) for error in _dedupe(found)]


def _dedupe(errors: list[ValidationError]) -> list[ValidationError]:
    seen: set[tuple] = set()
    kept = []
    for error in errors:
        key = (tuple(error.absolute_path), error.validator)
        if key not in seen:
            seen.add(key)
            kept.append(error)
    return kept


def _json_path(error: ValidationError) -> str:
    path = error.json_path
    if error.validator == "required":
        missing = _missing(error)
        if missing:
            path = f"{path}.{missing}"
    return path


def _missing(error: ValidationError) -> str | None:
    if isinstance(error.instance, dict):
        for name in error.validator_value:
            if name not in error.instance:
                return name
    return None


def _plain(error: ValidationError) -> str:
    value = error.validator_value
    match error.validator:
        case "required":
            return "this key is required"
        case "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            return f"unknown key(s): {', '.join(extra)}"
        case "type":
            return f"must be of type {value if isinstance(value, str) else ' or '.join(value)}"
        case "enum":
            return f"must be one of: {', '.join(map(str, value))}"
        case "const":
            return f"must be {json.dumps(value)}"
        case "pattern":
            return f"{json.dumps(error.instance)} does not match the pattern {value}"
        case "propertyNames":
            return "contains a key that is not a valid name (lowercase letters, digits and _; starting with a letter)"
        case "oneOf" | "anyOf":
            return "must be a non-empty text, or an object of translations that includes 'nl'"
        case "minItems":
            return f"needs at least {value} item(s)"
        case "maxItems":
            return f"allows at most {value} item(s)"
        case "uniqueItems":
            return "contains duplicates"
        case "minLength":
            return "must not be empty"
        case "not":
            return "'order' and 'fields' are only allowed on a fieldset"
    return error.message


def semantic_errors(definition: dict) -> list[DefinitionError]:
    errors: list[DefinitionError] = []
    step_keys: list[str] = []
    recipients: list[str] = []
    for index, step in enumerate(definition["steps"]):
        base = f"$.steps[{index}]"
        if step["key"] in step_keys:
            errors.append(DefinitionError(f"{base}.key", f"step key {step['key']!r} is used twice"))
        step_keys.append(step["key"])
        bad_patterns = list(_pattern_errors(step["schema"], f"{base}.schema")) or list(
            linear_time_pattern_errors(step["schema"], f"{base}.schema")
        )
        if bad_patterns:
            errors += bad_patterns
            continue
        try:
            if not jsonschema_rs.meta.is_valid(step["schema"]):  # fast; the Python check words the problem
                Draft202012Validator.check_schema(step["schema"])
        except Exception as exc:  # SchemaError; reported in plain words below
            errors.append(DefinitionError(f"{base}.schema", f"not a valid JSON Schema: {exc}"))
            continue
        errors += _check_group(step["schema"], step["ui"], f"{base}.schema", f"{base}.ui", recipients, step["key"])
    if len(recipients) > 1:
        errors.append(
            DefinitionError(
                "$.steps", f"only one field may be the confirmation recipient, found: {', '.join(recipients)}"
            )
        )
    errors += logic_errors(definition)
    errors += _check_link_free(definition)
    errors += _check_mailed_answers(definition)
    errors += header_text_errors(definition)
    return errors


def _check_mailed_answers(definition: dict) -> list:
    """A receipt with e.g. a BSN in it is not sent as an e-mail attachment: e-mail is not confidential."""
    if definition["settings"].get("receipt_email", "pdf_attached") != "pdf_attached":
        return []
    for index, step in enumerate(definition["steps"]):
        for kind in _kinds_in(step["ui"]):
            if kind.not_for_mail:
                return [
                    DefinitionError(
                        "$.settings.receipt_email",
                        f"step {index} asks for {kind.not_for_mail}, "
                        "so the receipt e-mail must be 'no_links' (no answers, no PDF)",
                    )
                ]
    return []


def _kinds_in(group: dict):
    for field in group.get("fields", {}).values():
        yield get_kind(field["kind"])
        yield from _kinds_in(field)


_LINK = re.compile(r"https?://|www\.|mailto:", re.IGNORECASE)


def _check_link_free(definition: dict) -> list:
    """A form whose e-mail must be link-free may not put links in texts that the e-mail quotes."""
    settings = definition["settings"]
    if settings.get("receipt_email") != "no_links":
        return []
    errors = []
    quoted = [("$.name", definition["name"])] + [
        (f"$.settings.{key}", settings[key]) for key in ("contact", "next_steps") if key in settings
    ]
    for path, text in quoted:
        values = text.values() if isinstance(text, dict) else [text]
        if any(_LINK.search(value) for value in values):
            errors.append(
                DefinitionError(path, "contains a link or web address; the e-mail of this form must be link-free")
            )
    return errors


def _pattern_errors(schema: dict, path: str):
    """Regular expressions are checked first, so the editor gets a plain message, not a schema dump."""
    if "pattern" in schema:
        try:
            re.compile(schema["pattern"])
        except re.error as exc:
            yield DefinitionError(f"{path}.pattern", f"{schema['pattern']!r} is not a valid regular expression: {exc}")
    for name, child in schema.get("properties", {}).items():
        yield from _pattern_errors(child, f"{path}.properties.{name}")
    if isinstance(schema.get("items"), dict):
        yield from _pattern_errors(schema["items"], f"{path}.items")


def linear_time_pattern_errors(schema: dict, path: str):
    """Patterns run with RE2 (linear time, see ``builder.patterns``): refuse what RE2 cannot run."""
    if "pattern" in schema:
        problem = pattern_problem(schema["pattern"])
        if problem:
            yield DefinitionError(f"{path}.pattern", f"{schema['pattern']!r}: {problem}")
    for name, child in schema.get("properties", {}).items():
        yield from linear_time_pattern_errors(child, f"{path}.properties.{name}")
    if isinstance(schema.get("items"), dict):
        yield from linear_time_pattern_errors(schema["items"], f"{path}.items")


def _check_group(schema: dict, ui: dict, schema_path: str, ui_path: str, recipients: list, prefix: str) -> list:
    errors = []
    properties = schema.get("properties", {})
    fields = ui["fields"]
    order = ui["order"]
    for name in order:
        if name not in fields:
            errors.append(
                DefinitionError(f"{ui_path}.order", f"{name!r} is listed in order but has no entry in fields")
            )
    for name, field in fields.items():
        field_ui = f"{ui_path}.fields.{name}"
        kind = get_kind(field["kind"])
        if name not in order:
            errors.append(DefinitionError(f"{ui_path}.order", f"field {name!r} is missing from order"))
        if not kind.has_data:
            if name in properties:
                errors.append(DefinitionError(f"{schema_path}.properties.{name}", "a content block holds no data"))
            continue
        if name not in properties:
            errors.append(DefinitionError(f"{schema_path}.properties", f"field {name!r} has no data schema"))
            continue
        errors += kind.check_definition(properties[name], field, f"{schema_path}.properties.{name}", field_ui)
        if field.get("confirmation_recipient"):
            recipients.append(f"{prefix}.{name}")
            if not kind.receives_mail:
                errors.append(DefinitionError(f"{field_ui}.confirmation_recipient", "only an email field can be it"))
        if field.get("decision_date") and kind.format != "date":
            errors.append(DefinitionError(f"{field_ui}.decision_date", "only a date field can be the besluit date"))
        if kind.has_children:
            inner = ".items" if kind.repeats else ""
            errors += _check_group(
                kind.children_schema(properties[name]),
                field,
                f"{schema_path}.properties.{name}{inner}",
                field_ui,
                recipients,
                f"{prefix}.{name}",
            )
    for name in properties:
        if name not in fields:
            errors.append(DefinitionError(f"{ui_path}.fields", f"property {name!r} has no UI entry"))
    for name in schema.get("required", []):
        if name not in properties:
            errors.append(DefinitionError(f"{schema_path}.required", f"{name!r} is required but not defined"))
    return errors


def unstorable_text_errors(definition: Any) -> list[DefinitionError]:
    """Characters no database column should get: NUL, and lone surrogates (not UTF-8 at all).

    PostgreSQL refuses both (SQLite stores a NUL), so they are refused here, on every
    database alike, with the place they were found. Keys are checked as well as values.
    The walk uses a stack, not recursion: a definition's depth is the parser's concern.
    """
    errors = []
    stack: list[tuple[Any, str]] = [(definition, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, child in reversed(value.items()):
                child_path = f"{path}.{key}" if _PLAIN_KEY.fullmatch(key) else f"{path}[{json.dumps(key)}]"
                if problem := _unstorable(key):
                    errors.append(DefinitionError(child_path, f"the key {problem}"))
                stack.append((child, child_path))
        elif isinstance(value, list):
            stack.extend((child, f"{path}[{index}]") for index, child in reversed(list(enumerate(value))))
        elif isinstance(value, str) and (problem := _unstorable(value)):
            errors.append(DefinitionError(path, f"the text {problem}"))
    return errors


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _unstorable(text: str) -> str | None:
    found = UNSTORABLE.search(text)
    if found is None:
        return None
    what = "a NUL character" if found.group() == "\x00" else "an unpaired surrogate"
    return f"contains {what} (U+{ord(found.group()):04X}) at position {found.start() + 1}, which cannot be stored"


def header_text_errors(definition: dict) -> list[DefinitionError]:
    """Texts that end up in an e-mail header stay on one line.

    The receipt e-mail's subject quotes the form's name. A line break there makes
    every receipt e-mail of the form fail (mail libraries refuse a header that
    could inject another), so it is refused when the editor saves, not found out
    when a citizen's receipt is not sent. The reference prefix is a header text
    too; its pattern (capitals only) already keeps it on one line.
    """
    name = definition["name"]
    texts = {f"$.name.{lang}": text for lang, text in name.items()} if isinstance(name, dict) else {"$.name": name}
    errors = []
    for path, text in texts.items():
        found = next((i for i, char in enumerate(text) if unicodedata.category(char) in _NOT_IN_A_HEADER), None)
        if found is not None:
            errors.append(
                DefinitionError(
                    path,
                    f"must be one line: it is the subject of the receipt e-mail, and holds a line break or "
                    f"control character (U+{ord(text[found]):04X}) at position {found + 1}",
                )
            )
    return errors


# Control characters (CR, LF, tab, vertical tab, form feed, NEL, ...) and the line and paragraph separators.
_NOT_IN_A_HEADER = {"Cc", "Zl", "Zp"}
