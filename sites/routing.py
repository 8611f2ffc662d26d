"""Find a request's site and page with one query instead of four or more.

Wagtail answers each page request by looking up the site by hostname (a
query), loading the site's root page as its specific type (a query) and
then, for each segment of the path, the child page with that slug and its
specific type (two queries per level). Two kept facts make that one query:

- the site for each hostname and port, kept as a fragment until a site or
  site setting ("all") or a page of that site (its site tag) changes, see
  sites/signal_handlers.py;
- each site root's routing table, {url_path: (id, content type, live)} of
  all its descendants, kept until a page of the site is published,
  unpublished, moved or deleted (its site tag);

after which only the page that answers is loaded, as its specific type.
The walk follows Wagtail's Page.route(): a page whose class routes by
itself (RoutablePageMixin) is handed the rest of the path, a missing
segment or a page that is not live is a 404. Previews and anything the
table cannot answer go through Wagtail's own route().
"""

from __future__ import annotations

import copy
import functools

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection
from django.http import Http404
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from cms.response_cache import cached_by_tags, cached_fragment, depends_on, site_tag
from sites.signal_handlers import site_tags_of_path

_uncached_find_for_request = Site._find_for_request


def cached_find_for_request(request):
    """Site._find_for_request, from a fragment: the same answer, no query."""
    from django.http.request import split_domain_port

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def find():
        site = _uncached_find_for_request(request)
        if site is not None:
            depends_on(site_tag(site.pk))  # its root page may move or change
            # Kept as its specific type: Wagtail routes every request from
            # `site.root_page.localized.specific`, a query each time otherwise.
            site.root_page = site.root_page.specific
        return site

    shared = cached_fragment(f"site-for-host:{hostname}:{port}", find)
    return own_copy(shared) if shared is not None else None


def own_copy(shared: Site) -> Site:
    """A request's own copy of a kept Site and of its root page: Wagtail
    caches things on them (the root page's `specific`) that must not outlive
    the request."""
    site = copy.copy(shared)
    if "root_page" in shared._state.fields_cache:
        site.root_page = copy.copy(shared.root_page)
    return site


def install() -> None:
    """Called from SitesConfig.ready()."""
    Site._find_for_request = staticmethod(cached_find_for_request)


def root_translations(site: Site) -> list[Page]:
    """The other-language roots of a site's tree (kept until any page changes)."""
    return cached_by_tags(
        f"root-translations:{site.pk}",
        [site_tag(site.pk)],
        lambda: list(site.root_page.get_translations().only("path", "depth")),
    )


def routing_table(root: Page) -> dict[str, tuple[int, int, bool]]:
    def build() -> dict[str, tuple[int, int, bool]]:
        rows = Page.objects.descendant_of(root).values_list(
            "url_path", "pk", "content_type_id", "live"
        )
        return {url_path: (pk, content_type, live) for url_path, pk, content_type, live in rows}

    # Any change of a page in this tree bumps its site's tag; a tree outside
    # every site (none in practice) waits for any page change.
    tags = site_tags_of_path(root.url_path) or ["locator"]
    return cached_by_tags(f"routes:{root.pk}", tags, build)


def live_page_types(site: Site) -> dict[int, int]:
    """{id: content type id} of the live pages of a site's trees, every language.

    Derived from the routing tables and kept as long as they are, so that
    the API finds a page's type without a query.
    """

    def build() -> dict[int, int]:
        types = {}
        for root in [site.root_page, *root_translations(site)]:
            if root.live:
                types[root.pk] = root.content_type_id
            for pk, content_type_id, live in routing_table(root).values():
                if live:
                    types[pk] = content_type_id
        return types

    return cached_by_tags(f"live-page-types:{site.pk}", [site_tag(site.pk)], build)


def by_pk(model, pk: int, *, live_only: bool = False):
    """The `model` object with primary key `pk` (a live one, if asked), or None.

    Django compiles a queryset's SQL on each use, and a raw() queryset works
    out its columns and converters on each use; for a page type (its own
    columns and its parents', their converters) either costs more than
    running the query. This lookup's statement, columns and converters are
    worked out once per model; the row becomes an object as a queryset's do
    (Model.from_db).
    """
    statement, converters = _by_pk_plan(model, live_only)
    with connection.cursor() as cursor:
        cursor.execute(statement, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, (functions, expression) in converters:
        value = values[index]
        for convert in functions:
            value = convert(value, expression, connection)
        values[index] = value
    return model.from_db(DEFAULT_DB_ALIAS, None, values)


@functools.cache
def _by_pk_plan(model, live_only: bool) -> tuple[str, list]:
    """(SQL taking the primary key, [(column index, (converters, column))])."""
    compiler = model._base_manager.order_by().query.get_compiler(DEFAULT_DB_ALIAS)
    sql, params = compiler.as_sql()
    assert not params, "a plain select of the model's columns takes no parameters"
    columns = [column for column, _sql, _alias in compiler.select]
    # from_db() takes the values in the order of the model's concrete fields.
    assert [column.target.attname for column in columns] == [
        field.attname for field in model._meta.concrete_fields
    ]
    quote = connection.ops.quote_name
    sql += f" WHERE {quote(model._meta.db_table)}.{quote(model._meta.pk.column)} = %s"
    if live_only:
        live = model._meta.get_field("live")
        sql += f" AND {quote(live.model._meta.db_table)}.{quote(live.column)}"
    return sql, list(compiler.get_converters(columns).items())


def routes_itself(model: type[Page]) -> bool:
    return model.route is not Page.route


class CachedRoutingMixin:
    """For the pages at the roots of sites: put it before Page in the bases."""

    def route(self, request, path_components):
        if getattr(request, "is_preview", False):
            return super().route(request, path_components)
        if not path_components:
            # The site's kept root page routes; the page shown is read afresh.
            page = by_pk(type(self), self.pk, live_only=True)
            if page is None:
                raise Http404
            return RouteResult(page)
        table = routing_table(self)
        url_path = self.url_path
        for index, component in enumerate(path_components):
            url_path += component + "/"
            found = table.get(url_path)
            if found is None:
                raise Http404
            pk, content_type_id, live = found
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                raise Http404  # a page type whose code is gone
            remaining = path_components[index + 1 :]
            if routes_itself(model):
                page = by_pk(model, pk)
                if page is None:
                    raise Http404
                return page.route(request, remaining)
            if not remaining:
                page = by_pk(model, pk, live_only=True) if live else None
                if page is None:
                    raise Http404
                return RouteResult(page)
        raise Http404  # not reached: the loop returns or raises
