"""Browser tests: a real headless Chromium (Debian's package) driven by Playwright.

A Django live server thread serves the test database (with the demo content) on
a free port. Chromium resolves `<slug>.localhost` to this machine by itself,
so each site is visited at `http://<slug>.localhost:<port>/`: Wagtail finds
the site by its hostname even though the Site rows say port 80 (a hostname
matching one site wins over a port mismatch), and the links inside a page are
relative, so nothing in the database has to change for these tests.

Without Chromium the tests fail with a clear message when CI=true, and are
skipped otherwise (install it with `apt-get install chromium`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from sites.hosts import hostname_for

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_path() -> str | None:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def browser(server_port) -> Iterator:
    """One Chromium for the tests of a module.

    Playwright's sync API keeps an asyncio loop running in this thread, which
    Django would take for async code, so DJANGO_ALLOW_ASYNC_UNSAFE is set
    while the browser is open (our ORM calls are synchronous) and removed
    after, so that it never leaks into other tests or their subprocesses.
    """
    path = chromium_path()
    if path is None:
        message = (
            f"Chromium is not installed at {CHROMIUM}: the browser tests need Debian's "
            "package (apt-get install chromium). .ci/run installs it."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements-dev.txt has it
        pytest.fail("playwright is not installed: pip install -r requirements-dev.txt")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(
                executable_path=path, headless=True, args=CHROMIUM_ARGS
            )
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    tab = browser_context.new_page()
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def server_port(django_db_setup, django_db_blocker) -> Iterator[int]:
    """A live server on a free port, serving the test database with the demo content.

    Not pytest-django's `live_server`: that one makes every test using it
    transactional, and flushing the database after each test would remove the
    demo content the session loaded once. This one runs Django's own
    LiveServerThread, sharing an in-memory SQLite connection like Django's
    LiveServerTestCase does; tests keep their rolled-back transactions.
    """
    with django_db_blocker.unblock():
        shared = {}
        for connection in connections.all():
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                shared[connection.alias] = connection
                connection.inc_thread_sharing()
        thread = LiveServerThread("localhost", _StaticFilesHandler, shared, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield thread.port
        thread.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()


@pytest.fixture(scope="session")
def site_url(server_port):
    """`site_url(slug, path)`: the address of a path on an organisation's site."""
    port = server_port

    def url(slug: str, path: str = "/") -> str:
        return f"http://{hostname_for(slug)}:{port}{path}"

    return url


@pytest.fixture(autouse=True)
def fresh_cache():
    """No cached page or rate-limit counter from another test."""
    cache.clear()


@pytest.fixture
def orm(django_db_blocker):
    """Database access for the test itself, outside any transaction.

    Not `db`: its transaction would stay open on the SQLite connection the
    live server shares while the browser loads pages. What the server writes
    (a feedback answer) is committed; tests of feedback count only their own.
    """
    with django_db_blocker.unblock():
        yield
