"""Liveness, readiness and metrics for load balancers and Prometheus; no personal data in any of them."""

import hmac
import ipaddress

from asgiref.sync import async_to_sync
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

from .health import READINESS
from .metrics import exposition

__all__ = ["live", "metrics", "ready"]

ALLOWED_METHODS = ("GET", "HEAD")


def _refuse_method(request: HttpRequest) -> HttpResponse | None:
    if request.method in ALLOWED_METHODS:
        return None
    response = HttpResponse(status=405)
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


def _never_cached(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


def live(request: HttpRequest) -> HttpResponse:
    """The process answers: nothing else is checked, so a slow database never gets a web process killed."""
    return _refuse_method(request) or _never_cached(JsonResponse({"status": "ok"}))


async def _run_checks() -> dict[str, str | None]:
    import asyncio

    results = await asyncio.gather(*(check.get_result() for check in READINESS.values()))
    return {
        name: (str(result.error) if result.error else None) for name, result in zip(READINESS, results, strict=True)
    }


def ready(request: HttpRequest) -> HttpResponse:
    """Database, cache, broker and private storage all work: send citizens here (200), or not (503)."""
    if refused := _refuse_method(request):
        return refused
    errors = async_to_sync(_run_checks)()
    failing = any(errors.values())
    body = {
        "status": "unavailable" if failing else "ok",
        "checks": {name: error or "ok" for name, error in errors.items()},
    }
    return _never_cached(JsonResponse(body, status=503 if failing else 200))


def _allowed(request: HttpRequest) -> bool:
    token = settings.LOKET_METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    # The connection's own address: the metrics are scraped directly, never through the load balancer.
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    networks = (ipaddress.ip_network(network, strict=False) for network in settings.LOKET_METRICS_ALLOWED_IPS)
    return any(address in network for network in networks)


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for a bearer token (LOKET_METRICS_TOKEN) or an allowed address."""
    if refused := _refuse_method(request):
        return refused
    if not _allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    from prometheus_client import CONTENT_TYPE_LATEST

    return _never_cached(HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST))
