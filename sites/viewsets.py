"""Admin viewsets for the snippets defined in this app, and the base of every
owned snippet's viewset.

They are registered together, as one "Shared content" menu, in
home/wagtail_hooks.py.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList, PublishingPanel
from wagtail.models import TaskState
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .forms import OwnedSnippetForm
from .models import CultureArea, Goal, Organisation

# The action each per-object URL of a snippet viewset needs on that object.
# A URL that takes a pk and is missing here needs "change": new Wagtail views
# are refused to non-owners until they are looked at.
OBJECT_URL_ACTIONS = {
    "inspect": "view",
    "edit": "change",
    "revisions_revert": "change",
    "copy": "change",
    "delete": "delete",
    "usage": "change",
    "history": "change",
    "history_results": "change",
    "revisions_view": "change",
    "revisions_compare": "change",
    "preview_on_edit": "change",
    "revisions_unschedule": "publish",
    "unpublish": "publish",
    "lock": "lock",
    "unlock": "unlock",
    "confirm_workflow_cancellation": "change",
    "workflow_history": "change",
    "workflow_history_detail": "change",
    "workflow_preview": "change",
    "workflow_action": "moderate",
    "collect_workflow_action_data": "moderate",
}


def user_may(user, action: str, obj, url_kwargs: dict) -> bool:
    """Whether `user` may reach a per-object snippet URL needing `action` on `obj`.

    Mirrors Wagtail's own rules for workflows: a task may open the editor or
    lock to its reviewers, the user who locked an item may unlock it, and the
    task itself decides who may act on it ("moderate"), once the task state
    in the URL is known to belong to `obj`.
    """
    policy = policy_registry.get(obj)
    if user.is_superuser:
        return True
    if action == "moderate":
        task_state = (
            TaskState.objects.filter(pk=url_kwargs.get("task_state_id"))
            .select_related("workflow_state")
            .first()
        )
        return bool(
            task_state
            and task_state.workflow_state.object_id == str(obj.pk)
            and task_state.workflow_state.base_content_type_id == obj.get_base_content_type().pk
        )
    if policy.user_has_permission_for_instance(user, action, obj):
        return True
    task = obj.current_workflow_task
    if action == "change":
        return bool(task and task.user_can_access_editor(obj, user))
    if action == "lock":
        return bool(task and task.user_can_lock(obj, user))
    if action == "unlock":
        return obj.locked_by_id == user.pk or bool(task and task.user_can_unlock(obj, user))
    return False


def object_guard(view, model, action: str):
    """Wrap a per-object view: refuse it unless `user_may` do `action` on the object."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        obj = get_object_or_404(model._default_manager, pk=unquote(str(kwargs["pk"])))
        if not user_may(request.user, action, obj, kwargs):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class OwnedSnippetIndexView(IndexView):
    """The listing: every organisation's items, with actions only on one's own."""

    def user_may(self, action: str, instance) -> bool:
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, action, instance
        )

    def get_edit_url(self, instance):
        if self.user_may("change", instance):
            return super().get_edit_url(instance)

    def get_copy_url(self, instance):
        if self.user_may("change", instance):
            return super().get_copy_url(instance)

    def get_delete_url(self, instance):
        if self.user_may("delete", instance):
            return super().get_delete_url(instance)


class OwnedSnippetViewSet(SnippetViewSet):
    """The admin of a snippet owned by one organisation (OwnedSnippet).

    Everybody with access sees every organisation's items (listing, inspect
    view, choosers); only the owner's editors reach the views that change or
    reveal an item's workings. The rule itself lives in
    sites.permissions.OwnedSnippetPermissionPolicy; this viewset applies it
    to every per-object URL, restricts the owner field of the form to the
    user's organisations, and adds scheduled publishing to the form.
    """

    index_view_class = OwnedSnippetIndexView
    inspect_view_enabled = True

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if "pk" not in pattern.pattern.regex.groupindex:
                continue
            action = OBJECT_URL_ACTIONS.get(pattern.name, "change")
            pattern.callback = object_guard(pattern.callback, self.model, action)
        return patterns

    def get_edit_handler(self):
        panels = getattr(self, "panels", None) or self.model.panels
        return ObjectList(
            [*panels, PublishingPanel()], base_form_class=OwnedSnippetForm
        ).bind_to_model(self.model)


class SharedSnippetViewSet(SnippetViewSet):
    """Organisations and culture areas: all may see them, few may change them."""

    inspect_view_enabled = True

    def get_edit_handler(self):
        panels = getattr(self, "panels", None) or self.model.panels
        return ObjectList([*panels, PublishingPanel()]).bind_to_model(self.model)


class OrganisationViewSet(SharedSnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "short_name", "kind", "site", "live"]
    list_filter = ["kind", "live"]
    ordering = ["name"]


class CultureAreaViewSet(SharedSnippetViewSet):
    model = CultureArea
    icon = "tag"
    menu_label = _("Culture areas")
    list_display = ["name", "is_national_area", "live"]
    list_filter = ["is_national_area", "live"]


class GoalFilterSet(WagtailFilterSet):
    class Meta:
        model = Goal
        fields = ["organisation", "set_by", "period_start", "period_end", "live"]


class GoalViewSet(OwnedSnippetViewSet):
    model = Goal
    icon = "crosshairs"
    menu_label = _("Goals")
    list_display = ["title", "number", "period", "organisation", "live"]
    filterset_class = GoalFilterSet
