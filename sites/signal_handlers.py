"""Keep derived state in step with content changes, and tell subscribers.

Whenever a page or snippet is published, unpublished, moved or deleted (or a
site's settings change):

- the content version moves forward: it is the `Last-Modified` of API
  responses, strictly increasing by at least a second per change so that a
  conditional GET can never be answered 304 across a change;
- the cached responses that show it are invalidated, exactly: its site's
  pages for a page, the lists and details of its model for a snippet,
  everything for a change of site settings, images or documents
  (cms/response_cache.py);
- the sites' webhook subscribers are notified (sites/webhooks.py).
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

CONTENT_VERSION_KEY = "samverkan:content-changed-at"


def content_changed_at() -> datetime.datetime:
    """When published content last changed (set now if the cache has forgotten)."""
    value = cache.get(CONTENT_VERSION_KEY)
    if value is None:
        value = bump_content_version()
    return value


def mark_content_changed(sender=None, instance=None, **kwargs) -> datetime.datetime:
    from cms.response_cache import invalidate

    tags = tags_for(instance, **kwargs)

    def forget() -> datetime.datetime:
        invalidate(tags)  # the snippet locator's map too: it is kept by these tags
        return bump_content_version()

    changed_at = forget()
    if connection.in_atomic_block:
        # The signal comes inside the publishing transaction: a request served
        # by another process before the commit still reads the old rows and
        # would cache them under the new versions. Forget again once they are
        # committed.
        transaction.on_commit(forget)
    purge_cdn(instance)
    return changed_at


def purge_cdn(instance) -> None:
    """Purge a snippet's pages from the CDN (Wagtail purges published pages itself)."""
    from django.conf import settings

    from sites.snippets import OwnedSnippet

    if not settings.WAGTAILFRONTENDCACHE or not isinstance(instance, OwnedSnippet):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    from sites.api import SnippetLocator

    purge_urls_from_cache(sorted(SnippetLocator().urls_showing(instance)))


def sites_of_path(url_path: str | None) -> set[int]:
    """The sites whose tree holds this Wagtail url_path (either locale)."""
    from wagtail.models import Site

    if not url_path:
        return set()
    return {
        root.site_id for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)
    }


def site_tags_of_path(url_path: str | None) -> list[str]:
    """The response-cache tags that a change of the page at `url_path` bumps."""
    from cms.response_cache import site_tag

    return [site_tag(site_id) for site_id in sorted(sites_of_path(url_path))]


def tags_for(instance, **kwargs) -> set[str]:
    """The response-cache tags a change of `instance` makes stale."""
    from cms.response_cache import model_tag, site_tag
    from sites.snippets import SharedSnippet

    if isinstance(instance, Page):
        paths = {instance.url_path, kwargs.get("url_path_before"), kwargs.get("url_path_after")}
        site_ids = set().union(*(sites_of_path(path) for path in paths))
        # Index pages decide where snippets are shown: the API's html_urls.
        return {site_tag(site_id) for site_id in site_ids} | {"locator"}
    if isinstance(instance, SharedSnippet):
        return {model_tag(type(instance))}
    return {"all"}


def bump_content_version() -> datetime.datetime:
    previous = cache.get(CONTENT_VERSION_KEY)
    now = timezone.now().replace(microsecond=0) + datetime.timedelta(seconds=1)
    if previous is not None and now <= previous:
        now = previous + datetime.timedelta(seconds=1)
    cache.set(CONTENT_VERSION_KEY, now, None)
    return now


def on_delete(sender, instance, **kwargs):
    from sites.snippets import SharedSnippet

    if isinstance(instance, Page | SharedSnippet):
        mark_content_changed(sender, instance)


def notify_published(sender, instance, **kwargs):
    from sites.webhooks import notify

    notify(instance, "published")


def notify_unpublished(sender, instance, **kwargs):
    from sites.webhooks import notify

    notify(instance, "unpublished")


def notify_deleted(sender, instance, **kwargs):
    """Before the delete: afterwards the page's place in the tree is gone."""
    from sites.snippets import SharedSnippet
    from sites.webhooks import notify

    if isinstance(instance, Page | SharedSnippet) and getattr(instance, "live", False):
        notify(instance, "deleted")


def on_site_settings_saved(sender, instance, **kwargs):
    """Site settings, sites, images and documents show on every page: clear all."""
    mark_content_changed(sender, None)


SEARCH_INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


def on_task_finished(sender, task_result, **kwargs) -> None:
    """A search index update ran (maybe on a worker, after the publish): searches are stale."""
    from cms.response_cache import SEARCH_INDEX_TAG, invalidate

    if getattr(task_result.task, "module_path", "") == SEARCH_INDEX_TASK:
        invalidate([SEARCH_INDEX_TAG])


def register() -> None:
    from django_tasks.signals import task_finished
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import CollectionViewRestriction, PageViewRestriction, Site

    from sites.models import SiteSettings

    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(mark_content_changed, dispatch_uid=f"samverkan-content-{id(signal)}")
    post_delete.connect(on_delete, dispatch_uid="samverkan-content-delete")
    task_finished.connect(on_task_finished, dispatch_uid="samverkan-search-index-updated")
    # `published`/`unpublished` are sent for pages and snippets alike (pages
    # get page_published/page_unpublished as well): one notification each.
    published.connect(notify_published, dispatch_uid="samverkan-webhook-published")
    unpublished.connect(notify_unpublished, dispatch_uid="samverkan-webhook-unpublished")
    pre_delete.connect(notify_deleted, dispatch_uid="samverkan-webhook-delete")
    # View restrictions decide who may see pages, images and documents: a new
    # one must never leave a public copy in the cache (cms/restrictions.py).
    restrictions = (PageViewRestriction, CollectionViewRestriction)
    for model in (SiteSettings, Site, get_image_model(), get_document_model(), *restrictions):
        post_save.connect(on_site_settings_saved, sender=model, dispatch_uid=f"samverkan-{model}")
        post_delete.connect(
            on_site_settings_saved, sender=model, dispatch_uid=f"samverkan-d-{model}"
        )
