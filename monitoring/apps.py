from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Operations: health endpoints, Prometheus metrics, JSON logs with a request id."""

    name = "monitoring"
    verbose_name = "Monitoring"

    def ready(self):
        from . import metrics, tracing

        tracing.connect()
        metrics.connect()
