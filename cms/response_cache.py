"""Whole-response cache for public pages and API responses, never stale.

Rendered pages and API responses are cached per host, language and URL for
anonymous visitors (no session cookie), in Django's default cache (Redis when
REDIS_URL is set, local memory otherwise). Editors, previews, the admin and
anything that is not a plain 200 are never cached.

Invalidation is by tags with versions. While a response renders, the code
that reads content records what it depends on (`depends_on`): the site whose
pages it shows (`site:<id>`), the snippet models it lists (`model:<label>`),
the map of where snippets are shown (`locator`), or everything (`all`). The
entry stores the versions of its tags; a later read serves it only if every
tag still has that version. Publishing, unpublishing, moving or deleting a
page or snippet bumps exactly the tags it affects (see
sites/signal_handlers.py), so the next request renders afresh, on every
process and server sharing the cache.

Cached pages contain a placeholder instead of the CSRF token, replaced with
the requesting visitor's own token when served, so forms keep working.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import json
import re
import secrets
import threading
import types
from collections import OrderedDict
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

from cms.renderers import kept_json
from cms.request_memo import first_time_in_request, request_dict

# tag -> its version when the response started to depend on it
_dependencies: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar(
    "response_cache_dependencies", default=None
)

TAG_PREFIX = "rc:tag:"
ENTRY_PREFIX = "rc:entry:"
CSRF_PLACEHOLDER = "__SAMVERKAN_CSRF_TOKEN__"
UNCACHEABLE = "uncacheable"
UNCACHED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/static/",
    "/media/",
    "/api/v2/preview/",
    "/healthz",
    "/readyz",
    "/i18n/",
)
# Not stored: a cookie belongs to the visitor it was set for; the length is
# set for the content served (a visitor's CSRF token replaces a placeholder).
SKIPPED_HEADERS = {"set-cookie", "x-cache", "content-length"}
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def depends_on(*tags: str) -> None:
    """Record that the response being rendered shows content with these tags."""
    current = _dependencies.get()
    if current is None:
        return
    new = [tag for tag in tags if tag not in current]
    if new:
        # Versions are read before the content is: a change during rendering
        # leaves the entry with an old version, so it is never served stale.
        current.update(_versions(new))


SNIPPET_MODEL_TAGS = tuple(
    f"model:{label}"
    for label in (
        "sites.Organisation",
        "sites.CultureArea",
        "sites.Goal",
        "projects.Project",
        "projects.Activity",
        "publications.Publication",
    )
)


def depends_on_snippets() -> None:
    """The response shows shared snippets (lists, details, related names)."""
    depends_on(*SNIPPET_MODEL_TAGS)


# Bumped when the search index changes after the fact: the task that updates
# it may run on a worker after the publish that invalidated everything else.
SEARCH_INDEX_TAG = "search-index"


def depends_on_search_index() -> None:
    """The response shows search results: pages, snippets and the index itself."""
    depends_on(SEARCH_INDEX_TAG, "locator", *SNIPPET_MODEL_TAGS)


def do_not_store() -> None:
    """The response must not be cached, e.g. search results.

    With a task queue the search index is updated after the publish that
    invalidates the cache; a search cached in between would stay stale.
    """
    depends_on(UNCACHEABLE)


def site_tag(site_id) -> str:
    return f"site:{site_id}"


def model_tag(model) -> str:
    return f"model:{model._meta.label}"


def invalidate(tags: Iterable[str]) -> None:
    """Bump the tags' versions: every cached response showing them is stale now."""
    known = request_dict("tag-versions")
    if known is not None:
        known.clear()
    for tag in set(tags):
        key = TAG_PREFIX + tag
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, _fresh_version(), None)


def _fresh_version() -> int:
    """A first version for a tag the cache does not hold (new, or the cache was emptied).

    Random rather than 0, so that a version never repeats after the cache is
    emptied: values kept in this process's memory under an old version
    (cached_by_tags) can then never be taken for current ones.
    """
    return secrets.randbits(48)


# Every tag this process has asked about: a request reads all their versions
# in its first round trip, after which the request memo answers the rest.
_known_tags: set[str] = set()


def _versions(tags: Iterable[str]) -> dict[str, int]:
    # Read once per request: the request's own copy answers from then on.
    known = request_dict("tag-versions")
    if known is not None:
        try:
            return {tag: known[tag] for tag in tags}
        except KeyError:
            pass
    tags = sorted(tags)
    _known_tags.update(tags)
    wanted = tags
    if first_time_in_request("tag-versions"):
        wanted = sorted(_known_tags)
    found = cache.get_many([TAG_PREFIX + tag for tag in wanted])
    versions = {}
    for tag in tags:
        key = TAG_PREFIX + tag
        if key not in found:
            # Another process may add it first: then read the winner's.
            fresh = _fresh_version()
            found[key] = fresh if cache.add(key, fresh, None) else cache.get(key, fresh)
        versions[tag] = found[key]
    if known is not None:
        known.update((key.removeprefix(TAG_PREFIX), value) for key, value in found.items())
    return versions


class _LocalFragments:
    """This process's most recently used fragments, by versioned key (a small LRU)."""

    def __init__(self, size: int = 2000):
        self.size = size
        self.entries: OrderedDict[str, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            value = self.entries.get(key, _NOT_FOUND)
            if value is not _NOT_FOUND:
                self.entries.move_to_end(key)
            return value

    def put(self, key: str, value) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_NOT_FOUND = object()
local_fragments = _LocalFragments()
# Whole responses this process served lately (up to ~100 kB each), so that a
# hit costs one small read of tag versions instead of fetching the entry.
local_entries = _LocalFragments(size=256)


def cached_by_tags(name: str, tags: list[str], build, timeout: int = 60 * 60, record=True):
    """A value (e.g. a menu) cached until one of its tags changes.

    Template fragments use this so that even uncached ("cold") responses do
    not rebuild menus on every request. The key holds the tags' current
    versions, read from the shared cache; the value is looked up first in
    this process's memory, then in the shared cache, and built only when
    neither has it. Values are shared between requests: treat them as
    read-only. With record=False the response being rendered does not take
    on the tags (for values whose users record what they show themselves).
    """
    versions = _versions(tags)
    key = "rc:fragment:" + hashlib.sha256(f"{name}|{sorted(versions.items())}".encode()).hexdigest()
    value = local_fragments.get(key)
    if value is _NOT_FOUND:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        local_fragments.put(key, value)
    if record:
        depends_on(*tags)
    return value


def with_kept_count(queryset, request, tags: list[str]):
    """`queryset`, whose count() answers from a value kept until one of `tags` changes.

    Wagtail's API pagination counts every list it pages through; on a large
    table the count costs more than fetching the page of results. The count
    is named by the endpoint, the host, the query string (without paging)
    and the date (filters such as "ongoing" depend on it).
    """
    name = "count|" + _list_name(request, ignored=("offset", "limit", "fields", "page"))
    count = cached_by_tags(name, tags, queryset.count)
    # This instance only. A bound method, as Django's Paginator calls only
    # those (a plain function would make it count with len(), fetching all).
    queryset.count = types.MethodType(lambda self: count, queryset)
    return queryset


def kept_page_rows(queryset, shown, request, tags: list[str]) -> list[tuple[int, str]]:
    """(id, row_digest) of the items of `shown`, a page of `queryset` (PostgreSQL).

    Which items the page holds (their ids, in order) is kept until one of
    `tags` changes, as the count is: finding them again sorts every match,
    which grows with the table. Their digests are read afresh by id, through
    `queryset`'s own conditions, so a row changed without signals (edited,
    unpublished) still shows at once. That statement is kept with the ids:
    it depends on nothing else, and compiling it costs as much as running it.
    """
    name = "page-ids|" + _list_name(request, ignored=("fields",))

    def find():
        ids = list(shown.values_list("pk", flat=True))
        rows = queryset.filter(pk__in=ids).order_by().values_list("pk", row_digest(queryset.model))
        return ids, rows.query.sql_with_params() if ids else None

    ids, statement = cached_by_tags(name, tags, find)
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        digests = dict(cursor.fetchall())
    return [(pk, digests[pk]) for pk in ids if pk in digests]


def _list_name(request, ignored: tuple[str, ...]) -> str:
    """A list's endpoint, host, date and query string without the `ignored` keys."""
    query = sorted(
        (key, value)
        for key, values in request.GET.lists()
        if key not in ignored
        for value in values
    )
    day = timezone.localdate().isoformat()
    return f"{request.path}|{request.get_host()}|{day}|{query}"


def url_origin(request) -> str:
    """What the absolute URLs in a response are built from: the request's
    scheme and host, and WAGTAILAPI_BASE_URL (the API's detail URLs). Part of
    the name of anything kept that holds such URLs, so that a change of any
    of them (a request over plain HTTP behind the proxy, a new base URL after
    a deploy) never serves another origin's URLs."""
    base = settings.WAGTAILAPI_BASE_URL or ""
    return f"{request.scheme}://{request.get_host()}|{base}"


def _fragment_key(name: str) -> str:
    # The date is part of every name: what depends on today (a project's
    # status, upcoming activities) is rebuilt each day.
    day = timezone.localdate().isoformat()
    return "rc:fragment:" + hashlib.sha256(f"deps|{day}|{name}".encode()).hexdigest()


def _valid_fragment(key: str):
    """The current entry of a cached_fragment, from this process or the shared cache."""
    entry = local_fragments.get(key)
    if entry is not _NOT_FOUND and _versions(entry["tags"]) == entry["tags"]:
        return entry
    entry = cache.get(key)
    if entry is not None and _versions(entry["tags"]) == entry["tags"]:
        local_fragments.put(key, entry)
        return entry
    return None


def stored_values_digest(obj) -> str:
    """A digest of an object's stored values, for fragment names: any save of
    the object (published or not, with or without signals) changes it."""
    values = [_stored_value(field.value_from_object(obj)) for field in obj._meta.concrete_fields]
    return hashlib.sha256(repr(values).encode()).hexdigest()


def _stored_value(value):
    # A StreamField's value as stored (block dicts), not converted to blocks:
    # its repr is cheap, where value_to_string would encode the JSON again.
    raw_data = getattr(value, "raw_data", None)
    return list(raw_data) if raw_data is not None else value


def row_digest(model) -> RawSQL:
    """An expression naming the versions of `model`'s stored rows (PostgreSQL):
    like stored_values_digest, without loading the object.

    Each row of its table and of its parents' tables (for pages) is named by
    its system columns `xmin` (the transaction that wrote this version of the
    row) and `ctid` (where the version lies). Every UPDATE writes a new
    version: a later transaction gives it a new `xmin`, the same transaction a
    new `ctid` (the old version's place cannot be reused while the transaction
    runs). Reading two small columns costs a fraction of hashing whole rows
    (0.15 against 0.5 ms for twenty pages with their bodies).
    """
    versions, tables, _live = _row_versions(model)
    table, pk = quote_name(model._meta.db_table), quote_name(model._meta.pk.column)
    # A subquery, which PostgreSQL evaluates after ORDER BY ... LIMIT: only
    # for the rows returned, not for every row that matches.
    return RawSQL(f"(SELECT {versions} FROM {tables} WHERE digest0.{pk} = {table}.{pk})", ())


def row_digest_by_pk(model, pk: int, *, live_only: bool = False) -> str | None:
    """The row_digest of the `model` object with primary key `pk` (a live one,
    if asked), or None: one small row instead of loading the object."""
    with connection.cursor() as cursor:
        cursor.execute(_row_digest_statement(model, live_only), [pk])
        row = cursor.fetchone()
    return row[0] if row else None


def _row_digest_statement(model, live_only: bool) -> str:
    versions, tables, live = _row_versions(model)
    pk = quote_name(model._meta.pk.column)
    return f"SELECT {versions} FROM {tables} WHERE digest0.{pk} = %s" + (
        f" AND {live}" if live_only else ""
    )


def quote_name(name: str) -> str:
    return connection.ops.quote_name(name)


@functools.cache
def _row_versions(model) -> tuple[str, str, str | None]:
    """(the versions of a row as SQL, the tables they are read from, the
    `live` column among them, if any) of `model` and its parents; worked out
    once per model."""
    chain = [model, *model._meta.get_parent_list()]  # every table shares the id
    first_pk = quote_name(model._meta.pk.column)
    versions, tables = [], []
    for index, each in enumerate(chain):
        alias, table = f"digest{index}", quote_name(each._meta.db_table)
        versions.append(f"{alias}.xmin::text || {alias}.ctid::text")
        join_on = f" ON {alias}.{quote_name(each._meta.pk.column)} = digest0.{first_pk}"
        tables.append(f"{table} {alias}" if index == 0 else f"JOIN {table} {alias}{join_on}")
    live = None
    if any(field.name == "live" for field in model._meta.concrete_fields):
        field = model._meta.get_field("live")  # as sites.routing._by_pk_plan finds it
        live = f"digest{chain.index(field.model)}.{quote_name(field.column)}"
    return " || ' ' || ".join(versions), " ".join(tables), live


def stream_digest(stream_value) -> str:
    """A digest of a StreamField value as stored (no block is converted)."""
    raw = json.dumps(list(stream_value.raw_data), sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def fragment_is_cached(name: str) -> bool:
    """Whether cached_fragment(name, ...) would answer without building.

    Lets a caller skip preparing what only the build needs (e.g. loading
    every chooser of a StreamField for a list of pages).
    """
    return _valid_fragment(_fragment_key(name)) is not None


def cached_fragment(name: str, build, timeout: int = 60 * 60):
    """A rendered fragment cached until anything it showed changes.

    Unlike cached_by_tags, the tags need not be known in advance: while
    `build` runs, the depends_on() calls of the code it runs are recorded
    (a page body records its snippet lists, for instance), stored with the
    value, and checked on every later use, as the whole-response cache does.
    `name` must identify everything else the value depends on (the page's
    revision, the language). Values are shared between requests: strings.
    """
    key = _fragment_key(name)
    entry = _valid_fragment(key)
    if entry is None:
        outer = _dependencies.get()
        token = _dependencies.set({})
        try:
            depends_on("all")
            value = build()
            tags = _dependencies.get()
        finally:
            _dependencies.reset(token)
        if outer is not None:
            for tag, version in tags.items():
                outer.setdefault(tag, version)
        if UNCACHEABLE in tags:
            return value
        entry = {"tags": tags, "value": value}
        cache.set(key, entry, timeout)
        local_fragments.put(key, entry)
    depends_on(*entry["tags"])
    return entry["value"]


def kept_representations(
    rows, name_of, loaded: dict, load, serializer_for, represent, encoded: bool = False
):
    """The representations of a page of listed objects, each kept as a fragment.

    `rows` are (id, digest of the stored values) in the list's order, named
    by `name_of(id, digest)`; `loaded` holds the objects already loaded (any
    or none of them). Only the objects without a current fragment are loaded
    (`load(ids)` -> {id: object}), prepared together (`serializer_for(objects)`)
    and represented (`represent(serializer, object)`). An object whose fragment
    went stale between the look and the use is loaded then; one gone by then
    is left out.

    The whole page of representations is kept too, named by its items' names
    (so by every item's stored values, in order) and recording what each item
    recorded: a repeated page costs one look-up instead of one per item, and
    an item fragment still serves every other list that shows the item. With
    `encoded`, that page is kept as JSON (cms.renderers.kept_json, for an API
    response), so a repeated page is not encoded again either.
    """
    names = [name_of(pk, digest) for pk, digest in rows]
    listing = hashlib.sha256("\n".join(names).encode()).hexdigest()

    def build():
        items = _representations(rows, names, loaded, load, serializer_for, represent)
        return kept_json(items) if encoded else items

    return cached_fragment(f"list|{encoded}|{listing}", build)


def _representations(rows, names, loaded, load, serializer_for, represent) -> list:
    pending = {
        pk: loaded.get(pk)
        for (pk, _digest), name in zip(rows, names, strict=True)
        if not fragment_is_cached(name)
    }
    unloaded = [pk for pk, obj in pending.items() if obj is None]
    if unloaded:
        pending.update(load(unloaded))
    serializer = serializer_for([obj for obj in pending.values() if obj is not None])

    def build(pk):
        obj, current = pending.get(pk), serializer
        if obj is None:
            obj = loaded.get(pk) or load([pk]).get(pk)
            if obj is None:
                return None
            current = serializer_for([obj])
        return represent(current, obj)

    found = [
        cached_fragment(name, lambda pk=pk: build(pk))
        for (pk, _digest), name in zip(rows, names, strict=True)
    ]
    return [representation for representation in found if representation is not None]


def enabled() -> bool:
    return getattr(settings, "RESPONSE_CACHE", True)


def request_is_cacheable(request) -> bool:
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # maybe an editor: never serve or store their pages
    if request.path.startswith(UNCACHED_PREFIXES):
        return False
    return "preview" not in request.GET and "token" not in request.GET


def cache_key(request) -> str:
    accept = request.headers.get("Accept", "")
    variant = ""
    if request.path.startswith("/api/"):
        # The browsable API, or JSON indented as the Accept header asks.
        variant = "html" if "text/html" in accept else accept if "indent" in accept else ""
    raw = "|".join(
        [
            url_origin(request),
            getattr(request, "LANGUAGE_CODE", ""),
            request.path,
            "&".join(sorted(request.GET.urlencode().split("&"))),
            variant,
        ]
    )
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


class ResponseCacheMiddleware:
    """Serve and store whole responses; see the module docstring.

    Placed before the session, locale, CSRF, authentication and message
    middleware (cms/settings/base.py): a hit needs none of them, and the
    headers they add to a response (Vary, Content-Language) are stored with
    it. The language of the key is found as LocaleMiddleware finds it; an
    entry holding a CSRF token goes through CsrfViewMiddleware, which reads
    the visitor's cookie and sets it when new.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.locale = LocaleMiddleware(get_response)
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        if _dependencies.get() is not None:  # a nested request (tests' clients)
            return self.get_response(request)
        self.locale.process_request(request)  # sets request.LANGUAGE_CODE
        key = cache_key(request)
        entry = local_entries.get(key)
        if entry is _NOT_FOUND or _versions(entry["tags"]) != entry["tags"]:
            entry = cache.get(key)
            if entry is not None and _versions(entry["tags"]) == entry["tags"]:
                local_entries.put(key, entry)
            else:
                entry = None
        if entry is not None:
            if entry["csrf"]:
                self.csrf.process_request(request)
                return self.csrf.process_response(request, self.from_entry(request, entry))
            return self.from_entry(request, entry)

        token = _dependencies.set({})
        try:
            depends_on("all")
            response = self.get_response(request)
            tags = _dependencies.get()
        finally:
            _dependencies.reset(token)
        if len(tags) > 1 and UNCACHEABLE not in tags and response_is_cacheable(response):
            self.store(key, response, tags)
            response["X-Cache"] = "MISS"
        return response

    def store(self, key, response, tags: dict[str, int]) -> None:
        content = response.content
        # The token the page was rendered with belongs to this visitor only.
        tokens = set(CSRF_INPUT.findall(content))
        if not tokens:
            # The same bytes for everyone: compute the ETag once, not on each hit.
            set_response_etag(response)
        for token in tokens:
            content = content.replace(token, CSRF_PLACEHOLDER.encode())
        headers = [
            (name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS
        ]
        entry = {
            "status": response.status_code,
            "headers": headers,
            "content": content,
            "tags": tags,
            "csrf": bool(tokens),
        }
        cache.set(key, entry, settings.RESPONSE_CACHE_SECONDS)

    def from_entry(self, request, entry) -> HttpResponse:
        content = entry["content"]
        if entry["csrf"]:
            content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(content))
        response["X-Cache"] = "HIT"
        return response


class PageCacheHeadersMiddleware:
    """Cache-Control for public pages that a CDN can honour.

    Anonymous page views may be reused for PAGE_CACHE_MAX_AGE seconds by
    browsers and shared caches; a publish purges the CDN through Wagtail's
    front-end cache invalidation when WAGTAILFRONTENDCACHE is configured.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not request.path.startswith(("/api/", *UNCACHED_PREFIXES))
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_CACHE_MAX_AGE,
                s_maxage=settings.PAGE_CACHE_MAX_AGE,
            )
        return response
