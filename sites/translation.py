"""Create translations through wagtail-localize from code.

The demo loader (and tests) translate pages and snippets the same way an
editor does in the admin: a TranslationSource is extracted from the Swedish
object, each of its strings gets a StringTranslation, and wagtail-localize
builds and publishes the English object. Editors can later edit and sync
those translations in the admin like any other.

Translated text is given as field values of the whole object ("title",
"intro", "body" as raw StreamField data with the same block ids). The
strings of both versions are extracted and paired by their position, so
rich text and blocks need no hand-made segment mapping.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from typing import Any

from django.db import models
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


def _strings_by_path(instance: models.Model) -> dict[str, list[str]]:
    strings: dict[str, list[str]] = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment.string.data)
    return strings


def _pair_strings(instance: models.Model, translated_values: dict[str, Any]) -> dict:
    """Map (path, source string) to the translated string at the same place."""
    twin = copy.copy(instance)
    for field_name, value in translated_values.items():
        setattr(twin, field_name, value)
    source_strings = _strings_by_path(instance)
    twin_strings = _strings_by_path(twin)
    pairs = {}
    for path, originals in source_strings.items():
        translated = twin_strings.get(path, [])
        if len(translated) != len(originals):
            raise ValueError(
                f"{instance!r}: {path} has {len(originals)} strings but the "
                f"translation has {len(translated)}; keep the same structure."
            )
        for original, text in zip(originals, translated, strict=True):
            if text != original:
                pairs[(path, original)] = text
    return pairs


def translate(instance: models.Model, locale: Locale, translated_values: dict[str, Any], user=None):
    """Create or update the `locale` translation of `instance` and publish it.

    Strings not given in `translated_values` fall back to the source text,
    as wagtail-localize does for an unfinished translation.
    """
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    pairs = _pair_strings(instance, translated_values)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = pairs.get((segment.context.path, segment.string.data))
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    translation.save_target(user=user, publish=True)
    return instance.get_translation(locale)
