"""Shared fixtures: every test database holds the demo content."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.test.utils import setup_databases, teardown_databases
from wagtail.models import Locale, Site

from sites.demo_content import SITE_MODULES
from sites.hosts import hostname_for, portal_hostname

ORGANISATION_SLUGS = [module.ORGANISATION["slug"] for module in SITE_MODULES]


# The database the settings name, before any test database replaces it.
CONFIGURED_DATABASE = settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo content once per test database (per xdist worker).

    pytest-django sets up only the databases that the collected tests declare
    (the `db` fixture or the `django_db` mark). The browser tests reach the
    database through their own live server and declare neither, so when only
    they run, the default test database is set up here: else the demo content
    would go into the configured database, and the tests would run against it.
    """
    with django_db_blocker.unblock():
        created = None
        if connections[DEFAULT_DB_ALIAS].settings_dict["NAME"] == CONFIGURED_DATABASE:
            created = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
        call_command("load_demo_content", verbosity=0, stdout=io.StringIO())
    yield
    if created is not None:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: responses, locator, versions.

    Databases roll back between tests; the cache would not.
    """
    forget_everything_kept()


def forget_everything_kept() -> None:
    """Empty every cache: shared, this process's fragments and responses, locales, themes."""
    from django.core.cache import cache, caches

    from cms import response_cache
    from home import views
    from sites import locales

    cache.clear()
    caches["renditions"].clear()
    response_cache.local_fragments.clear()
    response_cache.local_entries.clear()
    locales.clear()
    views._stored_themes.clear()


@pytest.fixture
def sv(db) -> Locale:
    return Locale.objects.get(language_code="sv")


@pytest.fixture
def en(db) -> Locale:
    return Locale.objects.get(language_code="en")


def site_client(slug: str) -> Client:
    """A test client whose requests go to the site of organisation `slug`."""
    return Client(HTTP_HOST=hostname_for(slug))


@pytest.fixture
def portal_client(db) -> Client:
    return Client(HTTP_HOST=portal_hostname())


@pytest.fixture
def demo_sites(db) -> dict[str, Site]:
    return {slug: Site.objects.get(hostname=hostname_for(slug)) for slug in ORGANISATION_SLUGS}
