"""The abstract base every shared snippet builds on.

Goals, projects, activities, publications, organisations and culture areas
are Wagtail snippets that any site may show. They share one set of
behaviours, defined here once:

- revisions, draft/live state, locking and moderation workflows, so nothing
  an editor saves is lost and nothing unpublished is shown;
- translation with wagtail-localize (one row per locale, linked by
  `translation_key`);
- a slug, unique per locale, that gives each snippet its URL on a site;
- search indexing;
- a queryset that knows what is live and how to fall back to Swedish when
  an English translation is missing.

Relations to other snippets point at the source (Swedish) rows and are
synchronised to translations, never translated; templates and the API
localise them when they are read.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index


def default_locale_id() -> int:
    """The default (Swedish) locale's id, cached: it is read on every request."""
    key = f"samverkan:default-locale:{settings.LANGUAGE_CODE}"
    value = cache.get(key)
    if value is None:
        value = Locale.get_default().pk
        cache.set(key, value, 60 * 60)
    return value


class SnippetQuerySet(models.QuerySet):
    def live(self) -> SnippetQuerySet:
        return self.filter(live=True)

    def for_display(self) -> SnippetQuerySet:
        """With the relations that lists and details show, fetched in the same query."""
        return self.select_related("locale", *getattr(self.model, "display_related", ()))

    def in_locale(self, locale: Locale | None = None) -> SnippetQuerySet:
        """Rows in `locale`, plus default-locale rows that lack a translation.

        This is how a page in English shows every snippet: translated where
        a translation exists, in Swedish where it does not. One query.
        """
        locale = locale or Locale.get_active()
        default = default_locale_id()
        if locale.pk == default:
            return self.filter(locale=locale)
        translated_keys = self.model._default_manager.filter(locale=locale).values(
            "translation_key"
        )
        return self.filter(
            Q(locale=locale) | Q(locale_id=default) & ~Q(translation_key__in=translated_keys)
        )

    def owned_by_keys(self, keys) -> SnippetQuerySet:
        """Snippets whose owner has any of these translation keys, in any locale."""
        return self.filter(owner_keys_q(keys))

    def owned_by(self, organisations) -> SnippetQuerySet:
        """Snippets whose owner is any of `organisations`, in any locale."""
        keys = [org.translation_key for org in organisations]
        return self.filter(organisation__translation_key__in=keys)


class SharedSnippet(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """Behaviour shared by every snippet; see the module docstring."""

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        allow_unicode=False,
        help_text=_("The last part of the address where the item is shown."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SnippetQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="%(app_label)s_%(class)s_unique_slug"
            )
        ]

    @property
    def source(self):
        """The default-locale version of this snippet (itself if it is one)."""
        if self.locale_id == default_locale_id():
            return self
        return self.get_translation_or_none(Locale.get_default()) or self


class OwnedSnippet(SharedSnippet):
    """A snippet owned by one organisation, whose editors alone may change it."""

    organisation = models.ForeignKey(
        "sites.Organisation",
        verbose_name=_("owning organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation whose editors manage this item."),
    )

    class Meta(SharedSnippet.Meta):
        abstract = True


def default_locale_organisations():
    return {"locale__language_code": settings.LANGUAGE_CODE}


def owner_keys_q(keys) -> Q:
    """A filter for snippets whose owner has any of these translation keys.

    By the organisations' ids, kept until an organisation changes: a join
    with the organisations table would hide from PostgreSQL how few rows
    match, and it would scan the snippets of the whole language instead of
    the owners' index.
    """
    from cms.response_cache import cached_by_tags, model_tag

    from .models import Organisation

    def build() -> dict[str, list[int]]:
        ids: dict[str, list[int]] = {}
        for pk, key in Organisation.objects.values_list("pk", "translation_key"):
            ids.setdefault(str(key), []).append(pk)
        return ids

    ids = cached_by_tags("organisation-ids", [model_tag(Organisation)], build)
    return Q(organisation_id__in=sorted({pk for key in keys for pk in ids.get(str(key), ())}))
