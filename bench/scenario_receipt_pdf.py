"""Receipt PDF: ``render_pdf`` against bare WeasyPrint rendering a plain page of as many rows.

Loket's side is ``submissions.receipt.pdf.render_pdf`` for a received submission built
through the real services (import, start, submit_step, complete_submission): tagged
PDF/A-3a, the project's template and stylesheet, the proof JSON embedded. Two
submissions: a synthetic one with 100 answers (90 in one step, 10 in a fieldset of a
second) and the demo bezwaar form. Only the render is timed; building the receipt from
the database is not part of it.

The baseline is what any Django project would do for "a PDF of 100 answers": WeasyPrint
``HTML(string=...).write_pdf()`` of a plain page with one ``<p>label: value</p>`` per
answer, the same texts, no stylesheet, no PDF variant, no tags, no attachment. The
ratio is therefore the price of the archival, accessible receipt over the cheapest
possible PDF: tables with row headers (most of it: table layout), the PDF/A-3a structure
tree, a second font face (bold), the embedded JSON. On a quiet machine with HarfBuzz-Subset
installed that is about 3.5 for 100 answers (~0.34 s against ~0.10 s) and 2.4 for the
bezwaar (~0.09 s against ~0.04 s); the goal is set just above, as a guard against the
template growing heavy. Without libharfbuzz-subset0 WeasyPrint subsets fonts with
fontTools and both sides slow down, Loket's most (two faces): ~0.54 s for 100 answers,
~0.32 s for the bezwaar, ~0.15 s for the baseline.
"""

import json
import statistics
from html import escape
from pathlib import Path
from urllib.parse import urlencode

from django.http import QueryDict

from bench.harness import Comparison, interleaved
from builder.models import Form
from builder.service import import_definition
from submissions.models import Submission
from submissions.receipt.data import Receipt, build_receipt
from submissions.receipt.pdf import render_pdf, submission_json
from submissions.service import complete_submission, start_submission, submit_step

SLUG = "bench-receipt-pdf"
N = 7
WARMUP = 1
GOAL = 4.0
DEMO = Path(__file__).resolve().parent.parent / "demo" / "forms" / "bezwaar.json"
BEZWAAR_ANSWERS = {
    "indiener": {
        "naam": "Jan de Vries",
        "adres.straat": "Stationsstraat 12",
        "adres.postcode": "1234 AB",
        "adres.woonplaats": "Voorbeeld",
        "email": "jan.devries@example.nl",
        "telefoon": "020 123 4567",
    },
    "besluit": {"datum": "09-01-2026", "kenmerk": "PV-2026-0042", "onderwerp": "Afwijzing parkeervergunning"},
    "bezwaar": {
        "gronden": "Ik woon al tien jaar in deze straat en heb een auto nodig voor mijn werk.\r\n"
        "Mijn buren kregen wel een vergunning, in dezelfde situatie.",
        "horen": "ja",
    },
}
# kind -> (field schema, posted value); cycled over the 100 fields.
KINDS: dict[str, tuple[dict, str]] = {
    "text": ({"type": "string", "maxLength": 200}, "Jan de Vries"),
    "textarea": ({"type": "string", "maxLength": 2000}, "Een langer antwoord van een paar zinnen. " * 3),
    "date": ({"type": "string", "format": "date"}, "20-02-2026"),
    "email": ({"type": "string", "format": "email"}, "jan.devries@example.nl"),
    "select": ({"type": "string", "enum": ["a", "b"]}, "b"),
}


def _step(key: str, title: str, names: list[str], group: tuple[str, list[str]] | None = None) -> dict:
    def fields(items: list[str]) -> tuple[dict, dict]:
        properties, ui = {}, {}
        for index, name in enumerate(items):
            kind = list(KINDS)[index % len(KINDS)]
            properties[name] = KINDS[kind][0]
            ui[name] = {"kind": kind, "label": f"Vraag {name.replace('_', ' ')}"}
            if kind == "select":
                ui[name]["choices"] = {"a": "Optie A", "b": "Optie B"}
        return properties, ui

    properties, ui = fields(names)
    order = list(names)
    if group:
        name, children = group
        child_properties, child_ui = fields(children)
        properties[name] = {"type": "object", "properties": child_properties}
        ui[name] = {"kind": "fieldset", "label": "Een groep vragen", "order": children, "fields": child_ui}
        order.append(name)
    return {
        "key": key,
        "title": title,
        "schema": {"type": "object", "properties": properties},
        "ui": {"order": order, "fields": ui},
    }


def definition() -> dict:
    first = [f"veld_{i:03d}" for i in range(90)]
    grouped = [f"groep_{i:02d}" for i in range(10)]
    return {
        "format": "loket-form/1",
        "slug": SLUG,
        "name": {"nl": "Benchmark: ontvangstbevestiging met 100 antwoorden"},
        "settings": {
            "reference_prefix": "BPDF",
            "receipt_email": "no_links",
            "next_steps": "Wij nemen binnen 2 weken contact met u op.",
        },
        "steps": [
            _step("eerste", "Eerste stap", first),
            _step("tweede", "Tweede stap", [], ("groep", grouped)),
        ],
        "logic": [],
    }


def receive(definition_: dict, answers) -> Submission:
    form, _version = import_definition(definition_, publish_it=True)
    submission = start_submission(Form.objects.get(pk=form.pk))
    for step in submission.form_version.spec.steps:
        result = submit_step(submission, step, QueryDict(urlencode(answers(step))))
        if not result.is_valid:
            raise RuntimeError(f"{step.key}: {result.errors}")
    return complete_submission(submission, declaration_accepted=True)


def synthetic_answers(step) -> dict[str, str]:
    return {item.dotted: KINDS[item.kind.id][1] for item in step.data_fields() if item.kind.id in KINDS}


def bare_html(receipt: Receipt) -> str:
    rows = "".join(
        f"<p>{escape(row.label)}: {escape(row.value)}</p>" for section in receipt.sections for row in section.rows
    )
    title = escape(receipt.form_name)
    return f"<!doctype html><html lang='nl'><head><title>{title}</title></head><body>{rows}</body></html>"


def prepare_pair(submission: Submission):
    from weasyprint import HTML

    receipt = build_receipt(submission)
    attachment = submission_json(submission)
    html = bare_html(receipt)
    rows = sum(len(section.rows) for section in receipt.sections)

    def loket() -> None:
        render_pdf(receipt, attachment)

    def bare() -> None:
        HTML(string=html).write_pdf()

    return loket, bare, rows


def prepare():
    """(loket, bare, rows) for the 100-answer submission and for the demo bezwaar."""
    hundred = receive(definition(), synthetic_answers)
    demo = {**json.loads(DEMO.read_text()), "slug": f"{SLUG}-bezwaar"}  # scenarios share one database
    bezwaar = receive(demo, lambda step: BEZWAAR_ANSWERS[step.key])
    return prepare_pair(hundred), prepare_pair(bezwaar)


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def run() -> list[Comparison]:
    results = []
    for name, (loket, bare, rows) in zip(("receipt-pdf-100", "receipt-pdf-bezwaar"), prepare(), strict=True):
        loket_times, bare_times = interleaved(loket, bare, n=N, warmup=WARMUP)
        results.append(
            Comparison(
                name,
                loket_times,
                bare_times,
                goal=GOAL,
                baseline_label="bare WeasyPrint",
                detail=f"{rows} rows; absolute target < 500 ms: {_met(statistics.median(loket_times) < 0.5)}",
            )
        )
    return results
