"""Kept fragments (site lookup, routing table, page bodies, settings, API items)
are never stale: every change shows on the next request, without the response cache."""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
from django.test import Client
from wagtail.models import Page, Site

from home.models import StandardPage
from projects.models import Project
from sites.hosts import hostname_for
from sites.models import SiteSettings

from .conftest import site_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cold(settings):
    settings.RESPONSE_CACHE = False


def text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response.content.decode()


def record_calls(monkeypatch, owner, name: str, noted=lambda first, *rest: first.pk) -> list:
    """Wrap `owner.name` to note each call (by default its first argument's pk): the notes."""
    calls = []
    real = getattr(owner, name)

    def recording(*args):
        calls.append(noted(*args))
        return real(*args)

    monkeypatch.setattr(owner, name, recording)
    return calls


def test_a_renamed_project_shows_in_page_bodies_lists_details_and_the_api():
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    skane = site_client("region-skane")
    api = Client(HTTP_HOST=hostname_for("region-skane"))
    urls = [
        (skane, "/"),  # a projects block in the home page's body
        (skane, "/projekt/"),
        (skane, "/projekt/learn-create-engage/"),
        (api, "/api/v2/projects/?fields=*"),
        (api, f"/api/v2/projects/{project.pk}/"),
        (api, "/api/v2/pages/?type=home.HomePage&fields=body&site=region-skane.localhost"),
    ]
    for client, url in urls:
        for _ in range(2):  # kept from here on
            assert project.title in text(client, url), url
    project.title = "Projektet Ettan"
    project.save_revision().publish()
    for client, url in urls:
        assert "Projektet Ettan" in text(client, url), url


def test_an_edited_page_body_shows_at_once_even_when_saved_without_publishing_signals():
    client = site_client("region-varmland")
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    before = text(client, "/finansiering/")
    body = page.body.get_prep_value()
    body.append({"type": "heading", "value": {"text": "En alldeles ny rubrik", "level": "h2"}})
    StandardPage.objects.filter(pk=page.pk).update(body=body)  # no signal at all
    after = text(client, "/finansiering/")
    assert "En alldeles ny rubrik" not in before
    assert "En alldeles ny rubrik" in after


def test_an_edited_home_page_body_shows_at_once_even_when_saved_without_signals():
    # The site's root page is kept with the site (for routing); the home page
    # shown is read afresh.
    client = site_client("region-varmland")
    home = Page.objects.get(url_path="/region-varmland/").specific
    before = text(client, "/")
    body = home.body.get_prep_value()
    body.append({"type": "heading", "value": {"text": "Rubrik utan signal", "level": "h2"}})
    type(home).objects.filter(pk=home.pk).update(body=body)
    assert "Rubrik utan signal" not in before
    assert "Rubrik utan signal" in text(client, "/")
    Page.objects.filter(pk=home.pk).update(live=False)
    assert client.get("/").status_code == HTTPStatus.NOT_FOUND


def test_the_head_header_and_footer_follow_pages_settings_and_items():
    """The page chrome (base.html's `fragment ... chrome`) is kept per address."""
    client = site_client("region-skane")
    detail = "/projekt/learn-create-engage/"
    for _ in range(2):  # kept from here on
        text(client, "/")
        text(client, detail)

    # An item's new title: in the detail's <title> and breadcrumbs.
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    project.title = "Lär, skapa, engagera"
    project.save_revision().publish()
    page = text(client, detail)
    assert "<title>Lär, skapa, engagera – " in page
    assert '<span aria-current="page">Lär, skapa, engagera</span>' in page

    # Settings: the tagline (header), the e-mail address (footer).
    settings = SiteSettings.objects.get(site__hostname=hostname_for("region-skane"))
    settings.tagline = "En ny devis"
    settings.contact_email = "ny-adress@example.org"
    settings.save()
    page = text(client, "/")
    assert '<p class="site-brand__tagline">En ny devis</p>' in page
    assert 'href="mailto:ny-adress@example.org"' in page

    # A new page in the menu: in the header of every page of the site.
    home = Page.objects.get(url_path="/region-skane/")
    new = StandardPage(title="Nyhet i menyn", slug="nyhet-i-menyn", show_in_menus=True)
    home.add_child(instance=new)
    new.save_revision().publish()
    for url in ("/", detail):
        assert 'href="/nyhet-i-menyn/"' in text(client, url), url


def test_site_settings_and_their_organisation_show_at_once():
    client = site_client("natverkstan")
    assert "--colour-primary:#123456" not in text(client, "/")
    settings = SiteSettings.objects.get(site__hostname=hostname_for("natverkstan"))
    settings.primary_colour = "#123456"
    settings.save()
    assert "--colour-primary:#123456" in text(client, "/")
    organisation = settings.organisation
    organisation.name = "Nätverkstan med nytt namn"
    organisation.save_revision().publish()
    assert "Nätverkstan med nytt namn" in text(client, "/mal/")


def assert_moved_then_gone(client: Client, obj, url: str, new_slug: str) -> None:
    """Publishing `obj` (a page or snippet at `url`) with `new_slug` moves it
    at once; unpublishing it then removes it at once."""
    obj.slug = new_slug
    obj.save_revision().publish()
    new_url = url.removesuffix("/").rsplit("/", 1)[0] + f"/{new_slug}/"
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.get(new_url).status_code == HTTPStatus.OK
    obj.unpublish()
    assert client.get(new_url).status_code == HTTPStatus.NOT_FOUND


def test_the_routing_table_follows_new_renamed_and_unpublished_pages():
    client = site_client("region-varmland")
    assert client.get("/finansiering/").status_code == HTTPStatus.OK
    assert client.get("/ny-sida/").status_code == HTTPStatus.NOT_FOUND
    home = Page.objects.get(url_path="/region-varmland/")
    new = StandardPage(title="Ny sida", slug="ny-sida")
    home.add_child(instance=new)
    new.save_revision().publish()
    assert "Ny sida" in text(client, "/ny-sida/")

    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    assert_moved_then_gone(client, page, "/finansiering/", "finansiering-och-stod")
    # A draft is never served, also when its parent's table lists it.
    draft = StandardPage(title="Utkast", slug="utkast", live=False)
    home.add_child(instance=draft)
    assert client.get("/utkast/").status_code == HTTPStatus.NOT_FOUND


def test_routable_sub_pages_and_unknown_paths_route_as_wagtail_does():
    client = site_client("natverkstan")
    assert client.get("/projekt/natverkstan-regionalt-uppdrag-2021-2024/").status_code == 200
    assert client.get("/projekt/finns-inte/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/finns-inte/alls/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/fortbildning/arkiv/").status_code == HTTPStatus.OK
    assert client.get("/en/projects/").status_code == HTTPStatus.OK


def test_every_live_page_is_routed_to_itself():
    for site_slug in ("natverkstan", "region-skane", "kulturkraft-syd"):
        client = site_client(site_slug)
        home = Page.objects.get(url_path=f"/{site_slug}/")
        for page in home.get_descendants(inclusive=True).live().specific():
            url = page.get_url()
            response = client.get(url)
            assert response.status_code == HTTPStatus.OK, url
            assert response.context["page"].pk == page.pk, url


def test_api_list_counts_and_items_follow_new_renamed_and_unpublished_content():
    """The pages and snippet lists keep each item and their total as fragments."""
    api = Client(HTTP_HOST=hostname_for("region-varmland"))
    pages_url = "/api/v2/pages/?type=home.StandardPage&fields=*"
    projects_url = "/api/v2/projects/?status=ongoing&organisation=natverkstan"

    def listing(url):
        response = api.get(url)
        assert response.status_code == HTTPStatus.OK, url
        data = response.json()
        return data["meta"]["total_count"], {item["title"] for item in data["items"]}

    pages_before, projects_before = listing(pages_url), listing(projects_url)
    assert listing(pages_url) == pages_before  # kept from here on

    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    page.title = "Finansiering och stöd"
    page.save_revision().publish()
    total, titles = listing(pages_url)
    assert total == pages_before[0] and "Finansiering och stöd" in titles

    home = Page.objects.get(url_path="/region-varmland/")
    new = StandardPage(title="Ännu en sida", slug="annu-en-sida")
    home.add_child(instance=new)
    new.save_revision().publish()
    assert listing(pages_url)[0] == pages_before[0] + 1
    new.unpublish()
    assert listing(pages_url)[0] == pages_before[0]

    # A project that ended in 2024 becomes ongoing, then is unpublished.
    project = Project.objects.get(
        slug="natverkstan-regionalt-uppdrag-2021-2024", locale__language_code="sv"
    )
    assert project.title not in projects_before[1]
    project.title = "Ett nytt projektnamn"
    project.end_date = datetime.date.today() + datetime.timedelta(days=365)
    project.save_revision().publish()
    total, titles = listing(projects_url)
    assert total == projects_before[0] + 1 and "Ett nytt projektnamn" in titles
    project.unpublish()
    assert listing(projects_url) == projects_before


def test_a_list_pages_total_is_kept_and_follows_publishing():
    """The project list's total (SnippetIndexPage.paginate) is kept: the list
    never counts by fetching every item, and a change shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = site_client("natverkstan")
    url = "/projekt/?status=ongoing"
    text(client, url)
    with CaptureQueriesContext(connection) as queries:
        before = text(client, url)
    for query in queries.captured_queries:
        if 'FROM "projects_project"' in query["sql"]:
            assert "LIMIT" in query["sql"] or "COUNT(" in query["sql"], query["sql"]
    project = Project.objects.get(
        slug="natverkstan-regionalt-uppdrag-2021-2024", locale__language_code="sv"
    )
    assert project.title not in before
    project.end_date = datetime.date.today() + datetime.timedelta(days=365)
    project.save_revision().publish()
    assert project.title in text(client, url)
    project.unpublish()
    assert project.title not in text(client, url)


def test_search_results_follow_the_search_index():
    """The search page's results are a fragment kept until the index changes:
    an index update (what a worker runs after a publish) shows at once."""
    from modelsearch.tasks import insert_or_update_object_task

    client = site_client("region-skane")
    url = "/search/?query=digitala"
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    for _ in range(2):  # kept from here on
        assert project.title in text(client, url)
    Project.objects.filter(pk=project.pk).update(title="Digitala zebror")  # no signal
    insert_or_update_object_task.enqueue("projects", "project", str(project.pk))
    assert "Digitala zebror" in text(client, url)


def test_a_detail_finds_its_item_by_a_kept_id_and_reads_it_afresh():
    """SnippetIndexPage.find_snippet: which item a detail URL shows is kept;
    the item is read afresh, so even a save without signals shows at once."""
    client = site_client("region-skane")
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    text(client, "/projekt/learn-create-engage/")
    Project.objects.filter(pk=project.pk).update(summary="En sammanfattning utan signal")
    assert "En sammanfattning utan signal" in text(client, "/projekt/learn-create-engage/")

    project.refresh_from_db()
    assert_moved_then_gone(client, project, "/projekt/learn-create-engage/", "lar-skapa-engagera")


def test_a_lookup_by_primary_key_equals_the_orms():
    """sites.routing.by_pk runs a statement compiled once per model: the
    same object, field for field, as Django's own lookup, for every page type
    and a snippet; live_only leaves out what is not live."""
    from django.contrib.contenttypes.models import ContentType

    from sites.routing import by_pk

    def stored(obj):
        return [field.value_from_object(obj) for field in obj._meta.concrete_fields]

    by_type = {}
    for page in Page.objects.order_by("path"):
        by_type.setdefault(page.content_type_id, page.pk)
    assert len(by_type) > 5
    for content_type_id, pk in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        found = by_pk(model, pk)
        assert type(found) is model
        assert stored(found) == stored(model.objects.get(pk=pk))
    project = Project.objects.filter(live=True).first()
    assert stored(by_pk(Project, project.pk, live_only=True)) == stored(project)

    page = StandardPage.objects.live().first()
    Page.objects.filter(pk=page.pk).update(live=False)  # the parent's table
    Project.objects.filter(pk=project.pk).update(live=False)
    assert by_pk(StandardPage, page.pk, live_only=True) is None
    assert by_pk(StandardPage, page.pk).live is False
    assert by_pk(Project, project.pk, live_only=True) is None
    assert by_pk(Project, -1) is None


def test_a_standard_pages_subpages_follow_new_renamed_and_unpublished_children():
    """The "In this section" list is kept per page (standard_page.html,
    `fragment ... chrome`) and follows its children's publishing."""
    client = site_client("region-varmland")
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    assert page.numchild == 0
    assert 'class="subpages"' not in text(client, "/finansiering/")

    child = StandardPage(title="Stöd till föreningar", slug="foreningar")
    page.add_child(instance=child)
    child.save_revision().publish()
    html = text(client, "/finansiering/")
    assert 'class="subpages"' in html
    assert 'href="/finansiering/foreningar/"' in html and "Stöd till föreningar" in html

    child.title = "Stöd till studieförbund"
    child.save_revision().publish()
    assert "Stöd till studieförbund" in text(client, "/finansiering/")

    child.unpublish()
    assert 'class="subpages"' not in text(client, "/finansiering/")


def test_a_list_page_whose_fragments_are_kept_builds_no_queryset(monkeypatch):
    """SnippetIndexPage.list_response hands the template lazy values: the
    list, its filters and its page of items are worked out only by the
    fragments that show them, so a request that finds them all kept builds
    no queryset; a publish shows on the next request, filters and paging too."""
    from projects.models import ProjectIndexPage

    client = site_client("natverkstan")
    url = "/projekt/?status=completed"
    first = text(client, url)
    assert 'class="active-filters"' in first and 'class="cards"' in first

    built = record_calls(monkeypatch, ProjectIndexPage, "get_snippets")
    assert text(client, url) == first
    assert built == []

    project = Project.objects.get(
        slug="natverkstan-regionalt-uppdrag-2021-2024", locale__language_code="sv"
    )
    project.title = "Regionalt uppdrag, nytt namn"
    project.save_revision().publish()
    assert "Regionalt uppdrag, nytt namn" in text(client, url)
    assert built


@pytest.mark.parametrize("kind", ["rich text", "link list"])
def test_links_to_another_sites_page_follow_its_renaming(kind):
    """A kept page body records the site of each page it links to
    (sites/page_links.py, the `linked` filter): renaming the target on
    another site shows in the linking page on the next request."""
    client = site_client("natverkstan")
    page = StandardPage.objects.get(slug="uppdrag-och-projekt", locale__language_code="sv")
    target = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    body = page.body.get_prep_value()
    if kind == "rich text":
        html = f'<p>Se <a linktype="page" id="{target.pk}">Värmlands stöd</a>.</p>'
        body.append({"type": "paragraph", "value": html})
    else:
        link = {"page": target.pk, "url": "", "label": ""}
        body.append({"type": "link_list", "value": {"title": "Länkar", "links": [link]}})
    page.body = body
    page.save_revision().publish()
    before = text(client, "/uppdrag-och-projekt/")
    assert "/finansiering/" in before

    target.slug = "kulturstod"
    target.title = "Kulturstöd"
    target.save_revision().publish()  # bumps Region Värmland's pages, not Nätverkstan's
    after = text(client, "/uppdrag-och-projekt/")
    assert "/kulturstod/" in after and "/finansiering/" not in after
    if kind == "link list":
        assert ">Finansiering</a>" in before and ">Kulturstöd</a>" in after  # the title


def test_the_feedback_form_is_kept_per_page_address_and_language(monkeypatch):
    """base.html keeps the feedback form as a `fixed` fragment: built once per
    page, address and language, each with its own page id and next address."""
    from home.templatetags import home_tags

    built = record_calls(monkeypatch, home_tags, "feedback_form_for", lambda _page, path: path)
    client = site_client("region-skane")
    home = Site.objects.get(hostname=hostname_for("region-skane")).root_page
    swedish = list(StandardPage.objects.child_of(home).live()[:2])
    english = swedish[0].get_translations().live().get(locale__language_code="en")
    pages = [(page, page.relative_url(page.get_site())) for page in [*swedish, english]]
    for _ in range(2):
        for page, path in pages:
            html = text(client, path)
            assert f'name="page" value="{page.pk}"' in html
            assert f'name="next" value="{path}"' in html
    assert built == [path for _page, path in pages]
    assert "Did the information on the page help you?" in html  # the English page
    thanks = text(client, pages[0][1] + "?feedback=thanks")
    assert "Tack för din hjälp att förbättra webbplatsen" in thanks
    assert 'name="helpful"' not in thanks


def test_a_detail_digests_its_item_once_per_request(monkeypatch):
    """The head, header, footer and details of a project are named by its
    stored values: worked out once per request, and afresh on the next."""
    from sites.templatetags import site_tags

    digested = record_calls(monkeypatch, site_tags, "stored_values_digest")
    client = site_client("region-skane")
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    text(client, "/projekt/learn-create-engage/")
    assert digested == [project.pk]
    Project.objects.filter(pk=project.pk).update(summary="Ändrad utan signal")
    assert "Ändrad utan signal" in text(client, "/projekt/learn-create-engage/")
    assert digested == [project.pk, project.pk]
