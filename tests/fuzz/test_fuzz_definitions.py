"""Generated definitions thrown at import: a clear error naming the place, or a form; never a crash.

Nothing is stored half: a refused definition leaves no form, draft or version behind.
"""

import copy
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builder import service
from builder.models import Form, FormVersion
from tests import definitions

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
ODD_TEXT = st.one_of(
    TEXT,
    st.sampled_from(["", " ", "..", "$", "a.b", "__proto__", "constructor", "\u202e", "é" * 300, "x" * 100_000]),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | ODD_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ODD_TEXT, children, max_size=4),
    max_leaves=20,
)


def import_text(text: bytes | str) -> None:
    """Import as ``import_form`` does; only InvalidDefinition may come out."""
    try:
        service.import_definition(service.parse_definition(text), publish_it=True)
    except service.InvalidDefinition as exc:
        assert exc.errors and all(error.path.startswith("$") and error.message for error in exc.errors), exc.errors
        raise


def stored() -> tuple:
    return (
        list(Form.objects.order_by("pk").values_list("slug", "draft")),
        list(FormVersion.objects.order_by("pk").values_list("pk", flat=True)),
    )


def paths(value, prefix=()):
    """Every place in a JSON document, as a tuple of keys and indexes."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*prefix, index))


def replaced(document, path: tuple, value):
    if not path:
        return value
    result = copy.deepcopy(document)
    parent = result
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return result


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes_are_refused_clearly(raw):
    before = stored()
    try:
        import_text(raw)
    except service.InvalidDefinition:
        assert stored() == before


@FUZZ
@given(data=st.data())
def test_a_valid_definition_with_one_part_replaced_imports_or_is_refused_clearly(data):
    original = definitions.all_kinds()
    places = list(paths(original))
    path = data.draw(st.sampled_from(places), label="path")
    document = replaced(original, path, data.draw(JSON, label="value"))
    before = stored()

    try:
        import_text(json.dumps(document))
    except service.InvalidDefinition:
        assert stored() == before
    else:
        assert Form.objects.get(slug=document["slug"]).draft == document


@FUZZ
@given(data=st.data())
def test_odd_keys_added_anywhere_are_refused_clearly(data):
    original = definitions.melding()
    containers = [path for path in paths(original) if isinstance(_at(original, path), dict)]
    path = data.draw(st.sampled_from(containers), label="path")
    key = data.draw(ODD_TEXT, label="key")
    target = _at(original, path)
    assume(key not in target)
    document = replaced(original, path, {**target, key: data.draw(JSON, label="value")})
    before = stored()

    try:
        import_text(json.dumps(document))
    except service.InvalidDefinition:
        assert stored() == before


def _at(document, path):
    for key in path:
        document = document[key]
    return document


@pytest.mark.parametrize("depth", [50, 500, 100_000])
def test_deep_nesting_is_refused_clearly(depth):
    as_text = "[" * depth + "]" * depth
    inside = definitions.melding()
    nested: object = "x"
    for _ in range(min(depth, 900)):
        nested = {"a": nested}
    inside["steps"][0]["schema"]["properties"]["diep"] = nested

    for text in [as_text, json.dumps(inside)]:
        with pytest.raises(service.InvalidDefinition) as refused:
            import_text(text)
        assert refused.value.errors
    assert not Form.objects.exists()


@pytest.mark.parametrize("where", ["name", "slug", "label"])
def test_nul_in_a_definition_is_refused(where):
    document = definitions.melding()
    if where == "label":
        document["steps"][0]["ui"]["fields"]["onderwerp"]["label"] = "Onder\x00werp"
    else:
        document[where] = "melding\x00"

    with pytest.raises(service.InvalidDefinition):
        import_text(json.dumps(document))
