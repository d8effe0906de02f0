"""Registration throughput: zaken per second against the fake ZGW APIs with 50 ms per call.

Loket's side is the real registration job (``jobs.run`` of the ``registration`` job:
claim, lease, the ZGW backend's whole sequence with its lookups, every step stored)
for received demo bezwaarschriften, against the fake Zaken, Documenten and Catalogi
APIs of the tests (``tests/registrations/fake_zgw.py``) on a real local HTTP server
that waits ``LATENCY`` before every answer, as a remote zaaksysteem's round trip would.

There is no plain-Django baseline: the floor is the latency itself. One registration
makes its calls one after another, so it cannot take less than (calls per zaak x
50 ms); the report gives that ratio for one registration alone, and the throughput
with ``THREADS`` registrations running side by side (each thread its own database
connection, as each worker process has), which is how the issue's "20 zaken per
second" is reached: it takes about (calls x 50 ms x 20) registrations in flight.

Fair to know: the fake does not validate against the OpenAPI files here (the tests
do); with validation its own CPU, in this process, would be measured as Loket's.
The receipt PDF is rendered once and its bytes reused for every submission: the
registration sends it, but rendering is the receipt-pdf scenario's subject.
"""

import json
import os
import queue
import threading
import time
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

from django.core.files.base import ContentFile
from django.db import connection
from django.http import QueryDict
from django.utils import timezone
from zgw_consumers.constants import APITypes, AuthTypes
from zgw_consumers.models import Service

from bench.scenario_receipt_pdf import BEZWAAR_ANSWERS as ANSWERS
from builder.models import Form
from builder.service import import_definition
from registrations.models import FormRegistration, RegistrationRecord
from submissions import jobs
from submissions.models import Job, ReceiptFile, Submission
from submissions.service import complete_submission, start_submission, submit_step
from tests.registrations.fake_zgw import CLIENT_ID, SECRET, FakeZGW
from tests.registrations.fake_zgw_apis import CATALOGUS_RSIN, IOT, ZAAKTYPE

NAME = "registration"
SLUG = "bench-registration"
LATENCY = 0.05
COUNT = int(os.environ.get("LOKET_BENCH_REGISTRATIONS", "60"))
THREADS = int(os.environ.get("LOKET_BENCH_REGISTRATION_THREADS", "24"))
GOAL = 20.0  # zaken per second (the issue: with two worker processes)
DEMO = Path(__file__).resolve().parent.parent / "demo" / "forms" / "bezwaar.json"


def _services(roots: dict[str, str]) -> None:
    for api, api_type in (("zaken", APITypes.zrc), ("documenten", APITypes.drc), ("catalogi", APITypes.ztc)):
        Service.objects.update_or_create(
            slug=f"{SLUG}-{api}",
            defaults={
                "label": f"{api.title()} (bench)",
                "api_type": api_type,
                "api_root": roots[api],
                "auth_type": AuthTypes.zgw,
                "client_id": CLIENT_ID,
                "secret": SECRET,
                "user_id": "loket",
                "user_representation": "Loket",
                "timeout": 10,
            },
        )


def _options() -> dict:
    return {
        "zaken_service": f"{SLUG}-zaken",
        "documenten_service": f"{SLUG}-documenten",
        "catalogi_service": f"{SLUG}-catalogi",
        "catalogus_domein": "BZW",
        "catalogus_rsin": CATALOGUS_RSIN,
        "zaaktype": ZAAKTYPE,
        "informatieobjecttype": IOT,
        "organisatie_rsin": "002220647",
        "omschrijving": "Bezwaar {reference}",
        "initiator": {"geslachtsnaam": "indiener.naam", "emailadres": "indiener.email"},
        "eigenschappen": {"datum_besluit": "besluit.datum"},
    }


def _receive(form: Form) -> Submission:
    submission = start_submission(Form.objects.get(pk=form.pk))
    for step in submission.form_version.spec.steps:
        assert submit_step(submission, step, QueryDict(urlencode(ANSWERS[step.key]))).is_valid
    return complete_submission(submission, declaration_accepted=True)


def prepare(roots: dict[str, str], count: int) -> list[int]:
    """``count`` received bezwaarschriften whose registration job is due; returns those job ids."""
    definition = json.loads(DEMO.read_text())
    definition["slug"] = SLUG
    form, _version = import_definition(definition, publish_it=True)
    _services(roots)
    FormRegistration.objects.get_or_create(form=form, backend="zgw", defaults={"options": _options()})
    pdf = None
    with mock.patch("submissions.jobs._send"):  # nothing to a broker: this thread runs the jobs below
        for _ in range(count):
            submission = _receive(form)
            if pdf is None:
                pdf_job = Job.objects.get(submission=submission, kind="receipt_pdf")
                jobs.run(pdf_job.pk)
                pdf = ReceiptFile.objects.get(submission=submission).pdf.read()
            elif not ReceiptFile.objects.filter(submission=submission).exists():
                ReceiptFile.objects.create(
                    submission=submission, pdf=ContentFile(pdf, name="receipt.pdf"), sha256="0" * 64, size=len(pdf)
                )
            Job.objects.filter(submission=submission).exclude(kind="registration").update(
                status=Job.Status.DONE, finished_at=timezone.now(), locked_until=None
            )
    return list(
        Job.objects.filter(submission__form_version__form=form, kind="registration", status=Job.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _run_all(job_ids: list[int], threads: int) -> float:
    todo: queue.Queue[int] = queue.Queue()
    for job_id in job_ids:
        todo.put(job_id)

    def worker() -> None:
        try:
            while True:
                try:
                    job_id = todo.get_nowait()
                except queue.Empty:
                    return
                jobs.run(job_id)
        finally:
            connection.close()  # each thread had its own connection

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started


def run() -> str:
    fake = FakeZGW(validate=False)
    try:
        job_ids = prepare(fake.roots, COUNT + 1)
        fake.latency = LATENCY
        calls_before = len(fake.calls)
        alone = _run_all(job_ids[:1], 1)  # one registration by itself: its calls one after another
        calls = len(fake.calls) - calls_before
        together = _run_all(job_ids[1:], THREADS)
    finally:
        fake.close()
    registered = RegistrationRecord.objects.filter(
        submission__form_version__form__slug=SLUG, status=RegistrationRecord.Status.REGISTERED
    ).count()
    zaken = len(fake.store.all("zaken"))
    rate = (registered - 1) / together
    floor = calls * LATENCY
    met = "met" if rate >= GOAL else "NOT met"
    return (
        f"{NAME}: {rate:.1f} zaken/s with {THREADS} concurrent registrations (goal >= {GOAL:.0f}: {met}); "
        f"one alone {alone:.2f} s = {alone / floor:.2f} x ({calls} calls x {LATENCY * 1000:.0f} ms) "
        f"[{registered}/{len(job_ids)} registered, {zaken} zaken in the fake]"
    )
