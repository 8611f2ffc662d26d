"""Who may do what with the shared snippets: the ownership rule.

Every editor sees and links every organisation's goals, projects, activities
and publications, but changes only their own organisation's. Wagtail asks a
model's *permission policy* (registered in `wagtail.permissions`) for every
such decision: the listing's buttons, the edit, delete, history, revision,
lock, publish and workflow views, bulk actions, the editing-session pings
and the admin URL finder all go through it. `OwnedSnippetPermissionPolicy`
keeps Django's model permissions (granted to the organisations' groups by
`setup_groups`) and narrows every action on an existing item, except viewing,
to items whose `organisation` is one the user works for.

Some Wagtail views only check model-level permissions; `sites.viewsets`
puts an instance check in front of every per-object URL of the snippet
viewsets, and `sites.wagtail_hooks` does the same for wagtail-localize's.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from .models import OrganisationGroup, owned_snippet_models
from .snippets import OwnedSnippet

# Actions allowed on every organisation's items to anyone who may use the model.
SHARED_ACTIONS = frozenset({"view"})
# Any of these model permissions gives access to a snippet listing (as in Wagtail).
LISTING_ACTIONS = frozenset({"add", "change", "delete", "view"})


class OwnedSnippetPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the user's own organisations' items.

    - Model level (`user_has_permission`): Django permissions, as usual.
    - Instance level: "view" on any item for whoever may list the model;
      every other action ("change", "delete", "publish", "lock", "unlock",
      ...) only on items owned by one of the user's organisations, and only
      with the matching model permission. Superusers may do everything.
    """

    def check_model(self, model):
        super().check_model(model)
        if not issubclass(model, OwnedSnippet):
            raise TypeError(f"{model.__name__} is not an OwnedSnippet")

    def user_organisation_ids(self, user) -> frozenset[int]:
        return OrganisationGroup.organisation_ids_for(user)

    def user_owns(self, user, instance) -> bool:
        return instance.organisation_id in self.user_organisation_ids(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in SHARED_ACTIONS:
            return self.user_has_any_permission(user, LISTING_ACTIONS)
        if not self.user_has_permission(user, action):
            return False
        return user.is_superuser or self.user_owns(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if not (user.is_authenticated and user.is_active):
            return manager.none()
        if user.is_superuser:
            return manager.all()
        if SHARED_ACTIONS & set(actions) and self.user_has_any_permission(user, LISTING_ACTIONS):
            return manager.all()
        if not self.user_has_any_permission(user, set(actions) - SHARED_ACTIONS):
            return manager.none()
        return manager.filter(organisation__in=self.user_organisation_ids(user))

    def users_with_any_permission_for_instance(self, actions, instance):
        if set(actions) <= SHARED_ACTIONS:
            return self.users_with_any_permission(LISTING_ACTIONS)
        owners = Group.objects.filter(
            organisation_role__organisation__translation_key=instance.organisation.translation_key
        )
        users = self.users_with_any_permission(set(actions) - SHARED_ACTIONS)
        return users.filter(Q(is_superuser=True) | Q(groups__in=owners)).distinct()


def feedback_model() -> type[models.Model] | None:
    """home.PageFeedback (visitors' answers per page and site), if it exists."""
    try:
        return apps.get_model("home", "PageFeedback")
    except LookupError:
        return None


def register_ownership_policies() -> None:
    """Register the ownership policy for every owned snippet model, and a
    per-site policy for page feedback.

    Must run before the admin viewsets are registered (Wagtail otherwise
    creates a plain model policy for them); home/wagtail_hooks.py calls it
    first thing. Page feedback is read per site, like site settings: the
    groups get "view" through GroupSitePermission records for their own site.
    """
    for model in owned_snippet_models():
        if policy_registry.get_by_type(model, fallback=False) is None:
            register_permission_policy(model, OwnedSnippetPermissionPolicy(model))
    feedback = feedback_model()
    if feedback is not None and policy_registry.get_by_type(feedback, fallback=False) is None:
        register_permission_policy(feedback, SitePermissionPolicy(feedback))


def user_can(user, action: str, obj) -> bool:
    """Whether `user` may perform `action` on a page or snippet, per its policy.

    Page actions map to Wagtail's page permission tester ("change" is
    editing, "publish" publishing); every other model asks its registered
    permission policy.
    """
    if isinstance(obj, Page):
        tester = obj.permissions_for_user(user)
        return {
            "change": tester.can_edit,
            "publish": tester.can_publish,
            "delete": tester.can_delete,
            "lock": tester.can_lock,
            "unlock": tester.can_unlock,
        }[action]()
    return policy_registry.get(obj).user_has_permission_for_instance(user, action, obj)
