"""The editors' view of page feedback: a read-only listing with filters and CSV export.

Visitors' answers cannot be added or edited in the admin, only read,
filtered (site, page, helpful, date) and exported (Wagtail's list_export,
CSV or XLSX). Who sees which answers is up to the model's permission
policy: the listing shows `instances_user_has_any_permission_for(user,
["view"])`, so a policy registered for PageFeedback (for example one that
filters on `site`) restricts the listing, its filters and the export alike.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page, Site
from wagtail.permissions import policy_registry

from .models import PageFeedback


def visible_feedback(user):
    """The feedback `user` may read, as the model's permission policy decides."""
    policy = policy_registry.get_by_type(PageFeedback)
    return policy.instances_user_has_any_permission_for(user, ["view"])


class PageFeedbackFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(
        label=_("Site"), queryset=Site.objects.order_by("site_name"), empty_label=_("All")
    )
    page = django_filters.ModelChoiceFilter(
        label=_("Page"),
        queryset=Page.objects.filter(feedback__isnull=False).distinct().order_by("title"),
        empty_label=_("All"),
    )
    helpful = django_filters.BooleanFilter(label=_("Helpful"))
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Received"), widget=DateRangePickerWidget
    )

    class Meta:
        model = PageFeedback
        fields = ["site", "page", "helpful", "created_at"]

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        if request is not None:
            visible = visible_feedback(request.user)
            self.filters["site"].queryset = Site.objects.filter(
                pk__in=visible.values("site")
            ).order_by("site_name")
            self.filters["page"].queryset = Page.objects.filter(
                pk__in=visible.values("page")
            ).order_by("title")


class PageFeedbackIndexView(generic.IndexView):
    any_permission_required = ["view"]

    def get_base_queryset(self):
        return visible_feedback(self.request.user).select_related("page", "site", "locale")


class PageFeedbackInspectView(generic.InspectView):
    any_permission_required = ["view"]

    def get_object(self, queryset=None):
        return get_object_or_404(visible_feedback(self.request.user), pk=self.pk)


class PageFeedbackViewSet(ModelViewSet):
    model = PageFeedback
    icon = "comment"
    menu_label = _("Page feedback")
    menu_order = 350
    add_to_admin_menu = True
    index_view_class = PageFeedbackIndexView
    inspect_view_class = PageFeedbackInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = PageFeedbackFilterSet
    ordering = ["-created_at"]
    list_per_page = 50
    list_display = [
        TitleColumn("page_title", label=_("Page"), url_name="home_pagefeedback:inspect"),
        BooleanColumn("helpful", label=_("Helpful")),
        Column("comment", label=_("Comment")),
        Column("site", label=_("Site")),
        Column("language", label=_("Language")),
        DateColumn("created_at", label=_("Received")),
    ]
    list_export = ["created_at", "site", "page_title", "full_url", "language", "helpful", "comment"]
    export_headings = {
        "created_at": _("Received"),
        "site": _("Site"),
        "page_title": _("Page"),
        "full_url": _("Address"),
        "language": _("Language"),
        "helpful": _("Helpful"),
        "comment": _("Comment"),
    }
    export_filename = "page-feedback"
    inspect_view_fields = ["page", "path", "site", "locale", "helpful", "comment", "created_at"]

    def get_common_view_kwargs(self, **kwargs):
        # Read-only: no add, edit, copy or delete links anywhere.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "copy_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(PageFeedback)
        return Permission.objects.filter(
            content_type=content_type,
            codename=get_permission_codename("view", PageFeedback._meta),
        )


page_feedback_viewset = PageFeedbackViewSet("home_pagefeedback")
