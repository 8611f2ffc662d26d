"""The request memo: hot cache keys are read once per request, never across requests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cms.request_memo import MemoLocMemCache, RequestMemoMiddleware

HOT = "samverkan:default-locale:test"
COLD = "some-other-key"


class Reads(list):
    """The keys whose reads reached the store itself."""


@pytest.fixture
def caches(monkeypatch):
    """Two processes' views of one store: `ours` (reads counted) and `theirs`."""
    from django.core.cache.backends.locmem import LocMemCache

    location = "request-memo-test"
    ours = MemoLocMemCache(location, {})
    theirs = MemoLocMemCache(location, {})
    ours.clear()
    ours.reads = Reads()
    original_get = LocMemCache.get

    def counted_get(self, key, default=None, version=None):
        if self is ours:
            ours.reads.append(key)
        return original_get(self, key, default, version)

    # LocMemCache.get_many goes through get().
    monkeypatch.setattr(LocMemCache, "get", counted_get)
    return ours, theirs


def in_request(work, path="/"):
    """Run `work` while a request for `path` is served, as the middleware does."""
    results = []
    request = SimpleNamespace(path_info=path)
    RequestMemoMiddleware(lambda request: results.append(work()))(request)
    return results[0]


def test_a_hot_key_is_read_once_per_request_and_again_in_the_next(caches):
    ours, theirs = caches
    theirs.set(HOT, "one")

    def read_three_times():
        return [ours.get(HOT) for _ in range(3)]

    assert in_request(read_three_times) == ["one", "one", "one"]
    assert ours.reads.count(HOT) == 1
    theirs.set(HOT, "two")  # another process changes it
    assert in_request(read_three_times) == ["two", "two", "two"]
    assert ours.reads.count(HOT) == 2


def test_outside_a_request_every_read_reaches_the_store(caches):
    ours, theirs = caches
    theirs.set(HOT, "one")
    ours.get(HOT)
    ours.get(HOT)
    assert ours.reads.count(HOT) == 2


def test_other_keys_are_never_memoised(caches):
    ours, theirs = caches
    theirs.set(COLD, 1)

    def read_twice():
        return [ours.get(COLD), ours.get(COLD)]

    assert in_request(read_twice) == [1, 1]
    assert ours.reads.count(COLD) == 2


def test_own_writes_and_deletes_are_seen_within_the_request(caches):
    ours, _theirs = caches

    def work():
        seen = [ours.get(HOT, "missing")]
        ours.set(HOT, "set")
        seen.append(ours.get(HOT))
        ours.delete(HOT)
        seen.append(ours.get(HOT, "deleted"))
        ours.set(HOT, 5)
        ours.incr(HOT)
        seen.append(ours.get(HOT))
        ours.add(HOT, "not added")
        seen.append(ours.get(HOT))
        return seen

    assert in_request(work) == ["missing", "set", "deleted", 6, 6]


def test_get_many_uses_the_memo_for_what_it_holds(caches):
    ours, theirs = caches
    theirs.set_many({HOT: "hot", COLD: "cold"})

    def work():
        ours.get(HOT)
        return ours.get_many([HOT, COLD, "samverkan:default-locale:none"])

    assert in_request(work) == {HOT: "hot", COLD: "cold"}
    assert ours.reads.count(HOT) == 1
    # A missing hot key is remembered as missing too.
    assert in_request(lambda: [ours.get("rc:tag:x"), ours.get("rc:tag:x")]) == [None, None]
    assert ours.reads.count("rc:tag:x") == 1


def test_the_redis_cache_reuses_one_client_per_connection_pool():
    from cms.request_memo import MemoRedisCache

    cache = MemoRedisCache("redis://127.0.0.1:6379/15", {})
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client  # Django would build a new one each time
    assert client.connection_pool is cache._cache._get_connection_pool(False)


def test_the_redis_cache_parses_replies_with_hiredis_and_takes_any_key():
    """Replies are parsed by hiredis's compiled parser (requirements.txt), and
    keys that memcached would refuse (long, with spaces) are stored without
    Django's per-character portability check and its warning."""
    import warnings

    from redis._parsers import _HiredisParser

    from cms.request_memo import MemoRedisCache

    cache = MemoRedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "memo-hiredis-test"})
    connection = cache._cache.get_client().connection_pool.get_connection()
    try:
        assert isinstance(connection._parser, _HiredisParser)
    finally:
        cache._cache.get_client().connection_pool.release(connection)
    key = "a key with spaces " + "x" * 300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cache.set(key, 5)
        assert cache.get_many([key]) == {key: 5}
    cache.delete(key)


def test_an_api_requests_first_read_also_fetches_the_content_version(monkeypatch):
    """With Redis, the first get_many of a request under /api/ also fetches
    the content version (the API's Last-Modified) in the same MGET: one round
    trip per API response. A page request fetches only what it asks for."""
    import redis

    from cms.request_memo import MemoRedisCache

    params = {"KEY_PREFIX": "memo-prefetch-test"}
    ours = MemoRedisCache("redis://127.0.0.1:6379/15", params)
    theirs = MemoRedisCache("redis://127.0.0.1:6379/15", params)
    theirs.set("samverkan:content-changed-at", "then")
    theirs.set("rc:tag:all", 7)
    commands = []
    original = redis.Redis.execute_command

    def counted(self, *args, **options):
        commands.append(args[0])
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)

    def work():
        return [ours.get_many(["rc:tag:all"]), ours.get("samverkan:content-changed-at")]

    api = "/api/v2/pages/"
    assert in_request(work, api) == [{"rc:tag:all": 7}, "then"]
    assert commands == ["MGET"]
    theirs.set("samverkan:content-changed-at", "now")  # another process
    assert in_request(work, api)[1] == "now"
    assert commands[1:] == ["SET", "MGET"]
    assert in_request(work, "/projekt/") == [{"rc:tag:all": 7}, "now"]
    assert commands[3:] == ["MGET", "GET"]
    theirs.delete_many(["samverkan:content-changed-at", "rc:tag:all"])
