"""Remember Locale rows instead of querying them on every use.

Wagtail looks up the active and default Locale by language code each time a
template or model asks (`.localized`, `Locale.get_active()`), which costs a
query per call: dozens on some pages. Locales almost never change, so this
keeps each lookup in memory for LOCALE_CACHE_SECONDS, clears it whenever a
Locale is saved or deleted in this process, and serves the lookups from it.
"""

from __future__ import annotations

import time

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale
from wagtail.models.i18n import LocaleManager

LOCALE_CACHE_SECONDS = 60
_cache: dict[str, tuple[float, Locale]] = {}
_uncached_get_for_language = LocaleManager.get_for_language


def cached_get_for_language(manager, language_code):
    now = time.monotonic()
    hit = _cache.get(language_code)
    if hit is not None and now - hit[0] < LOCALE_CACHE_SECONDS:
        return hit[1]
    locale = _uncached_get_for_language(manager, language_code)
    _cache[language_code] = (now, locale)
    return locale


def _remembered(key: str, lookup) -> Locale | None:
    """The Locale kept under `key`, else `lookup()`'s, kept when found."""
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and now - hit[0] < LOCALE_CACHE_SECONDS:
        return hit[1]
    locale = lookup()
    if locale is not None:
        _cache[key] = (now, locale)
    return locale


def locale_by_id(locale_id: int) -> Locale:
    """The Locale with this id, from the same memory as the lookups by language."""
    # A lambda: building the queryset costs more than the memory look-up.
    locale = _remembered(f"id:{locale_id}", lambda: Locale.objects.filter(pk=locale_id).first())
    # Deleted meanwhile: an unsaved stand-in, never kept.
    return locale if locale is not None else Locale(pk=locale_id, language_code="")


def locale_by_code(language_code: str) -> Locale | None:
    """The Locale with exactly this language code, or None (then not kept:
    any text may come), from the same memory."""
    return _remembered(
        f"code:{language_code}",
        lambda: Locale.objects.filter(language_code=language_code).first(),
    )


def clear(**kwargs) -> None:
    _cache.clear()


def install() -> None:
    """Called from SitesConfig.ready()."""
    LocaleManager.get_for_language = cached_get_for_language
    post_save.connect(clear, sender=Locale, dispatch_uid="samverkan-locale-cache-save")
    post_delete.connect(clear, sender=Locale, dispatch_uid="samverkan-locale-cache-delete")
