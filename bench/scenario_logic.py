"""Form logic: evaluate every rule of a 300-field, 65-rule form for one submission (goal: median < 10 ms).

The form has six steps of 50 fields (text, radio, number, date, checkboxes) and 65
rules mixing every operator a rule may use: equals, not equals, contains, greater and
less than, empty, dates relative to today, and/or nesting, over fields of every step;
their actions show, hide, require, make optional and set values, and some feed
others (so the dependency order matters). What is timed is what every page does:
a fresh ``FormState`` for the saved data and its ``outcome()`` (the compiled spec is
cached per version, as in production). For reference the line also gives the
time of ``applied_data()``, which completion uses (rules plus dropping hidden values).
"""

import statistics
import time

from builder.definition.validation import validate_definition
from builder.spec import FormSpec
from builder.state import FormState

NAME = "logic"
STEPS = 6
PER_STEP = 50
RULES = 65
N = 300
WARMUP = 20
GOAL_MS = 10.0

KINDS = {
    "text": ({"type": "string", "maxLength": 200}, {}, "Parkeren aan de gracht"),
    "radio": ({"type": "string", "enum": ["ja", "nee"]}, {"choices": {"ja": "Ja", "nee": "Nee"}}, "ja"),
    "number": ({"type": "number"}, {}, 42),
    "date": ({"type": "string", "format": "date"}, {}, "2024-05-01"),
    "checkboxes": (
        {"type": "array", "items": {"type": "string", "enum": ["a", "b", "c"]}},
        {"choices": {"a": "A", "b": "B", "c": "C"}},
        ["a", "c"],
    ),
}
ORDER = list(KINDS)


def field(step: int, index: int) -> tuple[str, str]:
    kind = ORDER[index % len(ORDER)]
    return f"v{index:02d}_{kind}", kind


def definition() -> dict:
    steps = []
    for step in range(STEPS):
        properties, fields = {}, {}
        for index in range(PER_STEP):
            name, kind = field(step, index)
            schema, ui, _ = KINDS[kind]
            properties[name] = dict(schema)
            fields[name] = {"kind": kind, "label": f"Vraag {step}.{index}", **ui}
        steps.append(
            {
                "key": f"stap{step}",
                "title": f"Stap {step}",
                "schema": {"type": "object", "properties": properties},
                "ui": {"order": list(properties), "fields": fields},
            }
        )
    return {
        "format": "loket-form/1",
        "slug": "bench-logic",
        "name": "Benchmark: logica",
        "settings": {"reference_prefix": "BLOG"},
        "steps": steps,
        "logic": rules(),
    }


def path(step: int, index: int) -> str:
    return f"stap{step}.{field(step, index)[0]}"


def condition(n: int) -> dict:
    step = n % STEPS
    base = (n * 5) % 40  # the first 40 fields are read, the last 10 are changed
    text, radio, number, date, boxes = (path(step, base + offset) for offset in range(5))
    shapes = [
        {"==": [{"var": radio}, "ja"]},
        {"and": [{">": [{"var": number}, 10]}, {"!=": [{"var": text}, "nee"]}]},
        {"in": ["b", {"var": boxes}]},
        {"or": [{"<": [{"var": date}, {"today": [-1, "years"]}]}, {"==": [{"var": text}, None]}]},
        {"and": [{"in": ["gracht", {"var": text}]}, {"or": [{"<=": [{"var": number}, 100]}, {"!": {"var": radio}}]}]},
    ]
    return shapes[n % len(shapes)]


def rules() -> list[dict]:
    made = []
    for n in range(RULES):
        step = (n + 1) % STEPS
        target = path(step, 40 + n % 10)
        action = [
            {"action": "show_field", "field": target},
            {"action": "hide_field", "field": target},
            {"action": "require_field", "field": target},
            {"action": "optional_field", "field": target},
            {"action": "set_value", "field": path(step, 40), "value": "Gezet door een regel"},
        ][n % 5]
        made.append({"when": condition(n), "then": [action]})
    # A few chains: a rule that hides a field another rule reads (dependency order matters).
    for n in range(5):
        made[60 + n] = {
            "when": {"==": [{"var": path(n, 42)}, 1]},
            "then": [{"action": "hide_step", "step": f"stap{(n + 2) % STEPS}"}]
            if n == 0
            else [{"action": "require_field", "field": path(n, 44)}],
        }
    return made


def data() -> dict:
    return {
        f"stap{step}": {field(step, index)[0]: KINDS[field(step, index)[1]][2] for index in range(PER_STEP)}
        for step in range(STEPS)
    }


def run() -> str:
    spec_definition = definition()
    validate_definition(spec_definition)  # the benchmark form is one an editor could save
    spec = FormSpec(spec_definition)
    answers = data()
    outcome_times, applied_times = [], []
    for round_number in range(WARMUP + N):
        start = time.perf_counter()
        FormState(spec, answers).outcome()
        middle = time.perf_counter()
        FormState(spec, answers).applied_data()
        end = time.perf_counter()
        if round_number >= WARMUP:
            outcome_times.append(middle - start)
            applied_times.append(end - middle)
    median = statistics.median(outcome_times) * 1000
    met = "met" if median < GOAL_MS else "NOT met"
    applied = statistics.median(applied_times) * 1000
    return (
        f"{NAME}: {STEPS * PER_STEP} fields, {len(spec_definition['logic'])} rules: evaluate median {median:.2f} ms "
        f"(goal < {GOAL_MS:.0f} ms: {met}); with dropping hidden values {applied:.2f} ms "
        f"[n={N}]"
    )
