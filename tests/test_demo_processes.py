"""``bin/demo``: the web server, the two workers and beat stop together, so beat never sweeps alone.

Runs the real script with a throw-away LOKET_VAR_DIR (its own SQLite database and
filesystem broker) and kills its processes the hard way.
"""

import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.submissions.test_celery_worker import wait_for

pytestmark = [
    pytest.mark.celery,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc"),
]

DEMO = Path(settings.BASE_DIR) / "bin" / "demo"
PROCESSES = ("worker-jobs", "worker-mail", "beat")


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has stopped; only its parent has not looked yet


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def demo(tmp_path):
    """``bin/demo`` in its own session (so the test can always clean up), and the pids of its processes."""
    env = {key: value for key, value in os.environ.items() if key not in ("CELERY_BROKER_URL", "DATABASE_URL")}
    env.update(LOKET_VAR_DIR=str(tmp_path), DEMO_PORT=str(free_port()))
    process = subprocess.Popen(  # noqa: S603 (our own script, no shell)
        [str(DEMO)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    pidfiles = [tmp_path / "run" / f"{name}.pid" for name in PROCESSES]
    try:
        assert wait_for(lambda: all(path.exists() and path.read_text().strip() for path in pidfiles))
        process.pids = {name: int(path.read_text()) for name, path in zip(PROCESSES, pidfiles, strict=True)}
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for pid in getattr(process, "pids", {}).values():
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        process.communicate(timeout=30)


def test_killing_the_worker_stops_beat_and_the_rest(demo):
    os.kill(demo.pids["worker-jobs"], signal.SIGKILL)

    assert demo.wait(timeout=90) == 1
    assert wait_for(lambda: not any(running(pid) for pid in demo.pids.values()), timeout=30)
    assert "the worker for receipt PDFs and other jobs stopped, so everything stops" in demo.stdout.read()


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs util-linux's setpriv")
def test_killing_the_demo_script_itself_stops_beat_and_the_workers(demo):
    os.kill(demo.pid, signal.SIGKILL)  # no trap can run

    assert wait_for(lambda: not any(running(pid) for pid in demo.pids.values()), timeout=60)
