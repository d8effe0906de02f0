"""The fast (compiled) validator and the Python one give the same answer: valid or not.

Saving trusts the fast one's "valid" (it is what makes a 300-field form save in
milliseconds); a definition it refuses is walked again in Python to word each error.
So "fast says valid, Python says invalid" must never happen. Every definition here is
a valid one with one thing broken, at every place in the document.
"""

import copy
import json

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator

from builder.definition.validation import metaschema, metaschema_validator
from tests import definitions

BREAKAGES = [None, -1, "", "a b", [], {"de": "x"}]


def originals() -> list[dict]:
    return [definitions.melding(), definitions.all_kinds()]


def places(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*path, index))


def broken_variants():
    for original in originals():
        for path in places(original):
            if not path:
                continue
            for breakage in BREAKAGES:
                variant = copy.deepcopy(original)
                target = variant
                for part in path[:-1]:
                    target = target[part]
                target[path[-1]] = breakage
                yield variant
            if isinstance(path[-1], str):
                variant = copy.deepcopy(original)
                target = variant
                for part in path[:-1]:
                    target = target[part]
                del target[path[-1]]
                yield variant
                target = variant
                for part in path[:-1]:
                    target = target[part]
                target["onbekend"] = 1
                yield variant


def test_the_fast_and_the_python_metaschema_validators_agree():
    fast = jsonschema_rs.Draft202012Validator(metaschema())
    slow = metaschema_validator()
    checked = 0
    for variant in broken_variants():
        assert fast.is_valid(variant) == slow.is_valid(variant), json.dumps(variant)[:500]
        checked += 1
    assert checked > 1_000


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"a": {"type": "string"}}},
        {"type": "object", "properties": {"a": {"type": "strin"}}},
        {"type": "object", "properties": {"a": {"minLength": -1}}},
        {"type": "object", "properties": {"a": {"enum": []}}},
        {"type": "object", "properties": {"a": {"required": "x"}}},
        {"type": "object", "properties": {"a": {"maximum": "10"}}},
        {"type": "object", "required": ["a", "a"]},
        {"type": "object", "properties": {"a": {"items": {"type": 1}}}},
    ],
)
def test_the_fast_and_the_python_schema_checks_agree(schema):
    try:
        Draft202012Validator.check_schema(schema)
        valid = True
    except Exception:
        valid = False
    assert jsonschema_rs.meta.is_valid(schema) == valid
