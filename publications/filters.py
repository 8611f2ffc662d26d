"""The publication list's filters: kind and year."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sites.pages import FilterChoiceField, SnippetFilterForm

from .models import Publication


class PublicationFilterForm(SnippetFilterForm):
    kind = FilterChoiceField(
        label=_("Kind"), choices=Publication.Kind.choices, empty_label_text=_("All kinds")
    )
    year = FilterChoiceField(label=_("Year"), empty_label_text=_("All years"))

    def get_choices(self, name):
        if name == "year":
            dates = self.queryset.filter(date__isnull=False).dates("date", "year", order="DESC")
            return [(str(day.year), str(day.year)) for day in dates]
        return None

    def filter_kind(self, queryset, value):
        return queryset.filter(kind=value)

    def filter_year(self, queryset, value):
        return queryset.filter(date__year=int(value))
