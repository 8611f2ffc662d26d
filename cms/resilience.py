"""Keep answering when the database or Redis goes away, and recover by itself.

`OutageMiddleware` sits outside everything that talks to the database or to
Redis (sessions, authentication, the response cache, the views). Django turns
an exception anywhere inside into a 500 response before it reaches this
middleware, so a `got_request_exception` receiver notes on the request when
the exception was an outage: a database `OperationalError` or
`InterfaceError`, or a Redis connection or timeout error. The middleware then
answers, instead of the 500:

- the last good copy of the same public page or API response, when it has
  one (kept in this process's memory for `OUTAGE_STALE_SECONDS`, marked with
  `X-Outage: stale`), else
- a 503 with `Retry-After: OUTAGE_RETRY_AFTER`: `{"message": ...}` under
  /api/, a static page in the site's colours elsewhere (503.html, rendered
  without a request, the database or Redis).

Nothing needs restarting when the services return: Django opens a new
database connection for the next request (a failed one is closed at the end
of the request), and redis-py reconnects on the next command.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

try:  # redis-py is there whenever a Redis cache is configured
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    REDIS_ERRORS: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError)
except ImportError:  # pragma: no cover
    REDIS_ERRORS = ()

logger = logging.getLogger(__name__)

OUTAGE_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, *REDIS_ERRORS)
API_PREFIX = "/api/"
# Only anonymous, cookie-free answers are kept; a page's CSRF token is blanked.
STORED_TYPES = ("text/html", "application/json")
STORED_MAX_BYTES = 512 * 1024
CSRF_FIELD = b'name="csrfmiddlewaretoken"'
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "ETag")


def is_outage(exc: BaseException | None) -> bool:
    """Whether `exc` (or what caused it) means the database or Redis is unreachable."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


@receiver(got_request_exception)
def note_outage(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """Mark the request when the exception Django is handling is an outage."""
    exc = sys.exc_info()[1]
    if request is not None and is_outage(exc):
        request.outage = exc


class LastGoodCopies:
    """A small, thread-safe LRU of recent public answers, per process.

    Memory, not the cache: it has to work when Redis is away as well.
    """

    def __init__(self):
        self._entries: OrderedDict[str, tuple[float, int, dict, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, status: int, headers: dict, content: bytes) -> None:
        limit = settings.OUTAGE_STALE_ENTRIES
        with self._lock:
            self._entries[key] = (time.monotonic(), status, headers, content)
            self._entries.move_to_end(key)
            while len(self._entries) > limit:
                self._entries.popitem(last=False)

    def get(self, key: str) -> tuple[int, dict, bytes] | None:
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or time.monotonic() - entry[0] > settings.OUTAGE_STALE_SECONDS:
            return None
        return entry[1:]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


last_good = LastGoodCopies()


def copy_key(request: HttpRequest) -> str:
    wants_json = "json" in request.headers.get("Accept", "")
    # The raw Host header: get_host() may raise, and this must not.
    host = request.META.get("HTTP_HOST", "")
    return f"{host}|{request.get_full_path()}|{int(wants_json)}"


def may_keep(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        settings.OUTAGE_STALE_SECONDS > 0
        and request.method == "GET"
        and response.status_code == 200
        and not request.path_info.startswith(tuple(settings.CSP_ADMIN_PATHS))
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not getattr(response, "streaming", False)
        and response.get("Content-Type", "").startswith(STORED_TYPES)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and len(response.content) <= STORED_MAX_BYTES
    )


class OutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        outage = getattr(request, "outage", None)
        if outage is None:
            if may_keep(request, response):
                self.keep(request, response)
            return response
        logger.warning("Outage answer for %s: %r", request.path, outage)
        return self.answer(request)

    @staticmethod
    def keep(request: HttpRequest, response: HttpResponse) -> None:
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        content = response.content
        if CSRF_FIELD in content:  # scanning tens of kB costs more than this look
            content = CSRF_INPUT.sub(rb"\1\2", content)
        last_good.put(copy_key(request), response.status_code, headers, content)

    def answer(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            copy = last_good.get(copy_key(request))
            if copy is not None:
                status, headers, content = copy
                response = HttpResponse(content, status=status)
                for name, value in headers.items():
                    response[name] = value
                response["X-Outage"] = "stale"
                add_never_cache_headers(response)
                return response
        return unavailable(request)


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer: JSON under /api/, the static outage page elsewhere."""
    if request.path_info.startswith(API_PREFIX):
        response = JsonResponse(
            {"message": "the service is temporarily unavailable; try again shortly"},
            status=503,
        )
    else:
        site_title, theme_css = _remembered_theme(request)
        response = HttpResponse(
            render_to_string("503.html", {"site_title": site_title, "theme_css": theme_css}),
            status=503,
        )
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    response["X-Outage"] = "unavailable"
    add_never_cache_headers(response)
    return response


def _remembered_theme(request: HttpRequest) -> tuple[str, str]:
    """The site's name and colours, if the cache still has them (home/views.py)."""
    try:
        from django.core.cache import cache

        from home.views import THEME_CACHE_KEY

        remembered = cache.get(THEME_CACHE_KEY.format(host=request.META.get("HTTP_HOST", "")))
    except Exception:  # noqa: BLE001 - the outage page must render whatever is down
        remembered = None
    if isinstance(remembered, tuple | list) and len(remembered) == 2:
        return str(remembered[0]), str(remembered[1])
    return "", ""
