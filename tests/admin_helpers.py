"""Shared helpers for the editors' admin tests.

The demo content (loaded once per test database) includes every site-owning
organisation's groups and one demo editor and moderator each; these helpers
find them, the objects each organisation owns, and what the admin posts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from http import HTTPStatus
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from sites.hosts import hostname_for
from sites.models import Organisation, SiteSettings, owned_snippet_models

ORG_A = "natverkstan"
ORG_B = "vgr-kulturutveckling"
ADMIN_HOME = "/admin/"


def username(slug: str, role: str) -> str:
    return f"{slug}-{'redaktor' if role == 'editor' else 'moderator'}"


def demo_user(slug: str, role: str):
    return get_user_model().objects.get(username=username(slug, role))


def client_for(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def superuser():
    user, _created = get_user_model().objects.get_or_create(
        username="test-superuser", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


@dataclass
class OrgObjects:
    """What one organisation owns: its site, pages, snippets, media and settings."""

    slug: str
    organisation: Organisation
    site: Site
    home: Page
    home_en: Page
    page: Page
    page_en: Page
    snippets: dict[type, models.Model] = field(default_factory=dict)
    image: Any = None
    document: Any = None
    settings: SiteSettings | None = None


def org_objects(slug: str) -> OrgObjects:
    sv = Locale.objects.get(language_code="sv")
    en = Locale.objects.get(language_code="en")
    organisation = Organisation.objects.get(slug=slug, locale=sv)
    site = Site.objects.get(hostname=hostname_for(slug))
    home = site.root_page.specific
    page = home.get_children().type(apps.get_model("home", "StandardPage")).first().specific
    snippets = {
        model: model.objects.filter(organisation=organisation, locale=sv, live=True)
        .order_by("pk")
        .first()
        for model in owned_snippet_models()
    }
    return OrgObjects(
        slug=slug,
        organisation=organisation,
        site=site,
        home=home,
        home_en=home.get_translation(en),
        page=page,
        page_en=page.get_translation(en),
        snippets=snippets,
        image=get_image_model().objects.filter(collection__name=organisation.name).first(),
        document=get_document_model().objects.filter(collection__name=organisation.name).first(),
        settings=SiteSettings.for_site(site),
    )


def is_refused(response) -> bool:
    """Wagtail's refusals: 403 (XHR, API) or a redirect to the dashboard."""
    if response.status_code == HTTPStatus.FORBIDDEN:
        return True
    return response.status_code == HTTPStatus.FOUND and response["Location"] == ADMIN_HOME


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


class _FormParser(HTMLParser):
    """Collects what a browser would submit from the form posting to `action`.

    StreamFields are drawn by JavaScript from JSON, so they are submitted
    empty (which they may be on every model here).
    """

    def __init__(self, action: str, page: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.page = page  # where a form without an action posts to
        self.in_form = False
        self.depth = 0
        self.data: dict[str, list[str]] = {}
        self.select: tuple[str, bool] | None = None
        self.select_first: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.in_form:
                self.depth += 1
            elif (attrs.get("action") or self.page).split("?")[0] == self.action and (
                attrs.get("method", "").lower() == "post"
            ):
                self.in_form = True
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "div" and attrs.get("data-controller") == "w-block" and attrs.get("id"):
            # A StreamField, drawn by JavaScript: submit it empty.
            self.data.setdefault(f"{attrs['id']}-count", ["0"])
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.add(name, attrs.get("value", ""))
        elif tag == "select" and name:
            self.select = (name, "multiple" in attrs)
            self.select_first = None
            self.selected = False
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in attrs:
                self.add(self.select[0], value)
                self.selected = True
        elif tag == "textarea" and name:
            self.textarea = name
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            if self.depth:
                self.depth -= 1
            else:
                self.in_form = False
        elif tag == "select" and self.select:
            name, multiple = self.select
            if not multiple and not self.selected and self.select_first is not None:
                self.add(name, self.select_first)
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def form_data(client: Client, url: str, action: str | None = None) -> dict[str, list[str]]:
    """GET `url` and return the data its POST form (to `action`, default `url`) holds."""
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, (url, response.status_code)
    parser = _FormParser(action or url, url)
    parser.feed(response.content.decode())
    assert parser.data, f"no form posting to {action or url}"
    return parser.data


def with_values(data: dict[str, list[str]], **values) -> dict[str, list[str]]:
    return {**data, **{key: [value] for key, value in values.items()}}


def admin_url(obj_or_model, view: str, *args) -> str:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return reverse(model.snippet_viewset.get_url_name(view), args=args)


__all__ = [
    "ADMIN_HOME",
    "ORG_A",
    "ORG_B",
    "OrgObjects",
    "admin_url",
    "client_for",
    "demo_user",
    "form_data",
    "is_refused",
    "messages_of",
    "org_objects",
    "superuser",
    "with_values",
]
