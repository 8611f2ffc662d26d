"""The single API router, mounted at /api/v2/.

Wagtail's pages, images and documents endpoints, extended so that every
response holds what a front end needs (rendered rich text, image renditions,
related objects expanded one level, translations), plus one endpoint per
shared snippet type (defined in each app's api.py), the sites list and a
site-wide search. The API is public, anonymous and read-only.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import JsonResponse
from django.utils.functional import cached_property
from rest_framework.fields import Field
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cms.api_representation import image_representation, page_detail_url
from cms.blocks import SnippetListBlock
from cms.renderers import api_renderers
from cms.response_cache import (
    SNIPPET_MODEL_TAGS,
    cached_fragment,
    depends_on,
    depends_on_snippets,
    fragment_is_cached,
    kept_page_rows,
    kept_representations,
    row_digest,
    row_digest_by_pk,
    site_tag,
    stored_values_digest,
    stream_digest,
    url_origin,
    with_kept_count,
)
from cms.restrictions import any_page_view_restriction
from projects.api import ActivityAPIViewSet, ProjectAPIViewSet
from publications.api import PublicationAPIViewSet
from sites.api import (
    CultureAreaAPIViewSet,
    GoalAPIViewSet,
    OrganisationAPIViewSet,
    RelatedLocalizer,
    SitesAPIViewSet,
    SnippetLocator,
    clean_search_query,
    locale_from_param,
    parse_choice,
    site_from_param,
    translation_reference,
)
from sites.locales import locale_by_id
from sites.routing import by_pk, live_page_types, root_translations

# ---------------------------------------------------------------------------
# Search parameters of Wagtail's own endpoints


class ValidatedSearchMixin:
    """A clear 400 for a bad `search` or `search_operator` (Wagtail raises a 500)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if "search" in request.GET:
            clean_search_query(request.GET["search"])
        if "search_operator" in request.GET:
            parse_choice("search_operator", request.GET["search_operator"], ["and", "or"])


# ---------------------------------------------------------------------------
# Pages


class PageTranslationsField(Field):
    """meta.translations of a page: its other-language versions."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        translations = self.context.get("page_translations", {}).get(page.translation_key)
        if translations is None:
            translations = page.get_translations().live().select_related("locale")
        return [translation_reference(t, self.context) for t in translations if t.pk != page.pk]


class PageDetailUrlField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page_detail_url(page, self.context["request"], self.context["router"])


class SamverkanPageSerializer(PageSerializer):
    detail_url = PageDetailUrlField(read_only=True)
    translations = PageTranslationsField(read_only=True)


class SamverkanPagesAPIViewSet(ValidatedSearchMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, with translations and query-light listings."""

    renderer_classes = api_renderers()
    base_serializer_class = SamverkanPageSerializer
    meta_fields = [*PagesAPIViewSet.meta_fields, "translations"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Clear 400s for an unknown site or locale, before Wagtail's 404s.
        site = request.GET.get("site")
        self.site = site_from_param(site) if site is not None else None
        if "locale" in request.GET:
            locale_from_param(request.GET["locale"])
        self.locator = SnippetLocator(site=self.site)
        scope = self.site or Site.find_for_request(request)
        if scope is not None:
            depends_on(site_tag(scope.pk), "locator")
            depends_on_snippets()  # snippet list blocks and related names

    def get_base_queryset(self):
        """Live public pages of the requested site, in every language.

        Wagtail's get_public_pages_queryset, built once per request (Wagtail
        asks for it several times) from the site already looked up.
        """
        if not hasattr(self, "_base_queryset"):
            site = self.site or Site.find_for_request(self.request)
            queryset = Page.objects.all().live()
            restrictions = (
                PageViewRestriction.objects.select_related("page")
                if any_page_view_restriction()
                else ()
            )
            for restriction in restrictions:
                if not restriction.accept_request(self.request):
                    queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
            if site is None:
                queryset = queryset.none()
            else:
                base = queryset
                queryset = base.descendant_of(site.root_page, inclusive=True)
                for translation in root_translations(site):
                    queryset |= base.descendant_of(translation, inclusive=True)
            self._base_queryset = queryset
        return self._base_queryset

    def get_queryset(self):
        return super().get_queryset().select_related("locale")

    def get_object(self):
        """The page of a detail request, as its specific type.

        Wagtail loads the page from the site's public pages, then again as
        its specific type. When no page has a view restriction and no filter
        is given, the site's kept map of live pages names the type, so one
        query of that type suffices; otherwise, Wagtail's way. Found once
        per request (Wagtail asks again for the serializer's class).
        """
        if getattr(self, "_page", None) is None:
            model = self.live_page_type
            page = by_pk(model, self.kwargs["pk"], live_only=True) if model else None
            if page is None:
                page = super().get_object()
            else:
                page.locale = locale_by_id(page.locale_id)  # kept: no query
            self._page = page
        return self._page

    @cached_property
    def live_page_type(self):
        """The specific type of the requested page, when the site's kept map of
        live pages may answer (no view restriction, no filter), else None."""
        from django.contrib.contenttypes.models import ContentType

        if set(self.request.GET) - {"fields"} or any_page_view_restriction():
            return None
        site = self.site or Site.find_for_request(self.request)
        content_type_id = live_page_types(site).get(self.kwargs["pk"]) if site else None
        if content_type_id is None:
            return None
        return ContentType.objects.get_for_id(content_type_id).model_class()

    def prepare(self, pages: list) -> None:
        """Load what serialising the pages needs, in a fixed number of queries."""
        keys = {page.translation_key for page in pages}
        translations = defaultdict(list)
        for page in (
            self.get_base_queryset().filter(translation_key__in=keys).select_related("locale")
        ):
            translations[page.translation_key].append(page)
        self.page_translations = translations
        self.snippet_list_items = {}
        self.prefetch_streams(pages)

    def stream_fragment_name(self, page, field_name: str) -> str:
        """What a page's StreamField representation is kept under (see StreamFieldInLocale).

        It names everything the representation depends on besides what its
        blocks record while it is built: the stored value itself, the page,
        its language, the host absolute URLs are built for and the ?site=
        that html_urls point into.
        """
        return "|".join(
            [
                "api-stream",
                page._meta.label,
                str(page.pk),
                field_name,
                str(page.locale_id),
                url_origin(self.request),
                str(self.site.pk if self.site else ""),
                stream_digest(getattr(page, field_name)),
            ]
        )

    def prefetch_streams(self, pages: list) -> None:
        """Convert all pages' StreamFields at once, so choosers query once per model.

        Pages whose representation is already kept as a fragment are left
        alone: serialising them costs no query at all.
        """
        if not pages:
            return
        model = type(pages[0])
        for field in model._meta.get_fields():
            if not isinstance(field, StreamField):
                continue
            pending = []
            for page in pages:
                name = self.stream_fragment_name(page, field.name)
                page.__dict__.setdefault("_stream_fragments", {})[field.name] = name
                if not fragment_is_cached(name):
                    pending.append(page)
            if not pending:
                continue
            values = [getattr(page, field.name) for page in pending]
            raw = [value.get_prep_value() for value in values]
            converted = field.stream_block.bulk_to_python(raw)
            images, list_blocks = [], []
            for page, value in zip(pending, converted, strict=True):
                setattr(page, field.name, value)
                images.extend(_images_in(value))
                locale = Locale(pk=page.locale_id)  # the id is enough; no query
                list_blocks.extend(
                    (child.block, child.value, locale)
                    for child in value
                    if isinstance(child.block, SnippetListBlock)
                )
            if images:
                prefetch_related_objects(images, "renditions")
            self.snippet_list_items.update(SnippetListBlock.prefetch(list_blocks))

    def item_fragment_name(self, model, pk, digest: str) -> str:
        """What a listed page's representation is kept under, as a fragment.

        It names everything the representation depends on besides what is
        recorded while it is built (the locator and the snippet models:
        every publish of a page or snippet): the page's stored values (their
        digest) and `item_fragment_context`.
        """
        return f"api-page-item|{model._meta.label}|{pk}|{digest}|{self.item_fragment_context}"

    @cached_property
    def item_fragment_context(self) -> str:
        """What every listed page's fragment name shares within this request:
        the fields and type asked for, the host absolute URLs are built for
        and the ?site= that html_urls point into."""
        return "|".join(
            [
                url_origin(self.request),
                self.request.GET.get("fields", ""),
                self.request.GET.get("type", ""),
                self.request.GET.get("site", ""),
            ]
        )

    def listing_view(self, request):
        """Wagtail's listing, with each page's representation kept as a fragment.

        Only pages without a current fragment are loaded (on PostgreSQL, which
        names each row's stored values; elsewhere all are), prepared and
        serialised.
        """
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        # Any change of a page bumps "locator"; of a site or restriction, "all".
        kept_until = ["locator", "all"]
        keep = "search" not in request.GET and not any_page_view_restriction()
        if keep:
            queryset = with_kept_count(queryset, request, kept_until)
        shown = self.paginate_queryset(queryset)
        model = queryset.model
        if isinstance(shown, QuerySet) and connection.vendor == "postgresql":
            loaded = {}
            if keep:
                # Which pages the page of results holds is kept, as for snippets.
                rows = kept_page_rows(queryset, shown, request, kept_until)
            else:
                rows = list(shown.values_list("pk", row_digest(model)))
        else:
            loaded = {page.pk: page for page in shown}
            rows = [(pk, stored_values_digest(page)) for pk, page in loaded.items()]

        def represent(serializer, page):
            depends_on("locator", *SNIPPET_MODEL_TAGS)
            return serializer.to_representation(page)

        items = kept_representations(
            rows,
            lambda pk, digest: self.item_fragment_name(model, pk, digest),
            loaded,
            lambda ids: {page.pk: page for page in queryset.filter(pk__in=ids)},
            self.prepared_serializer,
            represent,
            encoded=True,
        )
        return self.get_paginated_response(items)

    def prepared_serializer(self, pages: list):
        """A listing serializer for pages whose translations and streams are fetched."""
        if pages:
            self.prepare(pages)
        return self.get_serializer(pages, many=True).child

    def detail_view(self, request, pk):
        """The page, serialised once and kept until it or anything it shows changes.

        The fragment's name holds the page's stored values (so any save shows
        at once), the host and the query string; what it shows (other pages'
        titles and addresses, snippets, images) bumps "locator", the snippet
        models or "all". On PostgreSQL, when the site's kept map names the
        page's type, the name takes the version of its rows (row_digest) and
        the page is loaded only to build the fragment.
        """
        model = self.live_page_type if connection.vendor == "postgresql" else None
        digest = row_digest_by_pk(model, pk, live_only=True) if model else None
        if digest is None:
            page = self.get_object()
            model, digest = type(page), stored_values_digest(page)
        else:
            page = None
        name = "|".join(
            [
                "api-page",
                model._meta.label,
                str(pk),
                digest,
                url_origin(request),
                "&".join(sorted(request.GET.urlencode().split("&"))),
            ]
        )

        def build():
            depends_on("locator", *SNIPPET_MODEL_TAGS)
            shown = page if page is not None else self.get_object()
            # .specific made a new instance: its locale from memory, not a query.
            shown.locale = locale_by_id(shown.locale_id)
            self.prepare([shown])
            return self.get_serializer(shown).data

        return Response(cached_fragment(name, build))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["locator"] = self.locator
        context["localizer"] = RelatedLocalizer()
        context["page_translations"] = getattr(self, "page_translations", {})
        context["snippet_list_items"] = getattr(self, "snippet_list_items", {})
        return context


def _images_in(stream_value) -> list:
    from wagtail.images.models import AbstractImage

    found = []

    def walk(value):
        if isinstance(value, AbstractImage):
            found.append(value)
        elif hasattr(value, "raw_data") and hasattr(value, "__iter__"):  # StreamValue
            for child in value:
                walk(child.value)
        elif isinstance(value, dict) or hasattr(value, "items"):
            for child in value.values():
                walk(child)
        elif isinstance(value, list | tuple) or hasattr(value, "bound_blocks"):
            for child in value:
                walk(getattr(child, "value", child))

    walk(stream_value)
    return found


# ---------------------------------------------------------------------------
# Images and documents


class PrefetchedTagsField(Field):
    """Tag names, from the prefetched `tags` (Wagtail's TagsField queries per item)."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class ImageRepresentationField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, image):
        representation = image_representation(image, self.context.get("request"))
        return representation[self.field_name]


class SamverkanImageSerializer(ImageSerializer):
    tags = PrefetchedTagsField(read_only=True)
    alt = ImageRepresentationField(read_only=True)
    focal_point = ImageRepresentationField(read_only=True)
    renditions = ImageRepresentationField(read_only=True)


class SamverkanImagesAPIViewSet(ValidatedSearchMixin, ImagesAPIViewSet):
    """Images in public collections, with alt text, focal point and renditions."""

    renderer_classes = api_renderers()
    base_serializer_class = SamverkanImageSerializer
    body_fields = [*ImagesAPIViewSet.body_fields, "alt", "focal_point", "renditions"]
    listing_default_fields = [*ImagesAPIViewSet.listing_default_fields, "alt", "renditions"]

    def get_queryset(self):
        depends_on("media")  # bumped with "all" when an image or document changes
        return super().get_queryset().prefetch_related(Prefetch("renditions"), "tags")


class DocumentFileField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, document):
        if self.field_name == "file_extension":
            return document.file_extension
        return document.file_size


class SamverkanDocumentSerializer(DocumentSerializer):
    tags = PrefetchedTagsField(read_only=True)
    file_extension = DocumentFileField(read_only=True)
    file_size = DocumentFileField(read_only=True)


class SamverkanDocumentsAPIViewSet(ValidatedSearchMixin, DocumentsAPIViewSet):
    """Documents in public collections, with file type and size."""

    renderer_classes = api_renderers()
    base_serializer_class = SamverkanDocumentSerializer
    body_fields = [*DocumentsAPIViewSet.body_fields, "file_extension", "file_size"]
    listing_default_fields = [
        *DocumentsAPIViewSet.listing_default_fields,
        "file_extension",
        "file_size",
    ]

    def get_queryset(self):
        depends_on("media")
        return super().get_queryset().prefetch_related("tags")


# ---------------------------------------------------------------------------
# The router

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", SamverkanPagesAPIViewSet)
api_router.register_endpoint("images", SamverkanImagesAPIViewSet)
api_router.register_endpoint("documents", SamverkanDocumentsAPIViewSet)
api_router.register_endpoint("sites", SitesAPIViewSet)
api_router.register_endpoint("organisations", OrganisationAPIViewSet)
api_router.register_endpoint("areas", CultureAreaAPIViewSet)
api_router.register_endpoint("goals", GoalAPIViewSet)
api_router.register_endpoint("projects", ProjectAPIViewSet)
api_router.register_endpoint("activities", ActivityAPIViewSet)
api_router.register_endpoint("publications", PublicationAPIViewSet)


def api_not_found(request, *args, **kwargs):
    """Any other path under /api/: a JSON 404, never an HTML page."""
    return JsonResponse({"message": f"no API endpoint at {request.path}"}, status=404)
