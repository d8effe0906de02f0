"""Loket's own Prometheus metrics, beside django-prometheus's request and database metrics.

Two sorts:

- counted where they happen (``loket_submissions_received_total``,
  ``loket_receipt_pdf_seconds``): per process, summed over processes through
  ``PROMETHEUS_MULTIPROC_DIR`` when several serve (gunicorn, Celery);
- read from the database when scraped (jobs pending and failed, the age of the
  oldest pending job, the registration backlog): the outbox is the truth, whichever
  process or machine wrote it, so these are never out of step with it.
"""

import os
from collections.abc import Iterator

import prometheus_client
from django.db import transaction
from django.db.models import Count, Min
from django.db.models.signals import post_save
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

__all__ = ["connect", "exposition", "receipt_pdf_seconds", "submissions_received"]

submissions_received = prometheus_client.Counter(
    "loket_submissions_received", "Submissions received (final submit accepted)", ["form"]
)
receipt_pdf_seconds = prometheus_client.Histogram(
    "loket_receipt_pdf_seconds",
    "Time to render one receipt PDF",
    buckets=(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60),
)

REGISTRATION_KIND = "registration"


class OutboxCollector(Collector):
    """Job counts and ages, read from the outbox table at scrape time (two queries)."""

    def collect(self) -> Iterator[Metric]:
        from submissions.models import Job

        counts = GaugeMetricFamily("loket_jobs", "After-receipt jobs by status and kind", labels=["status", "kind"])
        backlog = 0
        rows = (
            Job.objects.filter(status__in=[Job.Status.PENDING, Job.Status.FAILED])
            .values_list("status", "kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for status, kind, n in rows:
            counts.add_metric([status, kind], n)
            if status == Job.Status.PENDING and kind == REGISTRATION_KIND:
                backlog = n
        yield counts
        yield GaugeMetricFamily(
            "loket_registration_backlog", "Registration jobs waiting to deliver a submission", value=backlog
        )
        oldest = Job.objects.filter(status=Job.Status.PENDING).aggregate(oldest=Min("created_at"))["oldest"]
        age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "loket_jobs_oldest_pending_age_seconds", "Age of the oldest job that is still pending", value=age
        )


def exposition() -> bytes:
    """The metrics page: every process's counters (django-prometheus and Loket's) and the outbox."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = prometheus_client.CollectorRegistry()
        MultiProcessCollector(processes)
    else:
        processes = prometheus_client.REGISTRY
    outbox = prometheus_client.CollectorRegistry()
    outbox.register(OutboxCollector())
    return prometheus_client.generate_latest(processes) + prometheus_client.generate_latest(outbox)


def _count_received(sender, instance, created: bool, **kwargs) -> None:
    from submissions.models import SubmissionEvent

    if created and instance.kind == SubmissionEvent.Kind.RECEIVED:
        # Completion passes its locked submission with the form joined in: no extra query.
        form = instance.submission.form_version.form.slug
        # Counted once the receipt is committed: a rolled-back completion received nothing.
        transaction.on_commit(lambda: submissions_received.labels(form=form).inc())


def connect() -> None:
    post_save.connect(_count_received, sender="submissions.SubmissionEvent", dispatch_uid="loket-count-received")
