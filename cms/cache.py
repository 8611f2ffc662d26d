"""A Redis cache that never takes the site down with it.

Django's RedisCache raises when Redis is unreachable, and the cache sits in
front of nearly every request (response cache, throttles, rate limits, the
error page's colours). `TolerantRedisCache` treats an unreachable Redis as an
empty cache instead: reads miss, writes are dropped, `add` reports nothing
added and `incr` raises ValueError as for a missing key (which callers
already handle). Each failure is logged once per outage.

After a failure it does not try Redis again for `RETRY_AFTER` seconds (a
simple circuit breaker, per process), so requests do not each wait for a
connection timeout; then the next command reconnects by itself.

Wire it in where CACHES is configured:

    CACHES = {"default": {
        "BACKEND": "cms.cache.TolerantRedisCache",
        "LOCATION": REDIS_URL,
        # optional; these are the defaults
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2, "retry_after": 5},
    }}
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class TolerantRedisCache(RedisCache):
    RETRY_AFTER = 5.0

    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", self.RETRY_AFTER))
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 2)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """False while the circuit is open after a failure."""
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, exc: BaseException) -> None:
        with self._lock:
            first = self.available
            self._down_until = time.monotonic() + self.retry_after
        if first:
            logger.warning("Redis cache unreachable (%s): %r; serving without it", operation, exc)

    def _call(self, operation: str, fallback: Any, *args, **kwargs) -> Any:
        if not self.available:
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as exc:
            self._failed(operation, exc)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (Redis unreachable)")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
