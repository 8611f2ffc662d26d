"""Which of an organisation's pages and snippets lack an English translation,
and which translations are out of date.

wagtail-localize keeps a TranslationSource per translated object: the
Swedish content as it was when the translation was last synchronised
(`last_updated_at`). A translation is out of date when the Swedish object
was published after that; the editor then syncs it ("Sync translations")
and translates the new strings. Drafts do not count: wagtail-localize
translates the published Swedish content.

Used by the "Översättningar" report and the dashboard panel
(sites/admin_views.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from .models import Organisation, SiteSettings, owned_snippet_models


class State(models.TextChoices):
    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Out of date")
    UNPUBLISHED = "unpublished", _("Not published")
    CURRENT = "current", _("Up to date")


@dataclass
class TranslationStatus:
    """The English translation status of one Swedish page or snippet."""

    obj: models.Model
    organisation: Organisation | None
    translation: models.Model | None
    source: TranslationSource | None
    synced: bool  # a wagtail-localize translation into English is enabled

    @property
    def is_page(self) -> bool:
        return isinstance(self.obj, Page)

    @property
    def title(self) -> str:
        return self.obj.get_admin_display_title() if self.is_page else str(self.obj)

    @property
    def kind(self) -> str:
        return str(self.obj._meta.verbose_name).capitalize()

    @property
    def changed_at(self) -> datetime.datetime | None:
        """When the Swedish content was last published."""
        return self.obj.last_published_at

    @property
    def synced_at(self) -> datetime.datetime | None:
        return self.source.last_updated_at if self.source else None

    @cached_property
    def state(self) -> str:
        if self.translation is None:
            return State.MISSING
        if self.source and self.changed_at and self.changed_at > self.source.last_updated_at:
            return State.OUTDATED
        if not self.translation.live:
            return State.UNPUBLISHED
        return State.CURRENT

    def get_state_display(self) -> str:
        return State(self.state).label

    @property
    def needs_work(self) -> bool:
        return self.state != State.CURRENT

    # Admin URLs --------------------------------------------------------

    def _edit_url(self, obj) -> str:
        if isinstance(obj, Page):
            return reverse("wagtailadmin_pages:edit", args=[obj.pk])
        return reverse(obj.snippet_viewset.get_url_name("edit"), args=[quote(obj.pk)])

    @property
    def edit_url(self) -> str:
        return self._edit_url(self.obj)

    @property
    def translation_edit_url(self) -> str | None:
        return self._edit_url(self.translation) if self.translation else None

    @property
    def translate_url(self) -> str | None:
        """Start a translation (wagtail-localize "Translate")."""
        if self.translation is not None:
            return None
        if self.is_page:
            return reverse("wagtail_localize:submit_page_translation", args=[self.obj.pk])
        meta = self.obj._meta
        return reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[meta.app_label, meta.model_name, quote(self.obj.pk)],
        )

    @property
    def sync_url(self) -> str | None:
        """Bring the translation up to date with the Swedish content ("Sync")."""
        if self.source is None or not self.synced:
            return None
        return reverse("wagtail_localize:update_translations", args=[self.source.pk])


def _model_of(obj) -> type[models.Model]:
    """The model translations of `obj` are looked up in (pages: any page type)."""
    return Page if isinstance(obj, Page) else type(obj)._meta.concrete_model


def translation_statuses(organisation_ids: Iterable[int] | None) -> list[TranslationStatus]:
    """Every Swedish page and owned snippet of the organisations (all when None)."""
    default = Locale.get_default()
    english = Locale.objects.exclude(pk=default.pk).first()
    if english is None:
        return []
    if organisation_ids is None:
        organisation_ids = list(
            SiteSettings.objects.filter(organisation__isnull=False).values_list(
                "organisation", flat=True
            )
        )
    organisation_ids = set(organisation_ids)
    organisations = Organisation.objects.in_bulk(organisation_ids)

    objects: list[tuple[models.Model, Organisation | None]] = []
    settings = SiteSettings.objects.filter(organisation__in=organisation_ids)
    for site_settings in settings.select_related("site__root_page"):
        owner = organisations.get(site_settings.organisation_id)
        root = site_settings.site.root_page
        pages = Page.objects.descendant_of(root, inclusive=True).filter(locale=default)
        objects += [(page, owner) for page in pages.order_by("path").specific()]
    for model in owned_snippet_models():
        snippets = model.objects.filter(organisation__in=organisation_ids, locale=default)
        objects += [(obj, organisations.get(obj.organisation_id)) for obj in snippets]

    keys = [obj.translation_key for obj, _owner in objects]
    translations = {
        (_model_of(obj), obj.translation_key): obj for obj in _translations(objects, english)
    }
    sources = {
        source.object_id: source
        for source in TranslationSource.objects.filter(object_id__in=keys, locale=default)
    }
    synced = set(
        Translation.objects.filter(
            source__in=sources.values(), target_locale=english, enabled=True
        ).values_list("source__object_id", flat=True)
    )
    return [
        TranslationStatus(
            obj=obj,
            organisation=owner,
            translation=translations.get((_model_of(obj), obj.translation_key)),
            source=sources.get(obj.translation_key),
            synced=obj.translation_key in synced,
        )
        for obj, owner in objects
    ]


def _translations(objects, locale: Locale) -> list[models.Model]:
    by_model: dict[type, list] = {}
    for obj, _owner in objects:
        by_model.setdefault(_model_of(obj), []).append(obj.translation_key)
    found = []
    for model, keys in by_model.items():
        found += list(model._default_manager.filter(translation_key__in=keys, locale=locale))
    return found
