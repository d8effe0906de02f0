"""gunicorn for Loket: ``gunicorn -c gunicorn.conf.py forms_platform.wsgi`` (``make serve`` does this).

The shape: a few processes with a few threads each (``gthread``). A citizen request is
short Python work around a handful of database statements; threads let one process go
on while another request waits for PostgreSQL, and processes use every core. The
defaults (one process per core, at least two, and four threads each) kept step saves
fast in the load test (docs/deploy.md); raise the threads before the processes when the
database is far away. Each thread keeps its own database connection for
``DATABASE_CONN_MAX_AGE`` seconds: PostgreSQL (or pgbouncer) must allow
``GUNICORN_WORKERS x GUNICORN_THREADS`` connections per web machine.

Every setting comes from the environment, like Django's.
"""

import os

_cores = os.cpu_count() or 1

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", max(2, _cores)))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
# Longer than any citizen request should take (the concept PDF renders in the request); a
# request still running then is stuck, and its process is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5  # seconds; a load balancer's idle timeout should be longer
# Replace each process now and then, so slow growth in memory (fonts, caches) cannot pile up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = max_requests // 10
# Every request is logged by Loket itself (JSON, with its request id and without personal
# data); gunicorn's access log would repeat it without the request id.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "monitoring.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": loglevel.upper(), "propagate": False}},
}
# No header from outside may claim to be a TLS proxy unless one is configured (USE_X_FORWARDED_PROTO).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's runtime control socket lives in the user's home by default, shared by every
# gunicorn of that user; Loket is managed by signals (systemd, bin/serve) instead.
control_socket_disable = True


def child_exit(server, worker):
    """Prometheus counts per process; a finished process's live gauges must not be summed any more."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
