"""Who is asking, and how often: the citizen's address and a per-address rate limit.

The counters live in the cache (``CACHE_URL``), so every process that serves
requests shares them when the cache is Redis.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

__all__ = ["client_address", "key_over_limit", "over_limit"]


def client_address(request: HttpRequest) -> str:
    """The citizen's address; behind LOKET_TRUSTED_PROXIES proxies it comes from X-Forwarded-For."""
    proxies = settings.LOKET_TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            # Anything but an address (a proxy passing on garbage) would be a fresh rate-limit key per request.
            try:
                return str(ipaddress.ip_address(forwarded[-proxies]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR", "")


def over_limit(request: HttpRequest, scope: str, limit: int, window: int) -> bool:
    """Count this request for its address in ``scope``; True once more than ``limit`` came in ``window`` seconds."""
    return key_over_limit(f"loket:{scope}:{client_address(request)}", limit, window)


def key_over_limit(key: str, limit: int, window: int) -> bool:
    """Count one use of ``key`` (an address, a session); True once it was used more than ``limit`` times."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit
