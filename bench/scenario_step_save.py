"""Step save: a citizen posts a 50-field step, against a bare view that stores the same POST.

Loket's side is the real flow through ``django.test.Client``: the form is imported and
published from a loket-form/1 definition, a submission is started with POST
/formulieren/<slug>/, then the same valid answers are posted to the step URL again and
again (ownership check, parse, JSON Schema validation, ``update_or_create`` of the step,
redirect). The baseline (``bench.views.bare_step``) reads the same POST and does the
same ``update_or_create`` of one row, with no checks. Same client, same process, same
middleware; runs alternate.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.test import Client

from bench.harness import Comparison, count_queries, interleaved
from builder.models import Form
from builder.service import import_definition
from submissions.models import SubmissionStep
from submissions.service import start_submission

NAME = "step-save"
SLUG = "bench-step-save"
STEP_KEY = "gegevens"
FIELD_COUNT = 50
N = 500
WARMUP = 20
GOAL = 2.0
FORM_ENCODED = "application/x-www-form-urlencoded"

CHOICES = {"a": "Optie A", "b": "Optie B", "c": "Optie C"}

# kind -> (field schema, posted value(s)). The first nine are the everyday kinds; the rest
# follow so every kind with data is in the step. All posted values are valid.
KINDS: dict[str, tuple[dict, str | list[str]]] = {
    "text": ({"type": "string", "minLength": 1, "maxLength": 200}, "Jan de Vries"),
    "email": ({"type": "string", "format": "email", "maxLength": 254}, "jan.devries@example.nl"),
    "date": ({"type": "string", "format": "date"}, "2026-02-20"),
    "integer": ({"type": "integer", "minimum": 0, "maximum": 150}, "42"),
    "select": ({"type": "string", "enum": list(CHOICES)}, "b"),
    "radio": ({"type": "string", "enum": ["ja", "nee"]}, "ja"),
    "postcode": ({"type": "string", "format": "nl-postcode"}, "1234 ab"),
    "textarea": ({"type": "string", "minLength": 1, "maxLength": 20000}, "Eerste regel.\r\nTweede regel."),
    "checkbox": ({"type": "boolean", "const": True}, "on"),
    "phone": ({"type": "string", "format": "phone"}, "020 123 4567"),
    "number": ({"type": "number", "minimum": 0}, "12,5"),
    "checkboxes": (
        {"type": "array", "items": {"type": "string", "enum": list(CHOICES)}, "minItems": 1, "uniqueItems": True},
        ["a", "c"],
    ),
    "bsn": ({"type": "string", "format": "nl-bsn"}, "111222333"),
    "iban": ({"type": "string", "format": "iban"}, "NL91 ABNA 0417 1643 00"),
}


def _fields() -> list[tuple[str, str]]:
    """(field name, kind) for FIELD_COUNT fields, cycling through KINDS."""
    kinds = list(KINDS)
    return [(f"veld_{i:02d}_{kinds[i % len(kinds)]}", kinds[i % len(kinds)]) for i in range(FIELD_COUNT)]


def definition() -> dict:
    """A one-step loket-form/1 definition with FIELD_COUNT required fields."""
    properties, ui_fields = {}, {}
    for name, kind in _fields():
        properties[name] = KINDS[kind][0]
        ui_fields[name] = {"kind": kind, "label": f"Vraag {name}", "help": f"Uitleg bij {name}."}
        if kind in ("select", "checkboxes"):
            ui_fields[name]["choices"] = dict(CHOICES)
        elif kind == "radio":
            ui_fields[name]["choices"] = {"ja": "Ja", "nee": "Nee"}
    return {
        "format": "loket-form/1",
        "slug": SLUG,
        "name": {"nl": "Benchmark: één stap met 50 velden", "en": "Benchmark: one step with 50 fields"},
        "settings": {"reference_prefix": "BNCH", "receipt_email": "no_links"},
        "steps": [
            {
                "key": STEP_KEY,
                "title": "Uw gegevens",
                "schema": {"type": "object", "properties": properties, "required": list(properties)},
                "ui": {"order": list(properties), "fields": ui_fields},
            }
        ],
        "logic": [],
    }


def answers() -> dict[str, str | list[str]]:
    return {name: KINDS[kind][1] for name, kind in _fields()}


def _expect_redirect(response, what: str) -> None:
    if response.status_code != 302:
        raise RuntimeError(f"{what}: expected a redirect, got {response.status_code}")


def prepare(form_definition: dict | None = None) -> tuple[Callable[[], None], Callable[[], None]]:
    """Publish the form (by default :func:`definition`), start both submissions; return (loket, bare) step save."""
    form_definition = form_definition or definition()
    form, _version = import_definition(form_definition, publish_it=True)
    client = Client()
    response = client.post(f"/formulieren/{form_definition['slug']}/")
    _expect_redirect(response, "starting the submission")
    step_url = response["Location"]
    # Fetched again: publish() set live_version on its own locked copy of the form.
    bare_submission = start_submission(Form.objects.get(pk=form.pk))
    bare_url = f"/bench/bare-step/{bare_submission.pk}/"
    # Encoded as a browser sends the step form (no enctype); the test client's default,
    # multipart, would add the same parsing cost (about a millisecond) to both sides and blur the ratio.
    body = urlencode(answers(), doseq=True)

    def loket() -> None:
        _expect_redirect(client.post(step_url, body, content_type=FORM_ENCODED), "loket step save")

    def bare() -> None:
        _expect_redirect(client.post(bare_url, body, content_type=FORM_ENCODED), "bare step save")

    # Prove both store every answer before timing anything; from here on each POST is an update.
    loket()
    bare()
    loket_row = {"step_key": STEP_KEY, "submission__form_version__form": form}
    for side, row in (("loket", loket_row), ("bare view", {"submission": bare_submission})):
        stored = SubmissionStep.objects.get(**row).data
        if len(stored) != FIELD_COUNT:
            raise RuntimeError(f"{side} stored {len(stored)} of {FIELD_COUNT} answers")
    return loket, bare


def run() -> Comparison:
    loket, bare = prepare()
    queries = f"queries {count_queries(loket)} vs {count_queries(bare)}"
    loket_times, bare_times = interleaved(loket, bare, n=N, warmup=WARMUP)
    return Comparison(NAME, loket_times, bare_times, goal=GOAL, detail=queries)
