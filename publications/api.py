"""Publications in the content API (see sites/api.py for the base)."""

from projects.api import ProjectAPIViewSet
from sites.api import SnippetAPIViewSet, parse_choice, parse_int

from .models import Publication


class PublicationAPIViewSet(SnippetAPIViewSet):
    name = "publications"
    model = Publication
    listing_default_fields = [
        *SnippetAPIViewSet.listing_default_fields,
        "title",
        "kind",
        "date",
    ]
    nested_default_fields = [*SnippetAPIViewSet.nested_default_fields, "title"]
    select_related = ["organisation", "publisher", "document"]
    prefetch_related = ["projects", "areas"]
    relation_fields = ["organisation", "publisher", "projects", "areas"]
    default_order = ["-date", "pk"]

    @classmethod
    def extra_filters(cls):
        return ["organisation", "kind", "year", "project"]

    def filter_kind(self, queryset, value):
        return queryset.filter(kind=parse_choice("kind", value, Publication.Kind.values))

    def filter_year(self, queryset, value):
        return queryset.filter(date__year=parse_int("year", value, minimum=1))

    def filter_project(self, queryset, value):
        keys = ProjectAPIViewSet.lookup_keys("project", value, "projects.Project")
        return queryset.filter(projects__translation_key__in=keys).distinct()
