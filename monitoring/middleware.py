"""Request ids and request logs for every request; health and metrics answered before the rest.

``OperationsMiddleware`` comes first in ``MIDDLEWARE``. The health and metrics
endpoints are answered right there: a load balancer probes by IP address over
plain HTTP, so host validation, the HTTPS redirect, sessions and CSRF must not
stand in the way, and a probe every few seconds is not worth a log line. Every
other request gets a request id (a valid ``X-Request-ID`` from the proxy is kept),
returned in the response header and logged once with its route, status and
duration: the route pattern, never the path, because a path may hold a signed
link to a receipt.
"""

import logging
import re
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import views
from .logs import bind_request_id, new_request_id, unbind_request_id

logger = logging.getLogger("loket.request")

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

ENDPOINTS: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/health/live/": views.live,
    "/health/ready/": views.ready,
    "/metrics/": views.metrics,
}


class OperationsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        endpoint = ENDPOINTS.get(request.path_info)
        if endpoint is not None:
            return endpoint(request)
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if _VALID_REQUEST_ID.fullmatch(offered) else new_request_id()
        request.request_id = request_id
        token = bind_request_id(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            match = request.resolver_match
            logger.info(
                "%s %s %s",
                request.method,
                match.route if match else "-",
                response.status_code,
                extra={
                    "method": request.method,
                    "route": match.route if match else None,
                    "view": match.view_name if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            unbind_request_id(token)
