"""The health probes: /healthz (the process answers) and /readyz (database and cache)."""

from __future__ import annotations

import os
from http import HTTPStatus
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings

from cms.settings.base import cache_settings


def get(path: str):
    return Client(HTTP_HOST="localhost").get(path)


def test_healthz_answers_without_the_database(db, django_assert_num_queries):
    with (
        mock.patch("cms.health.check_database", side_effect=OperationalError("down")),
        mock.patch.object(connection, "cursor", side_effect=OperationalError("down")),
        django_assert_num_queries(0),
    ):
        response = get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_reports_every_check_ok_when_database_and_cache_answer(db):
    response = get("/readyz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_readyz_names_the_database_when_it_is_unreachable(db):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("refused")):
        response = get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["failed"] == ["database"]
    assert body["checks"] == {"database": "failed: OperationalError", "cache": "ok"}
    assert "refused" not in response.content.decode()  # details go to the log only


def test_readyz_names_the_cache_when_it_loses_what_it_stored(db):
    with mock.patch("django.core.cache.cache.get", return_value=None):
        response = get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["failed"] == ["cache"]
    assert response.json()["checks"]["cache"] == "failed: RuntimeError"


def test_readyz_names_a_redis_nobody_listens_on(db):
    # A real Redis client against a closed port: nothing shared is stopped.
    caches = cache_settings({"REDIS_URL": "redis://127.0.0.1:9/0"})
    with override_settings(CACHES=caches):
        response = get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["failed"] == ["cache"]
    assert response.json()["checks"]["cache"].startswith("failed: ")


def test_readyz_names_both_when_both_fail(db):
    with (
        mock.patch("cms.health.check_database", side_effect=OperationalError("down")),
        mock.patch("cms.health.check_cache", side_effect=ConnectionError("down")),
    ):
        response = get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["failed"] == ["cache", "database"]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_readyz_is_ok_on_the_redis_of_redis_url(db):
    caches = cache_settings({**os.environ, "CACHE_KEY_PREFIX": "samverkan-test-readyz"})
    with override_settings(CACHES=caches):
        response = get("/readyz")
    assert response.status_code == HTTPStatus.OK, response.content


# production.py's exemption; tests/test_deployment_settings.py checks it is there.
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$", r"^readyz$"])
def test_probes_answer_over_plain_http_where_production_redirects_to_https(db):
    assert get("/healthz").status_code == HTTPStatus.OK
    assert get("/readyz").status_code == HTTPStatus.OK
    assert get("/").status_code == HTTPStatus.MOVED_PERMANENTLY
