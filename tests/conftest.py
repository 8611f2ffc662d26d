"""Shared fixtures: every test database holds the demo content."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale, Site

from sites.demo_content import SITE_MODULES
from sites.hosts import hostname_for, portal_hostname

ORGANISATION_SLUGS = [module.ORGANISATION["slug"] for module in SITE_MODULES]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo content once per test database (per xdist worker)."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0, stdout=io.StringIO())


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
