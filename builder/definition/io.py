"""Reading and writing definitions as files: one canonical text per definition.

The canonical form (sorted keys, two-space indent, UTF-8, final newline) is
what ``export_form`` writes, what the digest of a version is computed over, and
what makes export -> import -> export byte-identical on every database.
"""

import hashlib
import json
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


def parse_definition(text: str | bytes) -> Any:
    """Parse definition text, refusing what JSON parsers usually let slip (duplicate keys)."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise InvalidDefinition(
            [DefinitionError("$", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidDefinition([DefinitionError("$", f"not valid JSON: {exc}")]) from None
    except RecursionError:
        # Python's parser gives up on very deep nesting; no real definition comes near it.
        raise InvalidDefinition([DefinitionError("$", "nested too deeply")]) from None
