"""Headless preview: an editor's token opens the latest draft through the API."""

from __future__ import annotations

import time
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from cms.preview import make_token
from home.models import StandardPage
from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("chef", "chef@example.org", "pw")


@pytest.fixture
def api() -> Client:
    return Client(HTTP_HOST="localhost")


def test_a_token_shows_the_latest_project_draft_in_the_live_shape(api, editor):
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    project.title = "Utkast: Learn, Create, Engage 2.0"
    project.save_revision(user=editor)
    live = api.get(f"/api/v2/projects/{project.pk}/").json()
    response = api.get("/api/v2/preview/", {"token": make_token(editor, project)})
    assert response.status_code == HTTPStatus.OK
    draft = response.json()
    assert draft["title"] == "Utkast: Learn, Create, Engage 2.0"
    assert live["title"] == "Learn, Create, Engage"
    assert set(draft) == set(live) and set(draft["meta"]) == set(live["meta"])
    assert "no-store" in response["Cache-Control"]


def test_a_token_shows_a_page_draft(api, editor):
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    page.title = "Finansiering (utkast)"
    page.save_revision(user=editor)
    response = api.get("/api/v2/preview/", {"token": make_token(editor, page)})
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert data["title"] == "Finansiering (utkast)"
    assert data["meta"]["type"] == "home.StandardPage"
    assert any(block["type"] == "paragraph" for block in data["body"])


def test_tokens_expire_and_cannot_be_forged(api, editor, settings):
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    token = make_token(editor, project)
    settings.PREVIEW_TOKEN_MAX_AGE = 0
    time.sleep(1.1)
    expired = api.get("/api/v2/preview/", {"token": token})
    assert expired.status_code == HTTPStatus.BAD_REQUEST
    assert "expired" in expired.json()["message"]
    settings.PREVIEW_TOKEN_MAX_AGE = 3600
    forged = api.get("/api/v2/preview/", {"token": token[:-3] + "abc"})
    assert forged.status_code == HTTPStatus.BAD_REQUEST
    assert api.get("/api/v2/preview/").status_code == HTTPStatus.BAD_REQUEST


def test_a_token_only_works_for_what_its_editor_may_edit(api):
    outsider = get_user_model().objects.create_user("besok", "b@example.org", "pw")
    project = Project.objects.get(slug="learn-create-engage", locale__language_code="sv")
    response = api.get("/api/v2/preview/", {"token": make_token(outsider, project)})
    assert response.status_code == HTTPStatus.FORBIDDEN
    # A token stops working when its editor loses the right to edit.
    editor = get_user_model().objects.create_superuser("tillfallig", "t@example.org", "pw")
    token = make_token(editor, project)
    assert api.get("/api/v2/preview/", {"token": token}).status_code == HTTPStatus.OK
    editor.is_superuser = False
    editor.save()
    assert api.get("/api/v2/preview/", {"token": token}).status_code == HTTPStatus.FORBIDDEN


def test_the_admin_hands_out_preview_links(client, editor):
    client.force_login(editor)
    page = Page.objects.get(slug="finansiering", locale__language_code="sv")
    content_type = ContentType.objects.get_for_model(Page)
    response = client.get(reverse("samverkan_preview_link", args=[content_type.pk, page.pk]))
    assert response.status_code == HTTPStatus.OK
    url = response.context["preview_url"]
    assert "/api/v2/preview/?token=" in url
    token = url.split("token=", 1)[1]
    data = Client(HTTP_HOST="localhost").get("/api/v2/preview/", {"token": token}).json()
    assert data["id"] == page.pk
