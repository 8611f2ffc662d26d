"""The content API: endpoints, filters, shapes, privacy, protocol and bad input."""

from __future__ import annotations

import datetime
import json
import re
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)

from home.models import HomePage, StandardPage
from projects.models import Activity, Project, ProjectFunding
from publications.models import Publication
from sites.models import CultureArea, Goal, Organisation

pytestmark = pytest.mark.django_db

SITE_HOSTS = [
    f"{slug}.localhost"
    for slug in (
        "natverkstan",
        "vgr-kulturutveckling",
        "kulturkraft-syd",
        "region-skane",
        "region-varmland",
    )
]
SNIPPET_ENDPOINTS = ["organisations", "areas", "goals", "projects", "activities", "publications"]
LIST_ENDPOINTS = ["pages", "images", "documents", "sites", *SNIPPET_ENDPOINTS]


@pytest.fixture
def api() -> Client:
    return Client(HTTP_HOST="localhost")


def get_json(client: Client, url: str, status=HTTPStatus.OK, **extra):
    response = client.get(url, **extra)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), url
    return response.json()


def sv_obj(model, slug):
    return model.objects.get(slug=slug, locale__language_code="sv")


# -- Endpoints and envelope ---------------------------------------------------


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_every_list_endpoint_answers_in_the_wagtail_envelope(api, endpoint):
    site_scoped = endpoint == "pages" or endpoint in SNIPPET_ENDPOINTS
    data = get_json(api, f"/api/v2/{endpoint}/" + ("?site=natverkstan.localhost" * site_scoped))
    assert set(data) == {"meta", "items"}
    assert data["meta"]["total_count"] >= len(data["items"]) > 0
    for item in data["items"]:
        assert isinstance(item["id"], int)
        assert item["meta"]["detail_url"].startswith("http://")
        detail = get_json(api, item["meta"]["detail_url"].split("localhost", 1)[1])
        assert detail["id"] == item["id"]


@pytest.mark.parametrize("endpoint", SNIPPET_ENDPOINTS)
def test_snippet_items_carry_type_locale_and_html_url(api, endpoint):
    data = get_json(api, f"/api/v2/{endpoint}/?fields=*&limit=100")
    for item in data["items"]:
        meta = item["meta"]
        assert re.fullmatch(r"\w+\.\w+", meta["type"])
        assert meta["locale"] in {"sv", "en"}
        assert "html_url" in meta
        assert isinstance(meta["translations"], list)


def test_project_html_url_is_the_page_that_shows_it(api):
    project = sv_obj(Project, "learn-create-engage")
    data = get_json(api, f"/api/v2/projects/{project.pk}/")
    # Owned by Region Skåne: shown on its site by default ...
    assert data["meta"]["html_url"] == "http://region-skane.localhost/projekt/learn-create-engage/"
    assert (
        Client()
        .get("/projekt/learn-create-engage/", HTTP_HOST="region-skane.localhost")
        .status_code
        == HTTPStatus.OK
    )
    # ... and on another site when that site is named.
    kks = sv_obj(Project, "kulturkraft-syd")
    data = get_json(api, f"/api/v2/projects/{kks.pk}/?site=region-skane.localhost")
    assert data["meta"]["html_url"] == "http://region-skane.localhost/projekt/kulturkraft-syd/"


def test_related_objects_are_expanded_one_level_in_the_items_language(api):
    english = sv_obj(Project, "learn-create-engage").get_translations().get()
    data = get_json(api, f"/api/v2/projects/{english.pk}/")
    partner = data["partners"][0]
    assert set(partner) == {"id", "type", "title", "detail_url", "html_url"}
    assert partner["type"] == "sites.Organisation"
    funding = data["funding"][0]
    assert funding["amount_sek"] == 5_200_000
    assert funding["funder"]["title"] == "European Social Fund"  # localised
    assert data["status"] in {"ongoing", "completed"}
    assert data["lead_organisation"]["html_url"] == "http://region-skane.localhost/"
    translations = data["meta"]["translations"]
    assert [t["locale"] for t in translations] == ["sv"]
    assert translations[0]["detail_url"].endswith(f"/api/v2/projects/{english.source.pk}/")


def test_images_have_renditions_webp_alt_and_focal_point(api):
    project = sv_obj(Project, "learn-create-engage")
    image = get_json(api, f"/api/v2/projects/{project.pk}/")["image"]
    assert {"small", "medium", "large", "medium_webp", "large_webp"} <= set(image["renditions"])
    assert image["renditions"]["medium_webp"]["format"] == "webp"
    assert image["renditions"]["medium_webp"]["url"].endswith(".webp")
    assert image["width"] == 1200 and image["height"] == 675
    assert "focal_point" in image and "alt" in image


def test_stream_field_images_and_snippet_blocks_are_expanded(api):
    home = HomePage.objects.get(slug="region-skane", locale__language_code="sv").get_translation(
        Locale.objects.get(language_code="en")
    )
    data = get_json(api, f"/api/v2/pages/{home.pk}/?site=region-skane.localhost")
    blocks = {block["type"]: block["value"] for block in data["body"]}
    image = blocks["image"]["image"]
    assert image["alt"].startswith("Graphic in the colours")
    assert image["renditions"]["large_webp"]["url"].endswith(".webp")
    projects = blocks["projects"]["items"]
    assert projects and projects[0]["title"] == "Learn, Create, Engage"
    assert projects[0]["detail_url"].endswith(
        f"/api/v2/projects/{sv_obj(Project, 'learn-create-engage').get_translations().get().pk}/"
    )
    cta = blocks["call_to_action"]["link"]
    assert cta["url"].startswith("http://region-skane.localhost/en/")
    assert data["meta"]["translations"][0]["locale"] == "sv"


def test_no_wagtail_internal_markup_in_any_response(api):
    bodies = []
    listings = [f"/api/v2/{endpoint}/?limit=100" for endpoint in LIST_ENDPOINTS]
    listings += [f"/api/v2/pages/?limit=100&site={host}" for host in SITE_HOSTS]
    for url in listings:
        for item in get_json(api, url)["items"]:
            path = item["meta"]["detail_url"].split("localhost", 1)[1]
            bodies.append(api.get(path).content.decode())
    for host in SITE_HOSTS:
        url = f"/api/v2/pages/?type=home.HomePage&fields=*&limit=100&site={host}"
        bodies.append(api.get(url).content.decode())
    text = "\n".join(bodies)
    assert "linktype=" not in text and "embedtype=" not in text
    assert '<a href=\\"http://' in text  # rich text is there, as front-end HTML


# -- Pages and sites ----------------------------------------------------------


def test_pages_are_scoped_to_the_requested_site(api):
    data = get_json(api, "/api/v2/pages/?site=kulturkraft-syd.localhost&limit=100")
    urls = {item["meta"]["html_url"] for item in data["items"]}
    assert urls and all(url.startswith("http://kulturkraft-syd.localhost/") for url in urls)
    by_host = get_json(Client(HTTP_HOST="kulturkraft-syd.localhost"), "/api/v2/pages/?limit=100")
    assert {item["id"] for item in by_host["items"]} == {item["id"] for item in data["items"]}


def test_pages_in_english_of_one_site(api):
    data = get_json(api, "/api/v2/pages/?site=region-skane.localhost&locale=en&fields=title")
    assert data["items"] and {item["meta"]["locale"] for item in data["items"]} == {"en"}
    assert "Region Skåne – Culture" in {item["title"] for item in data["items"]}


@pytest.mark.parametrize(
    "parameter", ["child_of", "descendant_of", "ancestor_of", "translation_of"]
)
def test_wagtail_page_filters_work(api, parameter):
    home = HomePage.objects.get(slug="natverkstan", locale__language_code="sv")
    target = home if parameter != "ancestor_of" else home.get_children().first()
    data = get_json(api, f"/api/v2/pages/?site=natverkstan.localhost&{parameter}={target.pk}")
    assert data["items"]


def test_page_type_fields_order_and_find(api):
    data = get_json(
        api,
        "/api/v2/pages/?site=region-varmland.localhost&type=home.StandardPage&fields=intro&order=title",
    )
    titles = [item["title"] for item in data["items"]]
    assert titles == sorted(titles) and "intro" in data["items"][0]
    found = api.get(
        "/api/v2/pages/find/?html_path=/finansiering/", HTTP_HOST="region-varmland.localhost"
    )
    assert found.status_code == HTTPStatus.FOUND


def test_sites_endpoint_lists_organisations_hosts_roots_and_locales(api):
    data = get_json(api, "/api/v2/sites/")
    assert data["meta"]["total_count"] == 6
    skane = next(item for item in data["items"] if item["hostname"] == "region-skane.localhost")
    assert skane["organisation"]["title"] == "Region Skåne"
    assert {loc["locale"] for loc in skane["locales"]} == {"sv", "en"}
    assert skane["api"]["pages"].endswith("/api/v2/pages/?site=region-skane.localhost")
    assert get_json(api, skane["api"]["projects"].split("localhost", 1)[1])["items"]


# -- Snippet filters -----------------------------------------------------------


def ids(api, url):
    return {
        item["id"]
        for item in get_json(api, url + ("&" if "?" in url else "?") + "limit=100")["items"]
    }


def slugs(api, url):
    sep = "&" if "?" in url else "?"
    data = get_json(api, f"{url}{sep}limit=100&fields=slug")
    return {item["slug"] for item in data["items"]}


def test_organisation_filter_by_id_or_slug(api):
    org = sv_obj(Organisation, "natverkstan")
    by_slug = ids(api, "/api/v2/goals/?organisation=natverkstan")
    assert by_slug == ids(api, f"/api/v2/goals/?organisation={org.pk}")
    assert len(by_slug) == 6  # three goals, in Swedish and English


def test_site_filter_shows_what_that_site_shows(api):
    shown = slugs(api, "/api/v2/projects/?site=natverkstan.localhost")
    assert "vgr-digitalt-skapande" in shown  # Nätverkstan's project page shows VGR's too
    assert "learn-create-engage" not in shown
    assert "learn-create-engage" in slugs(api, "/api/v2/projects/?site=region-varmland.localhost")


def test_locale_and_translation_of_filters(api):
    project = sv_obj(Project, "learn-create-engage")
    english = get_json(api, f"/api/v2/projects/?translation_of={project.pk}")["items"]
    assert [item["meta"]["locale"] for item in english] == ["en"]
    assert all(
        i["meta"]["locale"] == "en" for i in get_json(api, "/api/v2/goals/?locale=en")["items"]
    )


@pytest.mark.parametrize(
    ("url", "present", "absent"),
    [
        ("/api/v2/projects/?status=completed", "kulturkraft-syd", "learn-create-engage"),
        ("/api/v2/projects/?status=ongoing", "learn-create-engage", "kulturkraft-syd"),
        ("/api/v2/projects/?area=digital-kompetens", "learn-create-engage", "kulturkraft-syd"),
        (
            "/api/v2/projects/?funder=europeiska-socialfonden",
            "kulturkraft-syd",
            "vgr-digitalt-skapande",
        ),
        ("/api/v2/projects/?partner=media-evolution", "learn-create-engage", "kulturkraft-syd"),
        ("/api/v2/projects/?active_on=2012-05-01", "kulturkraft-syd", "learn-create-engage"),
        ("/api/v2/activities/?format=digital", "kulturskolepedagogdagen", "kulturkraft-syd-kurser"),
        ("/api/v2/activities/?free=true", "lce-mentorskapsprogram", "kulturkraft-syd-kurser"),
        ("/api/v2/activities/?to=2011-01-01", "kulturkraft-syd-kurser", "nope"),
        ("/api/v2/activities/?from=2020-01-01", "lce-kunskapsdelning", "kulturkraft-syd-kurser"),
        (
            "/api/v2/activities/?kind=conference_day",
            "kulturskolepedagogdagen",
            "lce-kunskapsdelning",
        ),
        (
            "/api/v2/activities/?project=learn-create-engage",
            "lce-kunskapsdelning",
            "kulturskolepedagogdagen",
        ),
        ("/api/v2/publications/?kind=strategy", "varmlands-kulturplan", "natverkstan-rapporter"),
        (
            "/api/v2/publications/?year=2020",
            "kulturstrategi-vastra-gotaland-2020-2023",
            "natverkstan-rapporter",
        ),
        ("/api/v2/goals/?period=2022", "varmland-manniskan-2021-2024", "lce-minska-kompetensgapet"),
        ("/api/v2/goals/?period=2025", "lce-minska-kompetensgapet", "varmland-manniskan-2021-2024"),
        ("/api/v2/organisations/?kind=fund", "europeiska-socialfonden", "natverkstan"),
        ("/api/v2/areas/?national=true", "hemslojd", "kulturskola"),
        (
            "/api/v2/goals/?search=yttrandefrihet",
            "natverkstan-mal-1-2021-2024",
            "lce-samlande-plattform",
        ),
    ],
)
def test_filters_narrow_the_list(api, url, present, absent):
    found = slugs(api, url)
    assert present in found
    assert absent not in found


def test_publication_project_filter(api):
    project = sv_obj(Project, "learn-create-engage")
    publication = sv_obj(Publication, "natverkstan-rapporter")
    publication.projects.add(project)
    publication.save()
    assert slugs(api, "/api/v2/publications/?project=learn-create-engage") == {
        "natverkstan-rapporter"
    }


def test_fields_order_limit_and_offset(api):
    data = get_json(api, "/api/v2/organisations/?fields=name,-kind&order=-name&limit=3&offset=1")
    names = [item["name"] for item in data["items"]]
    assert len(names) == 3 and names == sorted(names, reverse=True)
    assert "kind" not in data["items"][0]


# -- Never present -------------------------------------------------------------


def test_drafts_and_non_live_snippets_never_appear(api):
    project = sv_obj(Project, "learn-create-engage")
    project.title = "Hemligt utkast"
    project.save_revision()
    data = get_json(api, f"/api/v2/projects/{project.pk}/")
    assert data["title"] == "Learn, Create, Engage"
    assert "Hemligt utkast" not in api.get("/api/v2/projects/?limit=100").content.decode()

    goal = sv_obj(Goal, "lce-samlande-plattform")
    goal.unpublish()
    assert goal.pk not in ids(api, "/api/v2/goals/")
    assert api.get(f"/api/v2/goals/{goal.pk}/").status_code == HTTPStatus.NOT_FOUND
    # Nor as a related object of something live.
    related = get_json(api, f"/api/v2/projects/{project.pk}/")["goals"]
    assert goal.pk not in {ref["id"] for ref in related}


def test_page_drafts_and_restricted_pages_never_appear(api):
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    page.title = "Utkast som inte får synas"
    page.save_revision()
    assert get_json(api, f"/api/v2/pages/{page.pk}/?site=region-varmland.localhost")["title"] == (
        "Finansiering"
    )

    parent = StandardPage.objects.get(slug="vart-strategiska-arbete", locale__language_code="sv")
    child = parent.add_child(instance=StandardPage(title="Barn", slug="barn", locale=parent.locale))
    child.save_revision().publish()
    PageViewRestriction.objects.create(page=parent, restriction_type="password", password="x")
    listing = ids(api, "/api/v2/pages/?site=region-varmland.localhost")
    assert parent.pk not in listing and child.pk not in listing
    for pk in (parent.pk, child.pk):
        assert api.get(f"/api/v2/pages/{pk}/?site=region-varmland.localhost").status_code == 404


def test_other_sites_pages_never_appear_when_a_site_is_asked_for(api):
    own = {
        p.pk
        for p in Page.objects.descendant_of(
            HomePage.objects.get(slug="natverkstan", locale__language_code="sv"), inclusive=True
        )
    }
    listed = ids(api, "/api/v2/pages/?site=natverkstan.localhost&locale=sv")
    assert listed and listed <= own
    other = HomePage.objects.get(slug="region-skane", locale__language_code="sv")
    response = api.get(f"/api/v2/pages/{other.pk}/?site=natverkstan.localhost")
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_images_and_documents_in_restricted_collections_never_appear(api):
    collection = Collection.get_first_root_node().add_child(name="Privat")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="x"
    )
    image = Image.objects.first()
    image.collection = collection
    image.save()
    assert image.pk not in ids(api, "/api/v2/images/")
    assert api.get(f"/api/v2/images/{image.pk}/").status_code == HTTPStatus.NOT_FOUND


# -- Bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v2/projects/?colour=red", 400, "colour"),
        ("/api/v2/projects/abc/", 404, "no API endpoint"),
        ("/api/v2/projects/99999999/", 404, "no live"),
        ("/api/v2/projects/?active_on=2024-13-45", 400, "active_on"),
        ("/api/v2/activities/?from=yesterday", 400, "from"),
        ("/api/v2/projects/?limit=1000", 400, "limit"),
        ("/api/v2/projects/?limit=-1", 400, "limit"),
        ("/api/v2/projects/?offset=x", 400, "offset"),
        ("/api/v2/projects/?locale=xx", 400, "locale"),
        ("/api/v2/pages/?locale=xx", 400, "locale"),
        ("/api/v2/projects/?site=nowhere.example", 400, "site"),
        ("/api/v2/pages/?site=nowhere.example", 400, "site"),
        ("/api/v2/pages/?type=home.NoSuchPage", 400, "type"),
        ("/api/v2/projects/?order=colour", 400, "colour"),
        ("/api/v2/projects/?status=someday", 400, "status"),
        ("/api/v2/projects/?organisation=no-such-org", 400, "organisation"),
        ("/api/v2/projects/?area=", 400, "area"),
        ("/api/v2/activities/?free=maybe", 400, "free"),
        ("/api/v2/goals/?period=twenty", 400, "period"),
        ("/api/v2/projects/?fields=colour", 400, "colour"),
        ("/api/v2/projects/?translation_of=0", 400, "translation_of"),
        ("/api/v2/projects/?search=%00", 400, "search"),
        ("/api/v2/projects/?search=%ED%A0%80", 400, "search"),
        ("/api/v2/search/?q=%01%02", 400, "search"),
        ("/api/v2/search/?q=" + "a" * 500, 400, "search"),
        ("/api/v2/search/", 400, "q"),
        ("/api/v2/search/?q=kultur&limit=500", 400, "limit"),
        ("/api/v2/nothing/", 404, "no API endpoint"),
        # Found by `make fuzz`: Wagtail's endpoints raised a 500 here.
        ("/api/v2/documents/?search=a&search_operator=x", 400, "search_operator"),
        ("/api/v2/pages/?search=a&search_operator=x", 400, "search_operator"),
        ("/api/v2/images/?search=%00", 400, "search"),
    ],
)
def test_bad_input_is_a_json_error_naming_the_problem(api, url, status, words):
    response = api.get(url)
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert words in body["message"]


# -- Search --------------------------------------------------------------------


def test_search_covers_pages_and_snippets_of_a_site_ranked_and_paginated(api):
    data = get_json(api, "/api/v2/search/?q=Skåne&site=region-skane.localhost&limit=50")
    types = {item["type"] for item in data["items"]}
    assert "projects.Project" in types and any(t.startswith("home.") for t in types)
    ranks = [item["meta"]["rank"] for item in data["items"]]
    assert ranks == list(range(1, len(ranks) + 1))
    assert data["meta"]["total_count"] >= len(ranks)
    page_two = get_json(api, "/api/v2/search/?q=Skåne&site=region-skane.localhost&limit=2&offset=2")
    assert [i["meta"]["rank"] for i in page_two["items"]] == [3, 4]
    # A site that does not show Learn, Create, Engage does not find it.
    other = get_json(api, "/api/v2/search/?q=Learn&site=natverkstan.localhost&limit=50")
    assert "Learn, Create, Engage" not in {item["title"] for item in other["items"]}


def test_a_repeated_api_search_is_kept_until_what_it_found_changes(monkeypatch, settings):
    """A page of search results is kept with its items encoded
    (search/api.py): asked again, no hit is represented anew; each host gets
    its own absolute URLs; a publish on the site shows on the next request."""
    from search.api import SearchAPIView

    settings.RESPONSE_CACHE = False  # the fragments alone
    client = Client(HTTP_HOST="region-skane.localhost")
    url = "/api/v2/search/?q=Skåne&limit=5"
    first = get_json(client, url)
    assert len(first["items"]) == 5

    represented = []
    real_items = SearchAPIView.items

    def recording(hits, offset, window, context):
        items = real_items(hits, offset, window, context)
        represented.append(items)
        return items

    monkeypatch.setattr(SearchAPIView, "items", staticmethod(recording))
    assert get_json(client, url) == first
    assert represented == []
    response = client.get(url, HTTP_ACCEPT="application/json; indent=4")
    assert json.loads(response.content) == first and not represented

    other_client = Client(HTTP_HOST="natverkstan.localhost")
    other_host = get_json(other_client, url + "&site=region-skane.localhost")
    assert len(represented) == 1
    assert [item["id"] for item in other_host["items"]] == [item["id"] for item in first["items"]]

    page_hit = next(item for item in first["items"] if item["type"].startswith("home."))
    page = Page.objects.get(pk=page_hit["id"]).specific
    page.title = f"{page.title} (ny)"
    page.save_revision().publish()
    renamed = {item["id"]: item["title"] for item in get_json(client, url)["items"]}
    assert renamed.get(page.pk) == page.title
    assert len(represented) == 2


# -- Protocol: CORS, caching ---------------------------------------------------


def test_cors_allows_any_origin_to_read_the_api_and_nothing_else(api):
    response = api.get("/api/v2/projects/", HTTP_ORIGIN="https://other.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = api.options(
        "/api/v2/projects/",
        HTTP_ORIGIN="https://other.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == HTTPStatus.OK
    allowed = preflight["Access-Control-Allow-Methods"]
    assert {"GET", "HEAD", "OPTIONS"} <= set(map(str.strip, allowed.split(",")))
    assert "POST" not in allowed
    page = Client(HTTP_HOST="natverkstan.localhost").get("/", HTTP_ORIGIN="https://other.example")
    assert not page.has_header("Access-Control-Allow-Origin")


def test_responses_are_cacheable_and_conditional_gets_answer_304(api):
    url = "/api/v2/projects/?fields=title"
    first = api.get(url)
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    etag, modified = first["ETag"], first["Last-Modified"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == HTTPStatus.NOT_MODIFIED
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == HTTPStatus.NOT_MODIFIED

    project = sv_obj(Project, "learn-create-engage")
    project.title = "Learn, Create, Engage!"
    project.save_revision().publish()
    after = api.get(url, HTTP_IF_NONE_MATCH=etag, HTTP_IF_MODIFIED_SINCE=modified)
    assert after.status_code == HTTPStatus.OK
    assert "Learn, Create, Engage!" in after.content.decode()
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == HTTPStatus.OK


@pytest.mark.parametrize("action", ["unpublish", "move", "delete"])
def test_page_changes_show_in_the_next_request(api, action):
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    url = "/api/v2/pages/?site=region-varmland.localhost&limit=100&fields=title"
    first = api.get(url)
    assert page.pk in {item["id"] for item in first.json()["items"]}
    if action == "unpublish":
        page.unpublish()
    elif action == "delete":
        page.delete()
    else:
        page.move(
            HomePage.objects.get(slug="natverkstan", locale__language_code="sv"), "last-child"
        )
    second = api.get(
        url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert second.status_code == HTTPStatus.OK
    assert page.pk not in {item["id"] for item in second.json()["items"]}


# -- Query counts ------------------------------------------------------------


@pytest.fixture
def many_items(sv, en):
    """50 live items of every kind in each language, all related alike.

    They belong to a new organisation, so a listing filtered to it holds
    nothing else: 1 and 50 items of the same shape can be compared.
    """
    owner = Organisation.objects.create(
        slug="massorg", name="Massorganisation", kind="other", locale=sv, live=True
    )
    esf = sv_obj(Organisation, "europeiska-socialfonden")
    area = sv_obj(CultureArea, "kulturskola")
    goal = sv_obj(Goal, "natverkstan-mal-1-2021-2024")
    image = Image.objects.first()
    home = HomePage.objects.get(slug="natverkstan", locale=sv)
    # Pages with every kind of block the demo home pages use.
    parent = home.add_child(instance=StandardPage(title="Massa", slug="massa", locale=sv))
    for n in range(50):
        for locale in (sv, en):
            common = {"locale": locale, "live": True}
            Organisation.objects.create(slug=f"org-{n}", name=f"Org {n}", kind="other", **common)
            CultureArea.objects.create(slug=f"area-{n}", name=f"Area {n}", **common)
            Goal.objects.create(
                slug=f"goal-{n}",
                organisation=owner,
                number=n,
                title=f"Goal {n}",
                period_start=2020,
                period_end=2030,
                set_by=esf,
                **common,
            )
            project = Project.objects.create(
                slug=f"project-{n}",
                organisation=owner,
                title=f"Project {n}",
                start_date=datetime.date(2024, 1, 1),
                lead_organisation=owner,
                image=image,
                **common,
            )
            project.partners.add(esf)
            project.areas.add(area)
            project.goals.add(goal)
            project.save()
            ProjectFunding.objects.create(project=project, funder=esf, amount_sek=n)
            activity = Activity.objects.create(
                slug=f"activity-{n}",
                organisation=owner,
                title=f"Activity {n}",
                kind="course",
                format="digital",
                is_ongoing=True,
                project=project,
                **common,
            )
            activity.organisers.add(owner)
            activity.save()
            publication = Publication.objects.create(
                slug=f"publication-{n}",
                organisation=owner,
                title=f"Publication {n}",
                kind="report",
                publisher=owner,
                **common,
            )
            publication.projects.add(project)
            publication.save()
        page = StandardPage(title=f"Page {n}", slug=f"page-{n}", locale=sv, body=home.body)
        parent.add_child(instance=page)
    return {"parent": parent.pk}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?site=natverkstan.localhost&locale=sv",
        "/api/v2/pages/?site=natverkstan.localhost&type=home.StandardPage&fields=*"
        "&child_of={parent}",
        "/api/v2/images/?fields=*",
        "/api/v2/documents/?fields=*",
        "/api/v2/sites/",
        "/api/v2/organisations/?fields=*&search=Org&locale=sv",
        "/api/v2/areas/?fields=*&search=Area&locale=en",
        *[
            f"/api/v2/{name}/?fields=*&organisation=massorg&locale={language}"
            for name in ("goals", "projects", "activities", "publications")
            for language in ("sv", "en")
        ],
        "/api/v2/search/?q=Page&site=natverkstan.localhost",
    ],
)
def test_list_query_count_does_not_grow_with_the_number_of_items(api, many_items, url):
    url = url.format(**many_items)
    sep = "&" if "?" in url else "?"

    def count(limit):
        api.get(f"{url}{sep}limit={limit}")  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"{url}{sep}limit={limit}")
        assert response.status_code == HTTPStatus.OK
        return len(queries), len(response.json()["items"])

    one, n_one = count(1)
    many, n_many = count(50)
    assert n_one <= 1 and (n_many >= 5 or "sites" in url or "documents" in url or "images" in url)
    assert one == many, f"{url}: {one} queries for 1 item, {many} for {n_many}"


# -- Schema and docs -------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi():
    from django.test import Client as C

    response = C(HTTP_HOST="localhost").get("/api/v2/schema/?response_format=json")
    return json.loads(response.content)


def test_schema_covers_every_endpoint(openapi):
    paths = set(openapi["paths"])
    for name in LIST_ENDPOINTS:
        assert f"/api/v2/{name}/" in paths and f"/api/v2/{name}/{{id}}/" in paths
    assert "/api/v2/search/" in paths
    params = {p["name"] for p in openapi["paths"]["/api/v2/projects/"]["get"]["parameters"]}
    assert {"status", "area", "funder", "partner", "active_on", "site", "locale"} <= params


def validate(openapi, path: str, status: str, data) -> None:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry = Registry().with_resource(
        "urn:openapi", Resource.from_contents(openapi, default_specification=DRAFT202012)
    )
    pointer = "/".join(
        part.replace("~", "~0").replace("/", "~1")
        for part in [
            "paths",
            path,
            "get",
            "responses",
            status,
            "content",
            "application/json",
            "schema",
        ]
    )
    validator = Draft202012Validator({"$ref": f"urn:openapi#/{pointer}"}, registry=registry)
    errors = sorted(validator.iter_errors(data), key=lambda e: e.path)
    assert not errors, f"{path}: {errors[0].message} at {list(errors[0].path)}"


def test_every_endpoint_response_matches_the_schema(api, openapi):
    for name in LIST_ENDPOINTS:
        for fields in ("", "&fields=*"):
            url = f"/api/v2/{name}/?limit=100{fields if name != 'sites' else ''}"
            if name == "pages":
                url += "&site=region-skane.localhost"
            listing = get_json(api, url)
            validate(openapi, f"/api/v2/{name}/", "200", listing)
        for item in listing["items"][:10]:
            path = item["meta"]["detail_url"].split("localhost", 1)[1]
            validate(openapi, f"/api/v2/{name}/{{id}}/", "200", get_json(api, path))
    for page_type in ("home.HomePage", "home.StandardPage", "projects.ProjectIndexPage"):
        listing = get_json(
            api, f"/api/v2/pages/?type={page_type}&fields=*&site=natverkstan.localhost"
        )
        validate(openapi, "/api/v2/pages/", "200", listing)
    validate(
        openapi,
        "/api/v2/search/",
        "200",
        get_json(api, "/api/v2/search/?q=kultur&site=natverkstan.localhost"),
    )
    validate(
        openapi, "/api/v2/projects/", "400", get_json(api, "/api/v2/projects/?x=1", status=400)
    )


def test_docs_are_served_with_local_assets_only(api):
    response = api.get("/api/v2/docs/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert not re.search(r"(src|href)=\"https?://", html)


def test_a_page_detail_found_by_the_sites_map_is_wagtails_own(monkeypatch):
    """Without filters or view restrictions, the detail's page type comes from
    the site's kept map of live pages (cms/api.py get_object): the same answer,
    for every page of every site, as Wagtail's own lookup."""
    from django.core.cache import cache

    from cms.response_cache import local_fragments
    from sites.hosts import hostname_for

    StandardPage.objects.get(slug="finansiering", locale__language_code="sv").unpublish()
    client = Client(HTTP_HOST=hostname_for("region-varmland"))
    pks = list(Page.objects.values_list("pk", flat=True))

    def answers():
        cache.clear()
        local_fragments.clear()
        return {pk: client.get(f"/api/v2/pages/{pk}/") for pk in pks}

    by_map = answers()
    monkeypatch.setattr("cms.api.live_page_types", lambda site: {})
    by_wagtail = answers()
    found = {pk for pk, response in by_map.items() if response.status_code == HTTPStatus.OK}
    assert len(found) > 10  # the site's pages in both languages, none of another site's
    for pk in pks:
        assert by_map[pk].status_code == by_wagtail[pk].status_code, pk
        if pk in found:
            assert by_map[pk].json() == by_wagtail[pk].json(), pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row digests are PostgreSQL's")
def test_a_kept_page_detail_is_named_by_its_rows_version_without_loading_it(monkeypatch, settings):
    """On PostgreSQL a page detail whose type the site's map names is kept
    under the version of its rows (cms/api.py detail_view): a repeated request
    loads no page; a save or an unpublish without signals shows at once."""
    from sites.hosts import hostname_for
    from sites.routing import by_pk

    settings.RESPONSE_CACHE = False  # the fragments alone
    client = Client(HTTP_HOST=hostname_for("region-varmland"))
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    url = f"/api/v2/pages/{page.pk}/"
    first = get_json(client, url)
    assert first["title"] == page.title

    loaded = []
    real_by_pk = by_pk

    def counting(model, pk, **kwargs):
        loaded.append(pk)
        return real_by_pk(model, pk, **kwargs)

    monkeypatch.setattr("cms.api.by_pk", counting)
    with CaptureQueriesContext(connection) as queries:
        assert get_json(client, url) == first
    assert loaded == [] and len(queries) == 1
    assert "body" not in queries[0]["sql"]  # the rows' versions, not their values

    Page.objects.filter(pk=page.pk).update(title="Ändrad utan signal")
    assert get_json(client, url)["title"] == "Ändrad utan signal"
    assert loaded == [page.pk]
    Page.objects.filter(pk=page.pk).update(live=False)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_json_is_compact_unless_indentation_is_asked_for_and_reads_the_same():
    """cms/renderers.py: orjson writes what DRF's encoder would, compactly."""
    import decimal

    from django.utils.translation import gettext_lazy
    from rest_framework.renderers import JSONRenderer

    from cms.renderers import FastJSONRenderer
    from sites.hosts import hostname_for

    api = Client(HTTP_HOST=hostname_for("natverkstan"))
    url = "/api/v2/pages/?type=home.StandardPage&fields=*"
    compact = api.get(url)
    assert b"\n" not in compact.content and b'{"meta":{"total_count":' in compact.content
    indented = api.get(url, HTTP_ACCEPT="application/json; indent=4")
    assert b'\n    "meta": {' in indented.content
    assert json.loads(indented.content) == json.loads(compact.content)

    data = {
        "text": "å\u2028ä",
        "lazy": gettext_lazy("Search"),
        "amount": decimal.Decimal("12.50"),
        "when": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        "day": datetime.date(2026, 1, 2),
        "nested": [{"n": 1, "f": 0.1}],
        1: "key",
    }
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?type=home.StandardPage&fields=*",
        "/api/v2/projects/?fields=title,lead_organisation,areas",
        "/api/v2/activities/?fields=title,project&order=-id",
    ],
)
def test_a_kept_list_page_is_placed_in_the_response_already_encoded(monkeypatch, settings, url):
    """A repeated list page's items are kept as JSON and placed in the response
    as they are (cms.renderers.EncodedJSON): the renderer is handed the kept
    bytes, not item dicts to encode again. The answer is the same compact,
    indented or in the browsable API, and still escapes U+2028 for JavaScript."""
    from cms import renderers
    from cms.renderers import EncodedJSON
    from sites.hosts import hostname_for

    settings.RESPONSE_CACHE = False  # the fragments alone
    client = Client(HTTP_HOST=hostname_for("region-skane"))
    first = client.get(url)
    assert first.status_code == 200 and len(first.json()["items"]) > 1

    rendered = []
    real_encode = renderers.encode_json

    def recording(data):
        rendered.append(data)
        return real_encode(data)

    monkeypatch.setattr(renderers, "encode_json", recording)
    again = client.get(url)
    assert again.content == first.content
    assert isinstance(rendered[-1]["items"], EncodedJSON)

    indented = client.get(url, HTTP_ACCEPT="application/json; indent=4")
    assert b'\n    "items": [' in indented.content
    assert json.loads(indented.content) == first.json()
    browsable = client.get(url, HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    assert first.json()["items"][0]["title"] in browsable.content.decode()

    shown = first.json()["items"][0]
    model = Page if "pages" in url else Project if "projects" in url else Activity
    model.objects.filter(pk=shown["id"]).update(title="Rad\u2028brytning")
    changed = client.get(url)
    assert b"Rad\\u2028brytning" in changed.content and "\u2028".encode() not in changed.content


def test_an_organisation_filter_follows_a_changed_slug(api):
    """Organisations are found by slug from a kept map (sites/api.py)."""
    before = ids(api, "/api/v2/projects/?organisation=natverkstan")
    assert before
    assert api.get("/api/v2/projects/?organisation=natverkstan-ny").status_code == 400
    organisation = sv_obj(Organisation, "natverkstan")
    organisation.slug = "natverkstan-ny"
    organisation.save_revision().publish()
    assert ids(api, "/api/v2/projects/?organisation=natverkstan-ny") == before
    assert ids(api, f"/api/v2/projects/?organisation={organisation.pk}") == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row digests are PostgreSQL's")
def test_lists_from_row_digests_equal_lists_from_loaded_items(monkeypatch, settings):
    """On PostgreSQL the pages and snippet lists name each item's fragment by a
    digest of its stored rows (cms/api.py, sites/api.py serialize_rows): the
    same answer as loading every item, and a save without signals still shows."""
    from django.core.cache import cache

    from cms.response_cache import local_fragments

    settings.RESPONSE_CACHE = False  # the fragments alone
    client = Client(HTTP_HOST="localhost")
    urls = [
        "/api/v2/projects/?fields=*",
        "/api/v2/activities/?fields=title,project,starts_at&order=-id",
        "/api/v2/publications/?limit=3&offset=2",
        "/api/v2/goals/?organisation=natverkstan",
        "/api/v2/organisations/",
        "/api/v2/pages/?type=home.StandardPage&fields=*&site=region-varmland.localhost",
        "/api/v2/pages/?fields=*&order=id",
        "/api/v2/pages/?type=home.HomePage&fields=body&limit=2&offset=1",
    ]

    def answers():
        cache.clear()
        local_fragments.clear()
        return [get_json(client, url) for url in urls]

    by_rows = answers()
    for module in ("sites.api", "cms.api"):
        monkeypatch.setattr(f"{module}.connection", SimpleNamespace(vendor="sqlite"))
    assert answers() == by_rows
    monkeypatch.undo()

    project = sv_obj(Project, "learn-create-engage")
    Project.objects.filter(pk=project.pk).update(title="Utan signal")
    titles = [item["title"] for item in get_json(client, urls[0])["items"]]
    assert "Utan signal" in titles
    # Which items a page of the list holds is kept; they are read afresh.
    Project.objects.filter(pk=project.pk).update(live=False)
    assert project.pk not in [item["id"] for item in get_json(client, urls[0])["items"]]
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    Page.objects.filter(pk=page.pk).update(title="Sida utan signal")  # the parent's table
    titles = [item["title"] for item in get_json(client, urls[5])["items"]]
    assert "Sida utan signal" in titles


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row digests are PostgreSQL's")
def test_row_digests_change_with_every_update_even_within_one_transaction(settings):
    """A row's digest is the version PostgreSQL keeps of it (`xmin`, `ctid`):
    two saves without signals in the same transaction (the same `xmin`) each
    show in the list at once, and a row left alone keeps its digest."""
    from django.db import transaction

    from cms.response_cache import row_digest

    settings.RESPONSE_CACHE = False  # the fragments alone
    client = Client(HTTP_HOST="localhost")
    url = "/api/v2/projects/?fields=title&locale=sv"
    project = sv_obj(Project, "learn-create-engage")
    other = Project.objects.exclude(pk=project.pk).first()

    def digests():
        rows = Project.objects.filter(pk__in=[project.pk, other.pk])
        return dict(rows.values_list("pk", row_digest(Project)))

    def title_shown():
        items = get_json(client, url)["items"]
        return next(item["title"] for item in items if item["id"] == project.pk)

    assert title_shown() == project.title
    seen = [digests()]
    with transaction.atomic():
        for title in ("Första utan signal", "Andra utan signal"):
            Project.objects.filter(pk=project.pk).update(title=title)
            assert title_shown() == title
            seen.append(digests())
    assert len({digest[project.pk] for digest in seen}) == 3
    assert len({digest[other.pk] for digest in seen}) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row digests are PostgreSQL's")
def test_the_pages_list_keeps_which_pages_a_page_of_results_holds(settings):
    """Finding a page of results sorts every match; which pages it holds is
    kept until a page changes, and their rows are read afresh by id (one
    query, no sorting). An unpublished page leaves the list at once."""
    settings.RESPONSE_CACHE = False  # the fragments alone
    client = Client(HTTP_HOST="localhost")
    url = "/api/v2/pages/?fields=title&limit=5&order=-id&site=region-skane.localhost"
    first = get_json(client, url)
    assert len(first["items"]) == 5 and first["meta"]["total_count"] > 5
    with CaptureQueriesContext(connection) as queries:
        assert get_json(client, url) == first
    assert len(queries) == 1
    assert "ORDER BY" not in queries[0]["sql"] and "LIMIT" not in queries[0]["sql"]

    gone = first["items"][0]["id"]
    Page.objects.get(pk=gone).unpublish()
    after = get_json(client, url)
    assert gone not in [item["id"] for item in after["items"]]
    assert len(after["items"]) == 5
    assert after["meta"]["total_count"] == first["meta"]["total_count"] - 1


def test_a_repeated_list_page_is_kept_whole_and_follows_what_its_items_show(monkeypatch, settings):
    """A page of a list is kept as one fragment named by its items' fragments
    (cms.response_cache.kept_representations): asked again, no item is
    represented anew; a published change of a snippet an item shows (its
    lead organisation) still shows on the next request."""
    from cms import response_cache

    settings.RESPONSE_CACHE = False  # the fragments alone
    client = Client(HTTP_HOST="localhost")
    url = "/api/v2/projects/?fields=title,lead_organisation&locale=sv"
    first = get_json(client, url)
    assert len(first["items"]) > 1

    pages_built = []
    real_representations = response_cache._representations

    def counting(rows, *args):
        pages_built.append([pk for pk, _digest in rows])
        return real_representations(rows, *args)

    monkeypatch.setattr(response_cache, "_representations", counting)
    assert get_json(client, url) == first
    assert pages_built == []  # not even the items' own fragments were looked up

    lead = next(item for item in first["items"] if item["lead_organisation"])
    organisation = Organisation.objects.get(pk=lead["lead_organisation"]["id"])
    organisation.name = "Ett nytt namn"
    organisation.save_revision().publish()
    again = get_json(client, url)
    shown = {item["id"]: item["lead_organisation"] for item in again["items"]}
    assert shown[lead["id"]]["title"] == "Ett nytt namn"
    assert pages_built == [[item["id"] for item in first["items"]]]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?type=home.StandardPage&fields=*",
        "/api/v2/pages/{page}/",
        "/api/v2/projects/?fields=title,image,lead_organisation,areas",
        "/api/v2/search/?q=kultur",
    ],
)
@pytest.mark.parametrize("response_cache", [True, False])
def test_kept_api_answers_follow_the_scheme_and_the_api_base_url(settings, url, response_cache):
    """The absolute URLs of a kept answer (the whole response, a page of
    results or an item) are those of the request being answered: a request
    over HTTPS after one over HTTP, or after WAGTAILAPI_BASE_URL changed,
    gets what it would get with nothing kept."""
    from home.models import StandardPage
    from sites.hosts import hostname_for

    from .conftest import forget_everything_kept

    settings.RESPONSE_CACHE = response_cache
    site = Site.objects.get(hostname=hostname_for("region-skane"))
    page = StandardPage.objects.live().descendant_of(site.root_page).first()
    url = url.format(page=page.pk)
    client = Client(HTTP_HOST=site.hostname)

    def answer(**extra) -> bytes:
        response = client.get(url, **extra)
        assert response.status_code == 200, response.content[:300]
        return response.content

    answer()  # kept for a request over plain HTTP with no base URL
    for change in ("over HTTPS", "WAGTAILAPI_BASE_URL"):
        if change == "WAGTAILAPI_BASE_URL":
            settings.WAGTAILAPI_BASE_URL = "https://api.example.org"
        kept = answer(secure=True)
        forget_everything_kept()
        assert kept == answer(secure=True), change
    assert b"https://api.example.org/api/v2/" in kept
