"""Organisations, culture areas, goals and each site's settings.

An Organisation is any body the content speaks of: the five that run a site
here, and their boards, partners, funders and initiators. Goals belong here
because projects and publications both refer to them, so imports stay
one-way (sites <- projects <- publications; home reads all three).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import LockableMixin, Page, Site, Task, TaskState
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.api_representation import RelatedField
from cms.blocks import FooterLinkBlock, SocialLinkBlock

from .colours import AA_NORMAL_TEXT, HEX_COLOUR, SURFACE, TEXT, WHITE, contrast, rgb
from .pages import SnippetIndexPage
from .snippets import OwnedSnippet, SharedSnippet


class Organisation(SharedSnippet):
    """Any organisation: a site's owner, a board, partner, funder or initiator."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        BOARD = "board", _("Political board (nämnd)")
        DEPARTMENT = "department", _("Administration or department")
        MUNICIPALITY = "municipality", _("Municipality")
        NON_PROFIT = "non_profit", _("Non-profit organisation")
        PROJECT = "project", _("Project organisation")
        UNIVERSITY = "university", _("University")
        NATIONAL_AGENCY = "national_agency", _("National agency")
        GOVERNMENT = "government", _("Government")
        FUND = "fund", _("Fund")
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association or union")
        NETWORK = "network", _("Network")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site it runs"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partners = ParentalManyToManyField(
        "self",
        verbose_name=_("partners"),
        symmetrical=False,
        blank=True,
        help_text=_("Organisations it works with regularly, e.g. national partners."),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("website")]),
        FieldPanel("description"),
        FieldPanel("site"),
        FieldPanel("partners"),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("short_name", boost=2),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("id"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
    ]

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("short_name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("website"),
        SynchronizedField("site"),
        SynchronizedField("partners"),
    ]

    api_fields = [
        APIField("name"),
        APIField("short_name"),
        APIField("slug"),
        APIField("kind"),
        APIField("description"),
        APIField("website"),
        APIField("partners", serializer=RelatedField(many=True)),
    ]

    class Meta(SharedSnippet.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class CultureArea(SharedSnippet):
    """The shared taxonomy of culture areas (kulturområden)."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_national_area = models.BooleanField(
        _("one of the seven areas of the cultural cooperation model"),
        default=False,
        help_text=_("Kultursamverkansmodellens sju kulturområden."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldPanel("is_national_area"),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("is_national_area"),
        index.FilterField("id"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
    ]

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
        SynchronizedField("is_national_area"),
    ]

    api_fields = [
        APIField("name"),
        APIField("slug"),
        APIField("description"),
        APIField("is_national_area"),
    ]

    class Meta(SharedSnippet.Meta):
        verbose_name = _("culture area")
        verbose_name_plural = _("culture areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Goal(OwnedSnippet):
    """A goal (mål) for a period, usually set by a regional board."""

    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    text = RichTextField(_("text"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("from year"))
    period_end = models.PositiveSmallIntegerField(_("to year"))
    set_by = models.ForeignKey(
        Organisation,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The board or body that decided the goal."),
    )

    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("slug")]),
        FieldPanel("title"),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldPanel("set_by"),
            ],
            heading=_("Period and decision"),
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("text"),
        index.FilterField("organisation_id"),
        index.FilterField("period_start"),
        index.FilterField("period_end"),
        index.FilterField("id"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
    ]

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("text"),
        SynchronizedField("slug"),
        SynchronizedField("organisation"),
        SynchronizedField("number"),
        SynchronizedField("period_start"),
        SynchronizedField("period_end"),
        SynchronizedField("set_by"),
    ]

    display_related = ("organisation", "set_by")

    api_fields = [
        APIField("title"),
        APIField("slug"),
        APIField("number"),
        APIField("text"),
        APIField("period_start"),
        APIField("period_end"),
        APIField("organisation", serializer=RelatedField()),
        APIField("set_by", serializer=RelatedField()),
    ]

    class Meta(OwnedSnippet.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["-period_start", "organisation__name", "number"]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"

    @property
    def period(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})


class GoalIndexPage(SnippetIndexPage):
    """Lists the goals a site shows, grouped by period; each has its own URL."""

    snippet_model = Goal
    template = "sites/goal_index_page.html"
    detail_template = "sites/goal_detail.html"

    class Meta:
        verbose_name = _("goal index page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Per-site identity: which organisation runs it, its look and contacts.

    Texts visitors read come in both languages. A BaseSiteSetting is one row
    per site, while wagtail-localize translates models with one row per
    locale, so translating settings through it would need a second settings
    model keyed by locale and a sync step. The sites have exactly the two
    languages in settings.LANGUAGES, so each such text has a Swedish field and
    an `_en` twin instead: editors see both side by side, and `localized()`
    falls back to the Swedish text while the English one is empty.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown beside the organisation's name in the header, on a white tile."),
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    tagline_en = models.CharField(
        _("tagline in English"),
        max_length=255,
        blank=True,
        help_text=_("Empty: the English pages show the Swedish tagline."),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#1d4f91",
        help_text=_(
            "Hex colour, e.g. #1d4f91. Used for the header and links: white text on it "
            "needs a contrast of at least 4.5:1."
        ),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#f2c14e",
        help_text=_("A light hex colour behind black text (the footer): at least 4.5:1."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    footer_links = StreamField(
        [("link", FooterLinkBlock())], verbose_name=_("footer links"), blank=True
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())], verbose_name=_("social media links"), blank=True
    )

    panels = [
        # Which organisation runs a site decides whose editors manage it
        # (setup_groups); only those who may manage sites may change it.
        FieldPanel("organisation", permission="wagtailcore.change_site"),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldRowPanel([FieldPanel("tagline"), FieldPanel("tagline_en")]),
                FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")]),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("address"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("footer_links"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("site settings")

    def localized(self, field: str) -> str:
        """The text of `field` in the active language, falling back to Swedish."""
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language != settings.LANGUAGE_CODE:
            value = getattr(self, f"{field}_{language}", "")
            if value:
                return value
        return getattr(self, field)

    def clean(self):
        super().clean()
        errors = {}
        for name in ("primary_colour", "accent_colour"):
            value = getattr(self, name) or ""
            if not HEX_COLOUR.match(value):
                errors[name] = _("Give a colour as # and six hex digits, e.g. #1d4f91.")
        if not errors:
            errors = colour_contrast_errors(self.primary_colour, self.accent_colour)
        if errors:
            raise ValidationError(errors)


def colour_contrast_errors(primary: str, accent: str) -> dict[str, list[str]]:
    """Form errors for each pair of theme colours whose contrast is below WCAG AA."""
    pairs = [
        ("primary_colour", _("White text on the primary colour"), WHITE, primary),
        ("primary_colour", _("Links in the primary colour on grey (#f5f5f5)"), SURFACE, primary),
        ("accent_colour", _("Black text (#1b1b1b) on the accent colour"), TEXT, accent),
    ]
    errors: dict[str, list[str]] = {}
    for field, pair, fixed, colour in pairs:
        ratio = contrast(fixed, rgb(colour))
        if ratio < AA_NORMAL_TEXT:
            errors.setdefault(field, []).append(
                _("%(pair)s has a contrast of %(ratio).2f:1; it needs at least %(minimum)s:1.")
                % {"pair": pair, "ratio": ratio, "minimum": AA_NORMAL_TEXT}
            )
    return errors


# Editors, moderators and moderation ------------------------------------------


def owned_snippet_models() -> list[type[OwnedSnippet]]:
    """Every concrete snippet model owned by one organisation (goals, projects, ...)."""
    return [model for model in apps.get_models() if issubclass(model, OwnedSnippet)]


def site_for_page(page: Page) -> Site | None:
    """The site whose tree holds `page`, in either locale.

    Only the Swedish home page is a Site's root; its English translation is a
    separate root under the tree root, so the site is found through the
    translations of the page's top-level ancestor.
    """
    top = page if page.depth == 2 else Page.objects.ancestor_of(page).filter(depth=2).first()
    if top is None:
        return None
    roots = Page.objects.filter(translation_key=top.translation_key)
    return Site.objects.filter(root_page__in=roots).first()


def owning_organisation_id(obj) -> int | None:
    """The pk of the organisation whose editors manage `obj` (snippet or page)."""
    if isinstance(obj, OwnedSnippet):
        return obj.organisation_id
    if isinstance(obj, Page):
        site = site_for_page(obj)
        if site is None:
            return None
        return SiteSettings.objects.filter(site=site).values_list("organisation", flat=True).first()
    return None


class OrganisationGroup(models.Model):
    """Records which auth group holds an organisation's editors or moderators.

    `manage.py setup_groups` (and the demo loader) creates the two groups of
    every organisation that runs a site and records them here. The snippet
    permission policy and the moderation task look memberships up through
    this table, never through group names, which administrators may rename.
    """

    class Role(models.TextChoices):
        EDITORS = "editors", _("Editors")
        MODERATORS = "moderators", _("Moderators")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="admin_groups",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    group = models.OneToOneField(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="organisation_role",
    )

    class Meta:
        verbose_name = _("organisation group")
        verbose_name_plural = _("organisation groups")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "role"], name="sites_unique_organisation_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()}"

    @classmethod
    def organisation_ids_for(cls, user, role: str | None = None) -> frozenset[int]:
        """The pks, in every locale, of the organisations whose groups `user` is in.

        Translations of an organisation share its `translation_key`; owned
        snippets point at the Swedish row, but every locale's row is included
        so that the answer never depends on which row a relation points at.
        Cached on the user object for the rest of the request.
        """
        if not (user.is_authenticated and user.is_active):
            return frozenset()
        cache = user.__dict__.setdefault("_samverkan_organisation_ids", {})
        if role not in cache:
            memberships = cls.objects.filter(group__user=user)
            if role:
                memberships = memberships.filter(role=role)
            keys = memberships.values("organisation__translation_key")
            cache[role] = frozenset(
                Organisation.objects.filter(translation_key__in=keys).values_list("pk", flat=True)
            )
        return cache[role]


class OrganisationModerationTask(Task):
    """A moderation step approved by the moderators of the item's own organisation.

    Wagtail assigns a snippet workflow to a content type, not to an object, so
    one workflow serves every organisation's goals, projects, activities and
    publications (see sites/workflows.py). This task sends each item to the
    moderators' group of the organisation that owns it: only they (and
    superusers) can approve or request changes, and the item is locked for
    everybody else while it waits. Pages use one GroupApprovalTask per site.
    """

    class Meta:
        verbose_name = _("organisation moderation task")
        verbose_name_plural = _("organisation moderation tasks")

    def user_moderates(self, obj, user) -> bool:
        """Whether `user` may approve `obj`: a moderator of its owner, or a superuser."""
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        owner = owning_organisation_id(obj)
        moderated = OrganisationGroup.organisation_ids_for(user, OrganisationGroup.Role.MODERATORS)
        return owner is not None and owner in moderated

    def start(self, workflow_state, user=None):
        # Like GroupApprovalTask: a lock held by someone who cannot moderate
        # the item would block the moderators, so it is released.
        obj = workflow_state.content_object
        if isinstance(obj, LockableMixin) and obj.locked_by:
            if not self.user_moderates(obj, obj.locked_by):
                obj.locked, obj.locked_by, obj.locked_at = False, None, None
                obj.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def on_action(self, task_state, user, action_name, **kwargs):
        # The admin checks get_actions() against the object in the URL, but
        # the action is applied to `task_state`; check the object it belongs to.
        if not self.user_moderates(task_state.revision.content_object, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def user_can_access_editor(self, obj, user):
        return self.user_moderates(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_moderates(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_moderates(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.user_moderates(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        organisations = OrganisationGroup.organisation_ids_for(
            user, OrganisationGroup.Role.MODERATORS
        )
        if not organisations:
            return TaskState.objects.none()
        owned = Q()
        for model in owned_snippet_models():
            pks = (
                model._default_manager.filter(organisation__in=organisations)
                .annotate(pk_text=Cast("pk", CharField()))
                .values("pk_text")
            )
            owned |= Q(
                workflow_state__base_content_type=ContentType.objects.get_for_model(model),
                workflow_state__object_id__in=pks,
            )
        roots = Page.objects.filter(
            translation_key__in=Page.objects.filter(
                sites_rooted_here__in=SiteSettings.objects.filter(
                    organisation__in=organisations
                ).values("site")
            ).values("translation_key")
        )
        pages = Page.objects.none()
        for root in roots:
            pages |= Page.objects.descendant_of(root, inclusive=True)
        owned |= Q(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=pages.annotate(pk_text=Cast("pk", CharField())).values(
                "pk_text"
            ),
        )
        return states.filter(owned)

    @classmethod
    def get_description(cls):
        return _("Moderators of the organisation that owns the item approve it")


# Webhook subscribers and their delivery log live in their own module.
from .webhooks import Webhook, WebhookDelivery  # noqa: E402, F401
