"""Build the five organisations' sites and the portal from the demo data.

Safe to rerun: everything is looked up by slug (or hostname, or title) and
only created when missing, so a second run changes and duplicates nothing.
Site hostnames are the one exception: they are brought in line with the
current configuration on every run, without adding rows.
"""

from __future__ import annotations

import datetime
import io
import re
import uuid
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page, Site

from home.models import AccessibilityStatementPage, HomePage, PortalPage, StandardPage
from projects.models import Activity, ActivityIndexPage, Project, ProjectFunding, ProjectIndexPage
from publications.models import Publication, PublicationIndexPage
from sites.groups import setup_groups
from sites.hosts import hostname_for, portal_hostname
from sites.models import CultureArea, Goal, GoalIndexPage, Organisation, SiteSettings
from sites.translation import translate

from . import PORTAL, SITE_MODULES, common

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
BLOCK_NAMESPACE = uuid.UUID("5e1b0c9e-8d4f-4a57-9a55-3b8f0a3f2c11")

INDEX_PAGES = {
    "goals": GoalIndexPage,
    "projects": ProjectIndexPage,
    "activities": ActivityIndexPage,
    "publications": PublicationIndexPage,
}


def block_id(*parts: Any) -> str:
    """A stable block id, so a translation's blocks match the source's."""
    return str(uuid.uuid5(BLOCK_NAMESPACE, ":".join(str(p) for p in parts)))


def parse_datetime(value: str) -> datetime.datetime:
    return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=STOCKHOLM)


def recount_children() -> None:
    """Set each page's numchild to its real number of children."""
    for page in Page.objects.all():
        # Not get_children(): treebeard trusts numchild there.
        children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
        if page.numchild != children:
            Page.objects.filter(pk=page.pk).update(numchild=children)


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created = 0

    def log(self, message: str) -> None:
        if self.stdout:
            self.stdout.write(message)

    # Entry point -------------------------------------------------------

    def run(self) -> int:
        with transaction.atomic():
            self.load()
        # wagtail-localize publishes translations when the transaction commits,
        # from page objects loaded before their children were added, which
        # leaves the English home pages with numchild 0; recount after that.
        recount_children()
        return self.created

    def load(self) -> None:
        self.sv = Locale.get_default()
        self.en, _ = Locale.objects.get_or_create(language_code="en")
        self.root = Page.get_first_root_node()
        self.remove_wagtail_welcome_page()
        for data in common.CULTURE_AREAS:
            self.culture_area(data)
        for data in common.ORGANISATIONS:
            self.organisation(data)
        for module in SITE_MODULES:
            self.organisation(module.ORGANISATION)
        for data in [*common.ORGANISATIONS, *(m.ORGANISATION for m in SITE_MODULES)]:
            self.link_partners(data)
        self.portal()
        for module in SITE_MODULES:
            self.site(module)
        for module in SITE_MODULES:
            self.site_extras(module)
        # Editors' and moderators' groups, workflows and one demo login of each.
        setup_groups(stdout=self.stdout, demo_accounts=True)
        return self.created

    # Snippets -----------------------------------------------------------

    def publish_new(self, obj, translation: dict | None) -> None:
        """Save a new snippet, publish it, and publish its English translation."""
        obj.locale = self.sv
        obj.live = True
        obj.save()
        obj.save_revision().publish()
        self.created += 1
        if translation:
            translate(obj, self.en, translation)

    def culture_area(self, data: dict) -> CultureArea:
        area = CultureArea.objects.filter(slug=data["slug"], locale=self.sv).first()
        if area:
            return area
        area = CultureArea(
            slug=data["slug"], name=data["name"], is_national_area=data.get("national", False)
        )
        self.publish_new(area, data.get("en"))
        return area

    def organisation(self, data: dict) -> Organisation:
        org = Organisation.objects.filter(slug=data["slug"], locale=self.sv).first()
        if org:
            return org
        org = Organisation(
            slug=data["slug"],
            name=data["name"],
            short_name=data.get("short_name", ""),
            kind=data["kind"],
            website=data.get("website", ""),
            description=data.get("description", ""),
        )
        self.publish_new(org, data.get("en"))
        self.log(f"  organisation {org.name}")
        return org

    def link_partners(self, data: dict) -> None:
        org = self.org(data["slug"])
        wanted = [self.org(slug) for slug in data.get("partners", [])]
        if not wanted or org.partners.exists():
            return
        org.partners.set(wanted)
        org.save()
        org.save_revision().publish()
        for translation in org.get_translations():
            translation.partners.set(wanted)
            translation.save()

    def org(self, slug: str) -> Organisation:
        return Organisation.objects.get(slug=slug, locale=self.sv)

    def area(self, slug: str) -> CultureArea:
        return CultureArea.objects.get(slug=slug, locale=self.sv)

    def goal(self, owner: Organisation, data: dict) -> None:
        if Goal.objects.filter(slug=data["slug"], locale=self.sv).exists():
            return
        start, end = data["period"]
        goal = Goal(
            slug=data["slug"],
            organisation=owner,
            number=data["number"],
            title=data["title"],
            text=data.get("text", ""),
            period_start=start,
            period_end=end,
            set_by=self.org(data["set_by"]) if data.get("set_by") else None,
        )
        self.publish_new(goal, data.get("en"))

    def project(self, owner: Organisation, data: dict, collection: Collection) -> None:
        if Project.objects.filter(slug=data["slug"], locale=self.sv).exists():
            return
        project = Project(
            slug=data["slug"],
            organisation=owner,
            title=data["title"],
            summary=data.get("summary", ""),
            body=data.get("body", ""),
            start_date=data.get("start"),
            end_date=data.get("end"),
            lead_organisation=self.org(data["lead"]) if data.get("lead") else None,
            target_groups=data.get("target_groups", ""),
            geography=data.get("geography", ""),
            website=data.get("website", ""),
        )
        if data.get("image"):
            project.image = self.image(
                f"{data['title']} – illustration", data["title"], collection, "#00594f"
            )
        project.partners = [self.org(s) for s in data.get("partners", [])]
        project.initiators = [self.org(s) for s in data.get("initiators", [])]
        project.areas = [self.area(s) for s in data.get("areas", [])]
        project.goals = [Goal.objects.get(slug=s, locale=self.sv) for s in data.get("goals", [])]
        project.funding = [
            ProjectFunding(funder=self.org(slug), amount_sek=amount)
            for slug, amount in data.get("funders", [])
        ]
        self.publish_new(project, data.get("en"))

    def activity(self, owner: Organisation, data: dict) -> None:
        if Activity.objects.filter(slug=data["slug"], locale=self.sv).exists():
            return
        activity = Activity(
            slug=data["slug"],
            organisation=owner,
            title=data["title"],
            kind=data["kind"],
            format=data["format"],
            summary=data.get("summary", ""),
            is_ongoing=data.get("ongoing", False),
            schedule_note=data.get("schedule_note", ""),
            starts_at=parse_datetime(data["starts_at"]) if data.get("starts_at") else None,
            ends_at=parse_datetime(data["ends_at"]) if data.get("ends_at") else None,
            place=data.get("place", ""),
            target_group=data.get("target_group", ""),
            price_sek=data.get("price"),
            registration_url=data.get("registration_url", ""),
        )
        if data.get("project"):
            activity.project = Project.objects.get(slug=data["project"], locale=self.sv)
        activity.organisers = [self.org(s) for s in data.get("organisers", [])]
        self.publish_new(activity, data.get("en"))

    def publication(self, owner: Organisation, data: dict, collection: Collection) -> None:
        if Publication.objects.filter(slug=data["slug"], locale=self.sv).exists():
            return
        publication = Publication(
            slug=data["slug"],
            organisation=owner,
            title=data["title"],
            kind=data["kind"],
            series=data.get("series", ""),
            number=data.get("number"),
            date=data.get("date"),
            authors=data.get("authors", ""),
            publisher=self.org(data["publisher"]) if data.get("publisher") else None,
            summary=data.get("summary", ""),
            url=data.get("url", ""),
        )
        if data.get("document"):
            publication.document = self.document(data["title"], collection)
        publication.projects = [
            Project.objects.get(slug=s, locale=self.sv) for s in data.get("projects", [])
        ]
        self.publish_new(publication, data.get("en"))

    # Media, generated locally with Pillow ------------------------------

    def collection(self, name: str) -> Collection:
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=name).first()
        return existing or root.add_child(name=name)

    def image(self, title: str, text: str, collection: Collection, colour: str) -> Image:
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        canvas = PILImage.new("RGB", (1200, 675), colour)
        draw = ImageDraw.Draw(canvas)
        for i in range(0, 1200, 60):
            draw.line([(i, 675), (i + 400, 0)], fill="#ffffff", width=2)
        draw.rectangle([(60, 480), (1140, 620)], fill="#ffffff")
        draw.text((90, 520), text, fill=colour, font_size=48)
        buffer = io.BytesIO()
        canvas.save(buffer, "PNG")
        image = Image(title=title, collection=collection)
        image.file = ImageFile(buffer, name=f"{uuid.uuid5(BLOCK_NAMESPACE, title)}.png")
        image.save()
        return image

    def document(self, title: str, collection: Collection) -> Document:
        existing = Document.objects.filter(title=title).first()
        if existing:
            return existing
        page = PILImage.new("RGB", (595, 842), "#ffffff")
        draw = ImageDraw.Draw(page)
        draw.text((60, 80), title[:60], fill="#000000", font_size=20)
        draw.text((60, 120), "Demoinnehåll / demo content", fill="#444444", font_size=14)
        buffer = io.BytesIO()
        page.save(buffer, "PDF")
        slug = uuid.uuid5(BLOCK_NAMESPACE, title)
        document = Document(title=title, collection=collection)
        document.file = SimpleUploadedFile(f"{slug}.pdf", buffer.getvalue())
        # Known now, so that showing the size on a page never has to write it.
        document.file_size = len(buffer.getvalue())
        document.save()
        return document

    # Pages --------------------------------------------------------------

    def remove_wagtail_welcome_page(self) -> None:
        """Drop the placeholder page and site Wagtail's first migration creates."""
        for page in self.root.get_children().filter(slug="home", content_type__model="page"):
            Site.objects.filter(root_page=page).delete()
            page.delete()

    def stream(self, key: str, blocks: Iterable[tuple], home: Page | None = None) -> list:
        """Raw StreamField data for the body blocks described in the demo data."""
        data = []
        for i, block in enumerate(blocks):
            kind, *args = block
            bid = block_id(key, i)
            if kind == "heading":
                value = {"text": args[0], "level": "h2"}
            elif kind == "paragraph":
                value = re.sub(
                    r"\{page:([\w-]+)\}",
                    lambda match: str(home.get_children().get(slug=match.group(1)).pk),
                    args[0],
                )
            elif kind == "quote":
                value = {"text": args[0], "attribution": args[1]}
            elif kind == "image":
                image, alt = args
                value = {
                    "image": {"image": image.pk, "alt_text": alt, "decorative": False},
                    "caption": "",
                }
            elif kind == "links":
                title, links = args
                kind = "link_list"
                value = {
                    "title": title,
                    "links": [
                        {
                            "type": "item",
                            "id": block_id(key, i, n),
                            "value": {"page": None, "url": url, "label": label},
                        }
                        for n, (label, url) in enumerate(links)
                    ],
                }
            elif kind == "cta":
                title, text, page_slug = args
                kind = "call_to_action"
                target = home.get_children().get(slug=page_slug)
                value = {
                    "title": title,
                    "text": text,
                    "link": {"page": target.pk, "url": "", "label": ""},
                }
            elif kind in INDEX_PAGES:
                options = args[0]
                organisation = options.get("organisation")
                value = {
                    "title": options.get("title", ""),
                    "organisation": self.org(organisation).pk if organisation else None,
                    "limit": options.get("limit", 3),
                    "items": [],
                }
            else:
                raise ValueError(f"Unknown demo block {kind!r}")
            data.append({"type": kind, "value": value, "id": bid})
        return data

    def page_translation(self, page: Page, data: dict, key: str, home: Page) -> dict:
        """The English field values of a page, in the shape `translate` takes."""
        en = dict(data.get("en", {}))
        if "body" in en:
            en["body"] = self.stream(key, en["body"], home)
        return en

    def publish_page(self, page: Page, last_published: str | None = None) -> None:
        revision = page.save_revision()
        revision.publish()
        if last_published:
            when = parse_datetime(last_published)
            Page.objects.filter(pk=page.pk).update(last_published_at=when)
            revision.__class__.objects.filter(pk=revision.pk).update(created_at=when)
        self.created += 1

    def portal(self) -> None:
        hostname = portal_hostname()
        portal = PortalPage.objects.filter(locale=self.sv).first()
        if portal is None:
            portal = PortalPage(
                title=PORTAL["title"], slug=PORTAL["slug"], intro=PORTAL["intro"], locale=self.sv
            )
            self.root.add_child(instance=portal)
            self.publish_page(portal)
            translate(portal, self.en, PORTAL["en"])
        self.sync_site(portal, hostname, PORTAL["title"], is_default=True)

    def sync_site(self, root: Page, hostname: str, name: str, is_default=False) -> Site:
        site = Site.objects.filter(root_page=root).first() or Site(root_page=root)
        site.hostname = hostname
        site.port = settings.SITE_PORT
        site.site_name = name
        site.is_default_site = is_default
        site.save()
        return site

    def site(self, module) -> None:
        org_data = module.ORGANISATION
        owner = self.org(org_data["slug"])
        self.log(f"Site {module.SITE['name']}")
        collection = self.collection(owner.name)

        home = HomePage.objects.filter(locale=self.sv, slug=org_data["slug"]).first()
        new_home = home is None
        if new_home:
            home = HomePage(
                title=module.HOME["title"],
                slug=org_data["slug"],
                intro=module.HOME["intro"],
                locale=self.sv,
            )
            self.root.add_child(instance=home)
        site = self.sync_site(home, hostname_for(org_data["slug"]), module.SITE["name"])
        if owner.site_id != site.pk:
            Organisation.objects.filter(translation_key=owner.translation_key).update(site=site)

        site_settings = SiteSettings.for_site(site)
        if site_settings.organisation_id is None:
            site_settings.organisation = owner
            for field in ("tagline", "primary_colour", "accent_colour", "contact_email"):
                setattr(site_settings, field, module.SITE.get(field, ""))
            site_settings.save()

        for data in module.GOALS:
            self.goal(owner, data)
        for data in module.PROJECTS:
            self.project(owner, data, collection)
        for data in module.ACTIVITIES:
            self.activity(owner, data)
        for data in module.PUBLICATIONS:
            self.publication(owner, data, collection)

        if not new_home:
            return

        banner = self.image(
            f"{module.SITE['name']} – banner",
            module.SITE["name"],
            collection,
            module.SITE["primary_colour"],
        )
        children = []
        for data in module.PAGES:
            page = StandardPage(
                title=data["title"],
                slug=data["slug"],
                intro=data.get("intro", ""),
                locale=self.sv,
                show_in_menus=True,
            )
            page.body = self.stream(f"{org_data['slug']}/{data['slug']}", data["body"])
            home.add_child(instance=page)
            self.publish_page(page, data.get("last_published"))
            children.append((page, data))
        for kind, data in module.INDEXES.items():
            index = INDEX_PAGES[kind](
                title=data["title"],
                slug=data["slug"],
                intro=data.get("intro", ""),
                show_all_organisations=data.get("show_all", False),
                locale=self.sv,
                show_in_menus=True,
            )
            index.organisations = [self.org(s) for s in data.get("organisations", [])]
            home.add_child(instance=index)
            self.publish_page(index)
            children.append((index, data))

        image_block = ("image", banner, f"Grafisk bild i {module.SITE['name']}s färger")
        image_block_en = ("image", banner, f"Graphic in the colours of {module.SITE['name']}")
        home_key = org_data["slug"]
        home.body = self.stream(home_key, [image_block, *module.HOME["body"]], home)
        self.publish_page(home)

        home_en = dict(module.HOME["en"])
        home_en["body"] = [image_block_en, *home_en["body"]]
        translate(home, self.en, self.page_translation(home, {"en": home_en}, home_key, home))
        for page, data in children:
            key = f"{org_data['slug']}/{data['slug']}"
            translate(page, self.en, self.page_translation(page, data, key, home))

    # Identity and the accessibility statement (issue #4) ----------------

    def site_extras(self, module) -> None:
        """Fill in the site's logo and links, and create its accessibility statement.

        Also for sites created by an earlier version of this loader: settings
        fields are only set while empty, the statement only created if missing.
        """
        slug = module.ORGANISATION["slug"]
        home = HomePage.objects.get(locale=self.sv, slug=slug)
        site = Site.objects.get(root_page=home)
        self.site_identity(site, home, module)
        self.accessibility_statement(home, module)

    def site_identity(self, site: Site, home: Page, module) -> None:
        data = module.SITE
        site_settings = SiteSettings.for_site(site)
        changed = False
        if site_settings.logo_id is None:
            collection = self.collection(site_settings.organisation.name)
            site_settings.logo = self.logo(data["name"], data["primary_colour"], collection)
            changed = True
        for field in ("tagline_en", "contact_phone", "address"):
            if not getattr(site_settings, field) and data.get(field):
                setattr(site_settings, field, data[field])
                changed = True
        if not site_settings.footer_links and data.get("footer_links"):
            links = []
            for n, link in enumerate(data["footer_links"]):
                page = home.get_children().filter(slug=link.get("page")).first()
                links.append(
                    {
                        "type": "link",
                        "id": block_id(site.hostname, "footer", n),
                        "value": {
                            "page": page.pk if page else None,
                            "url": link.get("url", ""),
                            "label": link.get("label", ""),
                            "label_en": link.get("label_en", ""),
                        },
                    }
                )
            site_settings.footer_links = links
            changed = True
        if not site_settings.social_links and data.get("social_links"):
            site_settings.social_links = [
                {
                    "type": "link",
                    "id": block_id(site.hostname, "social", n),
                    "value": {"service": service, "url": url, "label": ""},
                }
                for n, (service, url) in enumerate(data["social_links"])
            ]
            changed = True
        if changed:
            site_settings.save()

    def logo(self, name: str, colour: str, collection: Collection) -> Image:
        """A square logo: the organisation's initials in white on its colour."""
        title = f"{name} – logotyp"
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        initials = "".join(word[0] for word in re.findall(r"[\wÅÄÖåäö]+", name)[:2]).upper()
        canvas = PILImage.new("RGB", (256, 256), "#ffffff")
        draw = ImageDraw.Draw(canvas)
        draw.ellipse([(8, 8), (248, 248)], fill=colour)
        draw.text((128, 128), initials, fill="#ffffff", font_size=110, anchor="mm")
        buffer = io.BytesIO()
        canvas.save(buffer, "PNG", optimize=True)
        image = Image(title=title, collection=collection)
        image.file = ImageFile(buffer, name=f"{uuid.uuid5(BLOCK_NAMESPACE, title)}.png")
        image.save()
        return image

    def accessibility_statement(self, home: Page, module) -> None:
        if AccessibilityStatementPage.objects.filter(locale=self.sv).child_of(home).exists():
            return
        data = common.ACCESSIBILITY_STATEMENT
        key = f"{home.slug}/accessibility"
        page = AccessibilityStatementPage(
            title=data["title"],
            slug=data["slug"],
            locale=self.sv,
            compliance_status=data["compliance_status"],
            shortcomings=self.shortcomings(key, data["shortcomings"]),
            out_of_scope=data["out_of_scope"],
            contact_email=module.SITE.get("contact_email", ""),
            contact_phone=module.SITE.get("contact_phone", ""),
            response_time=data["response_time"],
            assessment_method=AccessibilityStatementPage.Method.SELF,
            assessment_description=data["assessment_description"],
            assessed_on=datetime.date.fromisoformat(data["assessed_on"]),
            statement_updated_on=datetime.date.fromisoformat(data["statement_updated_on"]),
            site_published_on=datetime.date.fromisoformat(data["site_published_on"]),
            show_in_menus=False,
        )
        home.add_child(instance=page)
        self.publish_page(page)
        en = dict(data["en"])
        en["shortcomings"] = self.shortcomings(key, en["shortcomings"])
        translate(page, self.en, en)

    def shortcomings(self, key: str, items: list[tuple[str, str, str]]) -> list[dict]:
        return [
            {
                "type": "shortcoming",
                "id": block_id(key, n),
                "value": {"description": text, "criterion": criterion, "remedy": remedy},
            }
            for n, (text, criterion, remedy) in enumerate(items)
        ]
