"""Admin viewsets for projects and activities (registered in home/wagtail_hooks.py)."""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from sites.models import CultureArea
from sites.viewsets import OwnedSnippetViewSet

from .models import Activity, Project, ProjectStatus


class ProjectFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProjectStatus.choices, method="filter_status"
    )
    areas = django_filters.ModelChoiceFilter(
        label=_("Culture area"), queryset=CultureArea.objects.filter(locale__language_code="sv")
    )
    year = django_filters.NumberFilter(label=_("Active in year"), method="filter_year")

    class Meta:
        model = Project
        fields = ["organisation", "status", "areas", "year", "live"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)

    def filter_year(self, queryset, name, value):
        first, last = datetime.date(int(value), 1, 1), datetime.date(int(value), 12, 31)
        return queryset.filter(
            Q(start_date__lte=last), Q(end_date__isnull=True) | Q(end_date__gte=first)
        )


class ProjectViewSet(OwnedSnippetViewSet):
    model = Project
    icon = "folder-open-inverse"
    menu_label = _("Projects")
    list_display = ["title", "organisation", "start_date", "end_date", "get_status_display", "live"]
    filterset_class = ProjectFilterSet


class ActivityFilterSet(WagtailFilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        method="filter_when",
    )
    starts_at = django_filters.DateFromToRangeFilter(
        label=_("Starts"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Activity
        fields = ["organisation", "kind", "format", "when", "starts_at", "is_ongoing", "live"]

    def filter_when(self, queryset, name, value):
        return queryset.upcoming() if value == "upcoming" else queryset.past()


class ActivityViewSet(OwnedSnippetViewSet):
    model = Activity
    icon = "date"
    menu_label = _("Activities")
    list_display = ["title", "kind", "format", "starts_at", "organisation", "live"]
    filterset_class = ActivityFilterSet
