"""The editors' and moderators' groups of every organisation that runs a site.

For each organisation named in a site's SiteSettings, `setup_groups` creates
(or brings in line) two groups, recorded in `OrganisationGroup`:

- "<organisation> – redaktörer" (editors) write and submit for moderation;
- "<organisation> – moderatorer" (moderators) do the same and also approve,
  publish and unlock.

Both groups get, and only get:

- page permissions on the organisation's site: its Swedish root page and the
  English translation of it (a separate root; both trees, every page below);
- image and document permissions on the organisation's collection (the
  collection named after the organisation, as the demo loader creates it);
- permission to edit that site's SiteSettings, and no other site's, and to
  read the visitors' feedback on that site (home.PageFeedback, when present);
- model permissions on the owned snippets (goals, projects, activities,
  publications), which `OwnedSnippetPermissionPolicy` narrows to the
  organisation's own items, and "view" on organisations and culture areas;
- wagtail-localize's "submit translation" and access to the admin.

A third group, "Gemensamma register – redaktörer", may edit organisations
and culture areas, which no organisation owns.

The command owns these groups: running it again restores exactly these
permissions. Give people extra rights through other groups. It also sets up
the moderation workflows (sites/workflows.py), and, for the demo only,
creates one editor and one moderator account per organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
)

from .models import (
    Organisation,
    OrganisationGroup,
    SiteSettings,
    owned_snippet_models,
)
from .permissions import feedback_model
from .snippets import OwnedSnippet, SharedSnippet
from .workflows import setup_page_workflow, setup_snippet_workflow

Role = OrganisationGroup.Role

ROLE_GROUP_SUFFIX = {Role.EDITORS: "redaktörer", Role.MODERATORS: "moderatorer"}
REGISTER_GROUP_NAME = "Gemensamma register – redaktörer"

# Page permission actions per role (codename "<action>_page").
PAGE_ACTIONS = {
    Role.EDITORS: ("add", "change", "lock"),
    Role.MODERATORS: ("add", "change", "publish", "lock", "unlock"),
}
# Actions on the owned snippet models; the policy narrows them to own items.
OWNED_SNIPPET_ACTIONS = {
    Role.EDITORS: ("add", "change", "delete", "lock"),
    Role.MODERATORS: ("add", "change", "delete", "publish", "lock", "unlock"),
}
SHARED_SNIPPET_ACTIONS = ("view",)
REGISTER_ACTIONS = ("add", "change", "delete", "publish", "lock", "unlock", "view")
COLLECTION_ACTIONS = ("add", "change", "delete", "choose")

# The demo accounts' password: load_demo_content only, never production data.
DEMO_PASSWORD = "samverkan-demo"


@dataclass
class EditorialGroups:
    organisation: Organisation
    site: Site
    editors: Group
    moderators: Group

    def group(self, role: str) -> Group:
        return self.editors if role == Role.EDITORS else self.moderators


def model_permissions(model, actions) -> list[Permission]:
    content_type = ContentType.objects.get_for_model(model)
    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
    permissions = list(Permission.objects.filter(content_type=content_type, codename__in=codenames))
    if len(permissions) != len(codenames):
        raise LookupError(f"Missing permissions for {model.__name__}: {codenames}")
    return permissions


def permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def shared_snippet_models() -> list[type[SharedSnippet]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, SharedSnippet) and not issubclass(model, OwnedSnippet)
    ]


def site_roots(site: Site) -> list[Page]:
    """The site's root page and its translations (the English tree's root)."""
    return list(Page.objects.filter(translation_key=site.root_page.translation_key))


def organisation_collection(organisation: Organisation) -> Collection:
    """The organisation's image and document collection, named after it."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=organisation.name).first()
    return existing or root.add_child(name=organisation.name)


def role_group(organisation: Organisation, role: str) -> Group:
    """The organisation's group for `role`, created or renamed as needed."""
    name = f"{organisation.display_name} – {ROLE_GROUP_SUFFIX[role]}"
    link = (
        OrganisationGroup.objects.filter(organisation=organisation, role=role)
        .select_related("group")
        .first()
    )
    if link is None:
        group, _created = Group.objects.get_or_create(name=name)
        OrganisationGroup.objects.create(organisation=organisation, role=role, group=group)
        return group
    group = link.group
    if group.name != name and not Group.objects.filter(name=name).exists():
        group.name = name
        group.save(update_fields=["name"])
    return group


def grant(group: Group, role: str, site: Site, collection: Collection) -> None:
    """Give `group` exactly the permissions its role has on its site."""
    permissions = [
        permission("wagtailadmin", "access_admin"),
        permission("wagtail_localize", "submit_translation"),
    ]
    for model in owned_snippet_models():
        permissions += model_permissions(model, OWNED_SNIPPET_ACTIONS[role])
    for model in shared_snippet_models():
        permissions += model_permissions(model, SHARED_SNIPPET_ACTIONS)
    group.permissions.set(permissions)

    page_permissions = model_permissions(Page, PAGE_ACTIONS[role])
    wanted_pages = {(root.pk, p.pk) for root in site_roots(site) for p in page_permissions}
    _sync(GroupPagePermission, group, "page_id", wanted_pages)

    media_permissions = [
        *model_permissions(get_image_model(), COLLECTION_ACTIONS),
        *model_permissions(get_document_model(), COLLECTION_ACTIONS),
    ]
    _sync(
        GroupCollectionPermission,
        group,
        "collection_id",
        {(collection.pk, p.pk) for p in media_permissions},
    )

    site_permissions = model_permissions(SiteSettings, ["change"])
    if feedback_model() is not None:
        site_permissions += model_permissions(feedback_model(), ["view"])
    _sync(GroupSitePermission, group, "site_id", {(site.pk, p.pk) for p in site_permissions})


def _sync(model, group: Group, object_field: str, wanted: set[tuple[int, int]]) -> None:
    """Make `group`'s object permissions of `model` exactly `wanted` (object, permission)."""
    existing = {
        (row[object_field], row["permission_id"]): row["pk"]
        for row in model.objects.filter(group=group).values("pk", object_field, "permission_id")
    }
    model.objects.filter(pk__in=[pk for key, pk in existing.items() if key not in wanted]).delete()
    for object_id, permission_id in wanted - existing.keys():
        model.objects.create(group=group, permission_id=permission_id, **{object_field: object_id})


def register_group() -> Group:
    """The group that edits organisations and culture areas, which nobody owns."""
    group, _created = Group.objects.get_or_create(name=REGISTER_GROUP_NAME)
    permissions = [permission("wagtailadmin", "access_admin")]
    for model in shared_snippet_models():
        permissions += model_permissions(model, REGISTER_ACTIONS)
    group.permissions.set(permissions)
    return group


def demo_account(username: str, full_name: tuple[str, str], group: Group):
    """A demo login in `group`; its password is set only when it is created."""
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@example.org",
            "first_name": full_name[0],
            "last_name": full_name[1],
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(group)
    return user


@transaction.atomic
def setup_groups(*, demo_accounts: bool = False, stdout=None) -> list[EditorialGroups]:
    """Create or update every site-owning organisation's groups and workflows."""

    def log(message: str) -> None:
        if stdout:
            stdout.write(message)

    register_group()
    setup_snippet_workflow()
    result = []
    site_settings = (
        SiteSettings.objects.filter(organisation__isnull=False)
        .select_related("site__root_page", "organisation")
        .order_by("site__site_name")
    )
    for settings in site_settings:
        organisation = settings.organisation.source
        site = settings.site
        collection = organisation_collection(organisation)
        groups = EditorialGroups(
            organisation=organisation,
            site=site,
            editors=role_group(organisation, Role.EDITORS),
            moderators=role_group(organisation, Role.MODERATORS),
        )
        for role in Role:
            grant(groups.group(role), role, site, collection)
        setup_page_workflow(organisation, groups.moderators, site_roots(site))
        log(f"  groups {groups.editors.name!r} and {groups.moderators.name!r}")

        if demo_accounts:
            for role, username, title in [
                (Role.EDITORS, f"{organisation.slug}-redaktor", "Redaktör"),
                (Role.MODERATORS, f"{organisation.slug}-moderator", "Moderator"),
            ]:
                demo_account(username, (title, organisation.display_name), groups.group(role))
        result.append(groups)
    return result
