"""The snippets are registered in the admin with listings, filters and search."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from projects.models import Activity, Project
from publications.models import Publication
from sites.models import CultureArea, Goal, Organisation

pytestmark = pytest.mark.django_db

SNIPPETS = [Organisation, CultureArea, Goal, Project, Activity, Publication]


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return client


def admin_url(model, view, *args):
    return reverse(
        f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{view}", args=args
    )


@pytest.mark.parametrize("model", SNIPPETS, ids=lambda m: m.__name__)
def test_snippet_listing_edit_and_history_views_load(admin_client, model):
    response = admin_client.get(admin_url(model, "list"))
    assert response.status_code == HTTPStatus.OK
    obj = model.objects.filter(locale__language_code="sv").first()
    for view in ("edit", "history"):
        response = admin_client.get(admin_url(model, view, obj.pk))
        assert response.status_code == HTTPStatus.OK, view


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        (Project, {"status": "completed"}, "KulturKraft Syd"),
        (Publication, {"kind": "strategy"}, "Värmlands kulturplan"),
        (Activity, {"kind": "conference_day"}, "Kulturskolepedagogdagen"),
        (Goal, {"period_start": "2021"}, "Platsen formas av kultur"),
        (Organisation, {"kind": "national_agency"}, "Svenska Filminstitutet"),
    ],
)
def test_listing_filters_narrow_the_list(admin_client, model, query, expected):
    response = admin_client.get(admin_url(model, "list"), {**query, "locale": "sv"})
    assert response.status_code == HTTPStatus.OK
    shown = {str(obj) for obj in response.context["object_list"]}
    assert any(expected in title for title in shown)
    assert len(shown) < model.objects.filter(locale__language_code="sv").count()


def test_listing_search_finds_a_project(admin_client):
    response = admin_client.get(admin_url(Project, "list"), {"q": "Learn", "locale": "sv"})
    assert response.status_code == HTTPStatus.OK
    assert [str(p) for p in response.context["object_list"]] == ["Learn, Create, Engage"]
