"""Projects and activities in the content API (see sites/api.py for the base)."""

from django.db.models import Q
from wagtail.api.v2.utils import BadRequestError

from sites.api import (
    SnippetAPIViewSet,
    organisations_from_param,
    parse_bool,
    parse_choice,
    parse_date,
)

from .models import Activity, Project, ProjectStatus


class ProjectAPIViewSet(SnippetAPIViewSet):
    name = "projects"
    model = Project
    listing_default_fields = [
        *SnippetAPIViewSet.listing_default_fields,
        "title",
        "start_date",
        "end_date",
        "status",
    ]
    nested_default_fields = [*SnippetAPIViewSet.nested_default_fields, "title"]
    select_related = ["organisation", "lead_organisation", "image"]
    prefetch_related = [
        "partners",
        "initiators",
        "areas",
        "goals",
        "funding__funder",
        "image__renditions",
    ]
    relation_fields = [
        "organisation",
        "lead_organisation",
        "partners",
        "initiators",
        "areas",
        "goals",
        "funding",
    ]
    default_order = ["-start_date", "pk"]

    @classmethod
    def extra_filters(cls):
        return ["organisation", "status", "area", "funder", "partner", "active_on"]

    def filter_status(self, queryset, value):
        return queryset.with_status(parse_choice("status", value, ProjectStatus.values))

    def filter_area(self, queryset, value):
        keys = self.lookup_keys("area", value, "sites.CultureArea")
        return queryset.filter(areas__translation_key__in=keys).distinct()

    def filter_funder(self, queryset, value):
        keys = organisations_from_param(value)
        return queryset.filter(funding__funder__translation_key__in=keys).distinct()

    def filter_partner(self, queryset, value):
        keys = organisations_from_param(value)
        return queryset.filter(partners__translation_key__in=keys).distinct()

    def filter_active_on(self, queryset, value):
        return queryset.active_on(parse_date("active_on", value))

    @staticmethod
    def lookup_keys(name: str, value: str, label: str) -> list:
        from django.apps import apps

        model = apps.get_model(label)
        keys = []
        for part in value.split(","):
            part = part.strip()
            lookup = {"pk": int(part)} if part.isdigit() else {"slug": part}
            key = model.objects.filter(**lookup).values_list("translation_key", flat=True).first()
            if key is None:
                raise BadRequestError(f"unknown {name} {part!r}")
            keys.append(key)
        return keys


class ActivityAPIViewSet(SnippetAPIViewSet):
    name = "activities"
    model = Activity
    listing_default_fields = [
        *SnippetAPIViewSet.listing_default_fields,
        "title",
        "kind",
        "format",
        "starts_at",
        "ends_at",
        "is_ongoing",
    ]
    nested_default_fields = [*SnippetAPIViewSet.nested_default_fields, "title"]
    select_related = ["organisation", "project"]
    prefetch_related = ["organisers"]
    relation_fields = ["organisation", "organisers", "project"]
    default_order = ["-is_ongoing", "starts_at", "pk"]

    @classmethod
    def extra_filters(cls):
        return ["organisation", "from", "to", "format", "kind", "free", "project"]

    def filter_from(self, queryset, value):
        day = parse_date("from", value)
        return queryset.filter(
            Q(is_ongoing=True)
            | Q(ends_at__date__gte=day)
            | Q(ends_at__isnull=True, starts_at__date__gte=day)
        )

    def filter_to(self, queryset, value):
        day = parse_date("to", value)
        return queryset.filter(Q(is_ongoing=True) | Q(starts_at__date__lte=day))

    def filter_format(self, queryset, value):
        return queryset.filter(format=parse_choice("format", value, Activity.Format.values))

    def filter_kind(self, queryset, value):
        return queryset.filter(kind=parse_choice("kind", value, Activity.Kind.values))

    def filter_free(self, queryset, value):
        if parse_bool("free", value):
            return queryset.filter(price_sek=0)
        return queryset.exclude(price_sek=0)

    def filter_project(self, queryset, value):
        keys = ProjectAPIViewSet.lookup_keys("project", value, "projects.Project")
        return queryset.filter(project__translation_key__in=keys)
