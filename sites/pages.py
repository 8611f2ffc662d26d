"""The abstract index page that gives shared snippets a URL on a site.

Every site shows some organisations' goals, projects, activities and
publications. An index page of the matching kind says which: the site's own
organisation by default, a chosen list, or all of them. It lists those
snippets at its own URL and serves each one at `<index url><slug>/`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ClassVar

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.api_representation import RelatedField
from cms.response_cache import (
    SNIPPET_MODEL_TAGS,
    cached_by_tags,
    cached_fragment,
    depends_on,
    depends_on_snippets,
    with_kept_count,
)
from cms.restrictions import CachedViewRestrictionsMixin
from sites.routing import by_pk


class SnippetIndexPage(CachedViewRestrictionsMixin, RoutablePageMixin, Page):
    """Lists one kind of snippet on a site and serves each at its own URL."""

    snippet_model: ClassVar[type[models.Model]]
    detail_template: ClassVar[str]
    per_page: ClassVar[int] = 12
    # A SnippetFilterForm subclass: the list's filters, as a plain GET form.
    filter_form_class: ClassVar[type[SnippetFilterForm] | None] = None

    intro = RichTextField(_("introduction"), blank=True)
    show_all_organisations = models.BooleanField(
        _("show every organisation's items"), default=False
    )
    organisations = ParentalManyToManyField(
        "sites.Organisation",
        verbose_name=_("show items owned by"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty to show this site's own organisation's items."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("show_all_organisations"), FieldPanel("organisations")],
            heading=_("What this page shows"),
        ),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    override_translatable_fields = [
        SynchronizedField("show_all_organisations"),
        SynchronizedField("organisations"),
    ]

    api_fields = [
        APIField("intro"),
        APIField("show_all_organisations"),
        APIField("organisations", serializer=RelatedField(many=True)),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: ClassVar[list[str]] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def shown_organisations(self):
        """The organisations whose items this page shows, or None for all."""
        if self.show_all_organisations:
            return None
        chosen = list(self.organisations.all())
        if chosen:
            return chosen
        from .models import SiteSettings

        site = self.get_site()
        owner = SiteSettings.for_site(site).organisation if site else None
        return [owner] if owner else []

    def shown_organisation_keys(self) -> list[str] | None:
        """Translation keys of the organisations whose items this page shows, or None for all.

        For the live page they come from the snippet locator's map, which
        every change of a page rebuilds (no query); a preview asks its own,
        unsaved fields.
        """
        if self.pk and self.live and not getattr(self, "_previewing", False):
            from .api import SnippetLocator

            for entry in SnippetLocator().map["entries"]:
                if entry["page_id"] == self.pk:
                    return None if entry["scope"] is None else sorted(entry["scope"])
        organisations = self.shown_organisations()
        if organisations is None:
            return None
        return [str(organisation.translation_key) for organisation in organisations]

    def serve_preview(self, request: HttpRequest, mode_name: str):
        self._previewing = True
        return super().serve_preview(request, mode_name)

    def get_snippets(self):
        """The live snippets this page shows, in the page's language."""
        depends_on_snippets()
        # The locale's id is all in_locale() needs; self.locale would cost a query.
        locale = Locale(pk=self.locale_id)
        queryset = self.snippet_model.objects.live().in_locale(locale).for_display()
        keys = self.shown_organisation_keys()
        if keys is not None:
            queryset = queryset.owned_by_keys(keys)
        return queryset

    def filter_form(self, request: HttpRequest, queryset) -> SnippetFilterForm | None:
        """The filter form bound to the request's query string (one per request)."""
        if self.filter_form_class is None:
            return None
        forms = request.__dict__.setdefault("_snippet_filter_forms", {})
        if self.pk not in forms:
            forms[self.pk] = self.filter_form_class(request.GET, queryset=queryset, page=self)
        return forms[self.pk]

    def filter_snippets(self, request: HttpRequest, queryset):
        """Narrow the list by the request's filters.

        Returns the queryset and {filter name: chosen value's label} for the
        "filtered by" notice. Invalid values are ignored; the form says why.
        """
        form = self.filter_form(request, queryset)
        if form is None:
            return queryset, {}
        return form.apply(queryset), form.active_filters()

    def paginate(self, request: HttpRequest, queryset) -> PaginatorPage:
        if not getattr(self, "_previewing", False):
            # The total is kept until a snippet, a page (its choices) or a site changes.
            queryset = with_kept_count(queryset, request, [*SNIPPET_MODEL_TAGS, "locator", "all"])
        return Paginator(queryset, self.per_page).get_page(request.GET.get("page"))

    def url_for(self, snippet) -> str:
        return self.url + self.reverse_subpage("detail", args=[snippet.slug])

    def list_response(self, request: HttpRequest, snippets: Callable[[], QuerySet], **context):
        """The list page for the queryset `snippets()`, filtered by the request and paginated.

        The list, its filter form, the filters applied and the page of items
        are worked out when the template first uses them: only when a
        fragment showing them is built (includes/filter_form.html,
        filters.html, snippet_index.html, the title in the head), so a
        request whose fragments are all kept builds no queryset at all.
        """
        snippets = functools.cache(snippets)

        @functools.cache
        def filtered():
            return self.filter_snippets(request, snippets())

        return self.render(
            request,
            context_overrides={
                "items": SimpleLazyObject(lambda: self.paginate(request, filtered()[0])),
                "filters": SimpleLazyObject(lambda: filtered()[1]),
                "filter_form": SimpleLazyObject(lambda: self.filter_form(request, snippets())),
                **context,
            },
        )

    @path("")
    def index_route(self, request: HttpRequest, *args, **kwargs):
        return self.list_response(request, self.get_snippets)

    def find_snippet(self, slug: str):
        """The live snippet this page shows at `slug`, or None.

        Which snippet that is (its id) is kept until a snippet, a page (its
        choices) or a site changes; the snippet itself is read afresh, by its
        id, so any save of it shows at once. Previews ask the database.
        """
        if getattr(self, "_previewing", False):
            return SnippetIndexPage.get_snippets(self).filter(slug=slug).first()

        def find():
            return SnippetIndexPage.get_snippets(self).filter(slug=slug).values_list("pk").first()

        tags = [*SNIPPET_MODEL_TAGS, "locator", "all"]
        found = cached_by_tags(f"snippet-at:{self.pk}:{slug}", tags, find)
        if found is None:
            return None
        # Its relations are read only when a detail fragment is rebuilt.
        return by_pk(self.snippet_model, found[0], live_only=True)

    @path("<slug:slug>/", name="detail")
    def detail_route(self, request: HttpRequest, slug: str):
        snippet = self.find_snippet(slug)
        if snippet is None:
            raise Http404
        return self.render(
            request,
            template=self.detail_template,
            context_overrides={"item": snippet, "index_page": self},
        )


class SnippetFilterForm(forms.Form):
    """Filters for a snippet list: a GET form that works without JavaScript.

    Choices are built from what the page lists, so a visitor is never offered
    a filter that finds nothing. A value that is not one of them (a typo in
    the address, an old link) is not an error page: the filter is ignored and
    the form says so next to the field.
    """

    def __init__(self, data, *, queryset, page: SnippetIndexPage):
        super().__init__(data or None)
        self.page = page
        self.queryset = queryset
        for name, field in self.fields.items():
            choices = self.cached_choices(name)
            if choices is not None:
                field.choices = [("", field.empty_label_text), *choices]
        if self.is_bound:
            self.is_valid()

    def cached_choices(self, name: str) -> list[tuple[str, str]] | None:
        """get_choices(name), kept until a snippet or page changes.

        The choices come from everything the page lists (not the filtered
        list), so they are the same for every visitor of the page.
        """
        if not self.page.pk or getattr(self.page, "_previewing", False):
            return self.get_choices(name)

        def build():
            depends_on_snippets()
            depends_on("locator")
            return self.get_choices(name)

        key = f"filter-choices:{self.page.pk}:{self.page.locale_id}:{get_language()}:{name}"
        return cached_fragment(key, build)

    def get_choices(self, name: str) -> list[tuple[str, str]] | None:
        """Choices for the field `name`, from the listed items; None keeps the declared ones."""
        return None

    def apply(self, queryset):
        if not self.is_bound:
            return queryset
        for name, value in self.cleaned_data.items():
            if value not in (None, ""):
                queryset = getattr(self, f"filter_{name}")(queryset, value)
        return queryset

    def active_filters(self) -> dict[str, str]:
        if not self.is_bound:
            return {}
        active = {}
        for name, value in self.cleaned_data.items():
            if value not in (None, ""):
                choices = dict(self.fields[name].choices)
                active[name] = str(choices.get(value, value))
        return active


class FilterChoiceField(forms.ChoiceField):
    """An optional choice whose empty option reads "All ..."."""

    def __init__(self, *, empty_label_text, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.empty_label_text = empty_label_text

    def validate(self, value):
        if value and not self.valid_value(value):
            shown = "".join(c for c in value[:40] if c.isprintable())
            shown += "…" if len(value) > 40 else ""
            raise forms.ValidationError(
                _("“%(value)s” is not one of the choices, so this filter is not used."),
                code="invalid_choice",
                params={"value": shown},
            )
        super().validate(value)
