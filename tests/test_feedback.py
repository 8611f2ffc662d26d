"""Page feedback: stored per page, protected, and never a server error."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page, Site

from home.models import PageFeedback, StandardPage
from projects.models import ProjectIndexPage
from sites.hosts import hostname_for

from .conftest import site_client

pytestmark = pytest.mark.django_db

QUESTION = "Fick du hjälp av informationen på sidan?"


@pytest.fixture(autouse=True)
def empty_cache_after(empty_cache):
    """Rate-limit counters and cached pages live in the cache: empty it after, too."""
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def new_feedback():
    """Only the answers this test sent (a browser test's may be committed already)."""
    last = PageFeedback.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    NEW["after"] = last


NEW = {"after": 0}


def sent():
    return PageFeedback.objects.filter(pk__gt=NEW["after"])


def standard_page(slug: str = "region-skane", language: str = "sv") -> Page:
    site = Site.objects.get(hostname=hostname_for(slug))
    root = site.root_page if language == "sv" else site.root_page.get_translations().get()
    return root.get_children().live().type(StandardPage).first().specific


def path_of(page: Page) -> str:
    return page.relative_url(page.get_site())


def post(client: Client, target: Page, **data):
    fields = {"page": target.pk, "next": path_of(target), "helpful": "yes", "comment": "", **data}
    return client.post("/_feedback/", {k: v for k, v in fields.items() if v is not None})


def test_every_page_ends_with_the_question_and_the_note():
    page = standard_page()
    html = site_client("region-skane").get(path_of(page)).content.decode()
    assert QUESTION in html
    assert "Tänk på att webbredaktionen inte kan svara på eventuella frågor" in html
    assert html.index(QUESTION) < html.index("</main>")


def test_the_question_is_in_english_on_english_pages():
    page = standard_page(language="en")
    html = site_client("region-skane").get(path_of(page)).content.decode()
    assert "Did the information on the page help you?" in html


def test_a_valid_answer_is_stored_and_thanked():
    page = standard_page()
    client = site_client("region-skane")
    response = post(client, page, helpful="no", comment="Datumet för kursen saknas.")
    assert response.status_code == HTTPStatus.SEE_OTHER
    assert response["Location"] == f"{path_of(page)}?feedback=thanks#feedback"
    feedback = sent().get()
    assert feedback.page_id == page.pk
    assert feedback.helpful is False
    assert feedback.comment == "Datumet för kursen saknas."
    assert feedback.locale_id == page.locale_id
    assert feedback.site.hostname == hostname_for("region-skane")
    thanks = client.get(response["Location"]).content.decode()
    assert "Tack för din hjälp att förbättra webbplatsen" in thanks
    assert 'name="helpful"' not in thanks


def test_an_answer_on_a_snippet_page_is_stored_on_its_index_page():
    site = Site.objects.get(hostname=hostname_for("region-skane"))
    index = site.root_page.get_children().type(ProjectIndexPage).get().specific
    project = index.get_snippets().first()
    path = path_of(index) + index.reverse_subpage("detail", args=[project.slug])
    response = post(site_client("region-skane"), index, next=path)
    assert response.status_code == HTTPStatus.SEE_OTHER
    assert sent().get().path == path


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://["},
    ],
    ids=["cross-site", "same-site", "foreign origin", "opaque origin", "malformed origin"],
)
def test_a_post_from_another_website_is_refused(headers):
    page = standard_page()
    client = Client(HTTP_HOST=hostname_for("region-skane"), enforce_csrf_checks=True)
    response = client.post(
        "/_feedback/",
        {"page": page.pk, "next": path_of(page), "helpful": "no", "comment": "Förfalskat"},
        **headers,
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "skickades från en annan webbplats" in response.content.decode()
    assert not sent().exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://{host}"},
        {"HTTP_SEC_FETCH_SITE": "none"},
        {"HTTP_ORIGIN": "http://{host}"},
        {"HTTP_ORIGIN": "https://redaktion.example"},  # in CSRF_TRUSTED_ORIGINS
        {"HTTP_ORIGIN": "https://www.partner.example"},  # https://*.partner.example
        {},  # no browser: not a forged post
    ],
    ids=["same-origin", "typed", "own origin", "trusted", "trusted pattern", "no headers"],
)
def test_a_post_from_the_sites_own_pages_needs_no_token(headers, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://redaktion.example", "https://*.partner.example"]
    page = standard_page()
    host = hostname_for("region-skane")
    client = Client(HTTP_HOST=host, enforce_csrf_checks=True)
    headers = {name: value.format(host=host) for name, value in headers.items()}
    response = client.post(
        "/_feedback/", {"page": page.pk, "next": path_of(page), "helpful": "yes"}, **headers
    )
    assert response.status_code == HTTPStatus.SEE_OTHER
    assert sent().count() == 1


def test_pages_with_the_form_are_the_same_for_everyone():
    """No token and no cookie: a CDN or the response cache can keep the page for all."""
    page = standard_page()
    first, second = (site_client("region-skane").get(path_of(page)) for _visitor in range(2))
    assert 'name="helpful"' in first.content.decode()
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies and not second.cookies
    assert "public" in first["Cache-Control"]
    assert second.content == first.content and second["ETag"] == first["ETag"]


def test_the_honeypot_catches_bots():
    response = post(site_client("region-skane"), standard_page(), leave_empty="http://spam")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Ditt svar kunde inte skickas" in response.content.decode()
    assert not sent().exists()


def test_a_too_long_comment_is_a_form_error():
    response = post(site_client("region-skane"), standard_page(), comment="x" * 1001)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert "högst 1000 tecken" in html
    assert 'aria-invalid="true"' in html
    assert not sent().exists()


def test_the_rate_limit_stops_the_sixth_answer_in_ten_minutes():
    page = standard_page()
    client = site_client("region-skane")
    for _ in range(5):
        assert post(client, page).status_code == HTTPStatus.SEE_OTHER
    response = post(client, page)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Du har skickat många svar på kort tid" in response.content.decode()
    assert sent().count() == 5
    # Another address is not affected.
    other = Client(HTTP_HOST=hostname_for("region-skane"), REMOTE_ADDR="192.0.2.7")
    assert post(other, page).status_code == HTTPStatus.SEE_OTHER


@pytest.mark.parametrize(
    "data",
    [
        {"helpful": None},
        {"helpful": "maybe"},
        {"page": "not-a-number"},
        {"page": "999999999"},
        {"page": None},
        {"comment": "null\x00byte"},
        {"comment": "bell\x07"},
        {"next": "https://evil.example/"},
        {"helpful": ""},
    ],
)
def test_garbage_is_answered_with_a_form_error_never_a_500(data):
    client = site_client("region-skane")
    page = standard_page()
    response = post(client, page, **data)
    if data.get("next"):
        # A foreign address to return to is ignored, not an error.
        assert response.status_code == HTTPStatus.SEE_OTHER
        assert response["Location"].startswith(path_of(page))
    else:
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "Ditt svar kunde inte skickas" in response.content.decode()


def test_a_page_of_another_site_is_refused():
    other_page = standard_page("natverkstan")
    response = post(site_client("region-skane"), other_page)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not sent().exists()


def test_get_is_not_allowed():
    response = site_client("region-skane").get("/_feedback/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.fixture
def admin_client(db):
    user = get_user_model().objects.create_superuser("feedback-admin", "a@example.com", "pw")
    client = Client()
    client.force_login(user)
    return client


def test_editors_list_filter_inspect_and_export_feedback(admin_client):
    page = standard_page()
    client = site_client("region-skane")
    post(client, page, helpful="yes", comment="Bra sida")
    post(client, page, helpful="no", comment="Saknar datum")
    post(site_client("natverkstan"), standard_page("natverkstan"), comment="Annan webbplats")
    listing = admin_client.get("/admin/home_pagefeedback/")
    assert listing.status_code == HTTPStatus.OK
    html = listing.content.decode()
    assert "Bra sida" in html and "Saknar datum" in html
    filtered = admin_client.get("/admin/home_pagefeedback/?helpful=false").content.decode()
    assert "Saknar datum" in filtered and "Bra sida" not in filtered
    site = Site.objects.get(hostname=hostname_for("region-skane"))
    other = Site.objects.get(hostname=hostname_for("natverkstan"))
    assert (
        "Bra sida" in admin_client.get(f"/admin/home_pagefeedback/?site={site.pk}").content.decode()
    )
    on_other = admin_client.get(f"/admin/home_pagefeedback/?site={other.pk}").content.decode()
    assert "Annan webbplats" in on_other and "Bra sida" not in on_other
    csv = admin_client.get("/admin/home_pagefeedback/?export=csv")
    assert csv.status_code == HTTPStatus.OK
    body = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Saknar datum" in body and page.title in body
    feedback = sent().first()
    inspect = admin_client.get(f"/admin/home_pagefeedback/inspect/{feedback.pk}/")
    assert inspect.status_code == HTTPStatus.OK
    # Read-only: no add or edit views.
    assert admin_client.get("/admin/home_pagefeedback/new/").status_code == HTTPStatus.NOT_FOUND
    assert (
        admin_client.get(f"/admin/home_pagefeedback/edit/{feedback.pk}/").status_code
        == HTTPStatus.NOT_FOUND
    )


def test_users_without_the_view_permission_see_no_feedback(db):
    user = get_user_model().objects.create_user("no-perms", "n@example.com", "pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    response = client.get("/admin/home_pagefeedback/")
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
