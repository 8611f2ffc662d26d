"""`/api/v2/search/?q=`: one search over a site's pages and the snippets it shows.

Each model is searched with Wagtail's search backend, within what the site
shows, and the hits are merged by score: each hit is typed, ranked and
paginated in the same envelope as the other endpoints.
"""

from __future__ import annotations

from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Site

from cms.api_representation import object_reference
from cms.renderers import kept_json
from cms.response_cache import cached_fragment, url_origin
from sites.api import (
    SnippetLocator,
    clean_search_query,
    locale_from_param,
    parse_int,
    site_from_param,
)
from sites.locales import locale_by_id

from .queries import SNIPPET_MODELS, score_sign, search_site, site_querysets

__all__ = ["SNIPPET_MODELS", "SearchAPIView"]
KNOWN_PARAMETERS = {"q", "site", "locale", "limit", "offset", "format", "_"}
LIMIT_MAX = 50


class SearchAPIView(APIView):
    """Search a site's pages and the goals, projects, activities and publications it shows."""

    def get(self, request):
        unknown = set(request.GET) - KNOWN_PARAMETERS
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: "
                + ", ".join(sorted(unknown))
            )
        if "q" not in request.GET:
            raise BadRequestError("q is required: the text to search for")
        query = clean_search_query(request.GET["q"])
        limit = parse_int("limit", request.GET.get("limit", "20"))
        offset = parse_int("offset", request.GET.get("offset", "0"))
        if limit > LIMIT_MAX:
            raise BadRequestError(f"limit cannot be higher than {LIMIT_MAX}")
        site_param = request.GET.get("site")
        site = site_from_param(site_param) if site_param else Site.find_for_request(request)
        locale = locale_from_param(request.GET["locale"]) if "locale" in request.GET else None
        if not query or site is None:
            return Response({"meta": {"total_count": 0}, "items": []})

        locator = SnippetLocator(site=site)
        # Only the first offset+limit hits of each model can end up on this page.
        window = offset + limit
        name = "|".join(
            [
                "api-search",
                url_origin(request),
                query,
                str(site.pk),
                str(locale.pk if locale else ""),
                str(offset),
                str(limit),
            ]
        )

        def page_of_results() -> dict:
            # Kept until the site, a snippet or the search index changes (what
            # search_site records), with its items already encoded.
            hits, total = search_site(query, site, locale, locator, window)
            context = {
                "request": request,
                "router": request.wagtailapi_router,
                "locator": locator,
            }
            return {"total": total, "items": kept_json(self.items(hits, offset, window, context))}

        kept = cached_fragment(name, page_of_results)
        return Response({"meta": {"total_count": kept["total"]}, "items": kept["items"]})

    @staticmethod
    def items(hits: list, offset: int, window: int, context: dict) -> list[dict]:
        """The typed, ranked representations of hits[offset:window]."""
        sign = score_sign()
        items = []
        for rank, obj in enumerate(hits[offset:window], start=offset + 1):
            reference = object_reference(obj, context)  # pages are of their specific types
            items.append(
                {
                    "id": obj.pk,
                    "type": reference["type"],
                    "title": reference["title"],
                    "meta": {
                        "type": reference["type"],
                        "detail_url": reference["detail_url"],
                        "html_url": reference["html_url"],
                        "locale": locale_by_id(obj.locale_id).language_code,
                        "rank": rank,
                        "score": round(sign * (obj._score or 0), 6),
                    },
                }
            )
        return items

    @staticmethod
    def querysets(site: Site, locale, locator: SnippetLocator):
        return site_querysets(site, locale, locator)

    def handle_exception(self, exc):
        if isinstance(exc, BadRequestError):
            return Response({"message": str(exc)}, status=400)
        return super().handle_exception(exc)
