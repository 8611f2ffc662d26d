"""Admin viewset for publications (registered in home/wagtail_hooks.py)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from sites.models import CultureArea
from sites.viewsets import OwnedSnippetViewSet

from .models import Publication


class PublicationFilterSet(WagtailFilterSet):
    year = django_filters.NumberFilter(label=_("Year"), field_name="date", lookup_expr="year")
    areas = django_filters.ModelChoiceFilter(
        label=_("Culture area"), queryset=CultureArea.objects.filter(locale__language_code="sv")
    )

    class Meta:
        model = Publication
        fields = ["organisation", "kind", "areas", "year", "live"]


class PublicationViewSet(OwnedSnippetViewSet):
    model = Publication
    icon = "doc-full"
    menu_label = _("Publications")
    list_display = ["title", "kind", "date", "organisation", "live"]
    filterset_class = PublicationFilterSet
