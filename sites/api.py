"""The shared snippets in the content API, and the sites endpoint.

Snippet endpoints use Wagtail's API v2 machinery (BaseAPIViewSet), so they
answer in the same envelope as the pages endpoint and understand the same
`fields`, `order`, `limit`, `offset` and `search` parameters. On top of that
each endpoint declares its own filters, validated strictly: a malformed value
is a 400 with a message that names it.

Three helpers keep the number of SQL queries independent of the number of
items in a response:

- `SnippetLocator` knows which index page shows which organisation's items
  on which site (cached until pages or site settings change), which gives
  every snippet its `html_url` and implements the `site` filter;
- `RelatedLocalizer` fetches, in one query per model, the translations of
  all related objects in a response, so an English item names its partners
  in English where they are translated;
- translations of the items themselves are fetched in one query per
  response for `meta.translations`.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.db.models import Model, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.functional import cached_property
from rest_framework.fields import Field
from rest_framework.response import Response
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.serializers import BaseSerializer
from wagtail.api.v2.utils import (
    BadRequestError,
    get_object_detail_url,
    parse_fields_parameter,
)
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend

from cms.api_representation import object_reference, page_detail_url
from cms.renderers import EncodedJSON, api_renderers
from cms.response_cache import (
    SNIPPET_MODEL_TAGS,
    cached_by_tags,
    depends_on,
    depends_on_snippets,
    kept_page_rows,
    kept_representations,
    model_tag,
    stored_values_digest,
    url_origin,
    with_kept_count,
)
from sites.locales import locale_by_code
from sites.routing import own_copy
from sites.snippets import owner_keys_q

from .models import CultureArea, Goal, Organisation, SiteSettings
from .pages import SnippetIndexPage
from .snippets import default_locale_id

LOCATOR_TAGS = ["locator", "all", *SNIPPET_MODEL_TAGS]
MAX_SEARCH_LENGTH = 200

# --------------------------------------------------------------------------
# Parameter parsing: every malformed value is a 400 that names the parameter


def parse_int(name: str, value: str, minimum: int = 0) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise BadRequestError(f"{name} must be a whole number, not {value!r}") from exc
    if number < minimum:
        raise BadRequestError(f"{name} must be at least {minimum}")
    return number


def parse_date(name: str, value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise BadRequestError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from exc


def parse_bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise BadRequestError(f"{name} must be true or false, not {value!r}")


def parse_choice(name: str, value: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    if value not in choices:
        raise BadRequestError(f"{name} must be one of {', '.join(choices)}; not {value!r}")
    return value


def clean_search_query(value: str) -> str:
    """Reject what no search engine should see: control characters, overlong input."""
    if len(value) > MAX_SEARCH_LENGTH:
        raise BadRequestError(f"search must be at most {MAX_SEARCH_LENGTH} characters")
    if "\ufffd" in value:
        raise BadRequestError("search is not valid UTF-8")
    for char in value:
        category = unicodedata.category(char)
        if category in {"Cc", "Cs", "Co", "Cn"} and char not in "\t\n\r":
            raise BadRequestError("search contains characters that are not allowed")
    return value.strip()


def locale_from_param(value: str) -> Locale:
    locale = locale_by_code(value)
    if locale is None:
        available = ", ".join(Locale.objects.values_list("language_code", flat=True))
        raise BadRequestError(f"unknown locale {value!r}; available: {available}")
    return locale


def site_from_param(value: str) -> Site:
    hostname, _, port = value.partition(":")
    if port and not port.isdigit():
        raise BadRequestError(f"site port must be a number, not {port!r}")

    def find() -> list[Site]:
        sites = Site.objects.filter(hostname=hostname).select_related("root_page")
        if port:
            sites = sites.filter(port=int(port))
        return list(sites[:2])

    # Kept until a site or site setting changes, or a page (a root may move).
    sites = [
        own_copy(shared)
        for shared in cached_by_tags(f"sites-named:{value}", ["all", "locator"], find)
    ]
    if not sites:
        raise BadRequestError(f"unknown site {value!r}; see /api/v2/sites/ for the list")
    if len(sites) > 1:
        raise BadRequestError(f"several sites answer to {value!r}; add the port")
    return sites[0]


def organisations_from_param(value: str) -> list[str]:
    """Translation keys of the organisations named by ids or slugs (comma-separated)."""

    def build() -> dict[str, object]:
        # Slugs are unique per language; the first by name wins, as before.
        known = {}
        for pk, slug, key in Organisation.objects.order_by("-name").values_list(
            "pk", "slug", "translation_key"
        ):
            known[f"pk:{pk}"] = known[f"slug:{slug}"] = key
        return known

    # Kept until an organisation changes.
    known = cached_by_tags("organisation-keys", [model_tag(Organisation)], build)
    keys = []
    for part in value.split(","):
        part = part.strip()
        key = known.get(("pk:" if part.isdigit() else "slug:") + part)
        if key is None:
            raise BadRequestError(f"unknown organisation {part!r}")
        keys.append(key)
    return keys


# --------------------------------------------------------------------------
# Where snippets are shown


class SnippetLocator:
    """Which index page shows which snippets, on which site and in which locale.

    The map is built from the live index pages, their chosen organisations
    and the sites' owners, and cached until a page or site setting changes
    (see sites/signal_handlers.py).
    """

    def __init__(self, site: Site | None = None):
        self.site = site
        self._map: dict | None = None

    @staticmethod
    def build() -> dict:
        sites = list(Site.objects.select_related("root_page"))
        owners = {
            s.site_id: s.organisation.translation_key
            for s in SiteSettings.objects.select_related("organisation")
            if s.organisation_id
        }
        roots = {}
        root_keys = {site.root_page.translation_key: site for site in sites}
        for root in Page.objects.filter(translation_key__in=root_keys).only(
            "path", "translation_key"
        ):
            roots[root.path] = root_keys[root.translation_key].pk
        entries = []
        for model in SnippetIndexPage.__subclasses__():
            pages = model.objects.live().public().prefetch_related("organisations")
            for page in pages:
                site_id = next(
                    (sid for path, sid in roots.items() if page.path.startswith(path)), None
                )
                if site_id is None:
                    continue
                if page.show_all_organisations:
                    scope = None
                else:
                    scope = [o.translation_key for o in page.organisations.all()]
                    if not scope and site_id in owners:
                        scope = [owners[site_id]]
                entries.append(
                    {
                        "page_id": page.pk,
                        "page_model": model._meta.label,
                        "title": page.title,
                        "model": model.snippet_model._meta.label,
                        "site": site_id,
                        "locale": page.locale_id,
                        "url": page.get_full_url(),
                        "scope": None if scope is None else set(map(str, scope)),
                    }
                )
        return {
            "entries": entries,
            "organisation_keys": {
                pk: str(key)
                for pk, key in Organisation.objects.values_list("pk", "translation_key")
            },
            "owner_sites": {str(key): sid for sid, key in owners.items()},
            "site_urls": {site.pk: site.root_url + "/" for site in sites},
        }

    @property
    def map(self) -> dict:
        if self._map is None:
            # A fragment (this process's memory first, then the shared cache),
            # rebuilt after any change of a page ("locator"), a snippet (the
            # organisations' keys) or of sites and settings ("all"). Shared
            # between requests: read-only. Not recorded for the response: a
            # page that links snippets depends on its site and the snippet
            # models already, the API on "locator".
            self._map = cached_by_tags("snippet-locator", LOCATOR_TAGS, self.build, record=False)
        return self._map

    def owner_key(self, obj) -> str | None:
        return self.map["organisation_keys"].get(getattr(obj, "organisation_id", None))

    def html_url(self, obj) -> str | None:
        if isinstance(obj, Organisation):
            site_id = self.map["owner_sites"].get(str(obj.translation_key))
            return self.map["site_urls"].get(site_id) if site_id else None
        label = type(obj)._meta.label
        owner = self.owner_key(obj)
        if owner is None:
            return None
        site_id = self.site.pk if self.site else self.map["owner_sites"].get(owner)
        default_locale = default_locale_id()
        best = None
        for entry in self.map["entries"]:
            if entry["model"] != label or entry["site"] != site_id:
                continue
            if entry["scope"] is not None and owner not in entry["scope"]:
                continue
            if entry["locale"] == obj.locale_id:
                return f"{entry['url']}{obj.slug}/"
            if entry["locale"] == default_locale:
                best = f"{entry['url']}{obj.slug}/"
        return best

    def index_entry(self, label: str, site_id: int, locale_id: int) -> dict | None:
        """The index page of `label` snippets on a site, in a locale (else Swedish)."""
        fallback = None
        for entry in self.map["entries"]:
            if entry["model"] != label or entry["site"] != site_id:
                continue
            if entry["locale"] == locale_id:
                return entry
            if entry["locale"] == default_locale_id():
                fallback = entry
        return fallback

    def urls_showing(self, obj) -> set[str]:
        """Every public URL whose page lists or shows `obj`: for purging a CDN."""
        owner = self.owner_key(obj)
        urls = set()
        for entry in self.map["entries"]:
            if entry["model"] != type(obj)._meta.label:
                continue
            if entry["scope"] is None or owner in entry["scope"]:
                urls |= {entry["url"], f"{entry['url']}{obj.slug}/"}
                urls.add(self.map["site_urls"][entry["site"]])
        return urls

    def shown_on_site(self, model: type[Model], site: Site) -> Q:
        """A filter for the items of `model` that some index page of `site` shows."""
        scopes = [
            entry["scope"]
            for entry in self.map["entries"]
            if entry["model"] == model._meta.label and entry["site"] == site.pk
        ]
        if any(scope is None for scope in scopes):
            return Q()
        keys = set().union(*scopes) if scopes else set()
        return owner_keys_q(keys)

    def owners_shown_on_site(self, site: Site) -> set[str] | None:
        keys: set[str] = set()
        for entry in self.map["entries"]:
            if entry["site"] == site.pk:
                if entry["scope"] is None:
                    return None
                keys |= entry["scope"]
        return keys


# --------------------------------------------------------------------------
# Related objects in the reader's language


class RelatedLocalizer:
    """Batch-fetches translations of related snippets, one query per model."""

    def __init__(self):
        self.translations: dict[tuple[type, Any, int], Model] = {}

    def prepare(self, items: Iterable[Model], field_names: Iterable[str]) -> None:
        default = default_locale_id()
        wanted: dict[tuple[type, int], set] = defaultdict(set)
        for item in items:
            locale_id = getattr(item, "locale_id", None) or default
            if locale_id == default:
                continue
            for related in related_objects(item, field_names):
                if hasattr(related, "translation_key") and related.locale_id != locale_id:
                    wanted[(type(related), locale_id)].add(related.translation_key)
        for (model, locale_id), keys in wanted.items():
            queryset = model._default_manager.filter(translation_key__in=keys, locale_id=locale_id)
            if hasattr(model, "live"):
                queryset = queryset.filter(live=True)
            for obj in queryset:
                self.translations[(model, obj.translation_key, locale_id)] = obj

    def localize(self, obj: Model, locale_id: int | None) -> Model:
        if obj is None or locale_id is None:
            return obj
        return self.translations.get(
            (type(obj), getattr(obj, "translation_key", None), locale_id), obj
        )


def related_objects(item: Model, field_names: Iterable[str]) -> Iterable[Model]:
    for name in field_names:
        value = getattr(item, name, None)
        if value is None:
            continue
        if hasattr(value, "all"):
            for related in value.all():
                yield getattr(related, "funder", related)
        else:
            yield value


# --------------------------------------------------------------------------
# Serializer fields


class SnippetHtmlUrlField(Field):
    """meta.html_url: where a visitor reads the item (see SnippetLocator)."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, obj):
        return self.context["locator"].html_url(obj)


class LocaleCodeField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, obj):
        return obj.locale.language_code


class TranslationsField(Field):
    """meta.translations: the item's other-language versions, with their URLs."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, obj):
        translations = self.context.get("translations", {}).get(obj.translation_key)
        if translations is None:
            translations = (
                type(obj)
                .objects.live()
                .filter(translation_key=obj.translation_key)
                .select_related("locale")
            )
        return [translation_reference(t, self.context) for t in translations if t.pk != obj.pk]


def translation_reference(obj, context: dict) -> dict:
    request, router = context.get("request"), context.get("router")
    if isinstance(obj, Page):
        detail_url = page_detail_url(obj, request, router)
        html_url = obj.full_url
    else:
        detail_url = get_object_detail_url(router, request, type(obj), obj.pk)
        html_url = context["locator"].html_url(obj) if "locator" in context else None
    return {
        "locale": obj.locale.language_code,
        "id": obj.pk,
        "detail_url": detail_url,
        "html_url": html_url,
    }


class SnippetSerializer(BaseSerializer):
    html_url = SnippetHtmlUrlField(read_only=True)
    locale = LocaleCodeField(read_only=True)
    translations = TranslationsField(read_only=True)


# --------------------------------------------------------------------------
# Endpoints


class DeclaredFieldsFilter(FieldsFilter):
    """Wagtail's exact-match field filters, except where the endpoint declares its own."""

    def filter_queryset(self, request, queryset, view):
        declared = set(view.filter_names())
        request_get = request.GET
        try:
            request._request.GET = request_get.copy()
            for name in declared:
                request._request.GET.pop(name, None)
            return super().filter_queryset(request, queryset, view)
        finally:
            request._request.GET = request_get


class SnippetFilter:
    """Applies the endpoint's declared filters (`SnippetAPIViewSet.filters`)."""

    def filter_queryset(self, request, queryset, view):
        for name, apply in view.get_filters().items():
            value = request.GET.get(name)
            if value is not None:
                if value == "":
                    raise BadRequestError(f"{name} needs a value")
                queryset = apply(queryset, value)
        return queryset


class SnippetSearchFilter:
    """Full-text search within whatever the other filters left."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        query = clean_search_query(request.GET["search"])
        if not query:
            return queryset.none()
        operator = request.GET.get("search_operator")
        if operator is not None:
            operator = parse_choice("search_operator", operator, ["and", "or"])
        model = queryset.model
        candidates = model.objects.filter(pk__in=queryset.values("pk"))
        results = get_search_backend().search(
            query, candidates, operator=operator, order_by_relevance="order" not in request.GET
        )
        # Keep the select_related/prefetch_related of the view's queryset.
        ids = [obj.pk for obj in results]
        by_id = {obj.pk: obj for obj in queryset.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]


class SnippetAPIViewSet(BaseAPIViewSet):
    """Base for the snippet endpoints: live items only, strict filters."""

    renderer_classes = api_renderers()
    base_serializer_class = SnippetSerializer
    filter_backends = [DeclaredFieldsFilter, SnippetFilter, OrderingFilter, SnippetSearchFilter]
    common_filters = ["locale", "translation_of", "site"]
    meta_fields = ["type", "detail_url", "html_url", "locale", "translations"]
    listing_default_fields = ["id", "type", "detail_url", "html_url", "locale"]
    nested_default_fields = ["id", "type", "detail_url", "html_url"]
    # Names of relations to fetch in bulk and localise (see RelatedLocalizer).
    select_related: list[str] = []
    prefetch_related: list[str] = []
    relation_fields: list[str] = []
    default_order = ["pk"]

    @classmethod
    def filter_names(cls) -> list[str]:
        return [*cls.common_filters, *cls.extra_filters()]

    @classmethod
    def extra_filters(cls) -> list[str]:
        return []

    @classmethod
    def _known(cls):
        return BaseAPIViewSet.known_query_parameters.union(cls.filter_names())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_query_parameters = self._known()

    # Filters ---------------------------------------------------------------

    def get_filters(self) -> dict[str, Callable[[QuerySet, str], QuerySet]]:
        return {name: getattr(self, f"filter_{name}") for name in self.filter_names()}

    def filter_locale(self, queryset, value):
        return queryset.filter(locale=locale_from_param(value))

    def filter_translation_of(self, queryset, value):
        pk = parse_int("translation_of", value, minimum=1)
        source = self.model.objects.live().filter(pk=pk).first()
        if source is None:
            raise BadRequestError(f"translation_of: no live {self.name} with id {pk}")
        return queryset.filter(translation_key=source.translation_key).exclude(pk=pk)

    def filter_site(self, queryset, value):
        return queryset.filter(self.locator.shown_on_site(self.model, self.site))

    def filter_organisation(self, queryset, value):
        return queryset.owned_by_keys(organisations_from_param(value))

    # Request handling -------------------------------------------------------

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        depends_on_snippets()
        depends_on("locator")
        site_param = request.GET.get("site")
        self.site = site_from_param(site_param) if site_param else None
        self.locator = SnippetLocator(site=self.site)
        self.localizer = RelatedLocalizer()
        self.translations: dict = {}

    def shown_fields(self) -> set[str] | None:
        """The top-level fields this response shows; None for every field."""
        if self.action != "listing_view":
            return None  # details show every field
        raw = self.request.GET.get("fields")
        if not raw:
            return set(self.get_listing_default_fields(self.model))
        try:
            parsed = parse_fields_parameter(raw)
        except ValueError:
            return None  # the serializer reports the error
        if any(name in ("*", "_") for name, _negated, _sub in parsed[:1]):
            return None if parsed[0][0] == "*" else {n for n, neg, _ in parsed if not neg}
        return set(self.get_listing_default_fields(self.model)) | {
            name for name, negated, _sub in parsed if not negated
        }

    def related_to_fetch(self, names: list[str]) -> list[str]:
        """The select/prefetch paths whose first field this response shows."""
        shown = self.shown_fields()
        if shown is None:
            return list(names)
        return [name for name in names if name.split("__")[0] in shown]

    def get_queryset(self):
        queryset = self.model.objects.live().select_related(
            "locale", *self.related_to_fetch(self.select_related)
        )
        # The prefetches run in serialize(), for the items it has to build.
        return queryset.order_by(*self.default_order)

    def get_object(self):
        if hasattr(self, "_cached_object"):  # asked for again by get_serializer_class
            return self._cached_object
        pk = self.kwargs.get("pk")
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            raise Http404(f"no live {self.name} with id {pk}")
        self._cached_object = obj
        return obj

    def item_fragment_name(self, pk, digest: str) -> str:
        """What an item's representation is kept under, as a fragment.

        It names everything the representation depends on besides what is
        recorded while it is built (the snippet models, the locator: every
        publish of a snippet or page): the item's own stored values and
        `item_fragment_context`.
        """
        return f"api-item|{pk}|{digest}|{self.item_fragment_context}"

    @cached_property
    def item_fragment_context(self) -> str:
        """What every item's fragment name shares within this request: the
        view, the fields asked for, the host absolute URLs are built for and
        the ?site= that html_urls point into."""
        return "|".join(
            [
                self.action or "",
                self.model._meta.label,
                url_origin(self.request),
                self.request.GET.get("fields", ""),
                self.request.GET.get("site", ""),
            ]
        )

    def serialize(self, items: list, encoded: bool = False) -> list[dict] | EncodedJSON:
        """The loaded items' representations, each kept as a fragment.

        Only the items without a current fragment are prepared (their
        relations prefetched, translations fetched) and serialised. With
        `encoded`, as JSON for a response (see kept_representations).
        """
        loaded = {item.pk: item for item in items}
        rows = [(pk, stored_values_digest(item)) for pk, item in loaded.items()]
        # Nothing to load: every item is loaded.
        return self.serialize_rows(self.model.objects.none(), rows, loaded, encoded)

    def serialize_rows(
        self, queryset, rows: list[tuple[int, str]], loaded=None, encoded: bool = False
    ) -> list[dict] | EncodedJSON:
        """serialize() for a page of results given as (id, digest of the stored row):
        only the items without a current fragment are loaded from `queryset`."""
        return kept_representations(
            rows,
            self.item_fragment_name,
            loaded or {},
            lambda ids: {item.pk: item for item in queryset.filter(pk__in=ids)},
            self.prepared_serializer,
            self.build_item,
            encoded=encoded,
        )

    def prepared_serializer(self, items: list):
        """A serializer for items whose relations and translations are fetched."""
        if items:
            lookups = self.related_to_fetch(self.prefetch_related)
            if lookups:
                prefetch_related_objects(items, *lookups)
            self.prepare(items)
        return self.get_serializer(items, many=True).child

    def build_item(self, serializer, item) -> dict:
        depends_on_snippets()
        depends_on("locator")
        return serializer.to_representation(item)

    def prepare(self, items: list) -> None:
        """Fetch, for the whole page of results at once, what serialising needs."""
        self.localizer.prepare(items, self.related_to_fetch(self.relation_fields))
        keys = {item.translation_key for item in items}
        translations = defaultdict(list)
        for obj in (
            self.model.objects.live()
            .filter(translation_key__in=keys)
            .select_related("locale", *[f for f in self.select_related if f == "organisation"])
        ):
            translations[obj.translation_key].append(obj)
        self.translations = translations

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        if "search" not in request.GET and not isinstance(queryset, list):
            # Snippets, the pages that show them (locator), sites ("all").
            queryset = with_kept_count(queryset, request, [*SNIPPET_MODEL_TAGS, "locator", "all"])
        page = self.paginate_queryset(queryset)
        if (
            isinstance(page, QuerySet)
            and connection.vendor == "postgresql"
            and "search" not in request.GET
        ):
            # PostgreSQL names each row's stored values: the items come from
            # their fragments without loading a single object.
            rows = kept_page_rows(queryset, page, request, [*SNIPPET_MODEL_TAGS, "locator", "all"])
            items = self.serialize_rows(queryset, rows, encoded=True)
            return self.get_paginated_response(items)
        return self.get_paginated_response(self.serialize(list(page), encoded=True))

    def detail_view(self, request, pk):
        self.check_query_parameters(self.model.objects.none())
        return Response(self.serialize([self.get_object()])[0])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context.update(
            {
                "locator": self.locator,
                "localizer": self.localizer,
                "translations": self.translations,
            }
        )
        return context

    def paginate_queryset(self, queryset):
        if isinstance(queryset, list):
            # Search results, already materialised.
            return self.paginator.paginate_queryset(_CountedList(queryset), self.request, self)
        return super().paginate_queryset(queryset)

    def get_paginated_response(self, data):
        return Response({"meta": {"total_count": self.paginator.total_count}, "items": data})


class _CountedList(list):
    def count(self, *args):  # Wagtail's paginator calls queryset.count()
        return len(self) if not args else super().count(*args)


class OrganisationAPIViewSet(SnippetAPIViewSet):
    name = "organisations"
    model = Organisation
    common_filters = ["locale", "translation_of", "site"]
    listing_default_fields = [*SnippetAPIViewSet.listing_default_fields, "name", "slug", "kind"]
    nested_default_fields = [*SnippetAPIViewSet.nested_default_fields, "name"]
    relation_fields = ["partners"]
    prefetch_related = ["partners"]
    default_order = ["name", "pk"]

    @classmethod
    def extra_filters(cls):
        return ["kind"]

    def filter_kind(self, queryset, value):
        return queryset.filter(kind=parse_choice("kind", value, Organisation.Kind.values))

    def filter_site(self, queryset, value):
        keys = self.locator.owners_shown_on_site(self.site)
        return queryset if keys is None else queryset.filter(translation_key__in=keys)


class CultureAreaAPIViewSet(SnippetAPIViewSet):
    name = "areas"
    model = CultureArea
    listing_default_fields = [*SnippetAPIViewSet.listing_default_fields, "name", "slug"]
    nested_default_fields = [*SnippetAPIViewSet.nested_default_fields, "name"]
    default_order = ["name", "pk"]

    @classmethod
    def extra_filters(cls):
        return ["national"]

    def filter_national(self, queryset, value):
        return queryset.filter(is_national_area=parse_bool("national", value))

    def filter_site(self, queryset, value):
        # Areas are a shared taxonomy: a site shows the areas of what it shows.
        from projects.models import Project
        from publications.models import Publication

        keys = set()
        for model in (Project, Publication):
            shown = model.objects.live().filter(self.locator.shown_on_site(model, self.site))
            keys |= set(shown.values_list("areas__translation_key", flat=True))
        return queryset.filter(translation_key__in=keys - {None})


class GoalAPIViewSet(SnippetAPIViewSet):
    name = "goals"
    model = Goal
    listing_default_fields = [
        *SnippetAPIViewSet.listing_default_fields,
        "title",
        "number",
        "period_start",
        "period_end",
    ]
    nested_default_fields = [*SnippetAPIViewSet.nested_default_fields, "title"]
    select_related = ["organisation", "set_by"]
    relation_fields = ["organisation", "set_by"]
    default_order = ["-period_start", "number", "pk"]

    @classmethod
    def extra_filters(cls):
        return ["organisation", "period"]

    def filter_period(self, queryset, value):
        year = parse_int("period", value, minimum=1)
        return queryset.filter(period_start__lte=year, period_end__gte=year)


class SiteSerializer(BaseSerializer):
    pass


class SitesAPIViewSet(BaseAPIViewSet):
    """The public list of sites: organisation, hostname, root page, locales, API links."""

    renderer_classes = api_renderers()
    name = "sites"
    model = Site
    known_query_parameters = frozenset(["format", "_", "limit", "offset"])

    def get_queryset(self):
        return Site.objects.select_related("root_page").order_by("-is_default_site", "site_name")

    def represent(self, site: Site, owners: dict, roots: dict) -> dict:
        request = self.request
        organisation = owners.get(site.pk)
        site_param = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
        api_base = request.build_absolute_uri("/api/v2/")
        return {
            "id": site.pk,
            "meta": {
                "type": "wagtailcore.Site",
                "detail_url": request.build_absolute_uri(f"/api/v2/sites/{site.pk}/"),
                "html_url": site.root_url + "/",
            },
            "name": site.site_name,
            "hostname": site.hostname,
            "port": site.port,
            "is_portal": site.is_default_site,
            "organisation": object_reference(organisation, self.get_serializer_context())
            if organisation
            else None,
            "root_page": object_reference(site.root_page, self.get_serializer_context()),
            "locales": [
                {
                    "locale": root.locale.language_code,
                    "root_page_id": root.pk,
                    "html_url": root.full_url,
                }
                for root in roots.get(site.root_page.translation_key, [])
            ],
            "api": {
                "pages": f"{api_base}pages/?site={site_param}",
                "search": f"{api_base}search/?site={site_param}&q=",
                **{
                    name: f"{api_base}{name}/?site={site_param}"
                    for name in ("goals", "projects", "activities", "publications")
                },
            },
        }

    def _context(self, sites):
        owners = {
            s.site_id: s.organisation
            for s in SiteSettings.objects.select_related("organisation").filter(
                site__in=sites, organisation__isnull=False
            )
        }
        roots = defaultdict(list)
        for root in (
            Page.objects.filter(translation_key__in=[s.root_page.translation_key for s in sites])
            .select_related("locale")
            .order_by("locale__language_code")
        ):
            roots[root.translation_key].append(root)
        return owners, roots

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["locator"] = SnippetLocator()
        return context

    def listing_view(self, request):
        depends_on("locator", "model:sites.Organisation")
        self.check_query_parameters(Site.objects.none())
        queryset = self.get_queryset()
        sites = list(self.paginate_queryset(queryset))
        owners, roots = self._context(sites)
        items = [self.represent(site, owners, roots) for site in sites]
        return self.get_paginated_response(items)

    def detail_view(self, request, pk):
        depends_on("locator", "model:sites.Organisation")
        self.check_query_parameters(Site.objects.none())
        site = self.get_queryset().filter(pk=pk).first()
        if site is None:
            raise Http404(f"no site with id {pk}")
        owners, roots = self._context([site])
        return Response(self.represent(site, owners, roots))
