"""One worker process of the registration benchmark: runs given registration jobs with N threads.

    python -m bench.registration_worker --threads 16 < job-ids

Reads a JSON list of job ids from stdin, sets Django up (the environment of ``bench/run.py``
is inherited), prints ``ready``, waits for one line ("go") on stdin, runs every job with
``jobs.run`` (claim, lease, the backend's steps, as a Celery worker's task does) on a pool of
threads, each with its own database connection, and prints ``{"seconds": ..., "ran": ...}``.
Threads, not more processes: a registration mostly waits on the network, and a thread waiting
on a socket gives the interpreter to the others.
"""

import argparse
import json
import queue
import sys
import threading
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=16)
    args = parser.parse_args()
    job_ids = json.loads(sys.stdin.readline())

    import django

    django.setup()
    from django.db import connection

    from submissions import jobs

    todo: queue.Queue[int] = queue.Queue()
    for job_id in job_ids:
        todo.put(job_id)
    ran = []

    def worker() -> None:
        try:
            while True:
                try:
                    job_id = todo.get_nowait()
                except queue.Empty:
                    return
                if jobs.run(job_id) is not None:
                    ran.append(job_id)
        finally:
            connection.close()

    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(args.threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    print(json.dumps({"seconds": time.perf_counter() - started, "ran": len(ran)}), flush=True)


if __name__ == "__main__":
    main()
