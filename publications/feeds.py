"""RSS and Atom feeds of the publications a site shows (Django syndication).

Served by each site's publication index page at `rss/` and `atom/`; a
publication with a file carries it as an enclosure with its type and size.
"""

from __future__ import annotations

import datetime
import mimetypes

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from sites.models import SiteSettings


class PublicationFeed(Feed):
    feed_type = Rss201rev2Feed
    limit = 50

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        settings = SiteSettings.for_request(self.request)
        name = settings.organisation.localized.name if settings.organisation else ""
        return f"{self.index_page.title} – {name}" if name else self.index_page.title

    def link(self) -> str:
        return self.index_page.get_url(self.request) or "/"

    def description(self) -> str:
        return strip_tags(self.index_page.intro or "") or self.title()

    def items(self):
        return self.index_page.get_snippets().select_related("document")[: self.limit]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return strip_tags(str(item.summary or ""))

    def item_link(self, item) -> str:
        return self.index_page.url_for(item)

    def item_guid(self, item) -> str:
        return self.request.build_absolute_uri(self.index_page.url_for(item))

    def item_pubdate(self, item):
        if item.date:
            return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12)))
        return item.updated_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_author_name(self, item) -> str:
        return item.authors or ""

    def item_enclosures(self, item):
        document = item.document
        if document is None:
            return []
        size = document.get_file_size() or 0
        mime = mimetypes.guess_type(document.filename)[0] or "application/octet-stream"
        url = self.request.build_absolute_uri(document.url)
        return [Enclosure(url, str(size), mime)]

    def item_copyright(self, item):
        return None

    def feed_copyright(self):
        return None

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["description"] = feed.feed.get("description") or _("Publications")
        feed.feed["language"] = self.index_page.locale.language_code
        return feed


class PublicationAtomFeed(PublicationFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
