"""StreamField blocks shared by every page type.

A leaf module: it imports none of our apps (snippet models are named by
string and resolved only when a block renders), so any app can use it.
"""

from __future__ import annotations

from collections import defaultdict

from django.apps import apps
from django.db.models import F, OrderBy, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock
from wagtail.models import Locale
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.api_representation import image_representation, object_reference
from cms.response_cache import depends_on_snippets


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/figure_block.html"

    def get_api_representation(self, value, context=None):
        image = value.get("image")
        request = (context or {}).get("request")
        return {
            "image": image_representation(
                image, request, alt_text="" if image.decorative else image.contextual_alt_text
            )
            if image
            else None,
            "caption": value.get("caption") or "",
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page or an external address, with an optional label."""

    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external address"), required=False)
    label = blocks.CharBlock(label=_("link text"), required=False, max_length=200)

    class Meta:
        icon = "link"
        label = _("Link")

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        locale = (context or {}).get("locale")
        if page is not None and locale is not None and page.locale_id != locale.pk:
            page = page.get_translation_or_none(locale) or page
        reference = object_reference(page, context) if page else None
        return {
            "page": reference,
            "url": reference["html_url"] if reference else value.get("url") or "",
            "label": value.get("label") or (page.title if page else ""),
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": [_("Choose a page or give an external address.")]}
            )
        return value


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200)
    text = blocks.TextBlock(label=_("text"), required=False)
    link = LinkBlock(label=_("link"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"


class LinkListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    links = blocks.ListBlock(LinkBlock(), label=_("links"))

    class Meta:
        icon = "list-ul"
        label = _("Link list")
        template = "blocks/link_list_block.html"


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentChooserBlock(), label=_("documents"))

    class Meta:
        icon = "doc-full"
        label = _("Document list")
        template = "blocks/document_list_block.html"

    def get_api_representation(self, value, context=None):
        request = (context or {}).get("request")
        return {
            "title": value.get("title") or "",
            "documents": [
                {
                    "id": document.pk,
                    "title": document.title,
                    "url": request.build_absolute_uri(document.url) if request else document.url,
                    "file_extension": document.file_extension,
                    "file_size": document.get_file_size(),
                }
                for document in value.get("documents") or []
                if document is not None
            ],
        }


class SnippetListBlock(blocks.StructBlock):
    """Shows goals, projects, activities or publications on a page.

    Either the editor picks items by hand, or the block lists the newest live
    items of one organisation (or of all, when none is chosen). Items render
    in the page's language, falling back to Swedish.
    """

    model_label: str = ""  # "app_label.ModelName", set by each subclass

    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    organisation = SnippetChooserBlock(
        "sites.Organisation",
        label=_("organisation"),
        required=False,
        help_text=_("Used when no items are chosen by hand. Empty: every organisation."),
    )
    limit = blocks.IntegerBlock(label=_("how many"), default=3, min_value=1, max_value=24)

    class Meta:
        template = "blocks/snippet_list_block.html"

    @property
    def snippet_model(self):
        return apps.get_model(self.model_label)

    def get_items(self, value, locale: Locale | None = None) -> list:
        depends_on_snippets()
        model = self.snippet_model
        queryset = model.objects.live().in_locale(locale).for_display()
        chosen = [item for item in value.get("items") or [] if item is not None]
        if chosen:
            keys = [item.translation_key for item in chosen]
            by_key = {obj.translation_key: obj for obj in queryset.filter(translation_key__in=keys)}
            return [by_key[key] for key in keys if key in by_key]
        if value.get("organisation"):
            queryset = queryset.owned_by([value["organisation"]])
        return list(queryset[: value.get("limit") or 3])

    def items_key(self, value, locale: Locale | None) -> tuple:
        """Identifies what the block lists, for batching in API listings."""
        chosen = tuple(item.translation_key for item in value.get("items") or [] if item)
        organisation = value.get("organisation")
        return (
            self.model_label,
            chosen,
            organisation.translation_key if organisation else None,
            value.get("limit") or 3,
            locale.pk if locale else None,
        )

    @staticmethod
    def prefetch(blocks: list[tuple[SnippetListBlock, dict, Locale]]) -> dict[tuple, list]:
        """The items of many blocks at once: one query per model, locale and mode.

        Returns {items_key: items}. Lists by organisation use a window function
        to take the newest `limit` items of every organisation in one query.
        """
        depends_on_snippets()
        groups: dict[tuple, list] = defaultdict(list)
        for block, value, locale in blocks:
            key = block.items_key(value, locale)
            mode = "chosen" if key[1] else ("organisation" if key[2] else "all")
            groups[(block.model_label, mode, locale)].append(key)
        result: dict[tuple, list] = {}
        for (label, mode, locale), keys in groups.items():
            model = apps.get_model(label)
            queryset = model.objects.live().in_locale(locale).for_display()
            if mode == "chosen":
                wanted = {k for key in keys for k in key[1]}
                found = {o.translation_key: o for o in queryset.filter(translation_key__in=wanted)}
                for key in keys:
                    result[key] = [found[k] for k in key[1] if k in found]
            elif mode == "all":
                items = list(queryset[: max(key[3] for key in keys)])
                for key in keys:
                    result[key] = items[: key[3]]
            else:
                ordering = [
                    OrderBy(F(f.lstrip("-")), descending=f.startswith("-"))
                    if isinstance(f, str)
                    else f
                    for f in model._meta.ordering
                ]
                ranked = queryset.filter(
                    organisation__translation_key__in={key[2] for key in keys}
                ).annotate(
                    _org_key=F("organisation__translation_key"),
                    _rank=Window(
                        RowNumber(),
                        partition_by=[F("organisation__translation_key")],
                        order_by=ordering,
                    ),
                )
                ranked = ranked.filter(_rank__lte=max(key[3] for key in keys)).order_by("_rank")
                by_org = defaultdict(list)
                for obj in ranked:
                    by_org[obj._org_key].append(obj)
                for key in keys:
                    result[key] = by_org.get(key[2], [])[: key[3]]
        return result

    def get_api_representation(self, value, context=None):
        context = context or {}
        locale = context.get("locale")
        prefetched = context.get("snippet_list_items", {})
        key = self.items_key(value, locale)
        items = prefetched[key] if key in prefetched else self.get_items(value, locale)
        return {
            "title": value.get("title") or "",
            "organisation": object_reference(value.get("organisation"), context),
            "limit": value.get("limit") or 3,
            "items": [object_reference(item, context) for item in items],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = (parent_context or {}).get("page")
        # The locale's id is enough, and costs no query (page.locale would).
        locale = Locale(pk=page.locale_id) if page is not None else None
        context["items"] = self.get_items(value, locale)
        context["kind"] = self.snippet_model._meta.model_name
        return context


def _chosen_items(model_label: str) -> blocks.ListBlock:
    return blocks.ListBlock(
        SnippetChooserBlock(model_label), label=_("chosen items"), required=False, default=[]
    )


class GoalListBlock(SnippetListBlock):
    model_label = "sites.Goal"
    items = _chosen_items(model_label)

    class Meta:
        icon = "crosshairs"
        label = _("Goals")


class ProjectListBlock(SnippetListBlock):
    model_label = "projects.Project"
    items = _chosen_items(model_label)

    class Meta:
        icon = "folder-open-inverse"
        label = _("Projects")


class ActivityListBlock(SnippetListBlock):
    model_label = "projects.Activity"
    items = _chosen_items(model_label)

    class Meta:
        icon = "date"
        label = _("Activities")


class PublicationListBlock(SnippetListBlock):
    model_label = "publications.Publication"
    items = _chosen_items(model_label)

    class Meta:
        icon = "doc-full"
        label = _("Publications")


class StoryBlock(blocks.StreamBlock):
    """The body of standard and home pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"), icon="pilcrow", template="blocks/paragraph_block.html"
    )
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    link_list = LinkListBlock()
    document_list = DocumentListBlock()
    goals = GoalListBlock()
    projects = ProjectListBlock()
    activities = ActivityListBlock()
    publications = PublicationListBlock()

    class Meta:
        template = "blocks/story_block.html"


# Site settings: footer and social links ----------------------------------
# Site settings are one row per site, not per language, so a link's text has
# a Swedish and an English field (see SiteSettings in sites/models.py).


class FooterLinkBlock(blocks.StructBlock):
    """A link in a site's footer: a page (shown in the reader's language) or an address."""

    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external address"), required=False)
    label = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=100,
        help_text=_("Empty: the page's title."),
    )
    label_en = blocks.CharBlock(
        label=_("link text in English"),
        required=False,
        max_length=100,
        help_text=_("Empty: the Swedish link text, or the English page's title."),
    )

    class Meta:
        icon = "link"
        label = _("Footer link")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": [_("Choose a page or give an external address.")]}
            )
        if value.get("url") and not value.get("page") and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={"label": [_("An external link needs a link text.")]}
            )
        return value


class SocialLinkBlock(blocks.StructBlock):
    """A link to the organisation on a social network, shown as the network's name."""

    SERVICES = [
        ("facebook", "Facebook"),
        ("instagram", "Instagram"),
        ("linkedin", "LinkedIn"),
        ("youtube", "YouTube"),
        ("vimeo", "Vimeo"),
        ("mastodon", "Mastodon"),
        ("bluesky", "Bluesky"),
        ("x", "X"),
        ("other", _("Other")),
    ]

    service = blocks.ChoiceBlock(label=_("service"), choices=SERVICES)
    url = blocks.URLBlock(label=_("address"))
    label = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=100,
        help_text=_("Empty: the service's name, e.g. “Instagram”."),
    )

    class Meta:
        icon = "site"
        label = _("Social media link")

    def clean(self, value):
        value = super().clean(value)
        if value.get("service") == "other" and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={"label": [_("Name the service in the link text.")]}
            )
        return value
