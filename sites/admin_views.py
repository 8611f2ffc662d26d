"""Admin views for editors: the translations report, dashboard panels, and the
ownership guard in front of wagtail-localize's views.

Registered in sites/wagtail_hooks.py.
"""

from __future__ import annotations

import datetime
from functools import wraps

import django_filters
from django.apps import apps
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, StatusTagColumn
from wagtail.admin.ui.tables import TitleColumn as BaseTitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button
from wagtail.models import Page, WorkflowState
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import Translation, TranslationSource

from .models import OrganisationGroup, SiteSettings, owned_snippet_models
from .permissions import feedback_model, user_can
from .translation_status import State, TranslationStatus, translation_statuses


def organisation_scope(user) -> set[int] | None:
    """The organisations whose work `user` sees on the dashboard; None is all."""
    if user.is_superuser:
        return None
    return set(OrganisationGroup.organisation_ids_for(user))


# The translations report ------------------------------------------------------


class TranslationFilterSet(django_filters.FilterSet):
    """Filters rows of TranslationStatus (a list, not a queryset)."""

    state = django_filters.ChoiceFilter(
        label=_("English translation"), choices=State.choices, method="filter_state"
    )
    content = django_filters.ChoiceFilter(
        label=_("Content"),
        choices=[("pages", _("Pages")), ("snippets", _("Shared content"))],
        method="filter_content",
    )

    def filter_state(self, rows, name, value):
        return [row for row in rows if row.state == value]

    def filter_content(self, rows, name, value):
        return [row for row in rows if row.is_page == (value == "pages")]

    class Meta:
        model = Page  # unused: django-filter needs a model; rows are filtered below
        fields: list[str] = []

    def filter_queryset(self, queryset):
        # django-filter insists on querysets; these filters work on lists.
        for name, value in self.form.cleaned_data.items():
            if value:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


class TitleColumn(ButtonsColumnMixin, BaseTitleColumn):
    """The Swedish item's title, with links to translate, edit the English and sync."""

    def get_buttons(self, instance: TranslationStatus, parent_context):
        buttons = []
        if instance.translate_url:
            buttons.append(
                Button(_("Translate"), url=instance.translate_url, icon_name="globe", priority=10)
            )
        if instance.translation_edit_url:
            buttons.append(
                Button(
                    _("Edit English"),
                    url=instance.translation_edit_url,
                    icon_name="edit",
                    priority=20,
                )
            )
        if instance.sync_url and instance.state == State.OUTDATED:
            buttons.append(
                Button(_("Sync"), url=instance.sync_url, icon_name="resubmit", priority=30)
            )
        return buttons


class TranslationReportView(ReportView):
    """ "Översättningar": the user's organisation's pages and snippets, and the
    state of their English translations (missing, out of date, unpublished,
    up to date), with links to translate, edit and sync.
    """

    page_title = _("Translations")
    header_icon = "globe"
    index_url_name = "sites_translation_report"
    index_results_url_name = "sites_translation_report_results"
    filterset_class = TranslationFilterSet
    paginate_by = 100
    list_export = ["title", "kind", "organisation", "get_state_display", "changed_at", "synced_at"]
    export_headings = {
        "title": _("Title"),
        "kind": _("Type"),
        "organisation": _("Organisation"),
        "get_state_display": _("English translation"),
        "changed_at": _("Swedish published"),
        "synced_at": _("Last synced"),
    }

    def get_filename(self):
        return f"oversattningar-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        rows = translation_statuses(organisation_scope(self.request.user))
        order = {State.MISSING: 0, State.OUTDATED: 1, State.UNPUBLISHED: 2, State.CURRENT: 3}
        rows.sort(key=lambda row: (order[row.state], not row.is_page, row.title.lower()))
        return rows

    @property
    def columns(self):
        columns = [
            TitleColumn("title", label=_("Title"), get_url=lambda row: row.edit_url),
            Column("kind", label=_("Type")),
            StatusTagColumn(
                "get_state_display",
                label=_("English translation"),
                primary=lambda row: row.state == State.CURRENT,
            ),
            DateColumn("changed_at", label=_("Swedish published")),
            DateColumn("synced_at", label=_("Last synced")),
        ]
        if self.request.user.is_superuser:
            columns.insert(2, Column("organisation", label=_("Organisation")))
        return columns

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "ordering": None}


# Dashboard panels ------------------------------------------------------------


class OrganisationPanel(Component):
    """A dashboard panel about the work of the user's organisation(s)."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["request"] = parent_context["request"]
        return context

    def render_html(self, parent_context=None):
        user = parent_context["request"].user
        if not user.is_superuser and not organisation_scope(user):
            return ""
        return super().render_html(parent_context)


def pages_of(organisations: set[int] | None):
    """Every page of the organisations' sites, in both locales' trees."""
    settings = SiteSettings.objects.filter(organisation__isnull=False)
    if organisations is not None:
        settings = settings.filter(organisation__in=organisations)
    roots = Page.objects.filter(
        translation_key__in=Page.objects.filter(
            sites_rooted_here__in=settings.values("site")
        ).values("translation_key")
    )
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return Page.objects.filter(condition)


class ModerationPanel(OrganisationPanel):
    """Pages and shared content of the organisation that wait for moderation."""

    name = "organisation_moderation"
    template_name = "sites/admin/panels/moderation.html"
    order = 205
    limit = 10

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        organisations = organisation_scope(context["request"].user)
        in_progress = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
        text_pk = Cast("pk", CharField())
        condition = Q(
            base_content_type__model="page",
            base_content_type__app_label="wagtailcore",
            object_id__in=pages_of(organisations).annotate(pk_text=text_pk).values("pk_text"),
        )
        for model in owned_snippet_models():
            objects = model.objects.all()
            if organisations is not None:
                objects = objects.filter(organisation__in=organisations)
            condition |= Q(
                base_content_type__app_label=model._meta.app_label,
                base_content_type__model=model._meta.model_name,
                object_id__in=objects.annotate(pk_text=text_pk).values("pk_text"),
            )
        states = (
            in_progress.filter(condition)
            .select_related("requested_by", "current_task_state__task")
            .order_by("-created_at")[: self.limit]
        )
        context["states"] = [
            {
                "state": state,
                "object": state.content_object,
                "kind": state.content_object._meta.verbose_name,
            }
            for state in states
            if state.content_object is not None
        ]
        return context


class TranslationsPanel(OrganisationPanel):
    """How many of the organisation's items lack an up-to-date English version."""

    name = "organisation_translations"
    template_name = "sites/admin/panels/translations.html"
    order = 215
    limit = 5

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = translation_statuses(organisation_scope(context["request"].user))
        missing = [row for row in rows if row.state == State.MISSING]
        outdated = [row for row in rows if row.state == State.OUTDATED]
        context.update(
            {
                "missing_count": len(missing),
                "outdated_count": len(outdated),
                "rows": (outdated + missing)[: self.limit],
            }
        )
        return context


class FeedbackPanel(OrganisationPanel):
    """The latest feedback visitors left on the organisation's pages."""

    name = "organisation_feedback"
    template_name = "sites/admin/panels/feedback.html"
    order = 230
    limit = 8

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        model = feedback_model()
        organisations = organisation_scope(context["request"].user)
        context["feedback"] = (
            model.objects.filter(page__in=pages_of(organisations))
            .select_related("page")
            .order_by("-created_at")[: self.limit]
        )
        return context


def dashboard_panels() -> list[Component]:
    panels = [ModerationPanel(), TranslationsPanel()]
    if feedback_model() is not None:
        panels.append(FeedbackPanel())
    return panels


# wagtail-localize's views, behind the ownership rule ---------------------------


def _snippet(app_label, model_name, pk):
    model = apps.get_model(app_label, model_name)
    if model not in get_snippet_models():
        raise PermissionDenied
    return get_object_or_404(model, pk=unquote(pk))


def _translation_object(translation_id):
    """The translated object, or its source while the translation does not exist."""
    translation = get_object_or_404(Translation, pk=translation_id)
    try:
        return translation.get_target_instance()
    except ObjectDoesNotExist:
        return translation.source.get_source_instance()


# What each wagtail-localize URL acts on, looked up from its URL arguments.
LOCALIZE_OBJECTS = {
    "submit_page_translation": lambda kw: get_object_or_404(Page, pk=kw["page_id"]).specific,
    "convert_to_alias": lambda kw: get_object_or_404(Page, pk=kw["page_id"]).specific,
    "submit_snippet_translation": lambda kw: _snippet(kw["app_label"], kw["model_name"], kw["pk"]),
    "update_translations": lambda kw: get_object_or_404(
        TranslationSource, pk=kw["translation_source_id"]
    ).get_source_instance(),
    **{
        name: lambda kw: _translation_object(kw["translation_id"])
        for name in (
            "edit_string_translation",
            "edit_override",
            "download_pofile",
            "upload_pofile",
            "machine_translate",
            "preview_translation",
            "stop_translation",
        )
    },
}


def localize_guard(view, name: str):
    """Refuse a wagtail-localize view unless the user may change its object.

    wagtail-localize checks only the global "submit translation" permission
    and model-level snippet permissions. Publishing while syncing also needs
    permission to publish the object.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        obj = LOCALIZE_OBJECTS[name](kwargs)
        if obj is None or not user_can(request.user, "change", obj):
            raise PermissionDenied
        if request.POST.get("publish_translations") and not user_can(request.user, "publish", obj):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def guarded_localize_urls() -> list[URLPattern]:
    """wagtail-localize's per-object URLs, each behind `localize_guard`.

    Registered ahead of wagtail-localize's own patterns, with the same paths,
    so that requests to them (and every `reverse("wagtail_localize:...")`)
    reach the guarded views first.
    """
    from wagtail_localize.wagtail_hooks import register_admin_urls

    (include,) = register_admin_urls()
    patterns = []
    for pattern in include.url_patterns:
        if pattern.name in LOCALIZE_OBJECTS:
            patterns.append(
                URLPattern(
                    pattern.pattern,
                    localize_guard(pattern.callback, pattern.name),
                    name=f"guarded_{pattern.name}",
                )
            )
    return patterns
