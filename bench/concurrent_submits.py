"""Many citizens at once on the embedded default: ``make bench-concurrency``.

Starts Loket the way ``make demo`` does (development settings, SQLite, filesystem broker,
the demo forms, ``runserver`` and a Celery worker with beat) in a throwaway folder, then
lets ``--citizens`` people complete the bezwaarschrift over HTTP, again and again, for
``--seconds``. The worker makes each receipt PDF and e-mail meanwhile, writing to the
same database. Prints completions and errors; exits 1 on any error.

    .venv/bin/python bench/concurrent_submits.py                      # 20 citizens, 60 s
    .venv/bin/python bench/concurrent_submits.py --citizens 5 --seconds 10
"""

import argparse
import collections
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CELERY = str(ROOT / ".venv" / "bin" / "celery")
sys.path.insert(0, str(ROOT))

from bench.http_citizen import CitizenError, HttpCitizen  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def demo_environment(var_dir: Path) -> dict[str, str]:
    """The demo's environment, with every server-backed setting removed: the embedded default."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="forms_platform.settings.dev", LOKET_VAR_DIR=str(var_dir))
    return environment


def start_loket(var_dir: Path, port: int, environment: dict[str, str]) -> list[subprocess.Popen]:
    for folder in ("broker", "broker-processed", "broker-control", "mail"):
        (var_dir / folder).mkdir(parents=True, exist_ok=True)
    quiet = {"cwd": ROOT, "env": environment, "stdout": subprocess.DEVNULL}
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], check=True, **quiet)
    subprocess.run([PYTHON, "manage.py", "load_demo"], check=True, **quiet)
    worker_log = open(var_dir / "worker.log", "w")  # noqa: SIM115 (open as long as the worker runs)
    server_log = open(var_dir / "server.log", "w")  # noqa: SIM115
    schedule = str(var_dir / "celerybeat-schedule")
    worker = subprocess.Popen(
        [CELERY, "-A", "forms_platform", "worker", "--beat", "--pool=solo", "--loglevel=INFO", "--schedule", schedule],
        cwd=ROOT,
        env=environment,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return [server, worker]
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"Loket did not start; see {var_dir / 'server.log'}")


def run_citizens(base_url: str, answers: dict, citizens: int, seconds: float) -> tuple[int, collections.Counter, float]:
    completions = 0
    slowest = 0.0
    errors: collections.Counter = collections.Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def citizen() -> None:
        nonlocal completions, slowest
        while time.monotonic() < deadline:
            browser = HttpCitizen(base_url)
            try:
                submission = browser.start("bezwaar")
                browser.fill(submission, answers)
                browser.send(submission)
            except (CitizenError, OSError) as error:
                with lock:
                    errors[str(error).split(": ", 1)[-1]] += 1
            else:
                with lock:
                    completions += 1
            with lock:
                slowest = max(slowest, browser.slowest)

    threads = [threading.Thread(target=citizen) for _ in range(citizens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return completions, errors, slowest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--citizens", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder (database, logs)")
    arguments = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="loket-concurrency-"))
    environment = demo_environment(var_dir)
    os.environ.update(DJANGO_SETTINGS_MODULE=environment["DJANGO_SETTINGS_MODULE"], LOKET_VAR_DIR=str(var_dir))
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.db.models import Count

    from submissions.models import Job, Submission
    from tests.flow import BEZWAAR_ANSWERS

    port = free_port()
    processes = start_loket(var_dir, port, environment)
    try:
        print(f"{arguments.citizens} citizens, {arguments.seconds:g} s, SQLite in {var_dir}", flush=True)
        completions, errors, slowest = run_citizens(
            f"http://127.0.0.1:{port}", BEZWAAR_ANSWERS, arguments.citizens, arguments.seconds
        )
        time.sleep(5)  # the worker catches up on the last receipts
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)

    received = Submission.objects.filter(status=Submission.Status.RECEIVED).count()
    jobs = dict(Job.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    failed_attempts = Job.objects.exclude(last_error="").count()
    locked_in_logs = sum(
        (var_dir / log).read_text(errors="replace").count("database is locked") for log in ("server.log", "worker.log")
    )
    print(f"completions: {completions} ({completions / arguments.seconds:.1f}/s), received in database: {received}")
    print(f"slowest request: {slowest:.1f} s")
    print(f"errors: {sum(errors.values())}" + "".join(f"\n  {count}x {what}" for what, count in errors.items()))
    print(
        f"jobs: {jobs}, jobs with a failed attempt: {failed_attempts}, 'database is locked' in logs: {locked_in_logs}"
    )
    if not arguments.keep:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 1 if errors or failed_attempts or locked_in_logs else 0


if __name__ == "__main__":
    sys.exit(main())
