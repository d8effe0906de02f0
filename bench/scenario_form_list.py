"""Form list: the public list of 1,000 published forms, against a bare view listing one table.

Loket's side is GET / through ``django.test.Client``: the open forms with a live version,
each shown with its live version's name (a join, one query), rendered with the citizen
page template. The baseline (``bench.views.bare_form_list``) reads slug and name from the
form table alone and writes the links into a minimal page. 1,000 forms are imported and
published through the real service first. Same client, same process; runs alternate.
"""

import copy

from django.test import Client

from bench.harness import Comparison, count_queries, interleaved
from builder.service import import_definition

NAME = "form-list"
FORMS = 1000
N = 100
WARMUP = 5

DEFINITION = {
    "format": "loket-form/1",
    "slug": "formulier",
    "name": "Formulier",
    "settings": {"reference_prefix": "FRM"},
    "steps": [
        {
            "key": "vraag",
            "title": "Uw vraag",
            "schema": {"type": "object", "properties": {"vraag": {"type": "string"}}, "required": ["vraag"]},
            "ui": {"order": ["vraag"], "fields": {"vraag": {"kind": "textarea", "label": "Uw vraag"}}},
        }
    ],
}


def prepare() -> tuple:
    for number in range(FORMS):
        definition = copy.deepcopy(DEFINITION)
        definition["slug"] = f"formulier-{number:04d}"
        definition["name"] = f"Formulier {number:04d}"
        import_definition(definition, publish_it=True)
    client = Client()

    def loket() -> None:
        response = client.get("/")
        if response.status_code != 200 or response.content.count(b"<li>") != FORMS:
            raise RuntimeError(f"the list of forms: {response.status_code}, not {FORMS} items")

    def bare() -> None:
        response = client.get("/bench/bare-form-list/")
        if response.status_code != 200 or response.content.count(b"<li>") != FORMS:
            raise RuntimeError(f"the bare list: {response.status_code}, not {FORMS} items")

    loket()
    bare()
    return loket, bare


def run() -> Comparison:
    loket, bare = prepare()
    queries = f"queries {count_queries(loket)} vs {count_queries(bare)}"
    loket_times, bare_times = interleaved(loket, bare, n=N, warmup=WARMUP)
    return Comparison(NAME, loket_times, bare_times, detail=f"{FORMS} forms; {queries}")
