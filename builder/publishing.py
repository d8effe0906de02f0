"""What must hold before a draft goes live, beyond a valid definition, and what is only worth a warning.

Saving a draft accepts work in progress; publishing puts the form in front of
citizens, so it refuses anything a citizen or a back office would trip over and
lists every problem at once (the registry ``service.publish_checks`` lets other
apps add theirs). Missing English translations are warnings: the form works in
Dutch, English speakers see the Dutch text.
"""

from collections.abc import Iterator
from typing import Any

from .definition.errors import DefinitionError
from .kinds import get_kind

__all__ = ["definition_problems", "translation_warnings"]

SHOWN_WITH_EXAMPLES = 5


def definition_problems(form: Any) -> list[DefinitionError]:
    """Publish blockers found in the draft itself (``form.draft``, already a valid definition)."""
    definition = form.draft
    return list(_blank_labels(definition))


def _fields(definition: dict) -> Iterator[tuple[str, dict]]:
    """(JSON path of the UI entry, UI entry) for every field of every step, fieldsets included."""
    stack = [(f"$.steps[{index}].ui", step["ui"]) for index, step in enumerate(definition["steps"])]
    while stack:
        path, group = stack.pop(0)
        for name in group.get("order", []):
            field = group["fields"][name]
            yield f"{path}.fields.{name}", field
            if "fields" in field:
                stack.append((f"{path}.fields.{name}", field))


def _texts(value: Any) -> list[str]:
    return list(value.values()) if isinstance(value, dict) else [value]


def _blank_labels(definition: dict) -> Iterator[DefinitionError]:
    # The meta-schema refuses an empty label; a label of spaces reads as none to a screen reader too.
    for path, field in _fields(definition):
        if get_kind(field["kind"]).has_data and not all(str(text).strip() for text in _texts(field.get("label", ""))):
            yield DefinitionError(f"{path}.label", "every question needs a label citizens can read")
        for value, label in field.get("choices", {}).items():
            if not all(str(text).strip() for text in _texts(label)):
                yield DefinitionError(f"{path}.choices.{value}", "every choice needs a label citizens can read")


def _has_recipient(definition: dict) -> bool:
    return any(field.get("confirmation_recipient") for _, field in _fields(definition))


def _unmailed_email_field(definition: dict) -> list[DefinitionError]:
    # The receipt e-mail is on exactly when a field is marked as its recipient (the format has
    # no other switch), so "e-mail on without a recipient" cannot be stored; what can go wrong
    # is forgetting the mark on the e-mail field a form asks for: citizens then get no e-mail.
    if _has_recipient(definition):
        return []
    for path, field in _fields(definition):
        if get_kind(field["kind"]).receives_mail:
            return [
                DefinitionError(
                    f"{path}.confirmation_recipient",
                    "the form asks for an e-mail address, but no field receives the receipt: citizens get no e-mail",
                )
            ]
    return []


def translation_warnings(definition: dict) -> list[DefinitionError]:
    """Worth fixing, not blocking: texts citizens read without English (summed up), an unused e-mail field."""
    warnings = _unmailed_email_field(definition)
    missing = [path for path, text in _citizen_texts(definition) if not (isinstance(text, dict) and text.get("en"))]
    if not missing:
        return warnings
    examples = ", ".join(missing[:SHOWN_WITH_EXAMPLES]) + (", ..." if len(missing) > SHOWN_WITH_EXAMPLES else "")
    return [*warnings, DefinitionError("$", f"{len(missing)} text(s) have no English translation: {examples}")]


def _citizen_texts(definition: dict) -> Iterator[tuple[str, Any]]:
    yield "$.name", definition["name"]
    for key in ("introduction", "contact", "next_steps", "declaration", "duration", "paper_alternative"):
        if key in definition["settings"]:
            yield f"$.settings.{key}", definition["settings"][key]
    for index, step in enumerate(definition["steps"]):
        yield f"$.steps[{index}].title", step["title"]
        if "description" in step:
            yield f"$.steps[{index}].description", step["description"]
    for path, field in _fields(definition):
        for key in ("label", "help", "content", "placeholder"):
            if key in field:
                yield f"{path}.{key}", field[key]
        for value, label in field.get("choices", {}).items():
            yield f"{path}.choices.{value}", label
