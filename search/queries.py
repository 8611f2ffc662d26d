"""One search over a site's pages and the snippets it shows.

Used by the visitors' search page (search/views.py) and the content API's
`/api/v2/search/` (search/api.py). Each model is searched with Wagtail's
search backend, within what the site shows, and the hits are merged by score.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.db import connection
from django.db.models import QuerySet
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend

from cms.response_cache import cached_fragment, depends_on, depends_on_search_index, site_tag
from cms.restrictions import any_page_view_restriction
from projects.models import Activity, Project
from publications.models import Publication
from sites.api import SnippetLocator
from sites.models import Goal
from sites.routing import root_translations

SNIPPET_MODELS = [Goal, Project, Activity, Publication]


def site_querysets(
    site: Site, locale: Locale | None, locator: SnippetLocator, fallback: bool = False
) -> Iterator[QuerySet]:
    """The pages of `site` and, per snippet model, the items its index pages show.

    `locale` narrows everything to one language; with `fallback`, snippets
    are those an index page in that language lists: translated where a
    translation exists, in Swedish where it does not.
    """
    roots = [site.root_page, *root_translations(site)]
    pages = Page.objects.none()
    for root in roots:
        in_tree = Page.objects.live().descendant_of(root, inclusive=True)
        # public() looks up every view restriction; there are seldom any.
        pages |= in_tree.public() if any_page_view_restriction() else in_tree
    pages = Page.objects.filter(pk__in=pages.values("pk"))
    if locale is not None:
        pages = pages.filter(locale=locale)
    yield pages
    for model in SNIPPET_MODELS:
        shown = model.objects.live().filter(locator.shown_on_site(model, site))
        if locale is not None:
            shown = shown.in_locale(locale) if fallback else shown.filter(locale=locale)
        yield model.objects.filter(pk__in=shown.values("pk"))


def backend_query(query: str) -> str:
    """The words of `query`, without the punctuation search engines read as syntax.

    SQLite's FTS5 (and PostgreSQL's tsquery) reject stray quotes, semicolons
    or brackets with an error; visitors type them by accident.
    """
    return " ".join(re.sub(r"[^\w\s-]", " ", query).split())


def score_sign() -> int:
    """SQLite's bm25 scores are lower for better matches; other backends' higher."""
    return -1 if connection.vendor == "sqlite" else 1


def search_site(
    query: str,
    site: Site,
    locale: Locale | None,
    locator: SnippetLocator,
    window: int,
    fallback: bool = False,
) -> tuple[list, int]:
    """The best `window` hits over the site's pages and snippets, and the total count.

    Each hit has `_score`; page hits are base `Page` objects. Per model, one
    query fetches its best `window` hits (only those can end up in the
    window); a second counts them only when there may be more.

    The result is kept as a fragment until a page of the site, a snippet or
    the search index changes (an index update that a worker runs after the
    publish bumps its own tag: sites/signal_handlers.py). The hits are shared
    between requests: read-only.
    """
    query = backend_query(query)
    if not query:
        return [], 0
    name = "|".join(
        [
            "search",
            connection.vendor,
            query,
            str(site.pk),
            str(locale.pk if locale else ""),
            str(window),
            str(fallback),
        ]
    )

    def search() -> tuple[list, int]:
        depends_on_search_index()
        depends_on(site_tag(site.pk))
        hits, total = _search(query, site, locale, locator, window, fallback)
        return _with_specific_pages(hits), total

    return cached_fragment(name, search)


def _with_specific_pages(hits: list) -> list:
    """The hits, with the pages among them as their specific types, fetched
    together (kept with the hits, so showing them costs no query)."""
    page_ids = [hit.pk for hit in hits if isinstance(hit, Page)]
    if not page_ids:
        return hits
    specific = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    found = []
    for hit in hits:
        if isinstance(hit, Page) and hit.pk in specific:
            page = specific[hit.pk]
            page._score = hit._score
            hit = page
        found.append(hit)
    return found


def _search(
    query: str, site: Site, locale: Locale | None, locator: SnippetLocator, window: int, fallback
) -> tuple[list, int]:
    backend = get_search_backend()
    hits, total = [], 0
    for queryset in site_querysets(site, locale, locator, fallback=fallback):
        results = backend.search(query, queryset).annotate_score("_score")
        found = list(results[:window])
        hits.extend(found)
        total += len(found) if len(found) < window else results.count()
    sign = score_sign()
    hits.sort(key=lambda obj: sign * (obj._score or 0), reverse=True)
    return hits[:window], total


class SiteSearchResults:
    """The hits of one search as a sequence Django's Paginator can page through.

    `window` is how many hits the page being shown needs (its number times
    the page size): counting fetches them in the same pass, so a page of
    results costs one query per model, plus a count for the models with more
    hits than that. A slice beyond the window searches again, further.
    """

    def __init__(
        self,
        query: str,
        site: Site,
        locale: Locale | None,
        fallback: bool = True,
        window: int = 10,
    ):
        self.query = query
        self.site = site
        self.locale = locale
        self.fallback = fallback
        self.window = window
        self.locator = SnippetLocator(site=site)
        self._count: int | None = None
        self._hits: list = []
        self._searched_window = 0

    def _search(self, window: int) -> None:
        hits, total = search_site(
            self.query, self.site, self.locale, self.locator, window, fallback=self.fallback
        )
        self._hits, self._count, self._searched_window = hits, total, window

    def count(self) -> int:
        if self._count is None:
            self._search(self.window)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        if stop > self._searched_window and self._searched_window < (self._count or stop):
            self._search(max(stop, self.window))
        return self._hits[start:stop]  # pages already of their specific types
