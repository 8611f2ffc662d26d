"""Each organisation's hostname serves its own tree and nothing of another's."""

from http import HTTPStatus

import pytest
from wagtail.models import Page, Site

from home.models import HomePage, PortalPage
from sites.demo_content import SITE_MODULES
from sites.models import Organisation, SiteSettings

from .conftest import ORGANISATION_SLUGS, site_client

pytestmark = pytest.mark.django_db


def test_one_site_per_organisation_plus_the_portal(demo_sites):
    assert Site.objects.count() == len(SITE_MODULES) + 1
    portal = Site.objects.get(is_default_site=True)
    assert isinstance(portal.root_page.specific, PortalPage)
    for slug, site in demo_sites.items():
        assert isinstance(site.root_page.specific, HomePage)
        settings = SiteSettings.for_site(site)
        assert settings.organisation.slug == slug
        assert Organisation.objects.get(slug=slug, locale__language_code="sv").site == site


@pytest.mark.parametrize("module", SITE_MODULES, ids=ORGANISATION_SLUGS)
def test_each_hostname_serves_its_own_home_page(module):
    response = site_client(module.ORGANISATION["slug"]).get("/")
    assert response.status_code == HTTPStatus.OK
    assert response.context["page"].title == module.HOME["title"]


@pytest.mark.parametrize("slug", ORGANISATION_SLUGS)
def test_no_site_serves_another_sites_pages(slug, demo_sites):
    client = site_client(slug)
    own_root = demo_sites[slug].root_page
    for other_slug, other_site in demo_sites.items():
        if other_slug == slug:
            continue
        for page in Page.objects.live().child_of(other_site.root_page):
            # A path that only exists in the other site's tree.
            if own_root.get_children().filter(slug=page.slug).exists():
                continue
            response = client.get(f"/{page.slug}/")
            assert response.status_code == HTTPStatus.NOT_FOUND, (slug, page.url_path)


@pytest.mark.parametrize("module", SITE_MODULES, ids=ORGANISATION_SLUGS)
def test_english_home_page_is_served_under_en(module):
    response = site_client(module.ORGANISATION["slug"]).get("/en/")
    assert response.status_code == HTTPStatus.OK
    page = response.context["page"]
    assert page.locale.language_code == "en"
    assert page.title == module.HOME["en"]["title"]


def test_portal_links_every_organisation_site(portal_client, demo_sites):
    response = portal_client.get("/")
    assert response.status_code == HTTPStatus.OK
    listed = {entry["site"].pk for entry in response.context["sites"]}
    assert listed == {site.pk for site in demo_sites.values()}
    html = response.content.decode()
    for site in demo_sites.values():
        assert site.root_url in html


def test_site_hostnames_follow_configuration(settings, sv):
    from sites.demo_content.loader import DemoLoader

    settings.SITE_HOSTNAMES = {"natverkstan": "www.natverkstan.example"}
    settings.SITE_PORT = 443
    DemoLoader().run()
    site = Site.objects.get(root_page__slug="natverkstan", root_page__locale=sv)
    assert (site.hostname, site.port) == ("www.natverkstan.example", 443)
    assert Site.objects.count() == len(SITE_MODULES) + 1
