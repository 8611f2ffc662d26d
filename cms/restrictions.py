"""Skip the view-restriction queries of every page view while no page is restricted.

Wagtail checks each served page for view restrictions on it and its
ancestors: two queries per page view, even on sites where no page is
restricted. `CachedViewRestrictionsMixin` answers "none" without a query
while no PageViewRestriction exists at all, a fact kept as a fragment until
a restriction is saved or deleted (those bump the response cache's "all"
tag: sites/signal_handlers.py). As soon as one exists, Wagtail's own check
runs for every page.
"""

from __future__ import annotations

from wagtail.models import PageViewRestriction

from cms.response_cache import cached_by_tags


def any_page_view_restriction() -> bool:
    return cached_by_tags(
        "page-view-restrictions-exist", ["all"], PageViewRestriction.objects.exists
    )


class CachedViewRestrictionsMixin:
    """For Page subclasses: put it before Page in the bases."""

    def get_view_restrictions(self):
        if not any_page_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
