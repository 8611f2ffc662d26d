"""Template tags for what every page shows that lives in the `home` app.

The footer's links, social links and the link to the site's accessibility
statement; the page feedback form; the Open Graph description and image.
(`sites.templatetags.site_tags` holds the rest of the shared layout; it
cannot import `home`, which depends on `sites`.)
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.models import Page, Site

from cms.response_cache import cached_by_tags, cached_fragment, depends_on, site_tag, stream_digest
from home.feedback import COMMENT_MAX_LENGTH, feedback_form_for, thanks_message
from home.models import AccessibilityStatementPage
from home.views import remember_error_theme as remember
from sites.signal_handlers import site_tags_of_path
from sites.templatetags.site_tags import _index_for_kind, plain_text

register = template.Library()

OG_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def _request(context: template.Context):
    return context.get("request")


def _site(context: template.Context) -> Site | None:
    request = _request(context)
    return Site.find_for_request(request) if request is not None else None


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


@register.simple_tag(takes_context=True)
def page_body(context: template.Context, page) -> SafeString:
    """`page.body` rendered, as {% include_block %} would, cached as a fragment.

    The key holds the body's own stored content (so any save shows at once),
    the page, its site and the language; what its blocks show (snippet
    lists, the site's pages they link to) is recorded while it renders and
    checked on each use (cms/response_cache.cached_fragment). Previews are
    rendered afresh.
    """
    body = page.body
    request = _request(context)

    def render() -> str:
        site = _site(context)
        if site is not None:
            depends_on(site_tag(site.pk))
        return str(body.render_as_block(context=context.flatten()))

    if request is None or getattr(request, "is_preview", False):
        return mark_safe(render())
    name = "|".join(
        [
            "body",
            str(page.pk),
            str(page.locale_id),
            request.scheme,
            request.get_host(),
            _language(),
            stream_digest(body),
        ]
    )
    return mark_safe(cached_fragment(name, render))


@register.simple_tag(takes_context=True)
def accessibility_statement(context: template.Context) -> dict[str, str] | None:
    """The site's accessibility statement in the active language (Swedish if untranslated)."""
    request = _request(context)
    site = _site(context)
    if site is None:
        return None
    cache = request.__dict__.setdefault("_accessibility_statement", {})
    if "page" not in cache:

        def find() -> dict[str, str] | None:
            statement = AccessibilityStatementPage.objects.live().child_of(site.root_page).first()
            if statement is None:
                return None
            statement = statement.localized
            return {"title": statement.title, "url": statement.get_url(request)}

        # Cached until a page of the site changes (cms/response_cache.py).
        key = f"accessibility:{site.pk}:{get_language()}"
        cache["page"] = cached_by_tags(key, [site_tag(site.pk)], find)
    return cache["page"]


@register.simple_tag(takes_context=True)
def footer_links(context: template.Context, site_settings) -> list[dict[str, str]]:
    """The footer links of the site's settings as (label, url), in the active language.

    Kept as a fragment until the settings ("all") or a page of a site that a
    link leads to changes (recorded while the links are built).
    """
    site = _site(context)
    if site_settings is None or site is None:
        return []
    key = f"footer-links:{site.pk}:{_language()}"
    return cached_fragment(key, lambda: _footer_links(_request(context), site_settings))


def _footer_links(request, site_settings) -> list[dict[str, str]]:
    english = _language() != settings.LANGUAGE_CODE
    links = []
    for block in getattr(site_settings, "footer_links", None) or []:
        value = block.value
        page = value.get("page")
        label = (value.get("label_en") if english else "") or value.get("label") or ""
        url = value.get("url") or ""
        if page is not None:
            depends_on(*site_tags_of_path(page.url_path))
            page = page.localized.specific
            if not page.live:
                continue
            url = page.get_url(request) or ""
            if english and not value.get("label_en"):
                label = page.title
            label = label or page.title
        if url and label:
            links.append({"label": label, "url": url})
    return links


@register.simple_tag
def social_links(site_settings) -> list[dict[str, str]]:
    """The organisation's social media links: the service's name, or the link text."""
    links = []
    for block in getattr(site_settings, "social_links", None) or []:
        value = block.value
        field = block.block.child_blocks["service"]
        names = dict(field.field.choices)
        label = value.get("label") or str(names.get(value.get("service"), ""))
        links.append({"label": label, "url": value.get("url"), "service": value.get("service")})
    return links


@register.simple_tag
def localized_setting(site_settings, field: str) -> str:
    """A site setting's text in the active language (see SiteSettings.localized)."""
    if site_settings is None:
        return ""
    return site_settings.localized(field)


@register.simple_tag
def og_locale(code: str) -> str:
    return OG_LOCALES.get(code, code)


@register.inclusion_tag("includes/page_feedback.html", takes_context=True)
def page_feedback(context: template.Context) -> dict[str, Any]:
    """The feedback form for the page shown (or the thank-you after an answer)."""
    request = _request(context)
    page = context.get("page")
    if request is None or not isinstance(page, Page):
        return {"show": False}
    return {
        "show": True,
        "form": feedback_form_for(page, request.get_full_path()),
        "thanks": thanks_message(request),
        "request": request,
        "comment_max_length": COMMENT_MAX_LENGTH,
    }


@register.simple_tag
def page_description(page, fallback: str = "") -> str:
    """A page's description: its search description, else its introduction, else `fallback`."""
    if isinstance(page, Page):
        if page.search_description:
            return page.search_description
        intro = plain_text(getattr(page, "intro", "") or "")
        if intro:
            return Truncator(intro).words(30)
    return fallback or ""


@register.simple_tag(takes_context=True)
def feed_links(context: template.Context) -> list[dict[str, str]]:
    """The site's RSS and Atom feeds of publications, for <link rel="alternate">."""
    from django.apps import apps

    entry = _index_for_kind(context, "publication")
    if entry is None:
        return []
    page_model = apps.get_model(entry["page_model"])
    return [
        {
            "type": "application/rss+xml",
            "title": f"{entry['title']} (RSS)",
            "url": entry["url"] + page_model.get_resolver().reverse("rss"),
        },
        {
            "type": "application/atom+xml",
            "title": f"{entry['title']} (Atom)",
            "url": entry["url"] + page_model.get_resolver().reverse("atom"),
        },
    ]


@register.simple_tag(takes_context=True)
def remember_error_theme(context: template.Context, site_title: str, theme: str) -> str:
    """Store the site's name and colours for its 500 page (which cannot use the database)."""
    request = _request(context)
    if request is not None:
        remember(request, str(site_title), str(theme))
    return ""
