"""Builder: a 300-field form saved and opened in the builder, and the two lists of 1,000 forms.

Each line gives Loket's median against an absolute goal from the builder issue and, for
comparison, a bare Django baseline measured in the same run (alternating):

- save: one builder change (a field moved) posted to the builder page, which validates the
  whole 300-field definition and stores it; baseline: one UPDATE of the draft column.
- open: GET the builder page of that form with a field's property panel open; baseline:
  GET the admin's plain change list of one form (the admin frame with no builder).
- admin list / public list: 1,000 published forms; baselines as in ``form-list``.

The editor is logged in with both factors the way django-otp does after a real login.
"""

import copy
import statistics

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.harness import count_queries, interleaved
from builder.models import Form
from builder.service import import_definition

FIELDS = 300
FORMS = 1000
N = 30
WARMUP = 3


def _definition(slug: str, fields: int) -> dict:
    properties, ui = {}, {}
    for number in range(fields):
        name = f"veld_{number:03d}"
        properties[name] = {"type": "string", "maxLength": 200}
        ui[name] = {"kind": "text", "label": f"Veld {number}", "help": "Uitleg bij dit veld."}
    return {
        "format": "loket-form/1",
        "slug": slug,
        "name": f"Formulier {slug}",
        "settings": {"reference_prefix": "BNC"},
        "steps": [
            {
                "key": "stap",
                "title": "Stap",
                "schema": {"type": "object", "properties": properties, "required": list(properties)[:100]},
                "ui": {"order": list(ui), "fields": ui},
            }
        ],
    }


def _editor() -> Client:
    user = get_user_model().objects.create_superuser("bench-editor", "bench@example.nl", "x")
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _line(name: str, goal_ms: float, times, baseline_label: str, baseline_times, detail: str) -> str:
    median = statistics.median(times) * 1000
    baseline = statistics.median(baseline_times) * 1000
    verdict = "met" if median < goal_ms else "NOT met"
    return (
        f"{name}: loket median {median:.1f} ms (goal < {goal_ms:.0f} ms: {verdict}), "
        f"{baseline_label} median {baseline:.1f} ms [n={len(times)}; {detail}]"
    )


def run() -> list[str]:
    client = _editor()
    big, _version = import_definition(_definition("groot", FIELDS), publish_it=True)
    builder = reverse("admin:builder_form_builder", args=[big.pk])
    moves = iter(range(10**6))

    def save() -> None:
        # veld_000 goes down and up again, so every save is a real change of the same size.
        direction = "down" if next(moves) % 2 == 0 else "up"
        response = client.post(builder, {"action": f"move_field:veld_000:{direction}", "step": "stap"})
        if response.status_code != 302:
            raise RuntimeError(f"builder save: {response.status_code}")

    def bare_save() -> None:
        Form.objects.filter(pk=big.pk).update(draft=copy.deepcopy(big.draft))

    def open_builder() -> None:
        response = client.get(builder + "?step=stap&field=veld_150")
        if response.status_code != 200:
            raise RuntimeError(f"builder page: {response.status_code}")

    changelist = reverse("admin:builder_form_changelist")

    def bare_admin() -> None:
        if client.get(reverse("admin:index")).status_code != 200:
            raise RuntimeError("admin index")

    lines = []
    queries = f"queries {count_queries(save)} vs {count_queries(bare_save)}"
    lines.append(_line(f"builder-save-{FIELDS}", 500, *_pair(save, bare_save), queries))
    queries = f"queries {count_queries(open_builder)} vs {count_queries(bare_admin)}"
    pair = _pair(open_builder, bare_admin, label="admin index")
    lines.append(_line(f"builder-open-{FIELDS}", 1000, *pair, queries))

    for number in range(FORMS - 1):
        definition = _definition(f"formulier-{number:04d}", 1)
        import_definition(definition, publish_it=True)

    def admin_list() -> None:
        if client.get(changelist).status_code != 200:
            raise RuntimeError("admin list")

    def public_list() -> None:
        response = client.get("/")
        if response.status_code != 200 or response.content.count(b"<li>") != FORMS:
            raise RuntimeError("public list")

    queries = f"{FORMS} forms; queries {count_queries(admin_list)} vs {count_queries(bare_admin)}"
    lines.append(_line("admin-form-list", 50, *_pair(admin_list, bare_admin, label="admin index"), queries))
    queries = f"{FORMS} forms; queries {count_queries(public_list)}"
    lines.append(_line("public-form-list", 50, *_pair(public_list, bare_admin, label="admin index"), queries))
    return lines


def _pair(subject, baseline, label: str = "bare update"):
    subject_times, baseline_times = interleaved(subject, baseline, n=N, warmup=WARMUP)
    return subject_times, label, baseline_times
