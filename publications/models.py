"""Publications: reports, series issues, newsletters, strategies, evaluations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.api_representation import DocumentField, RelatedField
from sites.pages import SnippetIndexPage
from sites.snippets import OwnedSnippet


class Publication(OwnedSnippet):
    """Something an organisation publishes, as a Wagtail document or a link."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        SERIES_ISSUE = "series_issue", _("Series issue")
        NEWSLETTER = "newsletter", _("Newsletter")
        STRATEGY = "strategy", _("Strategy or steering document")
        EVALUATION = "evaluation", _("Evaluation")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    series = models.CharField(_("series"), max_length=200, blank=True)
    number = models.PositiveIntegerField(_("number in series"), null=True, blank=True)
    date = models.DateField(_("publication date"), null=True, blank=True)
    authors = models.CharField(_("authors"), max_length=255, blank=True)
    publisher = models.ForeignKey(
        "sites.Organisation",
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = RichTextField(_("summary"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("link"), blank=True)
    projects = ParentalManyToManyField(
        "projects.Project", verbose_name=_("related projects"), blank=True, related_name="+"
    )
    areas = ParentalManyToManyField(
        "sites.CultureArea", verbose_name=_("culture areas"), blank=True, related_name="+"
    )

    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("series"), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("authors"), FieldPanel("publisher")]),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("document"), FieldPanel("url")], heading=_("Where to read it")),
        FieldPanel("projects"),
        FieldPanel("areas"),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("authors"),
        index.SearchField("series"),
        index.FilterField("organisation_id"),
        index.FilterField("kind"),
        index.FilterField("date"),
        index.FilterField("id"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("summary"),
        TranslatableField("series"),
        SynchronizedField("slug"),
        SynchronizedField("organisation"),
        SynchronizedField("kind"),
        SynchronizedField("number"),
        SynchronizedField("date"),
        SynchronizedField("authors"),
        SynchronizedField("publisher"),
        SynchronizedField("document"),
        SynchronizedField("url"),
        SynchronizedField("projects"),
        SynchronizedField("areas"),
    ]

    display_related = ("organisation", "publisher", "document")

    api_fields = [
        APIField("title"),
        APIField("slug"),
        APIField("kind"),
        APIField("series"),
        APIField("number"),
        APIField("date"),
        APIField("authors"),
        APIField("summary"),
        APIField("url"),
        APIField("document", serializer=DocumentField()),
        APIField("organisation", serializer=RelatedField()),
        APIField("publisher", serializer=RelatedField()),
        APIField("projects", serializer=RelatedField(many=True)),
        APIField("areas", serializer=RelatedField(many=True)),
    ]

    class Meta(OwnedSnippet.Meta):
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.kind == self.Kind.SERIES_ISSUE and not self.series:
            raise ValidationError({"series": _("A series issue needs the series' name.")})


class PublicationIndexPage(SnippetIndexPage):
    """Lists publications with kind and year filters; each has its own URL.

    Also the site's feeds of publications: RSS at `rss/`, Atom at `atom/`.
    """

    snippet_model = Publication
    template = "publications/publication_index_page.html"
    detail_template = "publications/publication_detail.html"

    class Meta:
        verbose_name = _("publication index page")

    @property
    def filter_form_class(self):
        from .filters import PublicationFilterForm

        return PublicationFilterForm

    def get_snippets(self):
        return super().get_snippets().select_related("document")

    @path("rss/", name="rss")
    def rss_route(self, request: HttpRequest):
        from .feeds import PublicationFeed

        return PublicationFeed(self)(request)

    @path("atom/", name="atom")
    def atom_route(self, request: HttpRequest):
        from .feeds import PublicationAtomFeed

        return PublicationAtomFeed(self)(request)
