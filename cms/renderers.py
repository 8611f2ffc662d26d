"""The API's JSON renderer: compact JSON, encoded with orjson.

A list of twenty pages with their bodies is over 100 kB of JSON; Python's
json module spent more time on it than everything else the list does.
orjson writes the same compact UTF-8 output as DRF's renderer, several
times faster. Objects it does not know (lazy translations, dates,
decimals) go through DRF's own encoder, so they come out as DRF writes them.

Wagtail's endpoints ask for every response to be indented by four spaces;
ours answer compact JSON (a third smaller) unless the client asks for
indentation (`Accept: application/json; indent=4`), which, like anything
orjson refuses, is left to DRF's renderer. The browsable API is indented.

A list page of API items is kept already encoded (`EncodedJSON`, see
cms.response_cache.kept_representations): orjson places its bytes in the
response as they are, instead of encoding every item again on each request.
"""

from __future__ import annotations

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


class EncodedJSON:
    """A value already encoded as compact JSON, placed in a response as is."""

    __slots__ = ("encoded",)

    def __init__(self, encoded: bytes):
        self.encoded = encoded

    def decoded(self):
        return orjson.loads(self.encoded)


class SamverkanJSONEncoder(JSONEncoder):
    """DRF's encoder (indented and browsable responses), which also decodes EncodedJSON."""

    def default(self, obj):
        if isinstance(obj, EncodedJSON):
            return obj.decoded()
        return super().default(obj)


_drf_encoder = SamverkanJSONEncoder()


def _default(obj):
    if isinstance(obj, EncodedJSON):
        return orjson.Fragment(obj.encoded)
    return _drf_encoder.default(obj)


def encode_json(data) -> bytes:
    """`data` as compact UTF-8 JSON, as the API writes it (TypeError if orjson cannot)."""
    return orjson.dumps(data, default=_default, option=_OPTIONS)


def kept_json(data):
    """What to keep of `data` for later responses: EncodedJSON, or `data`
    itself when orjson cannot encode it (the renderer then falls back too)."""
    try:
        return EncodedJSON(encode_json(data))
    except TypeError:  # orjson.JSONEncodeError: e.g. an integer over 64 bits
        return data


class FastJSONRenderer(JSONRenderer):
    encoder_class = SamverkanJSONEncoder

    def get_indent(self, accepted_media_type, renderer_context):
        # Only the client's Accept header decides, not Wagtail's default of 4.
        context = {key: value for key, value in renderer_context.items() if key != "indent"}
        return super().get_indent(accepted_media_type, context)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if indent or self.ensure_ascii or not self.compact:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            encoded = encode_json(data)
        except TypeError:  # orjson.JSONEncodeError: e.g. an integer over 64 bits
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF does: escaped, so that the output is also valid JavaScript.
        return encoded.replace("\u2028".encode(), b"\\u2028").replace("\u2029".encode(), b"\\u2029")


def api_renderers() -> list:
    """The renderers of every API view: JSON first, then the browsable API."""
    from rest_framework.renderers import BrowsableAPIRenderer

    return [FastJSONRenderer, BrowsableAPIRenderer]
