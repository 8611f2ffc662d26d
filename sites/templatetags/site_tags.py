"""Template tags for the layout every site shares.

The sites are one Wagtail installation, so the header, menu, breadcrumbs and
language switcher are worked out from the request: its Site, that site's
settings (organisation, colours, contacts) and the page being shown. Index
pages serve their snippets at sub-URLs, so the tags also read the `item` and
`index_page` that a detail route puts in the context.
"""

from __future__ import annotations

import copy
import html
from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from cms.request_memo import request_dict
from cms.response_cache import (
    SEARCH_INDEX_TAG,
    cached_by_tags,
    cached_fragment,
    depends_on,
    depends_on_snippets,
    site_tag,
    stored_values_digest,
)
from sites.colours import HEX_COLOUR, TEXT, WHITE, contrast, rgb, to_hex
from sites.locales import locale_by_id
from sites.models import SiteSettings
from sites.page_links import record_link_to
from sites.pages import SnippetIndexPage

register = template.Library()

# Names of the filters index pages may apply, for the "filtered by" notice.
FILTER_LABELS = {
    "status": gettext_lazy("Status"),
    "area": gettext_lazy("Culture area"),
    "funder": gettext_lazy("Funder"),
    "kind": gettext_lazy("Kind"),
    "format": gettext_lazy("Format"),
    "year": gettext_lazy("Year"),
    "organisation": gettext_lazy("Organisation"),
    "period": gettext_lazy("Period"),
}

# WCAG AA asks 4.5:1 for text. The primary colour gets more margin because
# links in that colour also sit on the light grey panels (#f5f5f5).
MIN_CONTRAST_PRIMARY = 5.0
MIN_CONTRAST_ACCENT = 4.6


# Colours ----------------------------------------------------------------

_rgb = rgb
_hex = to_hex


def _mix_until_readable(
    colour: tuple[float, ...],
    towards: tuple[int, int, int],
    against: tuple[int, int, int],
    minimum: float,
) -> str:
    """Move `colour` towards black or white until text `against` it is readable."""
    mixed = colour
    for step in range(21):
        weight = step / 20
        mixed = tuple(c + (t - c) * weight for c, t in zip(colour, towards, strict=True))
        if contrast(mixed, against) >= minimum:
            break
    return _hex(mixed)


def readable_primary(value: str, default: str = "#1d4f91") -> str:
    """The primary colour, darkened if white text on it would be hard to read."""
    colour = value if HEX_COLOUR.match(value or "") else default
    return _mix_until_readable(
        _rgb(colour), towards=(0, 0, 0), against=WHITE, minimum=MIN_CONTRAST_PRIMARY
    )


def readable_accent(value: str, default: str = "#f2c14e") -> str:
    """The accent colour, lightened if body text on it would be hard to read."""
    colour = value if HEX_COLOUR.match(value or "") else default
    return _mix_until_readable(
        _rgb(colour), towards=WHITE, against=TEXT, minimum=MIN_CONTRAST_ACCENT
    )


@register.simple_tag
def theme_css(site_settings: SiteSettings | None) -> SafeString:
    """CSS custom properties with the site's colours, safe to put in <style>."""
    primary = readable_primary(getattr(site_settings, "primary_colour", ""))
    accent = readable_accent(getattr(site_settings, "accent_colour", ""))
    # Both values are rebuilt from parsed numbers, so nothing else can get in.
    return mark_safe(f":root{{--colour-primary:{primary};--colour-accent:{accent}}}")


@register.filter
def safe_colour(value: str) -> str:
    """A colour for a style attribute: a hex colour as dark as `theme_css` makes it."""
    return readable_primary(value)


# Site and settings ------------------------------------------------------


def _request(context: template.Context) -> HttpRequest | None:
    return context.get("request")


def _site(context: template.Context) -> Site | None:
    request = _request(context)
    return Site.find_for_request(request) if request is not None else None


def _page(context: template.Context) -> Page | None:
    page = context.get("page")
    return page if isinstance(page, Page) else None


# Site settings, sites, images and documents bump "all" when saved; the
# settings show the owning organisation.
SETTINGS_TAGS = ["all", "model:sites.Organisation"]


@register.simple_tag(takes_context=True)
def site_settings(context: template.Context) -> SiteSettings | None:
    """The settings of the request's site (shared with `settings.sites.SiteSettings`).

    Every page shows them, with the organisation and the logo: they are kept
    as a fragment until settings, images or organisations change. Each
    request gets its own shallow copy (Wagtail marks it with the request).
    """
    request = _request(context)
    site = _site(context)
    if request is None or site is None:
        return None
    attr_name = SiteSettings.get_cache_attr_name()
    if hasattr(request, attr_name):
        return getattr(request, attr_name)

    def load() -> SiteSettings:
        found = SiteSettings.objects.select_related("organisation", "logo").filter(site=site)
        return found.first() or SiteSettings.for_site(site)

    shared = cached_by_tags(f"site-settings:{site.pk}", SETTINGS_TAGS, load)
    own = copy.copy(shared)
    own._request = request
    setattr(request, attr_name, own)
    return own


@register.simple_tag(takes_context=True)
def site_name(context: template.Context, site_settings: SiteSettings | None = None) -> str:
    """The name in the header: the organisation's (translated), else the site's."""
    site = _site(context)
    organisation = getattr(site_settings, "organisation", None)
    if organisation is not None and site is not None:
        key = f"site-name:{site.pk}:{get_language()}"
        return cached_by_tags(key, SETTINGS_TAGS, lambda: organisation.localized.name)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


@register.simple_tag(takes_context=True)
def site_home(context: template.Context) -> Page | None:
    """The site's home page in the active language (Swedish if not translated)."""
    site = _site(context)
    if site is None:
        return None
    return site.root_page.localized.specific


@register.simple_tag(takes_context=True)
def site_home_url(context: template.Context, site: Site) -> str:
    """The address of `site`'s home page in the active language."""
    return site.root_page.localized.get_url(_request(context)) or site.root_url + "/"


# Menu and breadcrumbs ---------------------------------------------------


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context: template.Context) -> dict[str, Any]:
    """The live children of the site's home that are marked "show in menus"."""
    request = _request(context)
    site = _site(context)
    current = _page(context)
    entries = []
    if site is not None:

        def build() -> list[tuple[int, str, str, str]]:
            home = site.root_page.localized
            return [
                (child.pk, child.path, child.title, child.get_url(request))
                for child in home.get_children().live().in_menu()
            ]

        # Cached until a page of this site changes (see cms/response_cache.py).
        language = get_language()
        children = cached_by_tags(f"menu:{site.pk}:{language}", [site_tag(site.pk)], build)
        for pk, path, title, url in children:
            if current is not None and current.pk == pk and "item" not in context:
                state = "page"
            elif current is not None and current.path.startswith(path):
                state = "true"
            else:
                state = ""
            entries.append({"title": title, "url": url, "current": state})
    return {"entries": entries}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context, current_title: str = "") -> dict[str, Any]:
    """Links from the site's home down to the current page or item.

    Views that are not pages (search) pass the title of what they show.
    """
    request = _request(context)
    site = _site(context)
    page = _page(context)
    crumbs: list[dict[str, str]] = []
    if site is None:
        return {"crumbs": crumbs}
    if page is not None:

        def trail() -> list[dict[str, str]]:
            ancestors = page.get_ancestors().filter(depth__gte=site.root_page.depth)
            return [{"title": p.title, "url": p.get_url(request)} for p in ancestors]

        crumbs = list(cached_by_tags(f"crumbs:{page.pk}", [site_tag(site.pk)], trail))
        item = context.get("item")
        if item is not None and context.get("index_page") is not None:
            crumbs.append({"title": page.title, "url": page.get_url(request)})
            crumbs.append({"title": getattr(item, "title", str(item)), "url": ""})
        elif crumbs:
            crumbs.append({"title": page.title, "url": ""})
    elif current_title:
        home = site.root_page.localized
        crumbs = [
            {"title": home.title, "url": home.get_url(request)},
            {"title": current_title, "url": ""},
        ]
    return {"crumbs": crumbs}


# Languages and canonical address ----------------------------------------


def _subroute(request: HttpRequest | None) -> tuple[str, tuple, dict] | None:
    """The routable page route serving the request, unless it is the page's own."""
    match = getattr(request, "routable_resolver_match", None)
    if match is None or match.url_name in ("index_route", "detail"):
        return None
    return match.url_name, match.args, match.kwargs


def _detail_url(index_page: SnippetIndexPage, item, request: HttpRequest | None) -> str:
    base = index_page.get_url(request) or ""
    return base + index_page.reverse_subpage("detail", args=[item.slug])


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, Any]]:
    """One link per language: to this page's translation, else that language's home.

    `is_translation` says whether the link leads to the same content, so that
    only real translations are announced with <link rel="alternate">.
    """
    request = _request(context)
    site = _site(context)
    page = _page(context)
    item = context.get("item")
    index_page = context.get("index_page")
    active = get_language()
    codes = cached_by_tags(
        "locales", ["all"], lambda: dict(Locale.objects.values_list("pk", "language_code"))
    )

    def versions(of: Page) -> dict[str, Page]:
        return {
            codes[translation.locale_id]: translation
            for translation in of.get_translations(inclusive=True).live()
        }

    # Cached until a page of the site changes (cms/response_cache.py).
    tags = [site_tag(site.pk)] if site is not None else ["all"]
    translations: dict[str, Page] = {}
    if page is not None:
        translations = cached_by_tags(f"translations:{page.pk}", tags, lambda: versions(page))
    homes: dict[str, Page] = {}
    if site is not None:
        homes = cached_by_tags(f"homes:{site.pk}", tags, lambda: versions(site.root_page))

    match = getattr(request, "resolver_match", None)
    is_view = page is None and match is not None and match.url_name not in (None, "wagtail_serve")

    links = []
    for code, _name in settings.LANGUAGES:
        url, is_translation = "", False
        if code in translations:
            target = translations[code]
            if item is not None and index_page is not None:
                url = _detail_url(target, item, request)
            elif _subroute(request) is not None:
                name, args, kwargs = _subroute(request)
                url = (target.get_url(request) or "") + target.reverse_subpage(
                    name, args=args, kwargs=kwargs
                )
            else:
                url = target.get_url(request) or ""
            is_translation = True
        elif is_view and request is not None:
            url = translate_url(request.get_full_path(), code)
            is_translation = True
        if not url and code in homes:
            url = homes[code].get_url(request) or ""
        if not url:
            continue
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"][:1].upper() + info["name_local"][1:],
                "url": url,
                "full_url": request.build_absolute_uri(url) if request else url,
                "is_current": code == active,
                "is_default": code == settings.LANGUAGE_CODE,
                "is_translation": is_translation,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """The absolute address of what is shown, with the list page number if any."""
    request = _request(context)
    if request is None:
        return ""
    page = _page(context)
    item = context.get("item")
    index_page = context.get("index_page")
    if page is not None and item is not None and index_page is not None:
        url = _detail_url(index_page, item, request)
    elif page is not None and _subroute(request) is not None:
        url = request.path  # an index page's other list, such as the archive
    elif page is not None:
        url = page.get_url(request) or request.path
    else:
        url = request.path
    # Not `or`: the truth of a paginator page would fetch its items.
    listing = context.get("items")
    if listing is None:
        listing = context.get("search_results")
    number = getattr(listing, "number", 1)
    query = context.get("search_query")
    params = []
    if query:
        params.append(("query", query))
    if number and number > 1:
        params.append(("page", str(number)))
    if params:
        url = f"{url}?{urlencode(params)}"
    return request.build_absolute_uri(url)


# Snippets ---------------------------------------------------------------


@register.simple_tag
def snippet_url(index_page: SnippetIndexPage, item) -> str:
    """The address where `index_page` shows `item`."""
    return index_page.url_for(item)


def _index_page_model(kind: str) -> type[SnippetIndexPage] | None:
    for model in SnippetIndexPage.__subclasses__():
        if model.snippet_model._meta.model_name == kind:
            return model
    return None


def _index_for_kind(context: template.Context, kind: str) -> dict | None:
    """The site's live index page of `kind`, as SnippetLocator describes it.

    The locator's map is cached until pages change, so this costs no query.
    Returns None when the site has no such page.
    """
    from sites.api import SnippetLocator

    site = _site(context)
    model = _snippet_model(kind)
    if site is None or model is None:
        return None
    page = _page(context)
    locale_id = page.locale_id if page is not None else Locale.get_active().pk
    return SnippetLocator(site=site).index_entry(model._meta.label, site.pk, locale_id)


def _snippet_model(kind: str):
    page_model = _index_page_model(kind)
    return page_model.snippet_model if page_model is not None else None


@register.simple_tag(takes_context=True)
def snippet_link(context: template.Context, item, kind: str) -> str:
    """The address of `item` on this site, or "" if none of its pages shows it."""
    from sites.api import SnippetLocator

    if item is None:
        return ""
    entry = _index_for_kind(context, kind)
    if entry is None:
        return ""
    owner = SnippetLocator().owner_key(item)
    if entry["scope"] is not None and owner not in entry["scope"]:
        return ""
    return f"{entry['url']}{item.slug}/"


@register.simple_tag(takes_context=True)
def snippet_links(context: template.Context, items, kind: str) -> list[dict[str, Any]]:
    """Pair each snippet with its address on this site (see `snippet_link`)."""
    return [{"item": item, "url": snippet_link(context, item, kind)} for item in items]


# Formatting -------------------------------------------------------------


@register.filter
def sek(amount) -> str:
    """An amount in Swedish kronor, grouped in threes the Swedish way: 1 500 000 kr."""
    if amount is None or amount == "":
        return ""
    grouped = f"{int(amount):,}".replace(",", "\u00a0")
    return _("%(amount)s SEK") % {"amount": grouped}


@register.filter
def plain_text(value) -> str:
    """Rich text as plain text, for short summaries: no tags, no entities."""
    return html.unescape(strip_tags(str(value or ""))).strip()


@register.filter
def lang_attr(obj, page=None) -> str:
    """` lang="sv"` when `obj` is in another language than the page (or the UI)."""
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return ""
    if page is not None and getattr(page, "locale_id", None) == locale_id:
        return ""
    code = locale_by_id(locale_id).language_code
    if not code or code == get_language():
        return ""
    return format_html(' lang="{}"', code)


@register.filter
def filter_label(name: str) -> str:
    """A readable, translated name for a filter's query parameter."""
    return FILTER_LABELS.get(name, str(name).replace("_", " ").capitalize())


@register.simple_tag
def page_range(items) -> list:
    """Page numbers to link to, with "…" where some are left out."""
    return list(items.paginator.get_elided_page_range(items.number, on_each_side=2, on_ends=1))


@register.filter
def model_name(obj) -> str:
    """The lower-case model name of `obj` ("project"), as `snippet_link` takes it."""
    return obj._meta.model_name


@register.filter
def verbose_name(obj) -> str:
    return str(obj._meta.verbose_name)


# Fragments ----------------------------------------------------------------


@register.filter
def linked(page):
    """`page`, recorded as shown by a link (sites.page_links): the fragment
    showing the link is rebuilt when a page of the target's site changes."""
    record_link_to(page)
    return page


@register.filter
def content_digest(obj) -> str:
    """A digest of an object's stored values: part of a fragment's name, so
    that any save of the object (published or not) shows at once. Worked
    out once per object and request (a detail page names four fragments by it)."""
    if not isinstance(obj, Model):
        return ""
    digests = request_dict("content_digest")
    if digests is None:
        return stored_values_digest(obj)
    found = digests.get(id(obj))
    if found is None or found[0] is not obj:
        found = digests[id(obj)] = (obj, stored_values_digest(obj))
    return found[1]


class FragmentNode(template.Node):
    def __init__(self, nodelist, vary_on, kind=""):
        self.nodelist = nodelist
        self.vary_on = vary_on
        self.kind = kind

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = [str(expression.resolve(context)) for expression in self.vary_on]

        def build() -> str:
            if self.kind == "fixed":
                # The values given name all it shows; nothing else to follow.
                return str(self.nodelist.render(context))
            site = _site(context)
            if site is not None:
                depends_on(site_tag(site.pk))  # the site's pages
            if self.kind == "chrome":
                # The site's settings and its organisation's name; the rest
                # is recorded by the tags inside (menu, links, languages).
                depends_on(*SETTINGS_TAGS)
            else:
                # What a detail or list shows: the items and their relations
                # (snippets) and their addresses on this site (the locator).
                depends_on_snippets()
                depends_on("locator")
            if self.kind == "search":
                depends_on(SEARCH_INDEX_TAG)  # the hits themselves
            return str(self.nodelist.render(context))

        name = "|".join(
            ["template", request.scheme, request.get_host(), get_language() or "", *parts]
        )
        return mark_safe(cached_fragment(name, build))


FRAGMENT_KINDS = ("chrome", "search", "fixed")


@register.tag("fragment")
def fragment(parser, token):
    """{% fragment name value... [chrome|search] %}...{% endfragment %}: the
    enclosed template, rendered once and kept (cms/response_cache.cached_fragment)
    under a name made of the host, the language and the values given.

    It is kept until a page of the site or a snippet changes; with `search`
    (search results), also the search index; with `chrome` (a page's head,
    header and footer), until a page of the site, a setting or what the tags
    inside record changes: the values given must then name everything else it
    shows (the address, the item's digest). With `fixed` (a form), it
    depends on nothing but the values given, the language and the code.
    Previews render afresh."""
    bits = token.split_contents()[1:]
    kind = bits.pop() if bits and bits[-1] in FRAGMENT_KINDS else ""
    vary_on = [parser.compile_filter(bit) for bit in bits]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, vary_on, kind)
