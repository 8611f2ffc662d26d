"""Every page type renders on each demo site, in Swedish and in English."""

from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from wagtail.models import Locale, Page, Site

from sites.pages import SnippetIndexPage

from .conftest import ORGANISATION_SLUGS, site_client

pytestmark = pytest.mark.django_db


def site_pages(slug: str, language: str) -> list[Page]:
    site = Site.objects.get(root_page__slug=slug, root_page__locale__language_code="sv")
    root = site.root_page.get_translation(Locale.objects.get(language_code=language))
    return list(Page.objects.live().descendant_of(root, inclusive=True).specific())


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("slug", ORGANISATION_SLUGS)
def test_every_page_and_snippet_route_renders(slug, language):
    client = site_client(slug)
    pages = site_pages(slug, language)
    kinds = {type(page).__name__ for page in pages}
    assert {"HomePage", "StandardPage", "GoalIndexPage", "ProjectIndexPage"} <= kinds
    assert {"ActivityIndexPage", "PublicationIndexPage", "AccessibilityStatementPage"} <= kinds
    for page in pages:
        url = page.get_url(current_site=Site.objects.get(root_page__slug=slug))
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert response.context["page"].pk == page.pk
        if isinstance(page, SnippetIndexPage):
            for item in page.get_snippets()[:3]:
                detail = client.get(page.url_for(item))
                assert detail.status_code == HTTPStatus.OK, page.url_for(item)
                assert detail.context["item"].pk == item.pk


@pytest.mark.parametrize("slug", ORGANISATION_SLUGS)
def test_an_unknown_snippet_slug_is_a_404(slug):
    index = next(p for p in site_pages(slug, "sv") if isinstance(p, SnippetIndexPage))
    response = site_client(slug).get(index.url + "finns-inte/")
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_english_pages_show_english_snippets_with_swedish_fallback(en):
    page = next(
        p for p in site_pages("region-skane", "en") if type(p).__name__ == "ActivityIndexPage"
    )
    titles = {item.title for item in page.get_snippets()}
    assert "Course: Creative entrepreneurship" in titles
    assert "Kurs: Kreativt entreprenörskap" not in titles


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("slug", ORGANISATION_SLUGS)
def test_search_archive_and_404_render_in_the_sites_language(slug, language):
    client = site_client(slug)
    prefix = "/en" if language == "en" else ""
    search = client.get(f"{prefix}/search/?query=kultur")
    assert search.status_code == HTTPStatus.OK
    assert f'<html lang="{language}">' in search.content.decode()
    activities = next(
        p for p in site_pages(slug, language) if type(p).__name__ == "ActivityIndexPage"
    )
    archive = client.get(activities.url + activities.reverse_subpage("archive"))
    assert archive.status_code == HTTPStatus.OK
    missing = client.get(f"{prefix}/finns-inte-alls/")
    assert missing.status_code == HTTPStatus.NOT_FOUND
    html = missing.content.decode()
    assert f'<html lang="{language}">' in html
    assert ("Sidan finns inte" if language == "sv" else "Page not found") in html
    assert "--colour-primary" in html  # the site's theme


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("slug", ORGANISATION_SLUGS)
def test_every_footer_links_the_accessibility_statement(slug, language):
    statement = next(
        p for p in site_pages(slug, language) if type(p).__name__ == "AccessibilityStatementPage"
    )
    html = site_client(slug).get("/en/" if language == "en" else "/").content.decode()
    path = urlsplit(statement.full_url).path  # a same-site link is relative
    assert f'<a href="{path}">{statement.title}</a>' in html
