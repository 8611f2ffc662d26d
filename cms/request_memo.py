"""Read each shared cache key once per request, not once per use.

Some cache keys are read many times while one page or API response renders:
the default locale, Wagtail's site root paths (once per page URL), the response cache's
tag versions (once per cached fragment). With Redis each read is a network
round trip and an unpickle; a list of 50 pages made ~40 of them.

The cache backends in CACHES mix in `RequestMemoMixin`: while a request is
served (between the start and the end of `RequestMemoMiddleware`), reads of
the keys in `MEMO_PREFIXES` are remembered for the rest of that request, and
this process's own writes and deletes of those keys update what is
remembered. Nothing is kept between requests, so a change made by another
process is seen by the next request, exactly as without the memo; outside a
request (management commands, tasks, shells) the backend behaves as Django's.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

# Keys whose value is read many times per request and changes rarely.
MEMO_PREFIXES = (
    "samverkan:default-locale:",
    "samverkan:content-changed-at",
    "wagtail_site_root_paths",
    "rc:tag:",
)


# (key, version) of memoised keys that every request under a path reads:
# fetched with the request's first get_many, in the same round trip. Only
# what such a request always reads: a whole-response cache hit of a page
# needs nothing else, and fetching more would slow it down.
PREFETCHED_KEYS = {
    "/api/": [("samverkan:content-changed-at", None)],  # the API's Last-Modified
}


def prefetched_keys() -> list[tuple[str, int | None]]:
    """PREFETCHED_KEYS for the path of the request being served."""
    memo = _memo.get()
    path = memo.get(_PATH, "") if memo is not None else ""
    return [
        pair
        for prefix, pairs in PREFETCHED_KEYS.items()
        if path.startswith(prefix)
        for pair in pairs
    ]


_MISSING = object()
_PATH = ("path",)
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("request_memo", default=None)


class RequestMemoMiddleware:
    """Give each request its own memo of shared cache reads; first in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({_PATH: getattr(request, "path_info", "")})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def first_time_in_request(flag: str) -> bool:
    """True the first time it is asked for `flag` while a request is served."""
    memo = _memo.get()
    if memo is None:
        return False
    key = ("flag", flag)
    if key in memo:
        return False
    memo[key] = True
    return True


def request_dict(name: str) -> dict | None:
    """A dict that lives as long as the request being served (None outside one)."""
    memo = _memo.get()
    if memo is None:
        return None
    return memo.setdefault(("dict", name), {})


def _memoized(key: str) -> bool:
    return isinstance(key, str) and key.startswith(MEMO_PREFIXES)


class RequestMemoMixin:
    """Cache backend methods that consult and maintain the request's memo."""

    def _memo_key(self, key, version):
        return (key, self.version if version is None else version)

    def get(self, key, default=None, version=None):
        memo = _memo.get()
        if memo is None or not _memoized(key):
            return super().get(key, default, version)
        memo_key = self._memo_key(key, version)
        if memo_key not in memo:
            memo[memo_key] = super().get(key, _MISSING, version)
        value = memo[memo_key]
        return default if value is _MISSING else value

    def get_many(self, keys, version=None):
        memo = _memo.get()
        keys = list(keys)
        if memo is None:
            return super().get_many(keys, version)
        found = {}
        wanted = []
        for key in keys:
            memo_key = self._memo_key(key, version)
            if _memoized(key) and memo_key in memo:
                if memo[memo_key] is not _MISSING:
                    found[key] = memo[memo_key]
            else:
                wanted.append(key)
        if wanted:
            fetched = self._fetch_many(wanted, version, memo)
            found.update(fetched)
            for key in wanted:
                if _memoized(key):
                    memo[self._memo_key(key, version)] = fetched.get(key, _MISSING)
        return found

    def _fetch_many(self, keys: list, version, memo: dict) -> dict:
        return super().get_many(keys, version)

    def _remember(self, key, version, value: Any = _MISSING, forget: bool = False) -> None:
        memo = _memo.get()
        if memo is None or not _memoized(key):
            return
        memo_key = self._memo_key(key, version)
        if forget:
            memo.pop(memo_key, None)
        else:
            memo[memo_key] = value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        result = super().set(key, value, timeout, version)
        # timeout=0 means "expire at once" in Django's API.
        self._remember(key, version, value, forget=timeout == 0)
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = super().add(key, value, timeout, version)
        self._remember(key, version, value, forget=not added or timeout == 0)
        return added

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = super().set_many(data, timeout, version)
        for key, value in data.items():
            self._remember(key, version, value, forget=key in failed or timeout == 0)
        return failed

    def incr(self, key, delta=1, version=None):
        try:
            value = super().incr(key, delta, version)
        except ValueError:
            self._remember(key, version, forget=True)
            raise
        self._remember(key, version, value)
        return value

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        touched = super().touch(key, timeout, version)
        if timeout == 0:
            self._remember(key, version, forget=True)
        return touched

    def delete(self, key, version=None):
        self._remember(key, version, forget=True)
        return super().delete(key, version)

    def delete_many(self, keys: Iterable, version=None):
        keys = list(keys)
        for key in keys:
            self._remember(key, version, forget=True)
        return super().delete_many(keys, version)

    def has_key(self, key, version=None):
        memo = _memo.get()
        if memo is not None and _memoized(key):
            return self.get(key, _MISSING, version) is not _MISSING
        return super().has_key(key, version)

    def clear(self):
        memo = _memo.get()
        if memo is not None:
            memo.clear()
        return super().clear()


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, reusing one redis.Redis per connection pool.

    Django makes a new redis.Redis for every cache operation, which builds
    its table of ~170 response callbacks each time: a sixth of a cached page's
    time. The client is thread-safe (connections come from the pool).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class MemoRedisCache(RequestMemoMixin, RedisCache):
    """Django's Redis cache with the request memo (production, several processes)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def validate_key(self, key):
        """No check: Django's warns about keys that memcached would refuse
        (long ones, spaces, control characters), which Redis stores as they
        are, and it loops over every character of every key in Python: ten
        tag versions cost more to check than to read."""

    def _fetch_many(self, wanted: list, version, memo: dict) -> dict:
        """get_many(wanted) and, in the same round trip, the prefetched keys
        this request has not read yet (so: with its first get_many)."""
        extra = [
            (key, extra_version)
            for key, extra_version in prefetched_keys()
            if self._memo_key(key, extra_version) not in memo
            and not (key in wanted and extra_version == version)
        ]
        if not extra:
            return RedisCache.get_many(self, wanted, version)
        made = {self.make_and_validate_key(key, version): key for key in wanted}
        made_extra = {self.make_and_validate_key(k, v): (k, v) for k, v in extra}
        fetched = self._cache.get_many([*made, *made_extra])
        for made_key, (key, extra_version) in made_extra.items():
            memo[self._memo_key(key, extra_version)] = fetched.get(made_key, _MISSING)
        return {made[made_key]: value for made_key, value in fetched.items() if made_key in made}


class MemoLocMemCache(RequestMemoMixin, LocMemCache):
    """Django's local-memory cache with the request memo (one process, no Redis)."""
