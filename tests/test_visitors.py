"""The visitors' sites: filters and paging, archive, iCalendar, feeds, search,
sitemap, robots.txt, meta tags, the error pages and the theme's contrast check."""

import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from wagtail.models import Site

from home.views import server_error
from projects.models import Activity, ActivityIndexPage, Project, ProjectIndexPage
from publications.models import PublicationIndexPage
from sites.hosts import hostname_for
from sites.models import SiteSettings

from .conftest import site_client

pytestmark = pytest.mark.django_db


def index(slug: str, model, language: str = "sv"):
    site = Site.objects.get(hostname=hostname_for(slug))
    root = site.root_page if language == "sv" else site.root_page.get_translations().get()
    page = root.get_children().type(model).get().specific
    return page, page.relative_url(site)


# Projects: filters and paging ----------------------------------------------


def test_projects_filter_by_status_area_and_funder():
    page, url = index("region-skane", ProjectIndexPage)
    client = site_client("region-skane")
    html = client.get(url).content.decode()
    for name in ("status", "area", "funder"):
        assert f'name="{name}"' in html
    ongoing = client.get(url, {"status": "ongoing"})
    assert ongoing.status_code == HTTPStatus.OK
    assert all(p.status == "ongoing" for p in ongoing.context["items"])
    funder = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    funder_slug = funder.funding.first().funder.slug
    by_funder = client.get(url, {"funder": funder_slug})
    assert funder.title in by_funder.content.decode()
    assert (
        "Filtrerat på" in by_funder.content.decode() or "Filtered by" in by_funder.content.decode()
    )
    area = funder.areas.first()
    if area is not None:
        by_area = client.get(url, {"area": area.slug})
        assert funder.pk in {p.pk for p in by_area.context["items"]}


@pytest.mark.parametrize(
    "query",
    [
        {"status": "exploded"},
        {"area": "<script>alert(1)</script>"},
        {"funder": "x" * 5000},
        {"status": "ongoing\x00"},
        {"page": "-1"},
        {"page": "999999"},
        {"page": "abc"},
    ],
)
def test_bad_filter_values_are_a_friendly_message_not_an_error(query):
    _page, url = index("region-skane", ProjectIndexPage)
    response = site_client("region-skane").get(url, query)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if "page" not in query:
        assert "är inte ett av valen" in html
        assert 'aria-invalid="true"' in html


def test_paging_keeps_the_filters(settings):
    page, url = index("natverkstan", PublicationIndexPage)
    PublicationIndexPage.per_page, before = 1, PublicationIndexPage.per_page
    try:
        response = site_client("natverkstan").get(url, {"kind": "report"})
        items = response.context["items"]
        if items.paginator.num_pages > 1:
            assert "kind=report&amp;page=2" in response.content.decode()
        everything = site_client("natverkstan").get(url)
        assert everything.context["items"].paginator.num_pages > 1
        assert "page=2" in everything.content.decode()
    finally:
        PublicationIndexPage.per_page = before


# Publications: filters, downloads and feeds -------------------------------


def test_publications_filter_by_kind_and_year_and_state_file_type_and_size():
    page, url = index("natverkstan", PublicationIndexPage)
    client = site_client("natverkstan")
    html = client.get(url).content.decode()
    assert 'name="kind"' in html and 'name="year"' in html
    with_document = page.get_snippets().filter(document__isnull=False).first()
    assert with_document is not None
    assert "(PDF, " in html
    year = with_document.date.year
    by_year = client.get(url, {"year": str(year)})
    assert all(p.date.year == year for p in by_year.context["items"])
    by_kind = client.get(url, {"kind": with_document.kind})
    assert all(p.kind == with_document.kind for p in by_kind.context["items"])


@pytest.mark.parametrize(
    ("route", "root_tag"), [("rss", "rss"), ("atom", "{http://www.w3.org/2005/Atom}feed")]
)
def test_each_site_has_rss_and_atom_feeds_of_publications(route, root_tag):
    page, url = index("natverkstan", PublicationIndexPage)
    client = site_client("natverkstan")
    response = client.get(url + route + "/")
    assert response.status_code == HTTPStatus.OK
    assert "xml" in response["Content-Type"]
    tree = ET.fromstring(response.content)
    assert tree.tag == root_tag
    body = response.content.decode()
    first = page.get_snippets().first()
    assert first.title in body
    assert "application/pdf" in body  # the file as an enclosure
    home = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in home


# Activities: archive and iCalendar -----------------------------------------


def test_activities_list_upcoming_and_archive_past():
    page, url = index("kulturkraft-syd", ActivityIndexPage)
    client = site_client("kulturkraft-syd")
    upcoming = client.get(url)
    past = client.get(url + "arkiv/")
    assert past.status_code == HTTPStatus.OK
    past_ids = {a.pk for a in past.context["items"]}
    upcoming_ids = {a.pk for a in upcoming.context["items"]}
    assert past_ids and not past_ids & upcoming_ids
    assert set(page.past().values_list("pk", flat=True)) == past_ids
    assert "Tidigare aktiviteter" in upcoming.content.decode()
    assert 'rel="canonical" href="http://kulturkraft-syd.localhost' + url + 'arkiv/"' in (
        past.content.decode()
    )


def test_activity_calendar_files():
    page, url = index("kulturkraft-syd", ActivityIndexPage)
    client = site_client("kulturkraft-syd")
    feed = client.get(url + "ical/")
    assert feed.status_code == HTTPStatus.OK
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    dated = page.get_snippets().filter(starts_at__isnull=False)
    assert body.count("BEGIN:VEVENT") == dated.count()
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    activity = dated.first()
    single = client.get(url + activity.slug + "/ical/")
    assert single.status_code == HTTPStatus.OK
    assert "attachment" in single["Content-Disposition"]
    assert single.content.decode().count("BEGIN:VEVENT") == 1
    detail = client.get(url + activity.slug + "/").content.decode()
    assert url + activity.slug + "/ical/" in detail
    undated = Activity.objects.filter(starts_at__isnull=True).first()
    if undated is not None:
        assert client.get(url + undated.slug + "/ical/").status_code == HTTPStatus.NOT_FOUND


def test_a_project_page_lists_its_activities_and_publications():
    page, url = index("region-skane", ProjectIndexPage)
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    html = site_client("region-skane").get(url + project.slug + "/").content.decode()
    activities = Activity.objects.filter(project=project, live=True, locale=project.locale)
    assert activities.exists()
    assert "Aktiviteter i projektet" in html
    for activity in activities[:3]:
        assert activity.title in html


# Search ----------------------------------------------------------------------


def test_search_finds_pages_and_snippets_with_counts_and_paging():
    client = site_client("region-skane")
    response = client.get("/search/", {"query": "kurs"})
    assert response.status_code == HTTPStatus.OK
    results = response.context["search_results"]
    assert results.paginator.count > 0
    kinds = {type(hit).__name__ for hit in results}
    assert "Activity" in kinds
    assert "träff" in response.content.decode() or "result" in response.content.decode()
    second = client.get("/search/", {"query": "kultur", "page": "2"})
    assert second.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Skriv ett eller flera ord"),
        ("   ", "Skriv ett eller flera ord"),
        ("a" * 201, "Sök på högst 200 tecken"),
        ("kul\x00tur", "aria-invalid"),
        ("\x1b[31m", "tecken som inte går att söka på"),
        ('"; DROP TABLE pages; --', None),
        ("((((", None),
        ("zzzqqqxxx", "Inget på webbplatsen matchar"),
    ],
)
def test_odd_search_queries_get_friendly_answers(query, message):
    response = site_client("natverkstan").get("/search/", {"query": query})
    assert response.status_code == HTTPStatus.OK
    if message:
        assert message in response.content.decode()


def test_search_results_in_english_link_english_pages():
    response = site_client("region-skane").get("/en/search/", {"query": "course"})
    assert response.status_code == HTTPStatus.OK
    assert '<html lang="en">' in response.content.decode()


# Delivery: sitemap, robots.txt, meta tags, favicon ----------------------------

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_each_site_has_its_own_sitemap_with_hreflang_alternates():
    response = site_client("natverkstan").get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    tree = ET.fromstring(response.content)
    urls = tree.findall(f"{SITEMAP}url")
    locations = [u.find(f"{SITEMAP}loc").text for u in urls]
    assert "http://natverkstan.localhost/" in locations
    assert "http://natverkstan.localhost/en/" in locations
    assert all(loc.startswith("http://natverkstan.localhost/") for loc in locations)
    home = urls[locations.index("http://natverkstan.localhost/")]
    alternates = {link.get("hreflang"): link.get("href") for link in home.findall(f"{XHTML}link")}
    assert alternates == {
        "sv": "http://natverkstan.localhost/",
        "en": "http://natverkstan.localhost/en/",
        "x-default": "http://natverkstan.localhost/",
    }
    # Snippet pages are listed too.
    page, url = index("natverkstan", ProjectIndexPage)
    project = page.get_snippets().first()
    assert f"http://natverkstan.localhost{url}{project.slug}/" in locations


def test_robots_txt_points_to_the_sites_sitemap():
    response = site_client("region-varmland").get("/robots.txt")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://region-varmland.localhost/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_pages_have_description_open_graph_and_favicons():
    html = site_client("region-skane").get("/").content.decode()
    assert '<meta name="description" content="' in html
    for prop in ("og:title", "og:description", "og:url", "og:site_name", "og:locale", "og:image"):
        assert f'property="{prop}"' in html
    assert 'rel="icon"' in html and 'rel="apple-touch-icon"' in html
    assert site_client("region-skane").get("/favicon.ico").status_code in (301, 302)


def test_header_shows_logo_and_english_tagline():
    settings = SiteSettings.objects.get(site__hostname=hostname_for("natverkstan"))
    assert settings.logo_id and settings.tagline_en
    html = site_client("natverkstan").get("/en/").content.decode()
    assert settings.tagline_en in html
    assert 'class="site-brand__logo"' in html
    assert "Instagram" in html  # social links


# Error pages -----------------------------------------------------------------


def test_the_500_page_needs_no_database_and_uses_the_sites_theme(django_assert_num_queries):
    site_client("region-skane").get("/")  # the site has been shown once
    request = RequestFactory().get("/", HTTP_HOST=hostname_for("region-skane"))
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    html = response.content.decode()
    assert "--colour-primary:#00594f" in html
    assert "Region Skåne" in html


# Theme colours -----------------------------------------------------------------


def test_colours_below_wcag_contrast_are_refused_naming_the_pair():
    settings = SiteSettings.objects.get(site__hostname=hostname_for("natverkstan"))
    settings.primary_colour = "#ffcc00"
    settings.accent_colour = "#333333"
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    messages = error.value.message_dict
    assert "Vit text på huvudfärgen har kontrasten" in " ".join(messages["primary_colour"]) or (
        "White text on the primary colour has a contrast of" in " ".join(messages["primary_colour"])
    )
    assert "accent_colour" in messages
    settings.primary_colour = "#005a9c"
    settings.accent_colour = "#d6ecfa"
    settings.full_clean()


def test_the_settings_form_in_the_admin_shows_the_contrast_error(admin_client):
    site = Site.objects.get(hostname=hostname_for("natverkstan"))
    url = f"/admin/settings/sites/sitesettings/{site.pk}/"
    form = admin_client.get(url)
    assert form.status_code == HTTPStatus.OK
    data = {
        field.html_name: field.value() if field.value() is not None else ""
        for field in form.context["form"]
    }
    data.update(
        {
            "primary_colour": "#8fb3e0",
            "accent_colour": "#f3d9e8",
            "footer_links-count": 0,
            "social_links-count": 0,
        }
    )
    response = admin_client.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == HTTPStatus.OK
    assert "contrast" in response.content.decode() or "kontrast" in response.content.decode()
    assert SiteSettings.objects.get(site=site).primary_colour != "#8fb3e0"
