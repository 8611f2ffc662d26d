"""An editor's day in real Chromium: create a page and a project, submit both
for moderation; the organisation's moderator approves both; both go live on
the site and in the API; another organisation's page and project are refused."""

from __future__ import annotations

import time
import uuid
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Page, Site

from projects.models import Project
from sites.api import SnippetLocator
from sites.groups import DEMO_PASSWORD
from sites.hosts import hostname_for
from sites.models import Organisation

ORG_A = "natverkstan"
ORG_B = "vgr-kulturutveckling"


@pytest.mark.django_db
def test_the_session_sets_up_the_test_database():
    """pytest-django creates test databases only for the aliases that some
    collected test marks as used; `orm` is not such a mark. Without this test,
    running this file alone would point the live server and the ORM at the
    development database (db.sqlite3)."""
    assert connection.settings_dict["NAME"] != str(settings.BASE_DIR / "db.sqlite3")


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("input[name='username']", username)
    page.fill("input[name='password']", DEMO_PASSWORD)
    page.click("form button[type='submit']")
    page.wait_for_url(f"{base}/admin/")


def log_out(page, base: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")


def open_action_menu(page) -> None:
    """Open the footer's "more actions" dropdown, as a person would."""
    toggle = page.locator("footer [data-w-dropdown-target='toggle']").first
    toggle.click()


def submit_for_moderation(page) -> None:
    open_action_menu(page)
    button = page.locator("footer button[name='action-submit']")
    button.wait_for(state="visible")
    button.click()
    page.wait_for_load_state("load")


def approve(page) -> None:
    """The edit view's "Approve" workflow action (the one without a comment)."""
    selector = (
        "footer button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    button = page.locator(selector)
    if not button.is_visible():
        open_action_menu(page)
    button.click()
    page.wait_for_load_state("load")


@pytest.mark.usefixtures("orm")
def test_editor_submits_moderator_approves_both_go_live_others_refused(page, site_url, server_port):
    assert connection.settings_dict["NAME"] != str(settings.BASE_DIR / "db.sqlite3")
    started = time.monotonic()
    base = f"http://localhost:{server_port}"
    site = Site.objects.get(hostname=hostname_for(ORG_A))
    home = site.root_page.specific
    organisation = Organisation.objects.get(slug=ORG_A, locale=home.locale)
    suffix = uuid.uuid4().hex[:8]
    page_title = f"Webbläsartest sida {suffix}"
    project_title = f"Webbläsartest projekt {suffix}"

    # The editor creates a standard page under the site's home page and submits it.
    log_in(page, base, f"{ORG_A}-redaktor")
    page.goto(f"{base}{reverse('wagtailadmin_pages:add', args=['home', 'standardpage', home.pk])}")
    page.fill("input[name='title']", page_title)
    # Leaving the title fills the slug (Wagtail's w-sync on blur), as for a person.
    page.press("input[name='title']", "Tab")
    expect(page.locator("#id_slug")).to_have_value(f"webblasartest-sida-{suffix}")
    submit_for_moderation(page)
    created_page = Page.objects.get(title=page_title).specific
    assert not created_page.live
    assert created_page.current_workflow_state is not None
    assert created_page.current_workflow_state.status == "in_progress"

    # ... and a project of their own organisation, also submitted.
    add_project = reverse(Project.snippet_viewset.get_url_name("add"))
    page.goto(f"{base}{add_project}")
    page.fill("input[name='title']", project_title)
    page.fill("input[name='slug']", f"webblasartest-projekt-{suffix}")
    organisation_field = page.locator("select[name='organisation']")
    if organisation_field.count():
        assert organisation_field.input_value() == str(organisation.pk)
    submit_for_moderation(page)
    project = Project.objects.get(title=project_title)
    assert project.organisation_id == organisation.pk
    assert not project.live
    assert project.current_workflow_state.status == "in_progress"

    # The editor is refused on another organisation's page and project.
    other_site = Site.objects.get(hostname=hostname_for(ORG_B))
    other_page = other_site.root_page.get_children().first()
    other_org = Organisation.objects.get(slug=ORG_B, locale=home.locale)
    other_project = Project.objects.filter(organisation=other_org).order_by("pk").first()
    for url in (
        reverse("wagtailadmin_pages:edit", args=[other_page.pk]),
        reverse(Project.snippet_viewset.get_url_name("edit"), args=[other_project.pk]),
    ):
        response = page.goto(f"{base}{url}")
        refused_by_status = response is not None and response.status == 403
        redirected = urlsplit(page.url).path == "/admin/"
        assert refused_by_status or redirected, f"{url}: {page.url} {response and response.status}"
        if redirected:
            # Wagtail's "Ledsen, du saknar rättigheter att tillträda detta område."
            assert "saknar rättigheter" in page.locator(".messages").inner_text()
        assert page.locator("input[name='title']").count() == 0
    log_out(page, base)

    # The moderator approves both from their edit views.
    log_in(page, base, f"{ORG_A}-moderator")
    page.goto(f"{base}{reverse('wagtailadmin_pages:edit', args=[created_page.pk])}")
    approve(page)
    edit_project = reverse(Project.snippet_viewset.get_url_name("edit"), args=[project.pk])
    page.goto(f"{base}{edit_project}")
    approve(page)
    log_out(page, base)

    created_page.refresh_from_db()
    project.refresh_from_db()
    assert created_page.live
    assert project.live

    # Both appear on the public site...
    response = page.goto(site_url(ORG_A, created_page.relative_url(site)))
    assert response.status == 200
    assert page.locator("h1").first.inner_text().strip() == page_title
    project_path = urlsplit(SnippetLocator().html_url(project)).path
    response = page.goto(site_url(ORG_A, project_path))
    assert response.status == 200
    assert project_title in page.locator("h1").first.inner_text()

    # ... and in the API.
    host = hostname_for(ORG_A)
    for url in (
        f"{base}/api/v2/pages/{created_page.pk}/?site={host}",
        f"{base}/api/v2/projects/{project.pk}/",
    ):
        response = page.request.get(url)
        assert response.status == 200, url
        assert response.json()["title"] in (page_title, project_title)

    assert time.monotonic() - started < 60
