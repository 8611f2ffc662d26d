"""The request memo: hot cache keys are read once per request, never across requests."""

from __future__ import annotations

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


def in_request(work):
    """Run `work` while a request is served, as the middleware does."""
    results = []
    RequestMemoMiddleware(lambda request: results.append(work()))(object())
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


def test_a_requests_first_read_also_fetches_the_keys_most_requests_read(monkeypatch):
    """With Redis, the request's first get_many also fetches prefetched_keys()
    (the content version, the default locale, Wagtail's site root paths) in
    the same MGET: one round trip for a whole page or API response."""
    import redis
    from django.conf import settings

    from cms.request_memo import MemoRedisCache

    params = {"KEY_PREFIX": "memo-prefetch-test"}
    ours = MemoRedisCache("redis://127.0.0.1:6379/15", params)
    theirs = MemoRedisCache("redis://127.0.0.1:6379/15", params)
    locale_key = f"samverkan:default-locale:{settings.LANGUAGE_CODE}"
    theirs.delete(locale_key)
    theirs.set("samverkan:content-changed-at", "then")
    theirs.set("wagtail_site_root_paths", ["roots"], version=2)
    theirs.set("rc:tag:all", 7)
    commands = []
    original = redis.Redis.execute_command

    def counted(self, *args, **options):
        commands.append(args[0])
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)

    def work():
        return [
            ours.get_many(["rc:tag:all"]),
            ours.get("samverkan:content-changed-at"),
            ours.get("wagtail_site_root_paths", version=2),
            ours.get(locale_key, "absent"),
        ]

    assert in_request(work) == [{"rc:tag:all": 7}, "then", ["roots"], "absent"]
    assert commands == ["MGET"]
    theirs.set("samverkan:content-changed-at", "now")  # another process
    assert in_request(work)[1] == "now"
    assert commands[1:] == ["SET", "MGET"]
    theirs.delete_many(["samverkan:content-changed-at", "rc:tag:all"])
    theirs.delete("wagtail_site_root_paths", version=2)
