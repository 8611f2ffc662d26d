"""SQL queries per request without the response cache (issue #6: "cold" requests).

Targets: at most 12 queries for a page, at most 8 for an API response, and
the same number for a list of 1 item as for a list of many. Counted on the
third request: the first ones fill the per-process and shared fragments
(site lookup, routing table, menus, page bodies) as a server's first
requests do after a start or a publish.
"""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from projects.models import Project
from sites.hosts import hostname_for
from sites.models import Organisation

from .conftest import site_client

pytestmark = pytest.mark.django_db

MAX_PAGE_QUERIES = 12
MAX_API_QUERIES = 8


@pytest.fixture(autouse=True)
def cold(settings):
    settings.RESPONSE_CACHE = False


def queries_of(client: Client, url: str) -> tuple[int, object]:
    for _ in range(2):
        assert client.get(url).status_code == HTTPStatus.OK, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return len(queries), response


PAGE_URLS = [
    ("natverkstan", "/"),
    ("natverkstan", "/uppdrag-och-projekt/"),
    ("natverkstan", "/mal/"),
    ("natverkstan", "/projekt/"),
    ("natverkstan", "/projekt/?status=ongoing"),
    ("natverkstan", "/projekt/natverkstan-regionalt-uppdrag-2021-2024/"),
    ("natverkstan", "/fortbildning/"),
    ("natverkstan", "/fortbildning/natverkstan-fortbildning-kultursektorn/"),
    ("natverkstan", "/publikationer/?kind=report"),
    ("natverkstan", "/publikationer/natverkstan-rapporter/"),
    ("natverkstan", "/tillganglighet/"),
    ("natverkstan", "/search/?query=kultur"),
    ("natverkstan", "/search/?query=kultur&page=2"),
    ("natverkstan", "/en/"),
    ("natverkstan", "/en/projects/"),
    ("natverkstan", "/en/search/?query=culture"),
    ("region-skane", "/"),
    ("region-skane", "/learn-create-engage/"),
]


@pytest.mark.parametrize(("slug", "url"), PAGE_URLS)
def test_a_cold_page_costs_at_most_12_queries(slug, url):
    count, _response = queries_of(site_client(slug), url)
    assert count <= MAX_PAGE_QUERIES, f"{url}: {count} queries"


API_URLS = [
    "/api/v2/pages/?type=home.StandardPage&fields=*",
    "/api/v2/pages/?type=home.HomePage&fields=*&site=region-skane.localhost",
    "/api/v2/pages/?site=natverkstan.localhost&fields=*&locale=en",
    "/api/v2/projects/?status=ongoing&organisation=natverkstan&locale=sv"
    "&fields=title,summary,start_date,end_date,lead_organisation,areas",
    "/api/v2/projects/?fields=*",
    "/api/v2/activities/?fields=*",
    "/api/v2/publications/?fields=*&kind=report",
    "/api/v2/goals/?fields=*",
    "/api/v2/organisations/?fields=*",
    "/api/v2/sites/",
    "/api/v2/search/?q=kultur",
]


@pytest.mark.parametrize("url", API_URLS)
def test_a_cold_api_list_costs_at_most_8_queries(url):
    count, _response = queries_of(Client(HTTP_HOST=hostname_for("natverkstan")), url)
    assert count <= MAX_API_QUERIES, f"{url}: {count} queries"


def test_every_cold_api_detail_costs_at_most_8_queries():
    api = Client(HTTP_HOST=hostname_for("natverkstan"))
    listing = api.get("/api/v2/pages/?site=natverkstan.localhost&limit=50").json()
    urls = [item["meta"]["detail_url"] for item in listing["items"]]
    for name in ("projects", "activities", "publications", "goals", "organisations", "areas"):
        items = api.get(f"/api/v2/{name}/?limit=3").json()["items"]
        urls += [item["meta"]["detail_url"] for item in items]
    assert len(urls) > 20
    for url in urls:
        count, _response = queries_of(api, url)
        assert count <= MAX_API_QUERIES, f"{url}: {count} queries"


def add_projects(count: int, first: int = 0) -> None:
    owner = Organisation.objects.get(slug="natverkstan", locale__language_code="sv")
    template = Project.objects.filter(organisation=owner, locale=owner.locale).first()
    today = datetime.date.today()
    for n in range(first, first + count):
        project = Project(
            title=f"Mätprojekt {n}",
            slug=f"matprojekt-{n}",
            organisation=owner,
            locale=owner.locale,
            summary="Ett projekt för att räkna frågor.",
            lead_organisation=owner,
            start_date=today - datetime.timedelta(days=30 + n),
            end_date=today + datetime.timedelta(days=365),
        )
        project.save()
        project.areas.set(template.areas.all())
        project.partners.set(Organisation.objects.filter(locale=owner.locale)[:2])
        project.save_revision().publish()


@pytest.mark.parametrize(
    "url", ["/projekt/", "/projekt/?status=ongoing", "/en/projects/?status=ongoing"]
)
def test_a_list_page_costs_the_same_for_one_item_as_for_a_full_page(url):
    client = site_client("natverkstan")
    add_projects(1)
    one, response = queries_of(client, url)
    assert response.content.decode().count('<article class="card') >= 1
    add_projects(20, first=1)
    many, response = queries_of(client, url)
    assert response.content.decode().count('<article class="card') == 12  # a full page
    assert one == many, f"{url}: {one} queries for one item, {many} for a page of 12"


def test_search_costs_the_same_for_a_window_of_hits_as_for_many_more():
    """Search fetches the hits a page shows, per model, and counts only the models
    with more: past that, the cost does not grow with the number of hits."""
    client = site_client("natverkstan")
    url = "/search/?query=m%C3%A4tprojekt"
    add_projects(10)
    window, response = queries_of(client, url)
    assert "10 träffar" in response.content.decode()
    add_projects(40, first=10)
    many, response = queries_of(client, url)
    assert "50 träffar" in response.content.decode()
    assert many <= window + 1  # at most the count of the one model with more hits
    assert many <= MAX_PAGE_QUERIES


def test_pages_skip_the_restriction_queries_only_while_no_page_is_restricted():
    client = site_client("natverkstan")
    other = "/mal/"
    unrestricted, _response = queries_of(client, other)
    page = Page.objects.get(url_path="/natverkstan/uppdrag-och-projekt/")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    response = client.get("/uppdrag-och-projekt/")
    assert response.status_code == HTTPStatus.OK
    assert 'name="password"' in response.content.decode()  # the password form, not the page
    # Now every page is checked again, at Wagtail's cost.
    assert queries_of(client, other)[0] > unrestricted
    PageViewRestriction.objects.filter(page=page).delete()
    assert queries_of(client, other)[0] == unrestricted


def test_a_page_restricted_after_it_was_cached_is_no_longer_served(settings):
    settings.RESPONSE_CACHE = True
    client = site_client("natverkstan")
    url = "/uppdrag-och-projekt/"
    assert client.get(url).status_code == HTTPStatus.OK
    assert client.get(url)["X-Cache"] == "HIT"
    page = Page.objects.get(url_path="/natverkstan/uppdrag-och-projekt/")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    response = client.get(url)
    assert response.get("X-Cache") != "HIT"
    assert 'name="password"' in response.content.decode()


def test_the_site_lookup_follows_a_change_of_hostname():
    client = site_client("natverkstan")
    assert client.get("/").status_code == HTTPStatus.OK
    site = Site.objects.get(hostname=hostname_for("natverkstan"))
    site.hostname = "nytt-namn.localhost"
    site.save()
    moved = Client(HTTP_HOST="nytt-namn.localhost")
    assert "Nätverkstan" in moved.get("/").content.decode()


@pytest.mark.parametrize(
    "url", ["/search/?query=regional", "/api/v2/search/?q=regional", "/en/search/?query=regional"]
)
def test_a_repeated_search_with_page_hits_costs_no_query(url):
    """The hits are kept with their pages as their specific types (search/queries.py)."""
    client = site_client("natverkstan")
    count, response = queries_of(client, url)
    content = response.content.decode()
    assert "Nätverkstan" in content or "natverkstan" in content  # pages of the site were found
    assert count == 0


def test_a_remembered_locale_is_served_without_building_a_query(db, monkeypatch):
    """sites/locales.py: a kept Locale is a dictionary read; the lookup's
    queryset is built only when the locale is not kept (it cost more than the
    read on every call)."""
    from wagtail.models import Locale

    from sites.locales import locale_by_code, locale_by_id

    swedish = locale_by_code("sv")
    assert locale_by_id(swedish.pk) == swedish

    def no_queryset(*args, **kwargs):
        raise AssertionError("a queryset was built for a kept locale")

    monkeypatch.setattr(Locale.objects, "filter", no_queryset)
    assert locale_by_code("sv") is swedish
    assert locale_by_id(swedish.pk) is locale_by_id(swedish.pk)
