"""Reading and writing definitions as files: one canonical text per definition.

The canonical form (sorted keys, two-space indent, UTF-8, final newline) is
what ``export_form`` writes, what the digest of a version is computed over, and
what makes export -> import -> export byte-identical on every database.
"""

import hashlib
import json
import re
from typing import Any

from .validation import DefinitionError, InvalidDefinition


def canonical_json(definition: Any) -> str:
    return json.dumps(definition, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def digest(definition: Any) -> str:
    return hashlib.sha256(canonical_json(definition).encode()).hexdigest()


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


# Far beyond any real definition (a fieldset nests 4 levels deeper than its parent), and far
# below the depth at which parsing or validating would exhaust Python's recursion limit.
MAX_DEPTH = 64
MAX_SIZE = 2_000_000
"""Characters of definition text; the demo forms are under 10,000."""

# A JSON string (skipped, so brackets inside text do not count), or one bracket.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    return f"line {line}, column {index - text.rfind('\n', 0, index)}"


def _too_deep(text: str) -> int | None:
    """Where the text first nests deeper than ``MAX_DEPTH``, or None; checked before parsing."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        found = match.group()  # a whole string, or one bracket
        if found in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif found in "]}":
            depth -= 1
    return None


def parse_definition(text: str | bytes) -> Any:
    """Parse definition text, refusing what JSON parsers usually let slip (duplicate keys).

    Text longer than ``MAX_SIZE`` or nested deeper than ``MAX_DEPTH`` is refused
    before it is parsed: Python's parser would recurse once per level and fail
    with a RecursionError, and so would everything that walks the result.
    """
    try:
        if isinstance(text, bytes):
            text = text.decode(json.detect_encoding(text))
    except UnicodeDecodeError as exc:
        raise InvalidDefinition([DefinitionError("$", f"not valid JSON: {exc}")]) from None
    if len(text) > MAX_SIZE:
        raise InvalidDefinition(
            [DefinitionError("$", f"too long: {len(text):,} characters, a definition may have at most {MAX_SIZE:,}")]
        )
    if (index := _too_deep(text)) is not None:
        raise InvalidDefinition(
            [DefinitionError("$", f"nested more than {MAX_DEPTH} levels deep ({_position(text, index)})")]
        )
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise InvalidDefinition(
            [DefinitionError("$", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]
        ) from None
    except ValueError as exc:
        raise InvalidDefinition([DefinitionError("$", f"not valid JSON: {exc}")]) from None
