"""The response cache: serves repeat requests, never stale, never for editors."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.test import Client
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import Page

from cms import response_cache
from home.models import HomePage, StandardPage
from projects.models import Project

from .conftest import site_client

pytestmark = pytest.mark.django_db


def get(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response


def test_a_repeated_page_request_is_served_from_the_cache(django_assert_num_queries):
    client = site_client("region-varmland")
    first = get(client, "/finansiering/")
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = get(client, "/finansiering/")
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert second["ETag"] == first["ETag"]


def test_a_repeated_api_request_is_served_from_the_cache(django_assert_num_queries):
    api = Client(HTTP_HOST="localhost")
    url = "/api/v2/projects/?fields=*&status=ongoing"
    first = get(api, url)
    with django_assert_num_queries(0):
        second = get(api, url)
    assert second["X-Cache"] == "HIT" and second.json() == first.json()


def test_publishing_a_page_clears_its_sites_pages_only():
    varmland, skane = site_client("region-varmland"), site_client("region-skane")
    get(varmland, "/")
    get(skane, "/")
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    page.title = "Finansiering och bidrag"
    page.save_revision().publish()
    home = get(varmland, "/")
    assert home["X-Cache"] == "MISS"
    assert "Finansiering och bidrag" in home.content.decode()  # the menu shows it
    assert get(skane, "/")["X-Cache"] == "HIT"  # another site is untouched


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete"])
def test_snippet_changes_clear_every_page_and_api_response_that_shows_it(action):
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    project.title = "Projektet Ettan"
    project.save_revision().publish()
    skane, natverkstan = site_client("region-skane"), site_client("natverkstan")
    api = Client(HTTP_HOST="localhost")
    urls = [
        (skane, "/"),  # a projects block
        (skane, "/projekt/"),
        (skane, "/projekt/learn-create-engage/"),
        (site_client("region-varmland"), "/projekt/"),  # shows every organisation's
        (api, "/api/v2/projects/?fields=title"),
        (api, f"/api/v2/projects/{project.pk}/"),
        (api, "/api/v2/pages/?type=home.HomePage&fields=body&site=region-skane.localhost"),
    ]
    for client, url in urls:
        assert "Projektet Ettan" in get(client, url).content.decode(), url
    unrelated = get(natverkstan, "/uppdrag-och-projekt/")  # shows no project

    if action == "publish":
        project.title = "Projektet Tvåan"
        project.save_revision().publish()
    elif action == "unpublish":
        for translation in project.get_translations():
            translation.unpublish()
        project.unpublish()
    else:
        for translation in project.get_translations():
            translation.delete()
        project.delete()

    for client, url in urls:
        response = client.get(url)
        assert response.get("X-Cache") != "HIT", url
        text = response.content.decode()
        assert "Projektet Ettan" not in text, url
        if action == "publish":
            assert "Projektet Tvåan" in text, url
    assert natverkstan.get("/uppdrag-och-projekt/")["X-Cache"] == "HIT"
    assert unrelated.status_code == HTTPStatus.OK


def test_moving_a_page_clears_both_sites():
    varmland, natverkstan = site_client("region-varmland"), site_client("natverkstan")
    get(varmland, "/")
    get(natverkstan, "/")
    page = Page.objects.get(slug="finansiering", locale__language_code="sv")
    page.move(HomePage.objects.get(slug="natverkstan", locale__language_code="sv"), "last-child")
    assert varmland.get("/finansiering/").status_code == HTTPStatus.NOT_FOUND
    assert get(varmland, "/")["X-Cache"] == "MISS"
    assert get(natverkstan, "/")["X-Cache"] == "MISS"
    assert get(natverkstan, "/finansiering/").status_code == HTTPStatus.OK


def test_logged_in_editors_are_never_served_or_stored():
    client = site_client("region-varmland")
    get(client, "/finansiering/")  # cached for visitors
    editor = get_user_model().objects.create_superuser("red", "r@example.org", "pw")
    client.force_login(editor)
    response = get(client, "/finansiering/")
    assert not response.has_header("X-Cache")


def test_a_cached_form_carries_each_visitors_own_csrf_token(rf):
    """Public pages have no token now (home/feedback.py), but a form that has one is safe."""

    def view(request):
        response_cache.depends_on("site:1")
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    middleware = response_cache.ResponseCacheMiddleware(view)
    tokens = []
    for _visitor in range(2):
        request = rf.get("/a-form/", HTTP_HOST="localhost")
        response = middleware(request)
        value = re.search(r'value="(\w+)"', response.content.decode()).group(1)
        assert _unmask_cipher_token(value) == request.META["CSRF_COOKIE"]
        tokens.append(value)
    assert response["X-Cache"] == "HIT"
    assert "ETag" not in response
    assert tokens[0] != tokens[1]
    # The hit is served before CsrfViewMiddleware: it sets the new visitor's
    # cookie itself, and keeps a returning visitor's secret.
    assert _unmask_cipher_token(tokens[1]) == response.cookies["csrftoken"].value
    assert response["Content-Length"] == str(len(response.content))
    secret = response.cookies["csrftoken"].value
    request = rf.get("/a-form/", HTTP_HOST="localhost", HTTP_COOKIE=f"csrftoken={secret}")
    response = middleware(request)
    value = re.search(r'value="(\w+)"', response.content.decode()).group(1)
    assert response["X-Cache"] == "HIT" and _unmask_cipher_token(value) == secret
    assert response.cookies["csrftoken"].value == secret  # renewed, as Django does


def test_a_hit_carries_the_headers_of_the_response_it_stored():
    """Hits are served before the session, locale and CSRF middleware
    (cms/settings/base.py); what those added to the stored response (Vary,
    Content-Language) comes with it, and each language has its own entry."""
    client = site_client("region-varmland")
    for path, language in (("/finansiering/", "sv"), ("/en/", "en")):
        miss = get(client, path)
        hit = get(client, path)
        assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
        assert hit["Content-Language"] == language
        headers = {name.lower(): value for name, value in miss.items()}
        headers.pop("x-cache")
        assert {name.lower(): value for name, value in hit.items() if name != "X-Cache"} == headers
        assert "Cookie" in hit["Vary"] and hit["Content-Length"] == str(len(hit.content))
        assert not hit.cookies


def test_the_cache_can_be_turned_off(settings):
    settings.RESPONSE_CACHE = False
    client = site_client("region-varmland")
    get(client, "/finansiering/")
    assert not get(client, "/finansiering/").has_header("X-Cache")


PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """A front-end cache backend that remembers what it was asked to purge."""

    def purge(self, url):
        PURGED.append(url)


def test_a_cdn_is_purged_of_pages_and_the_pages_showing_a_snippet(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.RecordingBackend"}}
    PURGED.clear()
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    page.save_revision().publish()
    assert "http://region-varmland.localhost/finansiering/" in PURGED

    PURGED.clear()
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    project.save_revision().publish()
    assert "http://region-skane.localhost/projekt/learn-create-engage/" in PURGED
    assert "http://region-skane.localhost/projekt/" in PURGED
    assert "http://region-varmland.localhost/projekt/learn-create-engage/" in PURGED
    assert not any(url.startswith("http://natverkstan.localhost/projekt") for url in PURGED)


def test_search_results_are_cached_until_the_search_index_changes():
    """A task queue may update the index after the publish that cleared the cache:
    the index update itself clears cached searches."""
    from modelsearch.tasks import insert_or_update_object_task

    page = site_client("region-skane")
    api = Client(HTTP_HOST="localhost")
    urls = [
        (page, "/search/?query=digitala"),
        (api, "/api/v2/search/?q=digitala&site=region-skane.localhost"),
    ]
    for client, url in urls:
        assert get(client, url)["X-Cache"] == "MISS", url
        assert get(client, url)["X-Cache"] == "HIT", url
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    # What a worker runs after a publish (here at once: the immediate backend).
    insert_or_update_object_task.enqueue("projects", "project", str(project.pk))
    for client, url in urls:
        assert get(client, url)["X-Cache"] == "MISS", url


def test_a_search_shows_a_renamed_page_at_once():
    client = site_client("region-varmland")
    assert "Finansiering" in get(client, "/search/?query=finansiering").content.decode()
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    page.title = "Finansiering och bidragsformer"
    page.save_revision().publish()
    assert "bidragsformer" in get(client, "/search/?query=finansiering").content.decode()
