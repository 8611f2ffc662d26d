"""Health probes for load balancers, orchestrators and the compose stack.

- `/healthz`: liveness. The process answers; nothing else is touched, so a
  database or Redis outage never gets healthy app servers restarted.
- `/readyz`: readiness. The database answers `SELECT 1` and the cache stores
  and returns a value; otherwise 503 with a JSON body naming each check that
  failed, so a load balancer stops sending traffic here until it recovers.

Both are wired in cms/urls.py outside the language prefixes, are never cached
(`never_cache`; cms/response_cache.py skips them) and are exempt from the
HTTPS redirect in production. They answer only for hosts in ALLOWED_HOSTS:
probes send one of those as their Host header. Failure details go to the log,
not to the response.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


# Looked up by name at each request, so that tests can replace a check.
CHECKS = ("database", "cache")


def run_check(name: str) -> str:
    check: Callable[[], None] = globals()[f"check_{name}"]
    try:
        check()
    except Exception as exc:  # noqa: BLE001  (any failure means "not ready")
        logger.warning("Readiness check %r failed: %r", name, exc)
        return f"failed: {type(exc).__name__}"
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {name: run_check(name) for name in CHECKS}
    failed = sorted(name for name, result in checks.items() if result != "ok")
    if failed:
        return JsonResponse(
            {"status": "unavailable", "failed": failed, "checks": checks}, status=503
        )
    return JsonResponse({"status": "ok", "checks": checks})
