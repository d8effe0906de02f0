"""Load and fault test on loopback: ``make loadtest`` (see docs/deploy.md for figures).

Starts a production-like stack (``bin/serve``: gunicorn, two Celery workers and beat, production
settings) on a fresh PostgreSQL database and a private ``redis-server`` on a free port, so nothing
else on the machine is touched; then runs locust (``bench/locustfile.py``) headless with N citizens
for a bounded time, samples the job backlog, waits until every after-receipt job has finished and
counts submissions against receipt PDFs and e-mails (files written by Django's file backend).

``--faults`` kills a worker with SIGKILL at a third of the run (``bin/serve`` starts it again) and
restarts Redis (broker and cache; not persisted, so queued messages are lost) at half of it.

    .venv/bin/python bench/loadtest.py                            # 200 citizens for 5 minutes
    .venv/bin/python bench/loadtest.py --users 20 --duration 30   # a quick check
    .venv/bin/python bench/loadtest.py --users 50 --duration 120 --faults

Exit code 0 when nothing was lost or duplicated and, without faults, no request failed.
"""

import argparse
import csv
import email
import glob
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
REPORTED = ("step save", "submit → confirmation", "bare step save")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"loadtest: use a plain database name, not {name!r}")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


class Redis:
    """A redis-server of our own: restarting it disturbs nobody else."""

    def __init__(self, folder: Path):
        self.port, self.folder, self.process = free_port(), folder, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(lambda: _connects(self.port), 10, "redis-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def _connects(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def wait_until(condition, timeout: float, what: str) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise SystemExit(f"loadtest: {what} not ready after {timeout:.0f} s")
        time.sleep(0.5)
    return time.monotonic() - started


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health/ready/", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def backlog(database_url: str) -> tuple[int, int, int]:
    """(pending, done, failed) jobs."""
    with psycopg.connect(database_url) as connection:
        rows = dict(connection.execute("SELECT status, count(*) FROM submissions_job GROUP BY status").fetchall())
    return rows.get("pending", 0), rows.get("done", 0), rows.get("failed", 0)


def kill_a_worker(run: Path) -> str:
    """SIGKILL worker 1 and its pool processes, as a crash or the OOM killer would."""
    pid = int((run / "worker1.pid").read_text())
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    for target in [pid, *map(int, children)]:
        os.kill(target, signal.SIGKILL)
    return f"killed worker1 (pid {pid}) and {len(children)} pool processes with SIGKILL"


def counts(database_url: str, mail_folder: Path) -> dict[str, int]:
    with psycopg.connect(database_url) as connection:
        one = lambda sql: connection.execute(sql).fetchone()[0]  # noqa: E731
        result = {
            "submissions received": one("SELECT count(*) FROM submissions_submission WHERE status = 'received'"),
            "receipt PDFs": one("SELECT count(*) FROM submissions_receiptfile"),
            "pdf_generated events": one("SELECT count(*) FROM submissions_submissionevent WHERE kind='pdf_generated'"),
            "e-mails recorded": one("SELECT count(*) FROM submissions_submissionevent WHERE kind = 'email_sent'"),
            "jobs failed for good": one("SELECT count(*) FROM submissions_job WHERE status = 'failed'"),
            "jobs pending": one("SELECT count(*) FROM submissions_job WHERE status = 'pending'"),
        }
    subjects = Counter()
    for path in glob.glob(str(mail_folder / "*.log")):
        # The file backend writes each message followed by a line of 79 dashes.
        for text in Path(path).read_text().split("\n" + "-" * 79 + "\n"):
            subject = " ".join(str(email.message_from_string(text).get("Subject", "")).split())
            subjects.update(re.findall(r"\(([A-Z]+-\d{4}-[A-Z0-9]+)\)$", subject))
    result["e-mails sent"] = sum(subjects.values())
    result["e-mails duplicated"] = sum(subjects.values()) - len(subjects)
    return result


def locust_figures(prefix: Path) -> dict[str, dict[str, str]]:
    with open(f"{prefix}_stats.csv", newline="") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=int, default=300, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--faults", action="store_true", help="kill -9 a worker and restart Redis during the run")
    parser.add_argument("--drain-timeout", type=int, default=900, help="seconds to wait for every job afterwards")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loket_loadtest"),
    )
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="loket-loadtest-"))
    redis = Redis(tmp)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SERVE_SETTINGS": "bench.loadtest_settings",
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LOKET_VAR_DIR": str(tmp),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp / "mail"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOKET_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SERVE_WORKERS": str(args.workers),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    print(
        f"loadtest: {args.users} citizens for {args.duration} s{' with faults' if args.faults else ''}; files in {tmp}",
        flush=True,
    )
    samples: list[tuple[float, int, int]] = []
    events: list[str] = []
    stack = None
    try:
        fresh_database(args.database_url)
        redis.start()
        env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{redis.port}/0"
        env["CACHE_URL"] = f"redis://127.0.0.1:{redis.port}/1"
        manage = [str(VENV / "python"), "manage.py"]
        subprocess.run(
            [*manage, "migrate", "--noinput"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": env["SERVE_SETTINGS"]},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [*manage, "import_form", "--publish", *sorted(glob.glob(str(ROOT / "demo/forms/*.json")))],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": env["SERVE_SETTINGS"]},
            check=True,
            stdout=subprocess.DEVNULL,
        )
        log = open(tmp / "serve.log", "w")  # noqa: SIM115 (open for the whole run)
        stack = subprocess.Popen(
            [str(ROOT / "bin" / "serve")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        wait_until(lambda: _ready(url), 120, "Loket")
        started = time.monotonic()
        stop = threading.Event()

        def sample():
            while not stop.wait(5):
                pending, done, _failed = backlog(args.database_url)
                samples.append((time.monotonic() - started, pending, done))

        def faults():
            if stop.wait(args.duration / 3):
                return
            events.append(f"{time.monotonic() - started:5.0f} s  {kill_a_worker(tmp / 'serve')}")
            if stop.wait(args.duration / 2 - args.duration / 3):
                return
            redis.stop()
            redis.start()
            events.append(f"{time.monotonic() - started:5.0f} s  restarted Redis (broker and cache; queue lost)")

        threads = [threading.Thread(target=sample, daemon=True)]
        if args.faults:
            threads.append(threading.Thread(target=faults, daemon=True))
        for thread in threads:
            thread.start()
        with open(tmp / "locust.log", "w") as locust_log:
            subprocess.run(
                [
                    str(VENV / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--only-summary",
                    "-u",
                    str(args.users),
                    "-r",
                    str(args.spawn_rate),
                    "-t",
                    f"{args.duration}s",
                    "--host",
                    url,
                    "--csv",
                    str(tmp / "locust"),
                    "--stop-timeout",
                    "30",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=env,
                stdout=locust_log,
                stderr=subprocess.STDOUT,
            )
        load_ended = time.monotonic()
        drained = wait_until(lambda: backlog(args.database_url)[0] == 0, args.drain_timeout, "the job backlog")
        stop.set()
        return report(args, tmp, samples, events, drained, load_ended - started)
    finally:
        if stack is not None:
            os.killpg(stack.pid, signal.SIGTERM)
            try:
                stack.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(stack.pid, signal.SIGKILL)
        redis.stop()


def report(args, tmp: Path, samples, events, drained: float, load_seconds: float) -> int:
    figures = locust_figures(tmp / "locust")
    total = figures.get("Aggregated", {})
    print(f"\nload: {load_seconds:.0f} s, {args.users} citizens, {args.workers} workers", flush=True)
    print(f"{'request':<24}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name in REPORTED:
        row = figures.get(name)
        if row:
            print(
                f"{name:<24}{row['Request Count']:>8}{row['Failure Count']:>8}{row['50%']:>9}{row['95%']:>9}"
                f"{row['99%']:>9}"
            )
    errors = int(total.get("Failure Count", 0))
    print(f"{'all requests':<24}{total.get('Request Count', 0):>8}{errors:>8}")
    step, bare = figures.get("step save"), figures.get("bare step save")
    if step and bare and float(bare["50%"]):
        print(
            f"step save against the bare baseline: p50 ratio {float(step['50%']) / float(bare['50%']):.2f}, "
            f"p95 ratio {float(step['95%']) / float(bare['95%']):.2f}"
        )
    print("\njob backlog (seconds since start, pending, done):")
    for at, pending, done in samples[:: max(1, len(samples) // 20)]:
        print(f"  {at:6.0f} {pending:6d} {done:6d}")
    for line in events:
        print(f"fault: {line}")
    print(f"every job finished {drained:.0f} s after the load ended")
    found = counts(args.database_url, tmp / "mail")
    for name, value in found.items():
        print(f"  {name:<24}{value:>8}")
    lost_pdfs = found["submissions received"] - found["receipt PDFs"]
    lost_mail = found["submissions received"] - (found["e-mails sent"] - found["e-mails duplicated"])
    print(
        f"lost: {lost_pdfs} receipt PDFs, {lost_mail} e-mails; duplicate PDFs: "
        f"{found['pdf_generated events'] - found['receipt PDFs']}; duplicate e-mails: {found['e-mails duplicated']}"
    )
    failures = tmp / "locust_failures.csv"
    if errors and failures.exists():
        print(f"errors by kind ({failures}):\n{failures.read_text()[:2000]}")
    ok = (
        found["submissions received"] > 0
        and lost_pdfs == 0
        and lost_mail == 0
        and found["jobs failed for good"] == 0
        and (args.faults or errors == 0)
    )
    print("result: " + ("OK" if ok else "NOT OK"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
