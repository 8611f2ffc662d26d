"""Links to pages record the sites they lead to, for the fragments that show them.

A page body, snippet detail or menu kept as a fragment is rebuilt when its
own site's pages change. A link in it may lead to a page of another site
(or of the other language's tree): when that page is renamed, moved or
unpublished, its address or title changes too. Rich-text page links and
link blocks therefore record the site tags of the page they lead to while
the fragment is built (cms.response_cache.depends_on).
"""

from __future__ import annotations

from wagtail.rich_text.pages import PageLinkHandler

from cms.response_cache import depends_on
from sites.signal_handlers import site_tags_of_path


def record_link_to(page) -> None:
    """Record that what is being rendered shows a link to `page` (any page or None)."""
    if page is not None:
        depends_on(*site_tags_of_path(page.url_path))


class RecordingPageLinkHandler(PageLinkHandler):
    """Wagtail's rich-text page links, recording the sites of the pages they
    lead to. A site's tree holds its pages' translations too, so the page
    linked to names the site of the translation the link shows."""

    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list:
        pages = super().get_many(attrs_list)
        for page in pages:
            record_link_to(page)
        return pages
