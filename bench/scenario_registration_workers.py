"""Registration throughput as the issue sets it: two worker processes, the fake ZGW APIs in a third.

The same registrations as ``scenario_registration`` (the real ``registration`` job for
received bezwaarschriften, 50 ms before every answer), but:

- the fake Zaken, Documenten and Catalogi APIs run in a process of their own
  (``bench/fake_zgw_process.py``), so their Python does not share the workers' interpreter;
- two worker processes (``bench/registration_worker.py``) each run half of the jobs with
  ``LOKET_BENCH_WORKER_THREADS`` threads (default 16), each thread with its own database
  connection, as a Celery worker with a thread pool would.

Besides zaken per second it prints the CPU each side used per zaak, measured from the
processes' own accounting, and what that allows on this machine's cores: when the rate
stays under the goal, that line says whether the CPU (and whose) or the latency bounds it.
"""

import json
import os
import resource
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.db import connection

from registrations.models import RegistrationRecord
from submissions import jobs

from .scenario_registration import GOAL, LATENCY, SLUG, prepare

NAME = "registration-workers"
WORKERS = 2
THREADS = int(os.environ.get("LOKET_BENCH_WORKER_THREADS", "16"))
COUNT = int(os.environ.get("LOKET_BENCH_WORKER_REGISTRATIONS", "200"))
ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _calls(base: str) -> int:
    with urllib.request.urlopen(f"{base}/__calls", timeout=10) as response:
        return json.loads(response.read())


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", *args], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def _say(process: subprocess.Popen, line: str) -> None:
    process.stdin.write(line + "\n")
    process.stdin.flush()


def run() -> str:
    fake = _start("bench.fake_zgw_process", "--latency", str(LATENCY))
    try:
        info = json.loads(fake.stdout.readline())
        job_ids = prepare(info["roots"], COUNT + 1)
        before = _calls(info["base"])
        started = time.perf_counter()
        jobs.run(job_ids[0])  # one registration alone, in this process: its calls one after another
        alone = time.perf_counter() - started
        calls = _calls(info["base"]) - before
        connection.close()  # SQLite: let the workers write

        workers = [_start("bench.registration_worker", "--threads", str(THREADS)) for _ in range(WORKERS)]
        for index, worker in enumerate(workers):
            _say(worker, json.dumps(job_ids[1 + index :: WORKERS]))
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready", "a worker did not start"
        cpu_before = _children_cpu()
        started = time.perf_counter()
        for worker in workers:
            _say(worker, "go")
        results = [json.loads(worker.stdout.readline()) for worker in workers]
        elapsed = time.perf_counter() - started
        for worker in workers:
            worker.stdin.close()
            worker.wait()
        workers_cpu = _children_cpu() - cpu_before
    finally:
        fake.stdin.close()
        fake.wait()
    fake_cpu = _children_cpu() - cpu_before - workers_cpu  # (its preparation and lone run included)
    registered = RegistrationRecord.objects.filter(
        submission__form_version__form__slug=SLUG, status=RegistrationRecord.Status.REGISTERED
    ).count()
    done = sum(result["ran"] for result in results)
    rate = (registered - 1) / elapsed
    floor = calls * LATENCY
    per_zaak = (workers_cpu + fake_cpu) / max(done, 1)
    cores = os.cpu_count() or 1
    met = "met" if rate >= GOAL else "NOT met"
    return (
        f"{NAME}: {rate:.1f} zaken/s with {WORKERS} worker processes x {THREADS} threads, fake in its own process "
        f"(goal >= {GOAL:.0f}: {met}); one alone {alone:.2f} s = {alone / floor:.2f} x ({calls} calls x "
        f"{LATENCY * 1000:.0f} ms); latency bound with {WORKERS * THREADS} in flight: "
        f"{WORKERS * THREADS / floor:.0f}/s; CPU per zaak: workers {workers_cpu / max(done, 1) * 1000:.0f} ms + "
        f"fake {fake_cpu / max(done, 1) * 1000:.0f} ms, CPU bound on {cores} cores: {cores / per_zaak:.1f}/s "
        f"[{registered}/{len(job_ids)} registered in {elapsed:.1f} s]"
    )
