"""The pages every site is built from.

Each organisation's site has a HomePage at its root; under it sit standard
pages and one index page per kind of shared snippet. The portal at the bare
domain is a PortalPage that presents the organisations' sites.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.api_representation import StreamFieldInLocale
from cms.blocks import StoryBlock
from cms.restrictions import CachedViewRestrictionsMixin
from sites.routing import CachedRoutingMixin

SECTION_PAGE_TYPES = [
    "home.StandardPage",
    "home.AccessibilityStatementPage",
    "sites.GoalIndexPage",
    "projects.ProjectIndexPage",
    "projects.ActivityIndexPage",
    "publications.PublicationIndexPage",
]


class BasePage(CachedViewRestrictionsMixin, Page):
    """Fields every content page has: an introduction and a body."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(StoryBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
    ]

    api_fields = [APIField("intro"), APIField("body", serializer=StreamFieldInLocale())]

    class Meta:
        abstract = True


class HomePage(CachedRoutingMixin, BasePage):
    """The root of an organisation's site: its introduction and featured work."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = SECTION_PAGE_TYPES

    class Meta:
        verbose_name = _("home page")


class StandardPage(BasePage):
    """A page of text, images and blocks that show shared snippets."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class PortalPage(CachedRoutingMixin, BasePage):
    """The bare domain's home: presents the organisations and links their sites."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("portal page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sites"] = organisation_sites()
        return context


def organisation_sites() -> list[dict]:
    """Every site but the portal, with the organisation that runs it."""
    from sites.models import SiteSettings

    settings_by_site = {s.site_id: s for s in SiteSettings.objects.select_related("organisation")}
    result = []
    for site in Site.objects.select_related("root_page").order_by("site_name"):
        site_settings = settings_by_site.get(site.pk)
        if not site_settings or not site_settings.organisation:
            continue
        result.append(
            {
                "site": site,
                "organisation": site_settings.organisation.localized,
                "settings": site_settings,
                "url": site.root_url + "/",
            }
        )
    return result


# The accessibility statement ------------------------------------------------

# Where anyone may report a public body's website to the supervisory authority,
# Myndigheten för digital förvaltning (DIGG). Data only: nothing fetches it.
DIGG_COMPLAINT_URL = "https://www.digg.se/tdosanmalan"


class ShortcomingBlock(blocks.StructBlock):
    """A known accessibility problem: what it is, the criterion, when it is fixed."""

    description = blocks.TextBlock(label=_("problem"))
    criterion = blocks.CharBlock(
        label=_("WCAG success criterion"),
        required=False,
        max_length=120,
        help_text=_("E.g. 1.1.1 Non-text content."),
    )
    remedy = blocks.CharBlock(
        label=_("planned fix"),
        required=False,
        max_length=255,
        help_text=_("What will be done and when, e.g. “Fixed by June 2027”."),
    )

    class Meta:
        icon = "warning"
        label = _("Known shortcoming")


class AccessibilityStatementPage(CachedViewRestrictionsMixin, Page):
    """The site's accessibility statement (tillgänglighetsredogörelse).

    Public bodies must publish one under the Swedish law on accessible digital
    public service (lagen om tillgänglighet till digital offentlig service,
    DOS-lagen). The fields follow what the supervisory authority, DIGG, asks
    a statement to say; the template supplies the fixed wording around them.
    Every site's footer links to it (see the `accessibility_statement` tag).
    """

    class Compliance(models.TextChoices):
        FULL = "full", _("Fully compliant")
        PARTIAL = "partial", _("Partially compliant")
        NONE = "none", _("Not compliant")

    class Method(models.TextChoices):
        SELF = "self", _("Self-assessment (internal testing)")
        THIRD_PARTY = "third_party", _("Assessment by a third party")

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    compliance_status = models.CharField(
        _("compliance status"),
        max_length=16,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
        help_text=_("How the site meets WCAG 2.1 level AA (EN 301 549)."),
    )
    shortcomings = StreamField(
        [("shortcoming", ShortcomingBlock())],
        verbose_name=_("known shortcomings"),
        blank=True,
    )
    disproportionate_burden = RichTextField(
        _("disproportionate burden"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Content not made accessible because it would be a disproportionate burden."),
    )
    out_of_scope = RichTextField(
        _("content outside the law's scope"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
    )
    contact_email = models.EmailField(_("e-mail for reporting a problem"), blank=True)
    contact_phone = models.CharField(_("phone for reporting a problem"), max_length=40, blank=True)
    response_time = models.CharField(
        _("response time"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “We answer within five working days.”"),
    )
    complaint_url = models.URLField(
        _("the supervisory authority's complaint page"),
        default=DIGG_COMPLAINT_URL,
        help_text=_("DIGG's page for reporting a website that is not accessible."),
    )
    assessment_method = models.CharField(
        _("assessment method"), max_length=16, choices=Method.choices, default=Method.SELF
    )
    assessment_description = models.TextField(
        _("how the site was tested"),
        blank=True,
        help_text=_("E.g. tools, manual checks with a screen reader, who tested."),
    )
    assessed_on = models.DateField(_("date of the latest assessment"))
    statement_updated_on = models.DateField(_("date the statement was last updated"))
    site_published_on = models.DateField(_("date the website was published"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("compliance_status"),
        FieldPanel("shortcomings"),
        FieldPanel("disproportionate_burden"),
        FieldPanel("out_of_scope"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("response_time"),
                FieldPanel("complaint_url"),
            ],
            heading=_("Reporting problems"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("assessment_method"),
                FieldPanel("assessment_description"),
                FieldRowPanel([FieldPanel("assessed_on"), FieldPanel("statement_updated_on")]),
                FieldPanel("site_published_on"),
            ],
            heading=_("Assessment"),
        ),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    override_translatable_fields = [
        SynchronizedField("compliance_status"),
        SynchronizedField("contact_email"),
        SynchronizedField("contact_phone"),
        SynchronizedField("complaint_url"),
        SynchronizedField("assessment_method"),
        SynchronizedField("assessed_on"),
        SynchronizedField("statement_updated_on"),
        SynchronizedField("site_published_on"),
    ]

    api_fields = [
        APIField("intro"),
        APIField("compliance_status"),
        APIField("shortcomings"),
        APIField("disproportionate_burden"),
        APIField("out_of_scope"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("response_time"),
        APIField("complaint_url"),
        APIField("assessment_method"),
        APIField("assessment_description"),
        APIField("assessed_on"),
        APIField("statement_updated_on"),
        APIField("site_published_on"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")


# Page feedback -------------------------------------------------------------


class PageFeedback(models.Model):
    """A visitor's answer to "Did the information on the page help you?".

    Posted by the form at the end of every content page (home/feedback.py).
    Snippet detail pages store the index page that shows them, with `path`
    telling which item it was. `site` is stored so that the admin listing
    and dashboard can be restricted to an organisation's own sites.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    locale = models.ForeignKey(
        "wagtailcore.Locale",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = models.CharField(_("address"), max_length=255, blank=True)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        answer = _("Yes") if self.helpful else _("No")
        return f"{self.page.title}: {answer}"

    @property
    def page_title(self) -> str:
        return self.page.title

    @property
    def full_url(self) -> str:
        """The address the visitor answered on."""
        if self.site_id and self.path:
            return self.site.root_url + self.path
        return self.page.full_url or ""

    @property
    def language(self) -> str:
        return dict(settings.LANGUAGES).get(self.locale.language_code, self.locale.language_code)
