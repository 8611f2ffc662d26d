"""The OpenAPI 3.1 schema of the content API, served at /api/v2/schema/.

Wagtail's API v2 endpoints build their serializers per request (from the
`fields` parameter), and its router wraps their views, so drf-spectacular
cannot introspect them. This generator describes every endpoint from the
same declarations the endpoints use (each model's `api_fields`, each view's
meta fields and filters) and hands the result to drf-spectacular, which
serves it and the browsable docs (Swagger UI from drf-spectacular-sidecar,
served locally).

Item schemas list every field an item can have and forbid others
(`additionalProperties: false`), so the schema tests catch any drift.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.generators import SchemaGenerator
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models

from cms.api_representation import (
    DocumentField,
    FundingField,
    ImageField,
    RelatedField,
    StreamFieldInLocale,
)

NULL = {"type": "null"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, NULL]}


STRING = {"type": "string"}
URL_OR_NULL = nullable({"type": "string"})

COMPONENTS: dict[str, dict] = {
    "Error": {
        "type": "object",
        "properties": {"message": STRING},
        "required": ["message"],
        "additionalProperties": False,
    },
    "ListingMeta": {
        "type": "object",
        "properties": {"total_count": {"type": "integer", "minimum": 0}},
        "required": ["total_count"],
        "additionalProperties": False,
    },
    "Reference": {
        "type": "object",
        "description": "A related page or snippet, expanded one level.",
        "properties": {
            "id": {"type": "integer"},
            "type": STRING,
            "title": STRING,
            "detail_url": URL_OR_NULL,
            "html_url": URL_OR_NULL,
        },
        "required": ["id", "type", "title", "detail_url", "html_url"],
        "additionalProperties": False,
    },
    "Translation": {
        "type": "object",
        "properties": {
            "locale": STRING,
            "id": {"type": "integer"},
            "detail_url": URL_OR_NULL,
            "html_url": URL_OR_NULL,
        },
        "required": ["locale", "id", "detail_url", "html_url"],
        "additionalProperties": False,
    },
    "Rendition": {
        "type": "object",
        "properties": {
            "url": STRING,
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "format": STRING,
        },
        "required": ["url", "width", "height", "format"],
        "additionalProperties": False,
    },
    "FocalPoint": nullable(
        {
            "type": "object",
            "properties": {k: {"type": "integer"} for k in ("x", "y", "width", "height")},
            "required": ["x", "y", "width", "height"],
            "additionalProperties": False,
        }
    ),
    "Image": {
        "type": "object",
        "description": "An image with its alt text, focal point and renditions (WebP too).",
        "properties": {
            "id": {"type": "integer"},
            "title": STRING,
            "alt": STRING,
            "width": {"type": "integer"},
            "height": {"type": "integer"},
            "focal_point": ref("FocalPoint"),
            "renditions": {"type": "object", "additionalProperties": ref("Rendition")},
        },
        "required": ["id", "title", "alt", "width", "height", "focal_point", "renditions"],
        "additionalProperties": False,
    },
    "Document": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "title": STRING,
            "url": STRING,
            "file_extension": STRING,
            "file_size": nullable({"type": "integer"}),
        },
        "required": ["id", "title", "url", "file_extension", "file_size"],
        "additionalProperties": False,
    },
    "Funding": {
        "type": "object",
        "properties": {
            "funder": nullable(ref("Reference")),
            "amount_sek": nullable({"type": "integer"}),
        },
        "required": ["funder", "amount_sek"],
        "additionalProperties": False,
    },
    "StreamBlock": {
        "type": "object",
        "description": "One StreamField block; `value` depends on `type`.",
        "properties": {"type": STRING, "value": {}, "id": nullable(STRING)},
        "required": ["type", "value"],
        "additionalProperties": False,
    },
}

ERROR_RESPONSES = {
    "400": {
        "description": "Bad input: the message names the parameter and the problem.",
        "content": {"application/json": {"schema": ref("Error")}},
    },
    "404": {
        "description": "No such object, or not public.",
        "content": {"application/json": {"schema": ref("Error")}},
    },
}

COMMON_PARAMETERS = {
    "limit": ("integer", "How many items (at most 100; 20 by default)."),
    "offset": ("integer", "How many items to skip."),
    "fields": (
        "string",
        "Which fields: a comma-separated list; `*` for all, `-name` to drop one, "
        "`related(sub,fields)` for nested fields.",
    ),
    "order": ("string", "Field to order by; `-field` for descending, `random`."),
    "search": ("string", "Full-text search."),
    "search_operator": ("string", "`and` or `or` between search terms."),
    "rich_text_format": ("string", "`html` (default here), `db_html`, `markdown`, ..."),
}

FILTER_DESCRIPTIONS = {
    "locale": ("string", "Only items in this language: `sv` or `en`."),
    "translation_of": ("integer", "The translations of the item with this id."),
    "site": ("string", "Hostname (`host` or `host:port`) of a site: what that site shows."),
    "organisation": ("string", "Owner: organisation ids or slugs, comma-separated."),
    "status": ("string", "`planned`, `ongoing` or `completed` (derived from the dates)."),
    "area": ("string", "Culture area ids or slugs, comma-separated."),
    "funder": ("string", "Funding organisation ids or slugs."),
    "partner": ("string", "Partner organisation ids or slugs."),
    "active_on": ("string", "A date (YYYY-MM-DD) the project runs on."),
    "from": ("string", "Activities not over before this date (YYYY-MM-DD)."),
    "to": ("string", "Activities starting by this date (YYYY-MM-DD)."),
    "format": ("string", "`digital`, `on_site` or `hybrid`."),
    "kind": ("string", "The kind of item (see the enum of the `kind` field)."),
    "free": ("boolean", "Only free (true) or only paid (false) activities."),
    "year": ("integer", "Publication year."),
    "project": ("string", "Related project ids or slugs."),
    "period": ("integer", "A year inside the goal's period."),
    "national": ("boolean", "Only the seven areas of the cultural cooperation model."),
    "type": ("string", "Page type(s), e.g. `home.StandardPage`."),
    "child_of": ("integer", "Children of this page id."),
    "descendant_of": ("integer", "Descendants of this page id."),
    "ancestor_of": ("integer", "Ancestors of this page id."),
}


def parameter(name: str, kind: str, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": kind},
    }


# ---------------------------------------------------------------------------
# Field schemas from model fields and APIField serializers


def model_field_schema(model: type[models.Model], name: str, serializer) -> dict:
    if isinstance(serializer, RelatedField | FundingField):
        if isinstance(serializer, FundingField):
            return {"type": "array", "items": ref("Funding")}
        if serializer.many:
            return {"type": "array", "items": ref("Reference")}
        return nullable(ref("Reference"))
    if isinstance(serializer, ImageField):
        return nullable(ref("Image"))
    if isinstance(serializer, DocumentField):
        return nullable(ref("Document"))
    if isinstance(serializer, StreamFieldInLocale):
        return {"type": "array", "items": ref("StreamBlock")}
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return property_schema(model, name)
    if not getattr(field, "concrete", False):  # a reverse relation named like a property
        return property_schema(model, name)
    if isinstance(field, StreamField):
        return {"type": "array", "items": ref("StreamBlock")}
    if isinstance(field, RichTextField):
        schema = {"type": "string", "contentMediaType": "text/html"}
    elif isinstance(field, models.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, models.IntegerField | models.AutoField):
        schema = {"type": "integer"}
    elif isinstance(field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    else:
        schema = {"type": "string"}
        if getattr(field, "choices", None):
            schema["enum"] = [value for value, _label in field.choices]
    return nullable(schema) if field.null else schema


PROPERTY_SCHEMAS = {
    "alt": STRING,
    "focal_point": ref("FocalPoint"),
    "renditions": {"type": "object", "additionalProperties": ref("Rendition")},
    "file_extension": STRING,
    "file_size": nullable({"type": "integer"}),
    "status": nullable({"type": "string", "enum": ["planned", "ongoing", "completed"]}),
    "total_funding_sek": {"type": "integer"},
    "is_free": {"type": "boolean"},
}


def property_schema(model, name: str) -> dict:
    return PROPERTY_SCHEMAS.get(name, {})


META_FIELD_SCHEMAS = {
    "type": STRING,
    "detail_url": STRING,
    "html_url": URL_OR_NULL,
    "locale": STRING,
    "translations": {"type": "array", "items": ref("Translation")},
    "slug": STRING,
    "show_in_menus": {"type": "boolean"},
    "seo_title": STRING,
    "search_description": STRING,
    "first_published_at": nullable({"type": "string", "format": "date-time"}),
    "alias_of": nullable({}),
    "parent": nullable({}),
    "tags": {"type": "array", "items": STRING},
    "download_url": STRING,
}


def item_schema(view: type[BaseAPIViewSet], models_: list[type[models.Model]]) -> dict:
    """Every field an item of these models can have in this endpoint."""
    properties: dict[str, Any] = {"id": {"type": "integer"}}
    meta_properties: dict[str, Any] = {}
    for model in models_:
        overrides = view.get_field_serializer_overrides(model)
        for name in view.get_body_fields_names(model):
            if name == "id":
                continue
            properties.setdefault(name, model_field_schema(model, name, overrides.get(name)))
        for name in view.get_meta_fields_names(model):
            meta_properties.setdefault(name, META_FIELD_SCHEMAS.get(name, {}))
    properties["meta"] = {
        "type": "object",
        "properties": meta_properties,
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": properties,
        "required": ["id"],
        "additionalProperties": False,
    }


def listing_schema(item: dict) -> dict:
    return {
        "type": "object",
        "properties": {"meta": ref("ListingMeta"), "items": {"type": "array", "items": item}},
        "required": ["meta", "items"],
        "additionalProperties": False,
    }


def json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# ---------------------------------------------------------------------------
# Special endpoints

SITE_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "meta": {
            "type": "object",
            "properties": {"type": STRING, "detail_url": STRING, "html_url": STRING},
            "additionalProperties": False,
        },
        "name": STRING,
        "hostname": STRING,
        "port": {"type": "integer"},
        "is_portal": {"type": "boolean"},
        "organisation": nullable(ref("Reference")),
        "root_page": ref("Reference"),
        "locales": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "locale": STRING,
                    "root_page_id": {"type": "integer"},
                    "html_url": STRING,
                },
                "additionalProperties": False,
            },
        },
        "api": {"type": "object", "additionalProperties": STRING},
    },
    "required": ["id", "meta", "name", "hostname", "port", "root_page", "locales", "api"],
    "additionalProperties": False,
}

SEARCH_HIT_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "type": STRING,
        "title": STRING,
        "meta": {
            "type": "object",
            "properties": {
                "type": STRING,
                "detail_url": URL_OR_NULL,
                "html_url": URL_OR_NULL,
                "locale": STRING,
                "rank": {"type": "integer", "minimum": 1},
                "score": {"type": "number"},
            },
            "required": ["type", "detail_url", "html_url", "locale", "rank", "score"],
            "additionalProperties": False,
        },
    },
    "required": ["id", "type", "title", "meta"],
    "additionalProperties": False,
}


def endpoint_paths(name: str, view: type[BaseAPIViewSet]) -> dict:
    from sites.api import SitesAPIViewSet, SnippetAPIViewSet

    tag = name
    if view is SitesAPIViewSet:
        item = SITE_SCHEMA
        parameters = [parameter(n, "integer", COMMON_PARAMETERS[n][1]) for n in ("limit", "offset")]
    else:
        if issubclass(view.model, Page):
            page_models = [Page, *get_page_models()]
            item = item_schema(view, page_models)
        else:
            item = item_schema(view, [view.model])
        names = list(COMMON_PARAMETERS)
        if issubclass(view, SnippetAPIViewSet):
            filters = view.filter_names()
        elif issubclass(view.model, Page):
            filters = [
                "type",
                "child_of",
                "descendant_of",
                "ancestor_of",
                "translation_of",
                "locale",
                "site",
            ]
        else:
            filters = []
        parameters = [parameter(n, *COMMON_PARAMETERS[n]) for n in names]
        parameters += [parameter(n, *FILTER_DESCRIPTIONS[n]) for n in filters]
    prefix = f"/api/v2/{name}/"
    detail = {
        "get": {
            "operationId": f"{name}_detail",
            "tags": [tag],
            "summary": f"One of {name}",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                *(
                    [parameter("fields", *COMMON_PARAMETERS["fields"])]
                    if view is not SitesAPIViewSet
                    else []
                ),
            ],
            "responses": {"200": json_response(f"One of {name}", item), **ERROR_RESPONSES},
        }
    }
    return {
        prefix: {
            "get": {
                "operationId": f"{name}_listing",
                "tags": [tag],
                "summary": f"List {name}",
                "parameters": parameters,
                "responses": {
                    "200": json_response(f"A page of {name}", listing_schema(item)),
                    **ERROR_RESPONSES,
                },
            }
        },
        prefix + "{id}/": detail,
    }


def search_paths() -> dict:
    params = [
        {
            "name": "q",
            "in": "query",
            "required": True,
            "description": "What to search for.",
            "schema": {"type": "string", "maxLength": 200},
        },
        parameter("site", *FILTER_DESCRIPTIONS["site"]),
        parameter("locale", *FILTER_DESCRIPTIONS["locale"]),
        parameter("limit", "integer", "How many hits (at most 50)."),
        parameter("offset", "integer", "How many hits to skip."),
    ]
    return {
        "/api/v2/search/": {
            "get": {
                "operationId": "search",
                "tags": ["search"],
                "summary": "Search a site's pages and the snippets it shows",
                "parameters": params,
                "responses": {
                    "200": json_response("Ranked hits", listing_schema(SEARCH_HIT_SCHEMA)),
                    **ERROR_RESPONSES,
                },
            }
        }
    }


def no_discovered_endpoints(endpoints):
    """drf-spectacular preprocessing hook: describe only what this module declares."""
    return []


def preview_paths() -> dict:
    return {
        "/api/v2/preview/": {
            "get": {
                "operationId": "preview",
                "tags": ["preview"],
                "summary": "The latest draft of a page or snippet, for a headless preview",
                "description": "The token comes from the admin's Headless preview button, "
                "expires, and only works while its editor may edit the object. The answer "
                "has the shape of the object's detail endpoint.",
                "parameters": [
                    {
                        "name": "token",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {
                    "200": json_response(
                        "The draft",
                        {"type": "object", "required": ["id", "meta"]},
                    ),
                    "403": {
                        "description": "The token's editor may not edit the object (any more).",
                        "content": {"application/json": {"schema": ref("Error")}},
                    },
                    **ERROR_RESPONSES,
                },
            }
        }
    }


class ContentAPISchemaGenerator(SchemaGenerator):
    """drf-spectacular's generator, with the Wagtail-style endpoints described."""

    def get_schema(self, request=None, public=False):
        from cms.api import api_router

        schema = super().get_schema(request=request, public=public)
        paths = {}
        for name, view in api_router._endpoints.items():
            paths.update(endpoint_paths(name, view))
        paths.update(search_paths())
        paths.update(preview_paths())
        schema["paths"] = paths
        schema.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
        schema["servers"] = [{"url": "/"}]
        return schema
