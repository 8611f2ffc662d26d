"""The site under a database or Redis outage, through a TCP proxy that is cut.

A real app server (gunicorn, one worker) runs against this test database and
Redis, each reached through an ops.tcp_proxy.TcpProxy on 127.0.0.1. The test
cuts and restores the proxies, never the shared services: while PostgreSQL is
away the site answers from its caches where it can and with a clear 503
elsewhere (HTML page or API JSON, Retry-After, no stack trace); while Redis is
away it keeps serving from the database; when they come back it recovers by
itself, without a restart.

Those need PostgreSQL (.ci/run's second pass; SQLite is a file, it cannot go
away) and Redis. The middleware and the cache backend are also tested on their
own, on any database.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from redis.exceptions import ConnectionError as RedisConnectionError
from wagtail.models import Page, Site

from cms.resilience import OutageMiddleware, last_good
from ops.tcp_proxy import TcpProxy

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)


def _reachable(address: tuple[str, int]) -> bool:
    try:
        socket.create_connection(address, timeout=1).close()
    except OSError:
        return False
    return True


ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@dataclass
class Server:
    url: str
    db_proxy: TcpProxy
    redis_proxy: TcpProxy
    process: subprocess.Popen
    log: Path
    pages: list[tuple[str, str]] = field(default_factory=list)

    def get(self, host: str, path: str, **headers) -> requests.Response:
        return requests.get(
            self.url + path,
            headers={"Host": host, **headers},
            timeout=15,
            allow_redirects=False,
        )

    def next_page(self) -> tuple[str, str]:
        """A page nobody has asked for yet: in no cache."""
        return self.pages.pop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _page_urls() -> list[tuple[str, str]]:
    urls = []
    for page in Page.objects.live().public().filter(depth__gt=2).specific().order_by("pk")[:60]:
        parts = page.get_url_parts()
        if parts is not None:
            urls.append((Site.objects.get(pk=parts[0]).hostname, parts[2]))
    return urls


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker) -> Iterator[Server]:
    if not ON_POSTGRES:
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...): SQLite cannot go away")
    if not _reachable(REDIS):
        pytest.skip("needs Redis on 127.0.0.1:6379")
    with django_db_blocker.unblock():
        pages = _page_urls()
        database = connection.settings_dict
    db_proxy = TcpProxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))).start()
    redis_proxy = TcpProxy(REDIS).start()
    port = _free_port()
    prefix = f"faults-{secrets.token_hex(4)}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.outage_settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@127.0.0.1:{db_proxy.port}/{database['NAME']}"
        ),
        "REDIS_URL": f"redis://127.0.0.1:{redis_proxy.port}/0",
        "CACHE_KEY_PREFIX": prefix,
        "DB_CONN_MAX_AGE": "60",  # persistent connections, as in production
        "DB_CONNECT_TIMEOUT": "2",
        "PYTHONPATH": str(BASE_DIR),
    }
    log = Path(tempfile.mkstemp(prefix="faults-gunicorn-", suffix=".log")[1])
    config = Path(tempfile.mkstemp(prefix="faults-gunicorn-", suffix=".py")[1])
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            str(config),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            "60",
            "cms.wsgi:application",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    running = Server(f"http://127.0.0.1:{port}", db_proxy, redis_proxy, process, log, pages)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if running.get("localhost", "/robots.txt").status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the app server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        db_proxy.stop()
        redis_proxy.stop()
        _delete_keys(prefix)
        config.unlink(missing_ok=True)
        log.unlink(missing_ok=True)


def _delete_keys(prefix: str) -> None:
    import redis

    client = redis.Redis(*REDIS)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def assert_outage_page(response: requests.Response) -> None:
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER)
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Tillfälligt otillgänglig" in response.text
    assert "Temporarily unavailable" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    assert "no-store" in response.headers["Cache-Control"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def assert_api_outage(response: requests.Response) -> None:
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER)
    assert response.json() == {
        "message": "the service is temporarily unavailable; try again shortly"
    }


def wait_until_ok(server: Server, host: str, path: str, seconds: float = 15) -> requests.Response:
    deadline = time.monotonic() + seconds
    while True:
        response = server.get(host, path)
        if response.status_code == 200 or time.monotonic() > deadline:
            return response
        time.sleep(0.25)


# The app server reads the test database, which the mark makes pytest-django create.
@pytest.mark.django_db
def test_the_site_rides_out_a_database_outage_and_recovers(server: Server):
    home = ("localhost", "/")
    api = ("localhost", "/api/v2/pages/?limit=2")
    assert server.get(*home).status_code == 200
    assert server.get(*api).status_code == 200

    server.db_proxy.cut()
    try:
        # What was shown before is still shown (response cache or last good copy).
        response = server.get(*home)
        assert response.status_code == 200
        assert "<html" in response.text
        assert server.get(*api).status_code == 200
        # Anything else: a clear 503, as a page or as API JSON.
        assert_outage_page(server.get(*server.next_page()))
        assert_api_outage(server.get("localhost", "/api/v2/projects/?limit=3"))
        assert_api_outage(server.get("localhost", "/api/v2/pages/?limit=3"))
    finally:
        server.db_proxy.restore()

    # Back by itself: no restart, the next request opens a new connection.
    host, path = server.next_page()
    assert wait_until_ok(server, host, path).status_code == 200
    assert server.get("localhost", "/api/v2/projects/?limit=3").status_code == 200


@pytest.mark.django_db
def test_the_site_serves_from_the_database_while_redis_is_away(server: Server):
    server.redis_proxy.cut()
    try:
        for _ in range(2):
            host, path = server.next_page()
            response = server.get(host, path)
            assert response.status_code == 200, response.text[:500]
        assert server.get("localhost", "/").status_code == 200
        assert server.get("localhost", "/api/v2/projects/?limit=4").status_code == 200
        assert server.get("localhost", "/search/?query=kultur").status_code == 200
    finally:
        server.redis_proxy.restore()
    host, path = server.next_page()
    assert wait_until_ok(server, host, path).status_code == 200


@pytest.mark.django_db
def test_with_both_away_the_last_good_copies_are_served(server: Server):
    seen_host, seen_path = server.next_page()
    assert server.get(seen_host, seen_path).status_code == 200
    server.redis_proxy.cut()
    server.db_proxy.cut()
    try:
        stale = server.get(seen_host, seen_path)
        assert stale.status_code == 200
        assert stale.headers["X-Outage"] == "stale"
        assert_outage_page(server.get(*server.next_page()))
    finally:
        server.db_proxy.restore()
        server.redis_proxy.restore()
    host, path = server.next_page()
    assert wait_until_ok(server, host, path).status_code == 200
    fresh = server.get(seen_host, seen_path)
    assert fresh.status_code == 200 and "X-Outage" not in fresh.headers


# ---------------------------------------------------------------------------
# The pieces on their own


def outage_chain(view):
    """OutageMiddleware around a view, with Django's exception-to-response step between."""
    from django.core.handlers.exception import convert_exception_to_response

    return OutageMiddleware(convert_exception_to_response(view))


@pytest.fixture
def fresh_copies():
    last_good.clear()
    yield
    last_good.clear()


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection refused"),
        InterfaceError("connection already closed"),
        RedisConnectionError("Connection refused"),
    ],
)
def test_an_outage_error_anywhere_inside_is_a_503(rf, fresh_copies, error):
    def view(request):
        raise error

    page = outage_chain(view)(rf.get("/projekt/", HTTP_HOST="localhost"))
    assert page.status_code == 503
    assert page["Retry-After"] == str(settings.OUTAGE_RETRY_AFTER)
    assert b"Temporarily unavailable" in page.content
    api = outage_chain(view)(rf.get("/api/v2/projects/", HTTP_HOST="localhost"))
    assert api.status_code == 503
    assert api["Content-Type"] == "application/json"


def test_other_errors_stay_server_errors(rf, fresh_copies):
    def view(request):
        raise ValueError("a bug")

    assert outage_chain(view)(rf.get("/", HTTP_HOST="localhost")).status_code == 500


def test_the_last_good_copy_stands_in_without_its_csrf_token(rf, fresh_copies):
    from django.http import HttpResponse

    down = False
    html = b'<form><input name="csrfmiddlewaretoken" value="s3cr3tT0ken"></form>'

    def view(request):
        if down:
            raise OperationalError("the database went away")
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    chain = outage_chain(view)
    assert chain(rf.get("/om-oss/", HTTP_HOST="localhost")).status_code == 200
    down = True
    stale = chain(rf.get("/om-oss/", HTTP_HOST="localhost"))
    assert stale.status_code == 200
    assert stale["X-Outage"] == "stale"
    assert b"s3cr3tT0ken" not in stale.content
    assert b'name="csrfmiddlewaretoken" value=""' in stale.content
    # Not for another host, nor for a signed-in visitor's request.
    assert chain(rf.get("/om-oss/", HTTP_HOST="natverkstan.localhost")).status_code == 503
    signed_in = rf.get("/kontakt/", HTTP_HOST="localhost")
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    down = False
    chain(signed_in)
    down = True
    assert chain(rf.get("/kontakt/", HTTP_HOST="localhost")).status_code == 503


def test_the_tolerant_cache_treats_an_unreachable_redis_as_empty():
    from unittest import mock

    from django.core.cache.backends.redis import RedisCache

    from cms.cache import TolerantRedisCache

    cache = TolerantRedisCache(
        f"redis://127.0.0.1:{_closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "retry_after": 60}},
    )
    assert cache.get("key", "default") == "default"
    assert not cache.available  # the circuit is open: Redis is not asked again ...
    with mock.patch.object(RedisCache, "get") as get, mock.patch.object(RedisCache, "set") as put:
        assert cache.get("key") is None
        assert cache.set("key", 1) is None
        get.assert_not_called()
        put.assert_not_called()
    assert cache.add("key", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        cache.incr("counter")
    cache._down_until = 0  # ... until retry_after has passed
    assert cache.available
    assert cache.delete("key") is False


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
