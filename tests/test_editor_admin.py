"""The editors' admin: language, groups, what editors see and choose, the
owner field, the shared registers, the dashboard and concurrent saves."""

from __future__ import annotations

import datetime
import io
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowState,
)
from wagtail.users.models import UserProfile

from projects.models import Activity, Project
from publications.models import Publication
from sites.groups import REGISTER_GROUP_NAME
from sites.hosts import hostname_for
from sites.models import CultureArea, Organisation, OrganisationGroup, SiteSettings
from sites.permissions import feedback_model

from .admin_helpers import (
    ORG_A,
    ORG_B,
    admin_url,
    client_for,
    demo_user,
    form_data,
    is_refused,
    messages_of,
    org_objects,
    with_values,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def a():
    return org_objects(ORG_A)


@pytest.fixture
def b():
    return org_objects(ORG_B)


@pytest.fixture
def editor():
    return demo_user(ORG_A, "editor")


@pytest.fixture
def moderator():
    return demo_user(ORG_A, "moderator")


# Language -----------------------------------------------------------------------


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_admin_speaks_swedish_by_default(editor):
    response = client_for(editor).get(reverse("wagtailadmin_home"))
    assert response.status_code == HTTPStatus.OK
    assert html_lang(response) == "sv"
    html = response.content.decode()
    assert "Väntar på granskning" in html  # the editors' panels too
    assert "Kommande aktiviteter" in html


def test_each_user_can_switch_the_admin_to_english(editor, moderator):
    client = client_for(editor)
    url = reverse("wagtailadmin_account")
    data = with_values(form_data(client, url), **{"locale-preferred_language": "en"})

    response = client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert UserProfile.get_for_user(editor).preferred_language == "en"
    assert html_lang(client.get(reverse("wagtailadmin_home"))) == "en"
    # Only for that user.
    assert html_lang(client_for(moderator).get(reverse("wagtailadmin_home"))) == "sv"


# Groups -------------------------------------------------------------------------


def group_state():
    return (
        sorted(Group.objects.values_list("name", flat=True)),
        sorted(OrganisationGroup.objects.values_list("organisation_id", "role", "group_id")),
        Permission.objects.filter(group__isnull=False).count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        GroupSitePermission.objects.count(),
        Workflow.objects.count(),
        sorted(WorkflowPage.objects.values_list("page_id", "workflow_id")),
        sorted(WorkflowContentType.objects.values_list("content_type_id", "workflow_id")),
    )


def test_setup_groups_is_idempotent():
    before = group_state()
    out = io.StringIO()
    call_command("setup_groups", stdout=out)
    assert group_state() == before
    assert "Nätverkstan – redaktörer" in out.getvalue()


def test_setup_groups_restores_the_groups_permissions(a):
    link = OrganisationGroup.objects.get(organisation=a.organisation, role="editors")
    before = group_state()
    link.group.permissions.clear()
    GroupPagePermission.objects.filter(group=link.group).delete()
    link.group.name = "Omdöpt"
    link.group.save()

    call_command("setup_groups", stdout=io.StringIO())

    assert group_state() == before


def test_each_organisation_has_an_editors_and_a_moderators_group(a):
    groups = OrganisationGroup.objects.filter(organisation=a.organisation)
    assert {g.role: g.group.name for g in groups} == {
        "editors": "Nätverkstan – redaktörer",
        "moderators": "Nätverkstan – moderatorer",
    }
    editors = groups.get(role="editors").group
    # Page permissions on both of the site's root pages, and nowhere else.
    roots = {a.home.pk, a.home_en.pk}
    assert set(editors.page_permissions.values_list("page_id", flat=True)) == roots
    codenames = set(editors.page_permissions.values_list("permission__codename", flat=True))
    assert codenames == {"add_page", "change_page", "lock_page"}
    moderators = groups.get(role="moderators").group
    assert "publish_page" in moderators.page_permissions.values_list(
        "permission__codename", flat=True
    )
    assert set(editors.collection_permissions.values_list("collection__name", flat=True)) == {
        a.organisation.name
    }
    assert set(editors.site_permissions.values_list("site_id", flat=True)) == {a.site.pk}
    assert editors.permissions.filter(codename="submit_translation").exists()
    assert not editors.permissions.filter(codename="publish_project").exists()
    assert moderators.permissions.filter(codename="publish_project").exists()


# What editors see and choose ------------------------------------------------------


def test_listing_shows_everyones_items_but_actions_only_on_own(editor, a, b):
    project_a, project_b = a.snippets[Project], b.snippets[Project]
    response = client_for(editor).get(admin_url(Project, "list"), {"locale": "sv"})
    html = response.content.decode()

    assert project_b in response.context["object_list"]
    assert admin_url(project_a, "edit", project_a.pk) in html
    assert admin_url(project_a, "delete", project_a.pk) in html
    assert admin_url(project_b, "edit", project_b.pk) not in html
    assert admin_url(project_b, "delete", project_b.pk) not in html
    assert admin_url(project_b, "inspect", project_b.pk) in html
    translate_b = reverse(
        "wagtail_localize:submit_snippet_translation", args=["projects", "project", project_b.pk]
    )
    assert translate_b not in html


def test_editors_can_inspect_any_organisations_item(editor, b):
    project = b.snippets[Project]
    response = client_for(editor).get(admin_url(project, "inspect", project.pk))
    assert response.status_code == HTTPStatus.OK
    assert project.title in response.content.decode()


@pytest.mark.parametrize("model", [Project, Activity, Organisation, CultureArea])
def test_choosers_offer_every_organisations_items(editor, b, model):
    response = client_for(editor).get(
        reverse(model.snippet_viewset.chooser_viewset.get_url_name("choose_results")),
        {"locale": "sv"},
    )
    assert response.status_code == HTTPStatus.OK
    if model in b.snippets:
        assert str(b.snippets[model]) in response.content.decode()


def test_page_chooser_browses_other_sites(editor, b):
    response = client_for(editor).get(reverse("wagtailadmin_choose_page_child", args=[b.home.pk]))
    assert response.status_code == HTTPStatus.OK
    assert b.page.title in response.json()["html"]


# Listing filters --------------------------------------------------------------------


def listed(user, model, **query):
    response = client_for(user).get(admin_url(model, "list"), {"locale": "sv", **query})
    assert response.status_code == HTTPStatus.OK
    return set(response.context["object_list"])


def test_activities_filter_by_upcoming_and_past(editor):
    swedish = Activity.objects.filter(locale__language_code="sv")
    upcoming = listed(editor, Activity, when="upcoming")
    past = listed(editor, Activity, when="past")
    assert upcoming == set(swedish.upcoming())
    assert past == set(swedish.past())
    assert upcoming and past


def test_projects_filter_by_the_year_they_are_active(editor):
    def active(project, year):
        return (
            project.start_date is not None
            and project.start_date.year <= year
            and (project.end_date is None or project.end_date.year >= year)
        )

    shown = listed(editor, Project, year="2022")
    swedish = set(Project.objects.filter(locale__language_code="sv"))
    assert shown == {p for p in swedish if active(p, 2022)}
    assert shown and shown != swedish


def test_publications_filter_by_culture_area(editor, a):
    area = CultureArea.objects.filter(locale__language_code="sv").first()
    publication = a.snippets[Publication]
    publication.areas.add(area)
    publication.save()  # a ParentalManyToManyField is written on save

    assert listed(editor, Publication, areas=str(area.pk)) == {publication}


# The owner field -------------------------------------------------------------------


def new_project_data(client) -> dict:
    data = form_data(client, admin_url(Project, "add"), action=admin_url(Project, "add"))
    return with_values(data, title="Nytt projekt", slug="nytt-projekt")


def test_the_owner_field_offers_only_the_editors_organisation(editor, a):
    response = client_for(editor).get(admin_url(Project, "add"))
    field = response.context["form"].fields["organisation"]
    assert list(field.queryset) == [a.organisation]
    assert field.initial == a.organisation.pk


def test_creating_an_item_for_another_organisation_is_a_form_error(editor, b):
    client = client_for(editor)
    data = with_values(new_project_data(client), organisation=str(b.organisation.pk))

    response = client.post(admin_url(Project, "add"), data)

    assert response.status_code == HTTPStatus.OK
    assert "organisation" in response.context["form"].errors
    assert not Project.objects.filter(slug="nytt-projekt").exists()


def test_creating_an_item_for_the_own_organisation_works(editor, a):
    client = client_for(editor)
    response = client.post(admin_url(Project, "add"), new_project_data(client))
    assert response.status_code == HTTPStatus.FOUND
    assert Project.objects.get(slug="nytt-projekt").organisation == a.organisation


def test_moving_an_own_item_to_another_organisation_is_a_form_error(editor, a, b):
    project = a.snippets[Project]
    client = client_for(editor)
    url = admin_url(project, "edit", project.pk)
    data = with_values(form_data(client, url), organisation=str(b.organisation.pk))

    response = client.post(url, data)

    assert "organisation" in response.context["form"].errors
    project.refresh_from_db()
    assert project.latest_revision.as_object().organisation == a.organisation


def test_editors_cannot_change_which_organisation_runs_their_site(editor, a, b):
    client = client_for(editor)
    url = reverse("wagtailsettings:edit", args=["sites", "sitesettings", a.site.pk])
    data = with_values(form_data(client, url), organisation=str(b.organisation.pk))

    client.post(url, data)

    assert SiteSettings.for_site(a.site).organisation == a.organisation


# Organisations and culture areas -------------------------------------------------


@pytest.mark.parametrize("model", [Organisation, CultureArea])
def test_shared_registers_are_visible_but_not_editable_by_editors(editor, model):
    obj = model.objects.filter(locale__language_code="sv").first()
    client = client_for(editor)
    assert client.get(admin_url(model, "list")).status_code == HTTPStatus.OK
    assert client.get(admin_url(model, "inspect", obj.pk)).status_code == HTTPStatus.OK
    assert is_refused(client.get(admin_url(model, "edit", obj.pk)))
    assert is_refused(client.get(admin_url(model, "add")))
    assert is_refused(client.post(admin_url(model, "delete", obj.pk)))
    assert model.objects.filter(pk=obj.pk).exists()


def test_the_registers_group_edits_organisations(editor):
    editor.groups.add(Group.objects.get(name=REGISTER_GROUP_NAME))
    organisation = Organisation.objects.filter(locale__language_code="sv").first()
    response = client_for(editor).get(admin_url(organisation, "edit", organisation.pk))
    assert response.status_code == HTTPStatus.OK


# Scheduling is in the snippet editor ------------------------------------------------


def test_snippet_editor_offers_scheduled_publishing(moderator, a):
    project = a.snippets[Project]
    response = client_for(moderator).get(admin_url(project, "edit", project.pk))
    html = response.content.decode()
    assert 'name="go_live_at"' in html
    assert 'name="expire_at"' in html


# The accessibility checker -----------------------------------------------------------


def test_page_editor_has_the_accessibility_checks_panel(editor, a):
    response = client_for(editor).get(reverse("wagtailadmin_pages:edit", args=[a.page.pk]))
    assert response.status_code == HTTPStatus.OK
    assert 'data-side-panel="checks"' in response.content.decode()


def test_userbar_on_the_site_runs_the_accessibility_checker(editor, a):
    client = Client(HTTP_HOST=hostname_for(ORG_A))
    client.force_login(editor)
    response = client.get(a.page.url)
    assert response.status_code == HTTPStatus.OK
    assert 'id="checker-axe-configuration"' in response.content.decode()


# Dashboard -------------------------------------------------------------------------------


def test_dashboard_shows_the_organisations_upcoming_activities(editor, a, b):
    soon = timezone.now() + datetime.timedelta(days=3)
    own = Activity.objects.filter(organisation=a.organisation, locale__language_code="sv").first()
    other = Activity.objects.filter(organisation=b.organisation, locale__language_code="sv")[0]
    Activity.objects.filter(pk__in=[own.pk, other.pk]).update(
        starts_at=soon, ends_at=soon, is_ongoing=False
    )

    html = client_for(editor).get(reverse("wagtailadmin_home")).content.decode()

    panel = html[html.index('id="organisation-activities-content"') :]
    assert own.title in panel
    assert other.title not in panel


def test_dashboard_shows_what_waits_for_moderation_in_the_organisation(editor, a, b):
    own, other = a.snippets[Project], b.snippets[Project]
    for obj, user in [(own, editor), (other, demo_user(ORG_B, "editor"))]:
        obj.save_revision(user=user)
        obj.get_workflow().start(obj, user)

    html = client_for(editor).get(reverse("wagtailadmin_home")).content.decode()

    start = html.index('id="organisation-moderation-content"')
    panel = html[start : html.index("</table>", start)]
    assert own.title in panel
    assert other.title not in panel
    assert WorkflowState.objects.filter(status="in_progress").count() >= 2


def test_dashboard_shows_translation_work(editor):
    html = client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="organisation-translations-content"' in html
    assert reverse("sites_translation_report") in html


@pytest.mark.skipif(feedback_model() is None, reason="home.PageFeedback is not built yet")
def test_dashboard_shows_the_organisations_latest_feedback(editor, a, b):
    sv = Locale.objects.get(language_code="sv")
    for org, comment in [(a, "Bra sida från A"), (b, "Kommentar om B")]:
        feedback_model().objects.create(
            page=org.page, site=org.site, locale=sv, helpful=False, comment=comment
        )

    html = client_for(editor).get(reverse("wagtailadmin_home")).content.decode()

    panel = html[html.index('id="organisation-feedback-content"') :]
    assert "Bra sida från A" in panel
    assert "Kommentar om B" not in panel


# Nothing lost -------------------------------------------------------------------------------


def test_two_editors_saving_one_after_the_other_keep_both_versions(editor, moderator, a):
    project = a.snippets[Project]
    url = admin_url(project, "edit", project.pk)
    first, second = client_for(moderator), client_for(editor)
    first_data = form_data(first, url)
    second_data = form_data(second, url)  # loaded before the first save
    revisions_before = project.revisions.count()

    first.post(url, with_values(first_data, title="Första versionen"))
    response = second.post(url, with_values(second_data, title="Andra versionen"), follow=True)

    revisions = list(project.revisions.order_by("-created_at", "-pk")[:2])
    assert project.revisions.count() == revisions_before + 2
    assert [r.as_object().title for r in revisions] == ["Andra versionen", "Första versionen"]
    warning = [m for m in messages_of(response) if "Moderator Nätverkstan" in m]
    assert warning, messages_of(response)
    assert "saved a newer version" in warning[0] or "sparade en nyare version" in warning[0]

    # The first editor's version is still there to restore.
    revert_url = admin_url(project, "revisions_revert", project.pk, revisions[1].pk)
    data = form_data(second, revert_url)
    second.post(revert_url, data)
    assert project.revisions.order_by("-created_at", "-pk").first().as_object().title == (
        "Första versionen"
    )


def test_saving_after_ones_own_save_gives_no_warning(editor, a):
    project = a.snippets[Project]
    url = admin_url(project, "edit", project.pk)
    client = client_for(editor)
    client.post(url, with_values(form_data(client, url), title="Ett"))
    response = client.post(url, with_values(form_data(client, url), title="Två"), follow=True)
    assert not [m for m in messages_of(response) if "newer version" in m or "nyare" in m]


def test_the_editing_session_tells_the_second_editor_of_the_first_save(editor, moderator, a):
    project = a.snippets[Project]
    loaded = project.latest_revision
    project.save_revision(user=moderator)

    response = client_for(editor).post(
        reverse("wagtailadmin_editing_sessions:ping", args=["projects", "project", project.pk, 0]),
        {"revision_id": loaded.pk, "revision_created_at": loaded.created_at.isoformat()},
    )

    others = response.json()["other_sessions"]
    assert [o["user"] for o in others] == ["Moderator Nätverkstan"]
    assert others[0]["revision_id"] == project.revisions.latest("created_at").pk


def test_page_editors_saving_one_after_the_other_keep_both_versions(editor, moderator, a):
    url = reverse("wagtailadmin_pages:edit", args=[a.page.pk])
    first, second = client_for(moderator), client_for(editor)
    first_data, second_data = form_data(first, url), form_data(second, url)

    first.post(url, with_values(first_data, title="Första"))
    response = second.post(url, with_values(second_data, title="Andra"), follow=True)

    titles = [r.as_object().title for r in a.page.revisions.order_by("-created_at", "-pk")[:2]]
    assert titles == ["Andra", "Första"]
    assert [m for m in messages_of(response) if "Moderator Nätverkstan" in m]


@pytest.mark.skipif(feedback_model() is None, reason="home.PageFeedback is not built yet")
def test_feedback_listing_shows_the_own_sites_feedback_only(editor, a, b):
    sv = Locale.objects.get(language_code="sv")
    own, other = (
        feedback_model().objects.create(page=org.page, site=org.site, locale=sv, helpful=True)
        for org in (a, b)
    )

    response = client_for(editor).get(reverse("home_pagefeedback:index"))

    assert response.status_code == HTTPStatus.OK
    shown = list(response.context["object_list"])
    assert own in shown
    assert other not in shown
