"""Two app servers sharing PostgreSQL and Redis: publish through one, read through the other.

This is the production topology of docker-compose.yml on one machine: two
gunicorn servers on different 127.0.0.1 ports and a task worker
(`manage.py db_worker`), all with production settings configured by the
environment (tests/scale_out_settings.py), sharing one PostgreSQL database and
one Redis. An editor logs in on server A and publishes a draft there; the next
request to server B, which had the page and its API response cached, shows
the new version, and once the worker has updated the search index, B's search
finds it.

The database is a copy of this test run's database (demo content included),
made with CREATE DATABASE ... TEMPLATE and dropped afterwards; the cache keys
carry a prefix of their own and are deleted afterwards. It needs PostgreSQL
(DATABASE_URL) and Redis (REDIS_URL), as in .ci/run's PostgreSQL pass, and
skips on SQLite, a file that two machines cannot share.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import string
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
import redis
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, connections

REPO = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_URL", "")
# Never passed on to the servers: they get exactly what the test sets.
SERVICE_VARIABLES = ("AWS_STORAGE_BUCKET_NAME", "WAGTAILSEARCH_URL", "TASKS_BACKEND")
USERNAME = "scale-out-editor"
PASSWORD = secrets.token_urlsafe(16)
STARTUP_SECONDS = 90

pytestmark = [
    # Creates this run's test database, the one the stack's database is copied from.
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): two servers share one "
        "database, and SQLite is a file on one machine",
    ),
    pytest.mark.skipif(
        not REDIS_URL, reason="needs Redis (REDIS_URL=redis://...): two servers share one cache"
    ),
]


# --- The shared database -----------------------------------------------------


def connect(dbname: str = "postgres") -> psycopg.Connection:
    """A connection of our own, outside Django's."""
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def database_url(name: str) -> str:
    params = connection.settings_dict
    credentials = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        credentials += ":" + quote(params["PASSWORD"], safe="")
    host = params["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{params['PORT'] or 5432}/{name}"


@contextmanager
def on_database(name: str):
    """Point this process's default connection at another database for a while."""
    params = connection.settings_dict
    original = params["NAME"]
    connection.close()
    params["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        params["NAME"] = original


@dataclass
class Draft:
    page_id: int
    host: str
    path: str
    old_title: str
    new_title: str
    token: str


def copy_test_database(name: str) -> None:
    template = connection.settings_dict["NAME"]
    connections.close_all()  # a template database must have no other sessions
    with connect() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for attempt in range(20):
            try:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                return
            except psycopg.errors.ObjectInUse:  # our closed session is still leaving
                if attempt == 19:
                    raise
                time.sleep(0.25)


def prepare_draft() -> Draft:
    """An editor, and a draft of a live Swedish page that only publishing will show."""
    from home.models import StandardPage

    # Hashed with production's hasher: the test settings' fast one is unknown there.
    hasher = PBKDF2PasswordHasher()
    user = get_user_model().objects.create_superuser(USERNAME, "editor@example.org")
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    page = StandardPage.objects.live().filter(locale__language_code="sv").order_by("pk").first()
    site_id, _root_url, path = page.get_url_parts()
    token = "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
    draft = Draft(
        page_id=page.pk,
        host=page.get_site().hostname,
        path=path,
        old_title=page.title,
        new_title=f"Skalningsprov {token}",
        token=token,
    )
    page.title = draft.new_title
    page.save_revision(user=user)
    return draft


# --- The servers -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def browser() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy for 127.0.0.1
    return session


class Server:
    """One process of the stack, with its log; `get` speaks HTTP to app servers."""

    def __init__(self, name: str, argv: list[str], env: dict, log_dir: Path, port=None):
        self.name = name
        self.port = port
        self.log = log_dir / f"{name}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, host: str = "localhost", session=None, **kw) -> requests.Response:
        """GET as `session`, by default a new anonymous visitor."""
        session = session or browser()
        return session.get(self.url(path), headers={"Host": host}, timeout=30, **kw)

    def post(self, path: str, data: dict, session: requests.Session) -> requests.Response:
        headers = {"Host": "localhost"}
        return session.post(
            self.url(path), data=data, headers=headers, allow_redirects=False, timeout=30
        )

    def wait_until_ready(self, deadline: float) -> None:
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"{self.name} exited:\n{self.log_tail()}")
            try:
                if self.get("/readyz").status_code == HTTPStatus.OK:
                    return
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{self.name} not ready in time:\n{self.log_tail()}")
            time.sleep(0.25)

    def log_tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-40:])

    def stop(self) -> None:
        """Ask to stop (SIGINT: gunicorn's quick shutdown; the worker's too); `wait` for it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)

    def wait(self) -> None:
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Stack:
    a: Server
    b: Server
    worker: Server
    draft: Draft
    database: str


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Stack]:
    database = f"{connection.settings_dict['NAME']}_scaleout"
    prefix = f"scale-out-{secrets.token_hex(4)}"
    with django_db_blocker.unblock():
        copy_test_database(database)
        with on_database(database):
            draft = prepare_draft()

    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.scale_out_settings",
        PYTHONPATH=str(REPO),
        SECRET_KEY=secrets.token_urlsafe(32),
        DATABASE_URL=database_url(database),
        DB_CONN_MAX_AGE="60",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        TASKS_BACKEND="database",
        ALLOWED_HOSTS="localhost,.localhost,127.0.0.1",
        # Plain HTTP on 127.0.0.1: no TLS in front, as behind a proxy that has it.
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        ADMIN_2FA_REQUIRED="0",
        SITE_PORT="80",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        WEB_CONCURRENCY="1",
        LOG_LEVEL="WARNING",
    )
    logs = tmp_path_factory.mktemp("scale-out")
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "cms.wsgi"]
    servers = []
    try:
        for name in ("a", "b"):
            port = free_port()
            argv = [*gunicorn, "--bind", f"127.0.0.1:{port}"]
            servers.append(Server(name, argv, env, logs, port=port))
        worker_argv = [sys.executable, "manage.py", "db_worker", "--interval", "0.2"]
        servers.append(Server("worker", [*worker_argv, "--no-startup-delay"], env, logs))
        deadline = time.monotonic() + STARTUP_SECONDS
        for server in servers[:2]:
            server.wait_until_ready(deadline)
        yield Stack(*servers, draft=draft, database=database)
    finally:
        for server in servers:
            server.stop()
        for server in servers:
            server.wait()
        with connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shared = redis.Redis.from_url(REDIS_URL)
        keys = list(shared.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            shared.delete(*keys)


# --- Helpers ---------------------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(response: requests.Response) -> str:
    match = CSRF_INPUT.search(response.text)
    assert match, f"no CSRF token in {response.url}"
    return match.group(1)


def queue_is_empty(database: str) -> bool:
    from django_tasks_db.models import DBTaskResult

    with connect(database) as shared:
        waiting = shared.execute(
            f"SELECT count(*) FROM {DBTaskResult._meta.db_table}"
            " WHERE status IN ('READY', 'RUNNING')"
        ).fetchone()[0]
    return waiting == 0


# --- The test ------------------------------------------------------------------


def test_publishing_on_one_server_shows_on_the_other_at_the_next_request(stack: Stack):
    a, b, draft = stack.a, stack.b, stack.draft
    api_detail = f"/api/v2/pages/{draft.page_id}/"

    # Both servers show the live version; B answers twice, so it has it cached.
    for server in (a, b, b):
        page = server.get(draft.path, host=draft.host)
        assert page.status_code == HTTPStatus.OK, server.log_tail()
        assert draft.token not in page.text
        api = server.get(api_detail, host=draft.host)
        assert api.status_code == HTTPStatus.OK
        assert api.json()["title"] == draft.old_title
    # (The response cache, cms/response_cache.py, says where an answer came from.)
    assert page.headers.get("X-Cache", "HIT") == "HIT"
    assert api.headers.get("X-Cache", "HIT") == "HIT"

    # The editor logs in on A; the session is in the shared database and cache,
    # so B knows them too.
    editor = browser()
    login = a.get("/admin/login/", session=editor)
    credentials = {"username": USERNAME, "password": PASSWORD, "next": "/admin/"}
    credentials["csrfmiddlewaretoken"] = csrf_token(login)
    response = a.post("/admin/login/", credentials, editor)
    assert response.status_code == HTTPStatus.FOUND, response.text[:2000]
    assert b.get("/admin/", session=editor, allow_redirects=False).status_code == HTTPStatus.OK

    # They publish the draft on A.
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={draft.page_id}&next=/admin/"
    form = a.get(publish, session=editor)
    assert form.status_code == HTTPStatus.OK
    response = a.post(publish, {"csrfmiddlewaretoken": csrf_token(form)}, editor)
    assert response.status_code == HTTPStatus.FOUND, response.text[:2000]

    # B's very next answers to a visitor show it: the page and the API.
    page = b.get(draft.path, host=draft.host)
    assert page.status_code == HTTPStatus.OK
    assert draft.new_title in page.text
    assert b.get(api_detail, host=draft.host).json()["title"] == draft.new_title

    # The search index is updated by the worker; once it is done, B finds the page.
    deadline = time.monotonic() + 30
    while not queue_is_empty(stack.database):
        assert stack.worker.process.poll() is None, stack.worker.log_tail()
        assert time.monotonic() < deadline, f"queue not drained:\n{stack.worker.log_tail()}"
        time.sleep(0.2)
    found = b.get(f"/api/v2/pages/?search={draft.token}&fields=title", host=draft.host)
    assert found.status_code == HTTPStatus.OK
    assert [item["id"] for item in found.json()["items"]] == [draft.page_id]
