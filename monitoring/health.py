"""Readiness checks: what a web process needs to serve citizens (django-health-check's probes)."""

import dataclasses

from health_check import Cache, Database, HealthCheck
from health_check import Storage as StorageCheck
from health_check.exceptions import ServiceUnavailable

from submissions.storage import private_storage


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (Redis, RabbitMQ, or the filesystem transport)."""

    def run(self) -> None:
        from forms_platform.celery import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as exc:
            # The exception text may name the broker's address; the type is enough to act on.
            raise ServiceUnavailable(f"broker unreachable ({type(exc).__name__})") from exc


@dataclasses.dataclass
class PrivateStorage(StorageCheck):
    """Receipt PDFs can be written, read back and deleted where they are kept."""

    @property
    def storage(self):
        return private_storage()


READINESS: dict[str, HealthCheck] = {
    "database": Database(),
    "cache": Cache(),
    "broker": Broker(),
    "private_storage": PrivateStorage(),
}
