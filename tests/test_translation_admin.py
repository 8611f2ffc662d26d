"""Translating in the admin: the translations report and wagtail-localize's
translate and sync steps, for an organisation's own pages and snippets."""

from __future__ import annotations

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from projects.models import Project
from sites.translation_status import State, translation_statuses

from .admin_helpers import (
    ORG_A,
    ORG_B,
    client_for,
    demo_user,
    is_refused,
    org_objects,
    superuser,
)

pytestmark = pytest.mark.django_db

REPORT = "sites_translation_report"


@pytest.fixture
def a():
    return org_objects(ORG_A)


@pytest.fixture
def editor():
    return demo_user(ORG_A, "editor")


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


def report_rows(user, **query):
    response = client_for(user).get(reverse(REPORT), query)
    assert response.status_code == HTTPStatus.OK
    return response, list(response.context["object_list"])


def row_for(rows, obj):
    (row,) = [row for row in rows if row.obj.pk == obj.pk and type(row.obj) is type(obj)]
    return row


def publish_a_change(page: Page, user):
    """The Swedish page changes after its translation was last synchronised."""
    page = page.specific
    page.title = f"{page.title} (ändrad)"
    page.save_revision(user=user).publish(user=user)
    # Published a moment after the demo content's translation was made.
    Page.objects.filter(pk=page.pk).update(last_published_at=timezone.now())
    TranslationSource.objects.filter(object_id=page.translation_key).update(
        last_updated_at=timezone.now() - datetime.timedelta(minutes=5)
    )


def test_report_lists_the_organisations_pages_and_snippets_only(editor, a):
    b = org_objects(ORG_B)
    _response, rows = report_rows(editor)

    objects = {(type(row.obj), row.obj.pk) for row in rows}
    assert (type(a.home), a.home.pk) in objects
    assert (Project, a.snippets[Project].pk) in objects
    assert (type(b.home), b.home.pk) not in objects
    assert (Project, b.snippets[Project].pk) not in objects
    assert all(row.obj.locale.language_code == "sv" for row in rows)


def test_translated_demo_pages_are_up_to_date(editor, a):
    _response, rows = report_rows(editor)
    assert row_for(rows, a.home).state == State.CURRENT


def test_missing_translation_is_reported_with_a_translate_link(editor, a, english):
    project = a.snippets[Project]
    translation = project.get_translation_or_none(english)
    if translation:
        translation.delete()

    response, rows = report_rows(editor)

    row = row_for(rows, project)
    assert row.state == State.MISSING
    assert row.translate_url in response.content.decode()


def test_outdated_translation_is_reported_and_sync_brings_it_up_to_date(editor, a):
    publish_a_change(a.page, demo_user(ORG_A, "moderator"))

    response, rows = report_rows(editor)
    row = row_for(rows, a.page)
    assert row.state == State.OUTDATED
    assert row.sync_url in response.content.decode()

    client_for(editor).post(row.sync_url, {})

    _response, rows = report_rows(editor)
    assert row_for(rows, a.page).state != State.OUTDATED


def test_report_filters_by_state(editor, a):
    publish_a_change(a.page, demo_user(ORG_A, "moderator"))

    _response, rows = report_rows(editor, state=State.OUTDATED)

    assert rows
    assert {row.state for row in rows} == {State.OUTDATED}
    assert a.page.pk in [row.obj.pk for row in rows]


def test_report_exports_csv(editor, a):
    response = client_for(editor).get(reverse(REPORT), {"export": "csv"})
    assert response.status_code == HTTPStatus.OK
    assert a.home.title in b"".join(response.streaming_content).decode()


def test_superuser_sees_every_organisation(a):
    _response, rows = report_rows(superuser())
    organisations = {row.organisation for row in rows}
    assert len(organisations) == 5


def test_editor_translates_an_own_snippet(editor, a, english):
    project = a.snippets[Project]
    translation = project.get_translation_or_none(english)
    if translation:
        translation.delete()
    url = reverse(
        "wagtail_localize:submit_snippet_translation", args=["projects", "project", project.pk]
    )

    response = client_for(editor).post(url, {"locales": [english.pk]})

    assert response.status_code == HTTPStatus.FOUND
    translation = project.get_translation(english)
    row = row_for(translation_statuses({a.organisation.pk}), project)
    assert row.translation == translation
    assert row.state in (State.UNPUBLISHED, State.CURRENT)
    # The English version opens in wagtail-localize's translation editor.
    edit = client_for(editor).get(row.translation_edit_url)
    assert edit.status_code == HTTPStatus.OK
    assert 'class="js-translation-editor"' in edit.content.decode()


def test_publishing_while_syncing_needs_publish_permission(editor, a, english):
    publish_a_change(a.page, demo_user(ORG_A, "moderator"))
    source = TranslationSource.objects.get(
        object_id=a.page.translation_key, locale__language_code="sv"
    )
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    english_page = a.page.get_translation(english)
    title_before = english_page.title

    response = client_for(editor).post(url, {"publish_translations": "on"})

    assert is_refused(response)
    english_page.refresh_from_db()
    assert english_page.title == title_before

    response = client_for(demo_user(ORG_A, "moderator")).post(url, {"publish_translations": "on"})

    assert response.status_code == HTTPStatus.FOUND
    english_page.refresh_from_db()
    assert english_page.title != title_before  # the untranslated change falls back to Swedish


def test_report_is_in_the_reports_menu(editor):
    response = client_for(editor).get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    assert reverse(REPORT) in html
    assert reverse("wagtail_localize:translations_report") not in html
