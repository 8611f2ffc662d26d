"""Projects and training activities (fortbildning), shared by every site.

A project's status (planned, ongoing, completed) is derived from its dates
and today's date; it is never stored, so it can never disagree with them.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.api_representation import FundingField, ImageField, RelatedField
from sites.pages import SnippetIndexPage
from sites.snippets import OwnedSnippet, SnippetQuerySet

from .ical import calendar, calendar_response


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class ProjectQuerySet(SnippetQuerySet):
    def with_status(self, status: str, today: datetime.date | None = None):
        today = today or timezone.localdate()
        if status == ProjectStatus.PLANNED:
            return self.filter(start_date__gt=today)
        if status == ProjectStatus.COMPLETED:
            return self.filter(start_date__isnull=False, end_date__lt=today)
        if status == ProjectStatus.ONGOING:
            return self.active_on(today)
        raise ValueError(f"Unknown project status {status!r}")

    def active_on(self, day: datetime.date):
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))


class Project(OwnedSnippet):
    """A project, often ESF-funded, with a lead organisation, partners and funders."""

    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("description"), blank=True)
    start_date = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("Leave empty if not known.")
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    lead_organisation = models.ForeignKey(
        "sites.Organisation",
        verbose_name=_("lead organisation (huvudman)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partners = ParentalManyToManyField(
        "sites.Organisation", verbose_name=_("partners"), blank=True, related_name="+"
    )
    initiators = ParentalManyToManyField(
        "sites.Organisation", verbose_name=_("initiators"), blank=True, related_name="+"
    )
    target_groups = models.TextField(_("target groups"), blank=True)
    geography = models.CharField(
        _("geographical area"), max_length=120, blank=True, help_text=_("E.g. Skåne.")
    )
    areas = ParentalManyToManyField(
        "sites.CultureArea", verbose_name=_("culture areas"), blank=True, related_name="+"
    )
    goals = ParentalManyToManyField(
        "sites.Goal", verbose_name=_("related goals"), blank=True, related_name="+"
    )
    website = models.URLField(_("external website"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProjectQuerySet.as_manager()

    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("slug")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")])],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lead_organisation"),
                FieldPanel("partners"),
                FieldPanel("initiators"),
            ],
            heading=_("Organisations"),
        ),
        InlinePanel("funding", heading=_("Funding"), label=_("Funder")),
        MultiFieldPanel(
            [
                FieldPanel("target_groups"),
                FieldPanel("geography"),
                FieldPanel("areas"),
                FieldPanel("goals"),
                FieldPanel("website"),
            ],
            heading=_("Classification"),
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("target_groups"),
        index.FilterField("organisation_id"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
        index.FilterField("id"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("target_groups"),
        TranslatableField("geography"),
        SynchronizedField("slug"),
        SynchronizedField("organisation"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("lead_organisation"),
        SynchronizedField("partners"),
        SynchronizedField("initiators"),
        SynchronizedField("funding"),
        SynchronizedField("areas"),
        SynchronizedField("goals"),
        SynchronizedField("website"),
        SynchronizedField("image"),
    ]

    display_related = ("organisation", "lead_organisation", "image")

    api_fields = [
        APIField("title"),
        APIField("slug"),
        APIField("summary"),
        APIField("body"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("status"),
        APIField("organisation", serializer=RelatedField()),
        APIField("lead_organisation", serializer=RelatedField()),
        APIField("partners", serializer=RelatedField(many=True)),
        APIField("initiators", serializer=RelatedField(many=True)),
        APIField("funding", serializer=FundingField()),
        APIField("total_funding_sek"),
        APIField("target_groups"),
        APIField("geography"),
        APIField("areas", serializer=RelatedField(many=True)),
        APIField("goals", serializer=RelatedField(many=True)),
        APIField("website"),
        APIField("image", serializer=ImageField()),
    ]

    class Meta(OwnedSnippet.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = [models.F("start_date").desc(nulls_last=True), "title"]

    def __str__(self) -> str:
        return self.title

    def status_on(self, day: datetime.date) -> str | None:
        """The status on `day`; None when the project has no known start date."""
        if self.start_date is None:
            return None
        if self.start_date > day:
            return ProjectStatus.PLANNED
        if self.end_date and self.end_date < day:
            return ProjectStatus.COMPLETED
        return ProjectStatus.ONGOING

    @property
    def status(self) -> str | None:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        status = self.status
        return ProjectStatus(status).label if status else _("Dates not given")

    @property
    def total_funding_sek(self) -> int:
        return sum(f.amount_sek or 0 for f in self.funding.all())

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The project cannot end before it starts.")})


class ProjectFunding(Orderable):
    """One funder of a project and the amount granted."""

    project = ParentalKey(Project, on_delete=models.CASCADE, related_name="funding")
    funder = models.ForeignKey(
        "sites.Organisation",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount_sek = models.PositiveBigIntegerField(
        _("amount (SEK)"), null=True, blank=True, help_text=_("Leave empty if unknown.")
    )

    panels = [FieldRowPanel([FieldPanel("funder"), FieldPanel("amount_sek")])]

    class Meta(Orderable.Meta):
        verbose_name = _("funding")
        verbose_name_plural = _("funding")


class ActivityQuerySet(SnippetQuerySet):
    def upcoming(self, now: datetime.datetime | None = None):
        """Activities not yet over, including ongoing ones without dates."""
        now = now or timezone.now()
        return self.filter(
            Q(is_ongoing=True) | Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)
        )

    def past(self, now: datetime.datetime | None = None):
        now = now or timezone.now()
        return self.filter(is_ongoing=False).filter(
            Q(ends_at__lt=now) | Q(ends_at__isnull=True, starts_at__lt=now)
        )


class Activity(OwnedSnippet):
    """A training activity (fortbildning): a course, seminar, mentorship, ..."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        LECTURE = "lecture", _("Lecture")
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        MENTORSHIP = "mentorship", _("Mentorship programme")
        CONFERENCE_DAY = "conference_day", _("Conference day")
        SELF_PACED = "self_paced", _("Self-paced package")
        EDUCATION = "education", _("Education programme")
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        KNOWLEDGE_SHARING = "knowledge_sharing", _("Knowledge-sharing platform")

    class Format(models.TextChoices):
        DIGITAL = "digital", _("Digital")
        ON_SITE = "on_site", _("On site")
        HYBRID = "hybrid", _("Hybrid")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    is_ongoing = models.BooleanField(
        _("ongoing"), default=False, help_text=_("Available at any time, without dates.")
    )
    schedule_note = models.CharField(
        _("schedule note"), max_length=255, blank=True, help_text=_("E.g. 'Every year'.")
    )
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    place = models.CharField(_("place"), max_length=255, blank=True)
    target_group = models.CharField(_("target group"), max_length=255, blank=True)
    price_sek = models.PositiveIntegerField(
        _("price (SEK)"),
        null=True,
        blank=True,
        help_text=_("0 for free of charge; leave empty if not decided."),
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    organisers = ParentalManyToManyField(
        "sites.Organisation",
        verbose_name=_("organisers"),
        blank=True,
        related_name="+",
        help_text=_("Who arranges it, if others than the owning organisation too."),
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ActivityQuerySet.as_manager()

    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("title"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("format")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("is_ongoing"),
                FieldPanel("schedule_note"),
                FieldPanel("place"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("target_group"),
                FieldPanel("price_sek"),
                FieldPanel("registration_url"),
                FieldPanel("organisers"),
                FieldPanel("project"),
            ],
            heading=_("Participation"),
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("target_group"),
        index.FilterField("organisation_id"),
        index.FilterField("kind"),
        index.FilterField("format"),
        index.FilterField("starts_at"),
        index.FilterField("id"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("summary"),
        TranslatableField("body"),
        TranslatableField("schedule_note"),
        TranslatableField("place"),
        TranslatableField("target_group"),
        SynchronizedField("slug"),
        SynchronizedField("organisation"),
        SynchronizedField("kind"),
        SynchronizedField("format"),
        SynchronizedField("starts_at"),
        SynchronizedField("ends_at"),
        SynchronizedField("is_ongoing"),
        SynchronizedField("price_sek"),
        SynchronizedField("registration_url"),
        SynchronizedField("organisers"),
        SynchronizedField("project"),
    ]

    display_related = ("organisation", "project")

    api_fields = [
        APIField("title"),
        APIField("slug"),
        APIField("kind"),
        APIField("format"),
        APIField("summary"),
        APIField("body"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("is_ongoing"),
        APIField("schedule_note"),
        APIField("place"),
        APIField("target_group"),
        APIField("price_sek"),
        APIField("is_free"),
        APIField("registration_url"),
        APIField("organisation", serializer=RelatedField()),
        APIField("organisers", serializer=RelatedField(many=True)),
        APIField("project", serializer=RelatedField()),
    ]

    class Meta(OwnedSnippet.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-is_ongoing", "starts_at", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.price_sek == 0

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The activity cannot end before it starts.")})
        if not self.is_ongoing and not self.starts_at:
            raise ValidationError(
                {"starts_at": _("Give a start date, or mark the activity as ongoing.")}
            )


class ProjectIndexPage(SnippetIndexPage):
    """Lists projects with status, area and funder filters; each has its own URL.

    A project's page also lists its activities and the publications about it.
    """

    snippet_model = Project
    template = "projects/project_index_page.html"
    detail_template = "projects/project_detail.html"

    class Meta:
        verbose_name = _("project index page")

    @property
    def filter_form_class(self):
        from .filters import ProjectFilterForm

        return ProjectFilterForm

    def get_snippets(self):
        funding = ProjectFunding.objects.select_related("funder")
        return super().get_snippets().prefetch_related(Prefetch("funding", funding), "areas")

    @path("<slug:slug>/", name="detail")
    def detail_route(self, request: HttpRequest, slug: str):
        from publications.models import Publication

        # No prefetching: the details are rendered from a kept fragment
        # (detail_base.html) unless the project changed; then the template
        # fetches each relation once.
        project = self.find_snippet(slug)
        if project is None:
            raise Http404
        locale = Locale(pk=self.locale_id)  # in_locale() needs only its id

        # Functions, which the template calls only when it renders the details
        # (not when they come from the kept fragment): building the querysets
        # alone costs about a millisecond.
        def activities():
            return (
                Activity.objects.live()
                .in_locale(locale)
                .filter(project__translation_key=project.translation_key)
                .order_by("-is_ongoing", F("starts_at").desc(nulls_last=True), "title")
            )

        def publications():
            return (
                Publication.objects.live()
                .in_locale(locale)
                .filter(projects__translation_key=project.translation_key)
                .distinct()
                .order_by(F("date").desc(nulls_last=True), "title")
            )

        return self.render(
            request,
            template=self.detail_template,
            context_overrides={
                "item": project,
                "index_page": self,
                "activities": activities,
                "publications": publications,
            },
        )


class ActivityIndexPage(SnippetIndexPage):
    """Lists training activities: upcoming first, past ones in an archive.

    Each activity has its own URL and an iCalendar file; the whole list is
    also an iCalendar feed that calendar programs can subscribe to.
    Routes: `""` upcoming, `arkiv/` past, `ical/` the feed, `<slug>/ical/`.
    """

    snippet_model = Activity
    template = "projects/activity_index_page.html"
    detail_template = "projects/activity_detail.html"

    class Meta:
        verbose_name = _("activity index page")

    def upcoming(self):
        return (
            self.get_snippets()
            .upcoming()
            .order_by("is_ongoing", F("starts_at").asc(nulls_last=True), "title")
        )

    def past(self):
        return self.get_snippets().past().order_by(F("starts_at").desc(nulls_last=True), "title")

    def archive_url(self, request: HttpRequest | None = None) -> str:
        return (self.get_url(request) or "") + self.reverse_subpage("archive")

    @path("")
    def index_route(self, request: HttpRequest, *args, **kwargs):
        return self.list_response(
            request, self.upcoming, archive=False, has_archive=self.past().exists()
        )

    @path("arkiv/", name="archive")
    def archive_route(self, request: HttpRequest):
        return self.list_response(request, self.past, archive=True)

    @path("ical/", name="ical")
    def calendar_route(self, request: HttpRequest):
        base = self.get_full_url(request) or ""
        entries = [
            (activity, base + self.reverse_subpage("detail", args=[activity.slug]))
            for activity in self.get_snippets().filter(starts_at__isnull=False)
        ]
        body = calendar(entries, self.title, request.get_host().split(":")[0])
        return calendar_response(body, f"{self.slug}.ics")

    @path("<slug:slug>/ical/", name="activity_ical")
    def activity_calendar_route(self, request: HttpRequest, slug: str):
        activity = self.get_snippets().filter(slug=slug, starts_at__isnull=False).first()
        if activity is None:
            raise Http404
        url = (self.get_full_url(request) or "") + self.reverse_subpage("detail", args=[slug])
        body = calendar([(activity, url)], activity.title, request.get_host().split(":")[0])
        return calendar_response(body, f"{slug}.ics")
