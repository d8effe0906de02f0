"""The shared cache, and what happens when it is gone for a moment.

Everything Loket keeps in the cache can be rebuilt or done without: sessions are
``cached_db`` (the database holds them), the outage notice and the concept
receipt are read again from the database, and the rate-limit counters fail
open for the seconds Redis is away. So a Redis restart must not turn a
citizen's request into an error page: :class:`ResilientRedisCache` answers a
read it cannot do as a miss and drops a write it cannot do, logs it once a
minute, and is itself again as soon as Redis answers.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

__all__ = ["ResilientRedisCache"]

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
WARN_EVERY_SECONDS = 60.0


def _degrades_to(fallback):
    """Run the cache operation; while Redis is unreachable, return ``fallback(args, kwargs)`` instead."""

    def decorator(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                self._unreachable(method.__name__, exc)
                return fallback(args, kwargs)

        return wrapper

    return decorator


def _default(args, kwargs):
    """What ``get`` returns for a miss: the caller's default."""
    return kwargs.get("default", args[1] if len(args) > 1 else None)


def _missing_counter(args, kwargs):
    # incr/decr of a key that is not there raises ValueError; callers (the rate limit) then start a
    # fresh counter, which fails open while the cache is away.
    raise ValueError("cache unavailable")


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, degraded to a miss (reads) or a no-op (writes) while Redis is unreachable."""

    _last_warning = 0.0

    def _unreachable(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - type(self)._last_warning >= WARN_EVERY_SECONDS:
            type(self)._last_warning = now
            logger.warning("cache unreachable (%s in %s); serving without it", type(exc).__name__, operation)

    get = _degrades_to(_default)(RedisCache.get)
    get_many = _degrades_to(lambda args, kwargs: {})(RedisCache.get_many)
    has_key = _degrades_to(lambda args, kwargs: False)(RedisCache.has_key)
    set = _degrades_to(lambda args, kwargs: None)(RedisCache.set)
    add = _degrades_to(lambda args, kwargs: False)(RedisCache.add)
    touch = _degrades_to(lambda args, kwargs: False)(RedisCache.touch)
    set_many = _degrades_to(lambda args, kwargs: [])(RedisCache.set_many)
    delete = _degrades_to(lambda args, kwargs: False)(RedisCache.delete)
    delete_many = _degrades_to(lambda args, kwargs: None)(RedisCache.delete_many)
    incr = _degrades_to(_missing_counter)(RedisCache.incr)
