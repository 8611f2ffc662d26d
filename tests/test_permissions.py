"""The permission matrix: each organisation changes only its own.

An editor (and a moderator) of organisation A requests every admin action
on the pages, shared snippets, images, documents and site settings of
organisation B: every request is refused and the database is left exactly
as it was. The same requests on A's own objects succeed, by the role whose
job they are (editors write, moderators also publish, unpublish and unlock
others' locks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus

import pytest
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from sites.models import Organisation, SiteSettings, owned_snippet_models
from sites.permissions import feedback_model
from sites.translation import translate

from .admin_helpers import (
    ORG_A,
    ORG_B,
    OrgObjects,
    admin_url,
    client_for,
    demo_user,
    form_data,
    is_refused,
    org_objects,
    superuser,
    with_values,
)

pytestmark = pytest.mark.django_db

EDITOR, MODERATOR = "editor", "moderator"


@dataclass
class Ctx:
    """One request's setting: whose object, who asks, and prepared state."""

    target: str
    org: OrgObjects
    actor: object
    owner_editor: object
    own: bool
    extra: dict = field(default_factory=dict)

    @property
    def obj(self):
        if self.target == "page":
            return self.org.page
        if self.target == "page_en":
            return self.org.page_en
        if self.target == "image":
            return self.org.image
        if self.target == "document":
            return self.org.document
        if self.target == "settings":
            return self.org.settings
        if self.target == "feedback":
            return self.extra["feedback"]
        return self.org.snippets[SNIPPET_MODELS[self.target]]

    def reload(self):
        obj = self.obj
        return type(obj)._default_manager.filter(pk=obj.pk).first()

    def su_form(self, url: str, action: str | None = None) -> dict:
        """What the form at `url` posts, as a superuser sees it (a valid request).

        Cached: every test starts from the same database, so the same URL
        shows the same form.
        """
        if (url, action) not in _FORMS:
            _FORMS[url, action] = form_data(client_for(superuser()), url, action)
        return {key: list(values) for key, values in _FORMS[url, action].items()}


_FORMS: dict[tuple[str, str | None], dict] = {}


@dataclass(frozen=True)
class Case:
    name: str
    target: str
    method: str
    url: Callable[[Ctx], str]
    data: Callable[[Ctx], dict] | None = None
    prepare: Callable[[Ctx], None] | None = None
    role: str = EDITOR  # who of the owner's may do it
    done: Callable[[Ctx], bool] | None = None  # the effect, on own objects
    xhr: bool = False
    refusal_statuses: tuple[int, ...] = ()  # besides 403 / redirect to the dashboard

    @property
    def id(self) -> str:
        return f"{self.target}-{self.name}-{self.method}"


SNIPPET_MODELS = {model._meta.model_name: model for model in owned_snippet_models()}


# Preparations and effects -------------------------------------------------------


def lock_by_owner_or_actor(ctx: Ctx):
    """Locked by the actor on its own objects, by the owner's editor on others'."""
    locker = ctx.actor if ctx.own else ctx.owner_editor
    type(ctx.obj)._default_manager.filter(pk=ctx.obj.pk).update(
        locked=True, locked_by=locker, locked_at=timezone.now()
    )


def schedule_revision(ctx: Ctx):
    obj = ctx.reload()
    revision = obj.save_revision(user=ctx.owner_editor)
    revision.approved_go_live_at = timezone.now() + timezone.timedelta(days=7)
    revision.save(update_fields=["approved_go_live_at"])
    ctx.extra["revision"] = revision


def submit_for_moderation(ctx: Ctx):
    obj = ctx.reload()
    obj.save_revision(user=ctx.owner_editor)
    workflow_state = obj.get_workflow().start(obj, ctx.owner_editor)
    ctx.extra["workflow_state"] = workflow_state
    ctx.extra["task_state"] = workflow_state.current_task_state


def without_english(ctx: Ctx):
    english = Locale.objects.get(language_code="en")
    translation = ctx.obj.get_translation_or_none(english)
    if translation is not None:
        translation.delete()


def with_english(ctx: Ctx):
    english = Locale.objects.get(language_code="en")
    if ctx.obj.get_translation_or_none(english) is None:
        translate(ctx.obj, english, {}, user=ctx.owner_editor)
    ctx.extra["source"] = TranslationSource.objects.get_for_instance(ctx.obj)
    ctx.extra["translation"] = Translation.objects.get(
        source=ctx.extra["source"], target_locale=english
    )


def revision_count(ctx: Ctx) -> int:
    return ctx.obj.revisions.count()


def remember_revisions(ctx: Ctx):
    ctx.extra["revisions"] = revision_count(ctx)


def gone(ctx: Ctx) -> bool:
    return ctx.reload() is None


def new_revision(ctx: Ctx) -> bool:
    return revision_count(ctx) > ctx.extra["revisions"]


def english_exists(ctx: Ctx) -> bool:
    english = Locale.objects.get(language_code="en")
    return ctx.obj.get_translation_or_none(english) is not None


def chain(*steps):
    def run(ctx):
        for step in steps:
            step(ctx)

    return run


# Snippet cases ----------------------------------------------------------------------


def snippet_url(view: str, *extra: Callable[[Ctx], object]):
    def url(ctx: Ctx) -> str:
        return admin_url(ctx.obj, view, quote(ctx.obj.pk), *(arg(ctx) for arg in extra))

    return url


def latest_revision_id(ctx):
    return ctx.reload().latest_revision_id


def edit_data(ctx: Ctx) -> dict:
    return with_values(ctx.su_form(snippet_url("edit")(ctx)), title="Ändrad titel")


def copy_data(ctx: Ctx) -> dict:
    add_url = admin_url(ctx.obj, "add")
    data = ctx.su_form(snippet_url("copy")(ctx), action=add_url)
    return with_values(data, slug=f"{ctx.obj.slug}-kopia")


def revert_data(ctx: Ctx) -> dict:
    url = snippet_url("revisions_revert", latest_revision_id)(ctx)
    return with_values(ctx.su_form(url), title="Återställd")


def bulk_url(app_label: str, model_name: str, action: str, ctx: Ctx) -> str:
    base = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
    return f"{base}?id={ctx.obj.pk}"


def snippet_cases(model_name: str) -> list[Case]:
    model = SNIPPET_MODELS[model_name]
    app, name = model._meta.app_label, model._meta.model_name
    task_state = "task_state"
    return [
        Case("edit", model_name, "get", snippet_url("edit")),
        Case(
            "edit",
            model_name,
            "post",
            snippet_url("edit"),
            data=edit_data,
            prepare=remember_revisions,
            done=new_revision,
        ),
        Case("delete", model_name, "get", snippet_url("delete")),
        Case("delete", model_name, "post", snippet_url("delete"), data=lambda c: {}, done=gone),
        Case("copy", model_name, "get", snippet_url("copy")),
        Case(
            "copy",
            model_name,
            "post",
            snippet_url("copy"),
            data=copy_data,
            done=lambda c: model.objects.filter(slug=f"{c.obj.slug}-kopia").exists(),
        ),
        Case("usage", model_name, "get", snippet_url("usage")),
        Case("history", model_name, "get", snippet_url("history")),
        Case("history_results", model_name, "get", snippet_url("history_results")),
        Case(
            "revisions_compare",
            model_name,
            "get",
            snippet_url("revisions_compare", lambda c: "earliest", latest_revision_id),
        ),
        Case(
            "revisions_revert",
            model_name,
            "get",
            snippet_url("revisions_revert", latest_revision_id),
        ),
        Case(
            "revisions_revert",
            model_name,
            "post",
            snippet_url("revisions_revert", latest_revision_id),
            data=revert_data,
            prepare=remember_revisions,
            done=new_revision,
        ),
        Case(
            "revisions_unschedule",
            model_name,
            "get",
            snippet_url("revisions_unschedule", lambda c: c.extra["revision"].pk),
            prepare=schedule_revision,
            role=MODERATOR,
        ),
        Case(
            "revisions_unschedule",
            model_name,
            "post",
            snippet_url("revisions_unschedule", lambda c: c.extra["revision"].pk),
            data=lambda c: {},
            prepare=schedule_revision,
            role=MODERATOR,
            done=lambda c: (
                Revision.objects.get(pk=c.extra["revision"].pk).approved_go_live_at is None
            ),
        ),
        Case("unpublish", model_name, "get", snippet_url("unpublish"), role=MODERATOR),
        Case(
            "unpublish",
            model_name,
            "post",
            snippet_url("unpublish"),
            data=lambda c: {},
            role=MODERATOR,
            done=lambda c: not c.reload().live,
        ),
        Case(
            "lock",
            model_name,
            "post",
            snippet_url("lock"),
            data=lambda c: {},
            done=lambda c: c.reload().locked,
        ),
        Case(
            "unlock",
            model_name,
            "post",
            snippet_url("unlock"),
            data=lambda c: {},
            prepare=lock_by_owner_or_actor,
            done=lambda c: not c.reload().locked,
        ),
        Case("workflow_history", model_name, "get", snippet_url("workflow_history")),
        Case(
            "workflow_history_detail",
            model_name,
            "get",
            snippet_url("workflow_history_detail", lambda c: c.extra["workflow_state"].pk),
            prepare=submit_for_moderation,
        ),
        Case(
            "confirm_workflow_cancellation",
            model_name,
            "get",
            snippet_url("confirm_workflow_cancellation"),
            prepare=submit_for_moderation,
        ),
        Case(
            "workflow_action",
            model_name,
            "get",
            snippet_url("workflow_action", lambda c: "approve", lambda c: c.extra[task_state].pk),
            prepare=submit_for_moderation,
            role=MODERATOR,
            xhr=True,
        ),
        Case(
            "workflow_action",
            model_name,
            "post",
            snippet_url("workflow_action", lambda c: "approve", lambda c: c.extra[task_state].pk),
            data=lambda c: {"comment": ""},
            prepare=submit_for_moderation,
            role=MODERATOR,
            done=lambda c: (
                TaskState.objects.get(pk=c.extra[task_state].pk).status == TaskState.STATUS_APPROVED
            ),
        ),
        Case(
            "bulk_delete",
            model_name,
            "post",
            lambda c: bulk_url(app, name, "delete", c),
            data=lambda c: {},
            done=gone,
        ),
        Case(
            "editing_session_ping",
            model_name,
            "post",
            lambda c: reverse(
                "wagtailadmin_editing_sessions:ping", args=[app, name, quote(c.obj.pk), 0]
            ),
            data=lambda c: {"is_editing": "1"},
            xhr=True,
            refusal_statuses=(HTTPStatus.NOT_FOUND,),  # Wagtail hides what one may not edit
        ),
        Case(
            "edit_english",
            model_name,
            "get",
            lambda c: admin_url(
                c.obj,
                "edit",
                quote(c.obj.get_translation(Locale.objects.get(language_code="en")).pk),
            ),
            prepare=with_english,
        ),
        *localize_cases(
            model_name,
            submit_url=lambda c: reverse(
                "wagtail_localize:submit_snippet_translation", args=[app, name, quote(c.obj.pk)]
            ),
        ),
    ]


def localize_cases(target: str, submit_url: Callable[[Ctx], str]) -> list[Case]:
    translation_id = lambda c: c.extra["translation"].pk  # noqa: E731
    return [
        Case("localize_submit", target, "get", submit_url, prepare=without_english),
        Case(
            "localize_submit",
            target,
            "post",
            submit_url,
            data=lambda c: {"locales": [Locale.objects.get(language_code="en").pk]},
            prepare=without_english,
            done=english_exists,
        ),
        Case(
            "localize_sync",
            target,
            "get",
            lambda c: reverse("wagtail_localize:update_translations", args=[c.extra["source"].pk]),
            prepare=with_english,
        ),
        Case(
            "localize_sync",
            target,
            "post",
            lambda c: reverse("wagtail_localize:update_translations", args=[c.extra["source"].pk]),
            data=lambda c: {},
            prepare=chain(
                with_english, lambda c: c.extra.update(synced=c.extra["source"].last_updated_at)
            ),
            done=lambda c: (
                TranslationSource.objects.get(pk=c.extra["source"].pk).last_updated_at
                > c.extra["synced"]
            ),
        ),
        Case(
            "localize_edit_string",
            target,
            "put",
            lambda c: reverse(
                "wagtail_localize:edit_string_translation",
                args=[
                    translation_id(c),
                    StringSegment.objects.filter(source=c.extra["source"]).first().pk,
                ],
            ),
            data=lambda c: "value=Engelsk+text",
            prepare=with_english,
            xhr=True,
            done=lambda c: StringTranslation.objects.filter(data="Engelsk text").exists(),
        ),
        Case(
            "localize_download_po",
            target,
            "get",
            lambda c: reverse("wagtail_localize:download_pofile", args=[translation_id(c)]),
            prepare=with_english,
        ),
        Case(
            "localize_stop",
            target,
            "post",
            lambda c: (
                reverse("wagtail_localize:stop_translation", args=[translation_id(c)])
                + "?next=/admin/reports/"
            ),
            data=lambda c: {},
            prepare=with_english,
            done=lambda c: not Translation.objects.get(pk=c.extra["translation"].pk).enabled,
        ),
    ]


# Page cases ---------------------------------------------------------------------------


def page_url(view: str, *extra: Callable[[Ctx], object]):
    def url(ctx: Ctx) -> str:
        return reverse(f"wagtailadmin_pages:{view}", args=[ctx.obj.pk, *(a(ctx) for a in extra)])

    return url


def page_edit_data(ctx: Ctx) -> dict:
    return with_values(ctx.su_form(page_url("edit")(ctx)), title="Ändrad sida")


def add_page_url(ctx: Ctx) -> str:
    return reverse("wagtailadmin_pages:add", args=["home", "standardpage", ctx.obj.pk])


def add_page_data(ctx: Ctx) -> dict:
    return with_values(ctx.su_form(add_page_url(ctx)), title="Ny undersida", slug="ny-undersida")


PAGE_CASES = [
    Case("edit", "page", "get", page_url("edit")),
    Case(
        "edit",
        "page",
        "post",
        page_url("edit"),
        data=page_edit_data,
        prepare=remember_revisions,
        done=new_revision,
    ),
    Case("delete", "page", "get", page_url("delete"), role=MODERATOR),
    Case(
        "delete", "page", "post", page_url("delete"), data=lambda c: {}, role=MODERATOR, done=gone
    ),
    Case("copy", "page", "get", page_url("copy")),
    Case(
        "copy",
        "page",
        "post",
        page_url("copy"),
        data=lambda c: {
            "new_title": "Kopia",
            "new_slug": "kopia",
            "new_parent_page": c.org.home.pk,
        },
        done=lambda c: c.org.home.get_children().filter(slug="kopia").exists(),
    ),
    Case("move", "page", "get", page_url("move"), role=MODERATOR),
    Case("add_subpage", "page", "get", page_url("add_subpage")),
    Case("add", "page", "get", add_page_url),
    Case(
        "add",
        "page",
        "post",
        add_page_url,
        data=add_page_data,
        done=lambda c: c.reload().get_children().filter(slug="ny-undersida").exists(),
    ),
    Case("unpublish", "page", "get", page_url("unpublish"), role=MODERATOR),
    Case(
        "unpublish",
        "page",
        "post",
        page_url("unpublish"),
        data=lambda c: {},
        role=MODERATOR,
        done=lambda c: not c.reload().live,
    ),
    Case(
        "lock",
        "page",
        "post",
        page_url("lock"),
        data=lambda c: {},
        done=lambda c: c.reload().locked,
    ),
    Case(
        "unlock",
        "page",
        "post",
        page_url("unlock"),
        data=lambda c: {},
        prepare=lock_by_owner_or_actor,
        done=lambda c: not c.reload().locked,
    ),
    Case("history", "page", "get", page_url("history")),
    Case("history_results", "page", "get", page_url("history_results")),
    Case("revisions_view", "page", "get", page_url("revisions_view", latest_revision_id)),
    Case(
        "revisions_compare",
        "page",
        "get",
        page_url("revisions_compare", lambda c: "earliest", latest_revision_id),
    ),
    Case("revisions_revert", "page", "get", page_url("revisions_revert", latest_revision_id)),
    Case(
        "revisions_unschedule",
        "page",
        "get",
        page_url("revisions_unschedule", lambda c: c.extra["revision"].pk),
        prepare=schedule_revision,
        role=MODERATOR,
    ),
    Case(
        "revisions_unschedule",
        "page",
        "post",
        page_url("revisions_unschedule", lambda c: c.extra["revision"].pk),
        data=lambda c: {},
        prepare=schedule_revision,
        role=MODERATOR,
        done=lambda c: Revision.objects.get(pk=c.extra["revision"].pk).approved_go_live_at is None,
    ),
    Case("workflow_history", "page", "get", page_url("workflow_history")),
    Case(
        "workflow_action",
        "page",
        "post",
        page_url("workflow_action", lambda c: "approve", lambda c: c.extra["task_state"].pk),
        data=lambda c: {"comment": ""},
        prepare=submit_for_moderation,
        role=MODERATOR,
        done=lambda c: (
            TaskState.objects.get(pk=c.extra["task_state"].pk).status == TaskState.STATUS_APPROVED
        ),
    ),
    Case("set_privacy", "page", "get", page_url("set_privacy"), role=MODERATOR, xhr=True),
    Case(
        "set_privacy",
        "page",
        "post",
        page_url("set_privacy"),
        data=lambda c: {"restriction_type": "login"},
        role=MODERATOR,
        xhr=True,
        done=lambda c: PageViewRestriction.objects.filter(page=c.obj).exists(),
    ),
    Case("preview_on_edit", "page", "get", page_url("preview_on_edit")),
    Case("view_draft", "page", "get", page_url("view_draft")),
    Case(
        "bulk_unpublish",
        "page",
        "post",
        lambda c: bulk_url("wagtailcore", "page", "unpublish", c),
        data=lambda c: {},
        role=MODERATOR,
        done=lambda c: not c.reload().live,
    ),
    Case(
        "bulk_delete",
        "page",
        "post",
        lambda c: bulk_url("wagtailcore", "page", "delete", c),
        data=lambda c: {},
        role=MODERATOR,
        done=gone,
    ),
    Case(
        "editing_session_ping",
        "page",
        "post",
        lambda c: reverse(
            "wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", c.obj.pk, 0]
        ),
        data=lambda c: {"is_editing": "1"},
        xhr=True,
        refusal_statuses=(HTTPStatus.NOT_FOUND,),
    ),
    Case("edit_english", "page_en", "get", page_url("edit")),
    *localize_cases(
        "page",
        submit_url=lambda c: reverse("wagtail_localize:submit_page_translation", args=[c.obj.pk]),
    ),
]


# Images, documents, settings ---------------------------------------------------------


def media_cases(target: str, namespace: str, usage: str, app_label: str, model_name: str):
    def url(view):
        return lambda c: reverse(f"{namespace}:{view}", args=[c.obj.pk])

    return [
        Case("edit", target, "get", url("edit")),
        Case(
            "edit",
            target,
            "post",
            url("edit"),
            data=lambda c: with_values(c.su_form(url("edit")(c)), title="Ny titel"),
            done=lambda c: c.reload().title == "Ny titel",
        ),
        Case("delete", target, "get", url("delete")),
        Case("delete", target, "post", url("delete"), data=lambda c: {}, done=gone),
        Case("usage", target, "get", url(usage)),
        Case(
            "bulk_delete",
            target,
            "post",
            lambda c: bulk_url(app_label, model_name, "delete", c),
            data=lambda c: {},
            done=gone,
        ),
    ]


def settings_url(ctx: Ctx) -> str:
    return reverse("wagtailsettings:edit", args=["sites", "sitesettings", ctx.org.site.pk])


OTHER_CASES = [
    *media_cases("image", "wagtailimages", "image_usage", "wagtailimages", "image"),
    *media_cases("document", "wagtaildocs", "document_usage", "wagtaildocs", "document"),
    Case("edit", "settings", "get", settings_url),
    Case(
        "edit",
        "settings",
        "post",
        settings_url,
        data=lambda c: with_values(c.su_form(settings_url(c)), tagline="Ny devis"),
        done=lambda c: c.reload().tagline == "Ny devis",
    ),
]


def with_feedback(ctx: Ctx):
    ctx.extra["feedback"] = feedback_model().objects.create(
        page=ctx.org.page, site=ctx.org.site, locale=ctx.org.page.locale, helpful=False
    )


# Page feedback is read-only in the admin; another site's is not found.
FEEDBACK_CASES = (
    [
        Case(
            "inspect",
            "feedback",
            "get",
            lambda c: reverse("home_pagefeedback:inspect", args=[c.obj.pk]),
            prepare=with_feedback,
            refusal_statuses=(HTTPStatus.NOT_FOUND,),
        )
    ]
    if feedback_model()
    else []
)

CASES = [
    *(case for model_name in SNIPPET_MODELS for case in snippet_cases(model_name)),
    *PAGE_CASES,
    *OTHER_CASES,
    *FEEDBACK_CASES,
]


# The database, as far as these requests could touch it ----------------------------------

WATCHED_MODELS = [
    Page,
    Revision,
    WorkflowState,
    TaskState,
    PageLogEntry,
    ModelLogEntry,
    PageViewRestriction,
    EditingSession,
    Translation,
    TranslationSource,
    StringTranslation,
    Organisation,
    SiteSettings,
    get_image_model(),
    get_document_model(),
    *owned_snippet_models(),
    *([feedback_model()] if feedback_model() else []),
]


def fingerprint(ctx: Ctx):
    obj = ctx.obj
    rows = list(type(obj)._default_manager.filter(pk=obj.pk).values())
    revisions = (
        list(obj.revisions.order_by("pk").values_list("pk", "approved_go_live_at", "content"))
        if hasattr(obj, "revisions")
        else []
    )
    translations = list(Translation.objects.order_by("pk").values_list("pk", "enabled"))
    counts = [model._default_manager.count() for model in WATCHED_MODELS]
    return counts, rows, revisions, translations


def context_for(case: Case, owner_slug: str, actor) -> Ctx:
    return Ctx(
        target=case.target,
        org=org_objects(owner_slug),
        actor=actor,
        owner_editor=demo_user(owner_slug, EDITOR),
        own=owner_slug != ORG_B,
    )


def prepared_request(case: Case, ctx: Ctx) -> Callable[[], object]:
    """Prepare the objects and the request's data; return the request to send."""
    if case.prepare:
        case.prepare(ctx)
    url = case.url(ctx)
    data = case.data(ctx) if case.data else None
    client = client_for(ctx.actor)
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if case.xhr else {}
    if case.method == "get":
        return lambda: client.get(url, **headers)
    if case.method == "put":
        content_type = "application/x-www-form-urlencoded"
        return lambda: client.put(url, data, content_type=content_type, **headers)
    return lambda: client.post(url, data, **headers)


# Editors try everything. Moderators have every editor's permission and more:
# they try what only moderators could do (publish, unpublish, unlock others'
# locks, approve), where an editor's refusal would prove nothing about ownership.
ATTEMPTS = [
    pytest.param(case, role, id=f"{case.id}-{role}")
    for case in CASES
    for role in (EDITOR, MODERATOR)
    if role == EDITOR or case.role == MODERATOR or case.name == "unlock"
]


@pytest.mark.parametrize(("case", "role"), ATTEMPTS)
def test_other_organisations_objects_are_refused(case, role):
    ctx = context_for(case, ORG_B, demo_user(ORG_A, role))
    send = prepared_request(case, ctx)
    before = fingerprint(ctx)

    response = send()

    refused = is_refused(response) or response.status_code in case.refusal_statuses
    assert refused, (response.status_code, response.get("Location"))
    assert fingerprint(ctx) == before, "the refused request changed the database"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_own_organisations_objects_are_allowed(case):
    ctx = context_for(case, ORG_A, demo_user(ORG_A, case.role))
    send = prepared_request(case, ctx)

    response = send()

    assert not is_refused(response), response.get("Location")
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND), response.status_code
    if case.done:
        assert case.done(ctx), "the request did not have its effect"


def test_every_owned_snippet_model_is_in_the_matrix():
    assert set(SNIPPET_MODELS) == {"goal", "project", "activity", "publication"}
    assert len(CASES) > 150


def test_demo_accounts_exist_for_every_site_owner():
    users = get_user_model().objects.filter(username__endswith="-redaktor")
    assert users.count() == SiteSettings.objects.filter(organisation__isnull=False).count()
