"""Moderation and scheduling: editors submit, their own organisation's
moderators approve and publish; publishing and expiry can be scheduled."""

from __future__ import annotations

import datetime
import io
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Revision, TaskState, WorkflowState

from projects.models import Project
from sites.models import OrganisationModerationTask

from .admin_helpers import (
    ORG_A,
    ORG_B,
    admin_url,
    client_for,
    demo_user,
    form_data,
    is_refused,
    org_objects,
    with_values,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def a():
    return org_objects(ORG_A)


@pytest.fixture
def users():
    return {
        (slug, role): demo_user(slug, role)
        for slug in (ORG_A, ORG_B)
        for role in ("editor", "moderator")
    }


def approve_url(obj, task_state) -> str:
    if hasattr(obj, "snippet_viewset"):
        return admin_url(obj, "workflow_action", obj.pk, "approve", task_state.pk)
    return reverse("wagtailadmin_pages:workflow_action", args=[obj.pk, "approve", task_state.pk])


# Pages ---------------------------------------------------------------------------


def test_page_workflow_belongs_to_the_site(a):
    workflow = a.page.get_workflow()
    assert workflow == a.page_en.get_workflow()
    (task,) = [task.specific for task in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert [g.name for g in task.groups.all()] == ["Nätverkstan – moderatorer"]
    assert org_objects(ORG_B).page.get_workflow() != workflow


def test_editor_submits_a_page_and_the_sites_moderator_publishes_it(a, users):
    editor = client_for(users[ORG_A, "editor"])
    url = reverse("wagtailadmin_pages:edit", args=[a.page.pk])
    data = with_values(form_data(editor, url), title="Granskad titel", **{"action-submit": "1"})

    editor.post(url, data)

    page = a.page.specific_class.objects.get(pk=a.page.pk)
    assert page.title != "Granskad titel"  # not live yet
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state

    # Neither the editor, nor another organisation's moderator, may approve.
    for user in (users[ORG_A, "editor"], users[ORG_B, "moderator"]):
        response = client_for(user).post(approve_url(page, task_state), {"comment": ""})
        assert is_refused(response)
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS

    response = client_for(users[ORG_A, "moderator"]).post(
        approve_url(page, task_state), {"comment": ""}
    )

    assert response.status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert page.title == "Granskad titel"
    assert page.live and not page.has_unpublished_changes
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED


# Shared content ---------------------------------------------------------------------


def test_owned_snippets_share_one_workflow_with_the_organisation_task(a):
    for obj in a.snippets.values():
        (task,) = [task.specific for task in obj.get_workflow().tasks]
        assert isinstance(task, OrganisationModerationTask)


def test_editor_submits_a_new_project_and_the_own_moderator_publishes_it(users):
    editor = client_for(users[ORG_A, "editor"])
    add_url = admin_url(Project, "add")
    data = with_values(
        form_data(editor, add_url),
        title="Nytt projekt",
        slug="nytt-projekt",
        **{"action-submit": "1"},
    )

    editor.post(add_url, data)

    project = Project.objects.get(slug="nytt-projekt")
    assert not project.live
    task_state = project.current_workflow_task_state
    assert isinstance(task_state.task.specific, OrganisationModerationTask)

    # Whose queue is it in?
    def reviewable_by(user):
        return set(TaskState.objects.reviewable_by(user).values_list("pk", flat=True))

    assert task_state.pk in reviewable_by(users[ORG_A, "moderator"])
    assert task_state.pk not in reviewable_by(users[ORG_B, "moderator"])
    assert task_state.pk not in reviewable_by(users[ORG_A, "editor"])

    # Locked for the editor while it waits, open to the moderator.
    task = task_state.task.specific
    assert task.locked_for_user(project, users[ORG_A, "editor"])
    assert not task.locked_for_user(project, users[ORG_A, "moderator"])

    for user in (users[ORG_A, "editor"], users[ORG_B, "moderator"]):
        assert is_refused(client_for(user).post(approve_url(project, task_state), {}))
    assert not Project.objects.get(pk=project.pk).live

    client_for(users[ORG_A, "moderator"]).post(approve_url(project, task_state), {"comment": ""})

    project.refresh_from_db()
    assert project.live
    assert project.title == "Nytt projekt"


def test_a_task_state_cannot_be_approved_through_another_object(a, users):
    """Another organisation's moderator may not act on A's task via B's item."""
    own = a.snippets[Project]
    own.save_revision(user=users[ORG_A, "editor"])
    task_state = own.get_workflow().start(own, users[ORG_A, "editor"]).current_task_state
    other = org_objects(ORG_B).snippets[Project]
    url = admin_url(other, "workflow_action", other.pk, "approve", task_state.pk)

    response = client_for(users[ORG_B, "moderator"]).post(url, {"comment": ""})

    assert is_refused(response)
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_the_task_refuses_a_moderator_of_another_organisation_directly(a, users):
    own = a.snippets[Project]
    own.save_revision(user=users[ORG_A, "editor"])
    task_state = own.get_workflow().start(own, users[ORG_A, "editor"]).current_task_state
    task = task_state.task.specific
    with pytest.raises(PermissionDenied):
        task.on_action(task_state, users[ORG_B, "moderator"], "approve")
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


# Scheduling ----------------------------------------------------------------------------


def run_publish_scheduled():
    call_command("publish_scheduled", stdout=io.StringIO())


def time_passes(obj):
    """Bring every scheduled time of `obj` into the past."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    scheduled = Revision.objects.filter(
        base_content_type=obj.get_base_content_type(),
        object_id=str(obj.pk),
        approved_go_live_at__isnull=False,
    )
    for revision in scheduled:
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save(update_fields=["approved_go_live_at", "content"])
    type(obj)._default_manager.filter(pk=obj.pk, expire_at__isnull=False).update(expire_at=past)


def schedule(client, url, **values):
    in_an_hour = timezone.localtime() + datetime.timedelta(hours=1)
    stamps = {
        key: (in_an_hour.strftime("%Y-%m-%d %H:%M") if value == "soon" else value)
        for key, value in values.items()
    }
    data = with_values(form_data(client, url), **stamps, **{"action-publish": "1"})
    return client.post(url, data)


@pytest.mark.parametrize("kind", ["project", "page"])
def test_publishing_can_be_scheduled(a, users, kind):
    obj = a.snippets[Project] if kind == "project" else a.page
    url = (
        admin_url(obj, "edit", obj.pk)
        if kind == "project"
        else reverse("wagtailadmin_pages:edit", args=[obj.pk])
    )
    moderator = client_for(users[ORG_A, "moderator"])
    old_title = obj.title

    response = schedule(moderator, url, title="Planerad titel", go_live_at="soon")

    assert response.status_code == HTTPStatus.FOUND
    obj.refresh_from_db()
    assert obj.title == old_title  # still the live version
    assert obj.scheduled_revision is not None

    run_publish_scheduled()
    obj.refresh_from_db()
    assert obj.title == old_title  # not yet

    time_passes(obj)
    run_publish_scheduled()
    obj.refresh_from_db()
    assert obj.title == "Planerad titel"
    assert obj.live


@pytest.mark.parametrize("kind", ["project", "page"])
def test_expiry_can_be_scheduled(a, users, kind):
    obj = a.snippets[Project] if kind == "project" else a.page
    url = (
        admin_url(obj, "edit", obj.pk)
        if kind == "project"
        else reverse("wagtailadmin_pages:edit", args=[obj.pk])
    )

    schedule(client_for(users[ORG_A, "moderator"]), url, expire_at="soon")
    obj.refresh_from_db()
    assert obj.live and obj.expire_at

    time_passes(obj)
    run_publish_scheduled()

    obj.refresh_from_db()
    assert not obj.live
    assert obj.expired


def test_editors_cannot_schedule_without_moderation(a, users):
    project = a.snippets[Project]
    url = admin_url(project, "edit", project.pk)

    schedule(client_for(users[ORG_A, "editor"]), url, title="Utan granskning", go_live_at="soon")

    project.refresh_from_db()
    assert project.scheduled_revision is None
    assert project.title != "Utan granskning"
