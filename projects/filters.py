"""The project list's filters: status, culture area and funder."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sites.models import CultureArea, Organisation
from sites.pages import FilterChoiceField, SnippetFilterForm

from .models import ProjectStatus


def _localized_names(model, keys, locale) -> list[tuple[str, str]]:
    """(slug, name) of the rows with `keys`, named in `locale` where translated."""
    rows = model.objects.filter(translation_key__in=keys).select_related("locale")
    by_key: dict = {}
    for row in rows:
        if row.locale_id == locale.pk or row.translation_key not in by_key:
            by_key[row.translation_key] = row
    return sorted(((row.slug, row.name) for row in by_key.values()), key=lambda c: c[1].lower())


class ProjectFilterForm(SnippetFilterForm):
    status = FilterChoiceField(
        label=_("Status"), choices=ProjectStatus.choices, empty_label_text=_("All statuses")
    )
    area = FilterChoiceField(label=_("Culture area"), empty_label_text=_("All culture areas"))
    funder = FilterChoiceField(label=_("Funder"), empty_label_text=_("All funders"))

    def get_choices(self, name):
        if name == "area":
            keys = self.queryset.values("areas__translation_key")
            return _localized_names(CultureArea, keys, self.page.locale)
        if name == "funder":
            keys = self.queryset.values("funding__funder__translation_key")
            return _localized_names(Organisation, keys, self.page.locale)
        return None

    def filter_status(self, queryset, value):
        return queryset.with_status(value)

    def filter_area(self, queryset, value):
        key = CultureArea.objects.filter(slug=value).values("translation_key")
        return queryset.filter(areas__translation_key__in=key).distinct()

    def filter_funder(self, queryset, value):
        key = Organisation.objects.filter(slug=value).values("translation_key")
        return queryset.filter(funding__funder__translation_key__in=key).distinct()
