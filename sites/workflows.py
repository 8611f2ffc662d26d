"""The moderation workflows: editors submit, their organisation's moderators approve.

Pages: each site gets its own workflow, assigned to its Swedish and English
root pages (and so to every page below them), with one GroupApprovalTask for
that organisation's moderators' group.

Snippets: Wagtail assigns a workflow to a content type, so one workflow is
shared by every owned snippet model (goals, projects, activities,
publications). Its single OrganisationModerationTask sends each item to the
moderators of the organisation that owns it. Organisations and culture areas
have no workflow: only superusers and the shared registers' group edit them.

Both functions are idempotent: existing workflows are found through their
assignments (not their names) and brought in line.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from .models import Organisation, OrganisationModerationTask, owned_snippet_models

SNIPPET_WORKFLOW_NAME = "Delat innehåll – granskning"
SNIPPET_TASK_NAME = "Granskning av den ägande organisationens moderatorer"


def _append_task(workflow: Workflow, task) -> None:
    if not workflow.workflow_tasks.filter(task=task).exists():
        WorkflowTask.objects.create(
            workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count()
        )


def setup_page_workflow(
    organisation: Organisation, moderators: Group, roots: Iterable[Page]
) -> Workflow:
    """The workflow of one organisation's site, assigned to its root pages."""
    roots = list(roots)
    assigned = WorkflowPage.objects.filter(page__in=roots).select_related("workflow").first()
    workflow = assigned.workflow if assigned else None
    if workflow is None:
        workflow = Workflow.objects.create(name=f"{organisation.display_name} – publicering")
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])

    task = (
        GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow, groups=moderators)
        .distinct()
        .first()
    )
    if task is None:
        task = GroupApprovalTask.objects.create(name=f"Granskning – {organisation.display_name}")
    task.groups.set([moderators])
    _append_task(workflow, task)

    for root in roots:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def setup_snippet_workflow() -> Workflow:
    """The one workflow of every owned snippet model."""
    content_types = [ContentType.objects.get_for_model(m) for m in owned_snippet_models()]
    assigned = (
        WorkflowContentType.objects.filter(
            content_type__in=content_types,
            workflow__workflow_tasks__task__in=OrganisationModerationTask.objects.all(),
        )
        .select_related("workflow")
        .first()
    )
    workflow = (
        assigned.workflow if assigned else Workflow.objects.create(name=SNIPPET_WORKFLOW_NAME)
    )
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])

    task = OrganisationModerationTask.objects.filter(workflow_tasks__workflow=workflow).first()
    if task is None:
        task = OrganisationModerationTask.objects.create(name=SNIPPET_TASK_NAME)
    _append_task(workflow, task)

    for content_type in content_types:
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    return workflow
