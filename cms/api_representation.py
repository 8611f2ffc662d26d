"""How images and related objects appear in API responses, wherever they are.

A leaf module (it imports none of our apps), used by StreamField blocks,
snippet and page fields and the endpoints, so that:

- an image always has the same shape: id, title, alt text, size, focal point
  and rendition URLs in a few sizes, WebP included; never a bare id;
- a related page or snippet is expanded one level: id, type, title, its API
  detail URL and the URL where a visitor reads it.

The serializer context carries what these need: the DRF `request`, Wagtail's
API `router`, and optionally a `locator` (see sites/api.py) that knows where
each snippet is shown on the sites.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls.exceptions import NoReverseMatch
from rest_framework.fields import Field

from cms.response_cache import SNIPPET_MODEL_TAGS, cached_fragment, depends_on

# name -> Wagtail rendition filter spec
RENDITIONS: dict[str, str] = {
    "thumbnail": "fill-320x180|format-jpeg",
    "small": "max-480x480",
    "medium": "max-960x960",
    "large": "max-1600x1600",
    "medium_webp": "max-960x960|format-webp",
    "large_webp": "max-1600x1600|format-webp",
}


def absolute(url: str, request=None) -> str:
    if url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def image_representation(image, request=None, alt_text: str | None = None) -> dict[str, Any]:
    """The API shape of an image. Renditions come from the prefetch when present."""
    renditions = image.get_renditions(*RENDITIONS.values())
    focal_point = None
    if image.has_focal_point():
        focal_point = {
            "x": image.focal_point_x,
            "y": image.focal_point_y,
            "width": image.focal_point_width,
            "height": image.focal_point_height,
        }
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text if alt_text is None else alt_text,
        "width": image.width,
        "height": image.height,
        "focal_point": focal_point,
        "renditions": {
            name: {
                "url": absolute(renditions[spec].url, request),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
                "format": "webp" if "webp" in spec else _format(renditions[spec].url),
            }
            for name, spec in RENDITIONS.items()
        },
    }


def _format(url: str) -> str:
    extension = url.rsplit(".", 1)[-1].lower()
    return {"jpg": "jpeg"}.get(extension, extension)


def page_site_parameter(page) -> str | None:
    """`host[:port]` of the site a page belongs to, from Wagtail's cached root paths."""
    from wagtail.models import Site

    best = None
    for root in Site.get_site_root_paths():
        if page.url_path.startswith(root.root_path) and (
            best is None or len(root.root_path) > len(best.root_path)
        ):
            best = root
    return urlsplit(best.root_url).netloc if best else None


def page_detail_url(page, request, router) -> str | None:
    """A page's API URL, naming its site so that it answers from any host."""
    from wagtail.api.v2.utils import get_object_detail_url
    from wagtail.models import Page

    url = get_object_detail_url(router, request, Page, page.pk)
    site = page_site_parameter(page)
    return f"{url}?site={site}" if url and site else url


def object_reference(obj, context: dict | None) -> dict[str, Any] | None:
    """A related page or snippet, expanded one level."""
    # Imported here: models import this module while the app registry loads.
    from wagtail.api.v2.utils import get_object_detail_url
    from wagtail.models import Page

    if obj is None:
        return None
    context = context or {}
    request = context.get("request")
    router = context.get("router")
    if isinstance(obj, Page):
        model = obj.specific_class or type(obj)
        title = obj.title
        try:
            html_url = obj.full_url
        except NoReverseMatch:
            html_url = None
    else:
        model = type(obj)
        title = str(obj)
        locator = context.get("locator")
        html_url = locator.html_url(obj) if locator else None
    detail_url = None
    if router is not None and request is not None:
        if isinstance(obj, Page):
            detail_url = page_detail_url(obj, request, router)
        else:
            detail_url = get_object_detail_url(router, request, model, obj.pk)
    return {
        "id": obj.pk,
        "type": f"{model._meta.app_label}.{model.__name__}",
        "title": title,
        "detail_url": detail_url,
        "html_url": html_url,
    }


# Serializer fields, declared on the models with APIField(name, serializer=...)


class RelatedField(Field):
    """A related snippet or page, expanded one level, in the item's language."""

    def __init__(self, many: bool = False, **kwargs):
        self.many = many
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        self._locale_id = getattr(instance, "locale_id", None)
        return super().get_attribute(instance)

    def reference(self, obj):
        localizer = self.context.get("localizer")
        if localizer is not None:
            obj = localizer.localize(obj, self._locale_id)
        if hasattr(obj, "live") and not obj.live:
            return None
        return object_reference(obj, self.context)

    def to_representation(self, value):
        if self.many:
            refs = (self.reference(obj) for obj in value.all())
            return [ref for ref in refs if ref is not None]
        return self.reference(value)


class FundingField(RelatedField):
    def __init__(self, **kwargs):
        super().__init__(many=True, **kwargs)

    def to_representation(self, value):
        return [
            {"funder": self.reference(funding.funder), "amount_sek": funding.amount_sek}
            for funding in value.all()
        ]


class ImageField(Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, image):
        return image_representation(image, self.context.get("request"))


class DocumentField(Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, document):
        request = self.context.get("request")
        return {
            "id": document.pk,
            "title": document.title,
            "url": request.build_absolute_uri(document.url) if request else document.url,
            "file_extension": document.file_extension,
            "file_size": document.file_size,
        }


class StreamFieldInLocale(Field):
    """A StreamField whose blocks know the language of the object they belong to."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        self._locale = getattr(instance, "locale", None)
        # Set by the pages endpoint (cms/api.py, prefetch_streams): the name
        # under which this value's representation is kept as a fragment.
        self._fragment = getattr(instance, "_stream_fragments", {}).get(self.source)
        return super().get_attribute(instance)

    def to_representation(self, value):
        context = {**self.context, "locale": self._locale}

        def build():
            # Blocks link pages and snippets of any site and show images.
            depends_on("locator", *SNIPPET_MODEL_TAGS)
            return value.stream_block.get_api_representation(value, context)

        if self._fragment is None:
            return build()
        return cached_fragment(self._fragment, build)
