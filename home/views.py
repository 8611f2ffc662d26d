"""Per-site delivery views: robots.txt, sitemap.xml, the favicon, and the error pages.

Each site answers for itself: robots.txt points at the requesting site's
own sitemap, and the sitemap lists that site's pages and the snippet pages
of its index pages, in both languages, each with its hreflang alternates.
"""

from __future__ import annotations

import time
from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page, Site

from sites.pages import SnippetIndexPage

THEME_CACHE_KEY = "samverkan:error-theme:{host}"


@require_GET
@cache_control(max_age=60 * 60)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        "Disallow: /_feedback/",
        "Disallow: /en/_feedback/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest):
    return redirect(static("img/favicon.ico"), permanent=True)


class SiteSitemap(DjangoSitemap):
    """The requesting site's pages and snippet pages, each with its translations.

    Pages in both language trees are listed; each URL names every live
    translation (and itself) as an hreflang alternate, Swedish as x-default.
    """

    def __init__(self, request: HttpRequest):
        self.request = request

    def site(self) -> Site | None:
        return Site.find_for_request(self.request)

    def items(self) -> list[dict]:
        site = self.site()
        if site is None:
            return []
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        roots = Page.objects.filter(translation_key=site.root_page.translation_key)
        pages = Page.objects.none()
        for root in roots:
            pages |= Page.objects.live().public().descendant_of(root, inclusive=True)
        pages = list(
            Page.objects.filter(pk__in=pages.values("pk"))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
        groups: dict = defaultdict(dict)
        entries = []
        for page in pages:
            url = page.get_full_url(self.request)
            if not url:
                continue
            entry = {
                "location": url,
                "lastmod": page.last_published_at,
                "group": ("page", page.translation_key),
            }
            groups[entry["group"]][codes[page.locale_id]] = url
            entries.append(entry)
            if isinstance(page, SnippetIndexPage):
                base = url
                for item in page.get_snippets():
                    item_url = base + page.reverse_subpage("detail", args=[item.slug])
                    item_entry = {
                        "location": item_url,
                        "lastmod": item.last_published_at or item.updated_at,
                        "group": (type(item).__name__, item.translation_key),
                    }
                    groups[item_entry["group"]][codes[page.locale_id]] = item_url
                    entries.append(item_entry)
        for entry in entries:
            alternates = groups[entry["group"]]
            entry["alternates"] = [
                {"lang_code": code, "location": url} for code, url in sorted(alternates.items())
            ]
            if settings.LANGUAGE_CODE in alternates and len(alternates) > 1:
                entry["alternates"].append(
                    {"lang_code": "x-default", "location": alternates[settings.LANGUAGE_CODE]}
                )
        return entries

    def _urls(self, page, protocol, domain):
        return [
            {
                "item": entry,
                "location": entry["location"],
                "lastmod": entry["lastmod"],
                "changefreq": None,
                "priority": None,
                "alternates": entry["alternates"] if len(entry["alternates"]) > 1 else [],
            }
            for entry in self.paginator.page(page).object_list
        ]


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    return django_sitemap(request, {"site": SiteSitemap(request)})


# host -> (name and colours, when this process last stored them)
_stored_themes: dict[str, tuple[tuple[str, str], float]] = {}
THEME_REFRESH_SECONDS = 10 * 60


def remember_error_theme(request: HttpRequest, site_name: str, theme_css: str) -> None:
    """Keep the site's name and colours in the cache, for its 500 page.

    Every page calls this; the cache is written when the theme changed or
    every THEME_REFRESH_SECONDS (in case the cache was emptied), not on
    every request.
    """
    key = THEME_CACHE_KEY.format(host=request.get_host())
    value = (site_name, theme_css)
    stored = _stored_themes.get(key)
    now = time.monotonic()
    if stored and stored[0] == value and now - stored[1] < THEME_REFRESH_SECONDS:
        return
    cache.set(key, value, 24 * 3600)
    _stored_themes[key] = (value, now)


def server_error(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """The 500 page, in the site's colours when known, without touching the database.

    The site's name and colours come from the cache (stored by every page
    the site renders); anything failing here falls back to the plain page.
    """
    context = {"site_title": "", "theme_css": ""}
    try:
        context["site_title"], context["theme_css"] = cache.get(
            THEME_CACHE_KEY.format(host=request.get_host()), ("", "")
        )
    except Exception:  # noqa: BLE001 - the error page must render whatever happens
        pass
    try:
        body = loader.get_template("500.html").render(context)
    except Exception:  # noqa: BLE001
        body = "<!DOCTYPE html><title>500</title><h1>Server Error (500)</h1>"
    return HttpResponse(body, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token (usually an old page): say so kindly."""
    body = loader.render_to_string(
        "home/csrf_failure.html",
        {"reason": reason, "message": _("The form had expired.")},
        request=request,
    )
    return HttpResponse(body, status=403)
