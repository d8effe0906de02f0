"""Editors' regular expressions (a field's ``pattern``), run in time linear in the input.

Python's ``re`` backtracks: a pattern such as ``^(a+)+$`` takes exponential time
on input like ``aaaa…!``, so one editor's pattern would let any citizen tie up a
web worker. Patterns are therefore run with RE2, which never backtracks: every
search is linear in the length of the input, whatever the pattern. What RE2
cannot run in linear time (backreferences, lookahead and lookbehind) it does not
compile, and :func:`pattern_problem` turns that into a plain message when the
definition is saved, so a pattern that is accepted always runs.

RE2's ``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII-only, as in the ECMA-262
dialect JSON Schema prescribes for ``pattern``, and ``$`` is the end of the text.
"""

import re
from functools import lru_cache

import re2
from jsonschema import Draft202012Validator, ValidationError, validators

__all__ = ["LinearTimeValidator", "pattern_problem", "search"]

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # a refused pattern is reported to the editor, not to stderr

# RE2's wording for what backtracking engines have and it refuses on purpose, in the editor's words.
_EXPLAINED = {
    "invalid perl operator: (?=": "lookahead (?=...) is not supported",
    "invalid perl operator: (?!": "negative lookahead (?!...) is not supported",
    "invalid perl operator: (?<=": "lookbehind (?<=...) is not supported",
    "invalid perl operator: (?<!": "negative lookbehind (?<!...) is not supported",
    "invalid escape sequence: \\Z": "\\Z is not supported; use $ or \\z",
}
_BACKREFERENCE = re.compile(r"invalid escape sequence: \\[0-9]")


@lru_cache(maxsize=1024)
def _compiled(pattern: str):
    return re2.compile(pattern, options=_OPTIONS)


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be run in linear time, in plain words; None when it can."""
    try:
        _compiled(pattern)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        explanation = next((text for start, text in _EXPLAINED.items() if detail.startswith(start)), None)
        if explanation is None and _BACKREFERENCE.match(detail):
            explanation = "backreferences (\\1, \\2, ...) are not supported"
        return f"{explanation or 'not supported: ' + detail} (patterns must run in linear time, see form-definition.md)"
    return None


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` occurs in ``text`` (JSON Schema searches; it does not match whole)."""
    return _compiled(pattern).search(text) is not None


def _pattern_keyword(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# Draft 2020-12 with RE2 for ``pattern``; every other keyword is jsonschema's own.
LinearTimeValidator = validators.extend(Draft202012Validator, {"pattern": _pattern_keyword})
