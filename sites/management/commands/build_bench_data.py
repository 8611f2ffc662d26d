"""Build the benchmark's large dataset on top of the demo content, in bulk.

`make bench` (bench/run.py) measures the sites at the demo size and again
after this command: by default 2,000 standard pages per site, each with an
English translation, and 5,000 each of projects, activities and publications
(every second one translated), with images and rich text.

Everything is written with bulk inserts, so the large size takes minutes, not
hours: saving one page at a time through Wagtail (tree locking, revisions,
signals, one search-index update per save) would take far longer. What the
bulk path leaves out is listed here so that nobody mistakes the data for
editor-made content:

- no revisions and no wagtail-localize translation sources: pages and
  snippets are live, and English versions are Wagtail translations (same
  `translation_key`, locale `en`, under the English home page), but editors
  cannot sync them in the admin;
- no reference index entries (the admin's "usage" counts);
- the search index is filled after the rows are committed, with each search
  backend's own bulk indexing (the `add_bulk` that `manage.py update_index`
  uses), in two processes on PostgreSQL (`--jobs`).

On 2 cores the default size takes about 4 minutes, most of it indexing.

Generated rows are marked by the `bench-` prefix of their slugs (pages: of
their section's slug; the section's subtree holds the rest), and images by
their collection. A second run finds them and stops; `--reset` deletes them
first and builds again.
"""

from __future__ import annotations

import datetime
import io
import multiprocessing
import os
import random
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection, connections, models, transaction
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import Signal
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Collection, Locale, Page
from wagtail.search.backends import get_search_backends

from home.models import HomePage, StandardPage
from projects.models import Activity, Project, ProjectFunding
from publications.models import Publication
from sites.models import CultureArea, Goal, Organisation, SiteSettings

T = TypeVar("T")

PREFIX = "bench-"
COLLECTION_NAME = "Benchmark"
BATCH = 500
INDEX_BATCH = 1000
BLOCK_NAMESPACE = uuid.UUID("9b0c3d1e-6a41-4c57-8f0e-b0c0d0000006")

# Parallel Swedish and English vocabulary: a translation uses the same picks.
TOPICS = [
    ("kulturarv", "cultural heritage"),
    ("scenkonst", "performing arts"),
    ("musik", "music"),
    ("litteratur", "literature"),
    ("bildkonst", "visual art"),
    ("film och tv", "film and television"),
    ("dans", "dance"),
    ("hemslöjd", "handicraft"),
    ("bibliotek", "libraries"),
    ("museer", "museums"),
    ("kulturskola", "arts schools"),
    ("digital kompetens", "digital skills"),
    ("läsfrämjande", "reading promotion"),
    ("arkiv", "archives"),
    ("teater", "theatre"),
    ("konsthantverk", "arts and crafts"),
]
ACTIONS = [
    ("Utveckling av", "Developing"),
    ("Samverkan kring", "Cooperation on"),
    ("Fortbildning i", "Training in"),
    ("Nätverk för", "A network for"),
    ("Strategi för", "A strategy for"),
    ("Kartläggning av", "Mapping"),
    ("Ny publik för", "New audiences for"),
    ("Hållbar", "Sustainable"),
]
PLACES = [
    "Skåne",
    "Värmland",
    "Västra Götaland",
    "Halland",
    "Blekinge",
    "Göteborg",
    "Malmö",
    "Karlstad",
]
SENTENCES = [
    (
        "Kulturen ska vara tillgänglig för alla som bor i regionen.",
        "Culture should be accessible to everyone who lives in the region.",
    ),
    (
        "Arbetet sker i samverkan med kommuner, civilsamhälle och kulturaktörer.",
        "The work is done together with municipalities, civil society and cultural actors.",
    ),
    (
        "Projektet stärker kompetensen hos kulturskapare och kulturarbetare.",
        "The project strengthens the skills of artists and cultural workers.",
    ),
    (
        "Barn och unga ska få möta konst och kultur i hela regionen.",
        "Children and young people should meet art and culture across the region.",
    ),
    (
        "Vi följer upp resultaten och delar erfarenheter med andra regioner.",
        "We follow up the results and share experience with other regions.",
    ),
    (
        "Digitala verktyg gör kulturarvet lättare att upptäcka.",
        "Digital tools make the cultural heritage easier to discover.",
    ),
    (
        "Satsningen bygger på kultursamverkansmodellen och den regionala kulturplanen.",
        "The initiative builds on the cultural cooperation model and the regional culture plan.",
    ),
    (
        "Deltagarna får fortbildning, handledning och nya nätverk.",
        "Participants get training, mentoring and new networks.",
    ),
    (
        "Verksamheten finansieras av regionen, staten och Europeiska socialfonden.",
        "The work is funded by the region, the state and the European Social Fund.",
    ),
    (
        "Biblioteken är viktiga mötesplatser för läsning och lärande.",
        "Libraries are important meeting places for reading and learning.",
    ),
    (
        "Scenkonsten når nya publikgrupper genom turnéer på landsbygden.",
        "Performing arts reach new audiences through tours in the countryside.",
    ),
    (
        "Museerna samarbetar kring utställningar och pedagogik.",
        "The museums cooperate on exhibitions and education.",
    ),
]
QUOTES = [
    ("Kultur är en del av demokratin.", "Culture is part of democracy."),
    ("Vi lär oss mest när vi gör saker tillsammans.", "We learn most when we do things together."),
    ("Konsten behöver platser att växa på.", "Art needs places to grow."),
]
COLOURS = ["#1d4f91", "#00594f", "#7a1f5c", "#8a4b00", "#3b3b8f", "#0f5e2e", "#6b2d0f"]


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def block_id(*parts: Any) -> str:
    """A stable block id, the same in a page and its translation."""
    return str(uuid.uuid5(BLOCK_NAMESPACE, ":".join(str(part) for part in parts)))


class Text:
    """Deterministic Swedish text with its English translation."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def title(self, number: int) -> tuple[str, str]:
        (action_sv, action_en), (topic_sv, topic_en) = (
            self.rng.choice(ACTIONS),
            self.rng.choice(TOPICS),
        )
        place = self.rng.choice(PLACES)
        return (
            f"{action_sv} {topic_sv} i {place} {number}",
            f"{action_en} {topic_en} in {place} {number}",
        )

    def sentences(self, count: int) -> tuple[str, str]:
        picked = [self.rng.choice(SENTENCES) for _ in range(count)]
        return " ".join(sv for sv, _ in picked), " ".join(en for _, en in picked)

    def rich_text(self, paragraphs: int = 2) -> tuple[str, str]:
        """Paragraphs, a bulleted list and bold text, as Wagtail stores rich text."""
        sv_parts, en_parts = [], []
        for _ in range(paragraphs):
            sv, en = self.sentences(self.rng.randint(2, 4))
            sv_parts.append(f"<p>{sv}</p>")
            en_parts.append(f"<p>{en}</p>")
        topics = self.rng.sample(TOPICS, 3)
        sv_parts.append("<ul>" + "".join(f"<li>{sv}</li>" for sv, _ in topics) + "</ul>")
        en_parts.append("<ul>" + "".join(f"<li>{en}</li>" for _, en in topics) + "</ul>")
        sv, en = self.sentences(1)
        sv_parts.append(f"<p><b>{sv}</b></p>")
        en_parts.append(f"<p><b>{en}</b></p>")
        return "".join(sv_parts), "".join(en_parts)


class BenchDataBuilder:
    def __init__(
        self,
        *,
        pages: int,
        sections: int,
        snippets: int,
        images: int,
        seed: int,
        stdout=None,
    ):
        if pages < 1 or snippets < 0 or images < 1:
            raise CommandError("--pages and --images must be at least 1, --snippets at least 0.")
        self.pages_per_site = pages
        self.sections = max(1, min(sections, pages))
        self.snippets = snippets
        self.images = images
        self.rng = random.Random(seed)
        self.text = Text(self.rng)
        self.stdout = stdout
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.started = time.monotonic()

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(f"[{time.monotonic() - self.started:6.1f}s] {message}")

    # Entry points --------------------------------------------------------

    @staticmethod
    def existing() -> dict[str, int]:
        return {
            "sections": Page.objects.filter(slug__startswith=PREFIX, depth=3).count(),
            "projects": Project.objects.filter(slug__startswith=PREFIX).count(),
            "activities": Activity.objects.filter(slug__startswith=PREFIX).count(),
            "publications": Publication.objects.filter(slug__startswith=PREFIX).count(),
        }

    def reset(self) -> None:
        """Delete what an earlier run built.

        Through the ORM, so cascades (search index entries, relations, child
        rows) go too, but without per-object signals: tens of thousands of
        webhook look-ups and cache invalidations would take the better part
        of an hour. The caller invalidates caches once afterwards.
        """
        with signals_muted(pre_delete, post_delete):
            sections = Page.objects.filter(slug__startswith=PREFIX, depth=3)
            count = sections.count()
            for section in sections:
                Page.objects.filter(path__startswith=section.path).delete()
            self.log(f"deleted {count} sections and their pages")
            for model in (Publication, Activity, Project):
                deleted, _ = model.objects.filter(slug__startswith=PREFIX).delete()
                self.log(f"deleted {model._meta.verbose_name_plural}: {deleted} rows in all")
        # A few hundred images: with signals, so that their files go too.
        collection = Collection.objects.filter(name=COLLECTION_NAME).first()
        if collection is not None:
            for image in Image.objects.filter(collection=collection):
                image.delete()
            collection.delete()
        recount_children(Page.objects.filter(depth=2))

    @transaction.atomic
    def build(self) -> dict[str, int]:
        """Insert everything in one transaction; index_all() indexes it afterwards."""
        self.to_index: list[tuple[type[models.Model], list]] = []
        self.sv = Locale.objects.get(language_code="sv")
        self.en = Locale.objects.get(language_code="en")
        self.load_references()
        self.build_images()
        projects = self.build_projects()
        self.build_activities(projects)
        self.build_publications(projects)
        for site in self.sites:
            self.build_pages(site)
        return self.existing()

    # Shared references ---------------------------------------------------

    def load_references(self) -> None:
        self.organisations = list(Organisation.objects.filter(locale=self.sv).order_by("pk"))
        self.areas = list(CultureArea.objects.filter(locale=self.sv).order_by("pk"))
        if not self.organisations:
            raise CommandError("No organisations: run `manage.py load_demo_content` first.")
        self.sites = []
        for site_settings in SiteSettings.objects.select_related("site__root_page", "organisation"):
            home = site_settings.site.root_page.specific
            if not isinstance(home, HomePage) or site_settings.organisation is None:
                continue
            home_en = home.get_translation_or_none(self.en)
            if home_en is None:
                raise CommandError(f"{home.title} has no English translation.")
            self.sites.append(
                {
                    "site": site_settings.site,
                    "owner": site_settings.organisation,
                    "home": home,
                    "home_en": home_en,
                }
            )
        self.sites.sort(key=lambda s: s["home"].path)
        if not self.sites:
            raise CommandError("No organisation sites: run `manage.py load_demo_content` first.")
        self.owners = [site["owner"] for site in self.sites]
        self.goals = {
            owner.pk: list(Goal.objects.filter(locale=self.sv, organisation=owner))
            for owner in self.owners
        }

    def build_images(self) -> None:
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=COLLECTION_NAME).first()
        if collection is None:
            collection = root.add_child(name=COLLECTION_NAME)
        existing = list(Image.objects.filter(collection=collection).order_by("pk"))
        for number in range(len(existing) + 1, self.images + 1):
            existing.append(self.image(number, collection))
        self.image_pool = existing[: self.images]
        self.log(f"images: {len(self.image_pool)}")

    def image(self, number: int, collection: Collection) -> Image:
        colour = COLOURS[number % len(COLOURS)]
        canvas = PILImage.new("RGB", (960, 540), colour)
        draw = ImageDraw.Draw(canvas)
        for x in range(-540, 960, 48):
            draw.line([(x, 540), (x + 540, 0)], fill="#ffffff", width=2)
        draw.rectangle([(48, 400), (912, 500)], fill="#ffffff")
        draw.text((72, 420), f"Benchmark {number}", fill=colour, font_size=44)
        buffer = io.BytesIO()
        canvas.save(buffer, "JPEG", quality=80)
        image = Image(title=f"Benchmark image {number}", collection=collection)
        image.file = ImageFile(buffer, name=f"bench-{number:04d}.jpg")
        image.save()
        return image

    # Snippets --------------------------------------------------------------

    def snippet_fields(self, owner: Organisation) -> dict[str, Any]:
        published = self.now - datetime.timedelta(days=self.rng.randint(1, 900))
        return {
            "organisation_id": owner.pk,
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": published,
            "last_published_at": published,
            "locale_id": self.sv.pk,
            "translation_key": uuid.uuid4(),
        }

    def translated(self, obj: models.Model, values: dict[str, Any]) -> models.Model:
        """The English twin of a new snippet: same translation_key, relations and slug."""
        fields = {
            f.attname: getattr(obj, f.attname)
            for f in type(obj)._meta.concrete_fields
            if not f.primary_key
        }
        return type(obj)(**{**fields, "locale_id": self.en.pk, **values})

    def save_snippets(self, model: type[models.Model], sv: list, en: list) -> list:
        model.objects.bulk_create(sv, batch_size=BATCH)
        model.objects.bulk_create(en, batch_size=BATCH)
        return sv + en

    def m2m(self, model: type[models.Model], field: str, pairs: Iterable[tuple[int, int]]) -> None:
        through = model._meta.get_field(field).remote_field.through
        source = model._meta.model_name
        fields = [f.attname for f in through._meta.concrete_fields if not f.primary_key]
        own = next(name for name in fields if name == f"{source}_id" or name == f"from_{source}_id")
        other = next(name for name in fields if name != own)
        rows = [through(**{own: a, other: b}) for a, b in pairs]
        through.objects.bulk_create(rows, batch_size=BATCH * 4, ignore_conflicts=True)

    def build_projects(self) -> dict[int, list[Project]]:
        """Projects, a third each planned, ongoing and completed; every second in English."""
        sv, en, relations = [], [], []
        for number in range(1, self.snippets + 1):
            owner = self.owners[number % len(self.owners)]
            title_sv, title_en = self.text.title(number)
            summary_sv, summary_en = self.text.sentences(2)
            body_sv, body_en = self.text.rich_text(3)
            phase = number % 3
            if phase == 0:  # planned
                start = self.today + datetime.timedelta(days=self.rng.randint(10, 400))
            elif phase == 1:  # ongoing
                start = self.today - datetime.timedelta(days=self.rng.randint(10, 600))
            else:  # completed
                start = self.today - datetime.timedelta(days=self.rng.randint(800, 2000))
            end = start + datetime.timedelta(days=self.rng.randint(400 if phase == 1 else 30, 700))
            if phase == 1 and end < self.today:
                end = self.today + datetime.timedelta(days=30)
            place = self.rng.choice(PLACES)
            project = Project(
                slug=f"{PREFIX}projekt-{number:05d}",
                title=title_sv,
                summary=summary_sv,
                body=body_sv,
                start_date=start,
                end_date=end,
                lead_organisation_id=self.rng.choice(self.organisations).pk,
                target_groups="Kulturskapare, pedagoger och föreningar",
                geography=place,
                website=f"https://example.org/projekt/{number}",
                image_id=self.rng.choice(self.image_pool).pk if number % 2 else None,
                **self.snippet_fields(owner),
            )
            sv.append(project)
            if number % 2:
                en.append(
                    self.translated(
                        project,
                        {
                            "title": title_en,
                            "summary": summary_en,
                            "body": body_en,
                            "target_groups": "Artists, teachers and associations",
                        },
                    )
                )
            relations.append(
                {
                    "partners": self.rng.sample(self.organisations, 2),
                    "initiators": self.rng.sample(self.organisations, 1),
                    "areas": self.rng.sample(self.areas, min(2, len(self.areas))),
                    "goals": self.goals[owner.pk][:1],
                    "funders": self.rng.sample(self.organisations, self.rng.randint(1, 2)),
                }
            )
        rows = self.save_snippets(Project, sv, en)
        by_key = {project.translation_key: relations[n] for n, project in enumerate(sv)}
        for field in ("partners", "initiators", "areas", "goals"):
            self.m2m(
                Project,
                field,
                ((p.pk, o.pk) for p in rows for o in by_key[p.translation_key][field]),
            )
        ProjectFunding.objects.bulk_create(
            [
                ProjectFunding(
                    project_id=p.pk,
                    funder_id=funder.pk,
                    amount_sek=100_000 * (n + 1) + 50_000 * (p.pk % 7),
                    sort_order=n,
                )
                for p in rows
                for n, funder in enumerate(by_key[p.translation_key]["funders"])
            ],
            batch_size=BATCH * 4,
        )
        self.to_index.append((Project, rows))
        self.log(f"projects: {len(sv)} Swedish, {len(en)} English")
        by_owner: dict[int, list[Project]] = {}
        for project in sv:
            by_owner.setdefault(project.organisation_id, []).append(project)
        return by_owner

    def build_activities(self, projects: dict[int, list[Project]]) -> None:
        sv, en, organisers = [], [], {}
        kinds, formats = Activity.Kind.values, Activity.Format.values
        for number in range(1, self.snippets + 1):
            owner = self.owners[number % len(self.owners)]
            title_sv, title_en = self.text.title(number)
            summary_sv, summary_en = self.text.sentences(2)
            body_sv, body_en = self.text.rich_text(2)
            ongoing = number % 10 == 0
            starts = None
            if not ongoing:
                starts = self.now + datetime.timedelta(
                    days=self.rng.randint(-700, 400), hours=self.rng.randint(0, 10)
                )
                starts = starts.replace(minute=0, second=0, microsecond=0)
            place = self.rng.choice(PLACES)
            own_projects = projects.get(owner.pk) or [None]
            project = self.rng.choice(own_projects)
            activity = Activity(
                slug=f"{PREFIX}aktivitet-{number:05d}",
                title=title_sv,
                kind=self.rng.choice(kinds),
                format=self.rng.choice(formats),
                summary=summary_sv,
                body=body_sv,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3) if starts else None,
                is_ongoing=ongoing,
                schedule_note="Löpande" if ongoing else "",
                place=place,
                target_group="Kulturarbetare",
                price_sek=0 if number % 3 == 0 else 500 * (number % 5 + 1),
                registration_url=f"https://example.org/anmalan/{number}",
                project_id=project.pk if project else None,
                **self.snippet_fields(owner),
            )
            sv.append(activity)
            if number % 2:
                en.append(
                    self.translated(
                        activity,
                        {
                            "title": title_en,
                            "summary": summary_en,
                            "body": body_en,
                            "schedule_note": "Ongoing" if ongoing else "",
                            "target_group": "Cultural workers",
                        },
                    )
                )
            organisers[activity.translation_key] = self.rng.sample(self.organisations, 1)
        rows = self.save_snippets(Activity, sv, en)
        self.m2m(
            Activity,
            "organisers",
            ((a.pk, o.pk) for a in rows for o in organisers[a.translation_key]),
        )
        self.to_index.append((Activity, rows))
        self.log(f"activities: {len(sv)} Swedish, {len(en)} English")

    def build_publications(self, projects: dict[int, list[Project]]) -> None:
        sv, en, relations = [], [], {}
        kinds = Publication.Kind.values
        for number in range(1, self.snippets + 1):
            owner = self.owners[number % len(self.owners)]
            title_sv, title_en = self.text.title(number)
            summary_sv, summary_en = self.text.rich_text(1)
            kind = kinds[number % len(kinds)]
            publication = Publication(
                slug=f"{PREFIX}publikation-{number:05d}",
                title=title_sv,
                kind=kind,
                series="Kulturrapporter" if kind == Publication.Kind.SERIES_ISSUE else "",
                number=number if kind == Publication.Kind.SERIES_ISSUE else None,
                date=self.today - datetime.timedelta(days=self.rng.randint(0, 3000)),
                authors="Anna Andersson, Erik Lind",
                publisher_id=owner.pk,
                summary=summary_sv,
                url=f"https://example.org/publikationer/{number}.pdf",
                **self.snippet_fields(owner),
            )
            sv.append(publication)
            if number % 2:
                en.append(
                    self.translated(
                        publication,
                        {
                            "title": title_en,
                            "summary": summary_en,
                            "series": "Culture reports" if publication.series else "",
                        },
                    )
                )
            own_projects = projects.get(owner.pk, [])
            relations[publication.translation_key] = {
                "projects": self.rng.sample(own_projects, min(2, len(own_projects))),
                "areas": self.rng.sample(self.areas, min(1, len(self.areas))),
            }
        rows = self.save_snippets(Publication, sv, en)
        for field in ("projects", "areas"):
            self.m2m(
                Publication,
                field,
                ((p.pk, o.pk) for p in rows for o in relations[p.translation_key][field]),
            )
        self.to_index.append((Publication, rows))
        self.log(f"publications: {len(sv)} Swedish, {len(en)} English")

    # Pages -----------------------------------------------------------------

    def build_pages(self, site: dict) -> None:
        """Sections under the site's home page, standard pages under the sections.

        Each Swedish page gets an English twin under the English home page.
        """
        home, home_en, owner = site["home"], site["home_en"], site["owner"]
        children = self.pages_per_site - self.sections
        sections_sv, sections_en = [], []
        for number in range(1, self.sections + 1):
            title_sv, title_en = self.text.title(number)
            intro_sv, intro_en = self.text.sentences(2)
            key = uuid.uuid4()
            body_sv, body_en = self.page_body(f"{home.slug}/section/{number}", owner, None, None)
            sections_sv.append(
                self.page(
                    title_sv, f"{PREFIX}avsnitt-{number:02d}", intro_sv, body_sv, self.sv, key
                )
            )
            sections_en.append(
                self.page(
                    title_en, f"{PREFIX}section-{number:02d}", intro_en, body_en, self.en, key
                )
            )
        self.insert_children(home, sections_sv)
        self.insert_children(home_en, sections_en)

        pages_sv: list[list[StandardPage]] = [[] for _ in sections_sv]
        pages_en: list[list[StandardPage]] = [[] for _ in sections_en]
        for number in range(1, children + 1):
            n = (number - 1) % self.sections
            title_sv, title_en = self.text.title(number)
            intro_sv, intro_en = self.text.sentences(2)
            key = uuid.uuid4()
            body_sv, body_en = self.page_body(
                f"{home.slug}/page/{number}", owner, sections_sv[n], sections_en[n], number
            )
            pages_sv[n].append(
                self.page(title_sv, f"sida-{number:04d}", intro_sv, body_sv, self.sv, key)
            )
            pages_en[n].append(
                self.page(title_en, f"page-{number:04d}", intro_en, body_en, self.en, key)
            )
        for section, pages in [
            *zip(sections_sv, pages_sv, strict=True),
            *zip(sections_en, pages_en, strict=True),
        ]:
            self.insert_children(section, pages)
        recount_children([home, home_en, *sections_sv, *sections_en])
        all_pages = [*sections_sv, *sections_en]
        for pages in [*pages_sv, *pages_en]:
            all_pages.extend(pages)
        self.to_index.append((StandardPage, all_pages))
        self.log(
            f"pages of {site['site'].hostname}: {len(all_pages) // 2} Swedish, "
            f"{len(all_pages) // 2} English"
        )

    def page(
        self, title: str, slug: str, intro: str, body: list, locale: Locale, key: uuid.UUID
    ) -> StandardPage:
        published = self.now - datetime.timedelta(days=self.rng.randint(1, 900))
        return StandardPage(
            title=title,
            draft_title=title,
            slug=slug,
            content_type_id=self.page_content_type.pk,
            locale_id=locale.pk,
            translation_key=key,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            show_in_menus=False,
            intro=f"<p>{intro}</p>",
            body=body,
        )

    @property
    def page_content_type(self) -> ContentType:
        if not hasattr(self, "_page_content_type"):
            self._page_content_type = ContentType.objects.get_for_model(StandardPage)
        return self._page_content_type

    def page_body(
        self,
        key: str,
        owner: Organisation,
        section_sv: StandardPage | None,
        section_en: StandardPage | None,
        number: int = 0,
    ) -> tuple[list, list]:
        """Raw StreamField data in both languages: headings, rich text with a link, an image.

        Every fourth page also lists its organisation's newest projects and
        every third has a quote, like the demo pages.
        """
        sv: list[dict] = []
        en: list[dict] = []

        def add(kind: str, value_sv: Any, value_en: Any) -> None:
            bid = block_id(key, len(sv))
            sv.append({"type": kind, "value": value_sv, "id": bid})
            en.append({"type": kind, "value": value_en, "id": bid})

        topic_sv, topic_en = self.rng.choice(TOPICS)
        add(
            "heading",
            {"text": f"Om {topic_sv}", "level": "h2"},
            {"text": f"About {topic_en}", "level": "h2"},
        )
        text_sv, text_en = self.text.rich_text(2)
        if section_sv is not None and section_en is not None:
            link = '<p>{} <a linktype="page" id="{}">{}</a>.</p>'
            text_sv += link.format("Läs mer under", section_sv.pk, section_sv.title)
            text_en += link.format("Read more in", section_en.pk, section_en.title)
        add("paragraph", text_sv, text_en)
        image = self.rng.choice(self.image_pool)
        add(
            "image",
            {
                "image": {
                    "image": image.pk,
                    "alt_text": f"Bild om {topic_sv}",
                    "decorative": False,
                },
                "caption": "",
            },
            {
                "image": {
                    "image": image.pk,
                    "alt_text": f"Image about {topic_en}",
                    "decorative": False,
                },
                "caption": "",
            },
        )
        if number % 3 == 0:
            quote_sv, quote_en = self.rng.choice(QUOTES)
            add(
                "quote",
                {"text": quote_sv, "attribution": "Kulturchef"},
                {"text": quote_en, "attribution": "Head of culture"},
            )
        if number % 4 == 0:
            listing = {"organisation": owner.pk, "limit": 3, "items": []}
            add("projects", {"title": "Projekt", **listing}, {"title": "Projects", **listing})
        text_sv, text_en = self.text.rich_text(1)
        add("paragraph", text_sv, text_en)
        return sv, en

    def insert_children(self, parent: Page, pages: list[StandardPage]) -> None:
        """Give `pages` tree paths after the parent's last child, and insert them in bulk.

        StandardPage extends Page (multi-table inheritance), which Django's
        bulk_create refuses: the Page rows go in with bulk_create, which
        returns their ids, then the StandardPage rows with those ids.
        """
        if not pages:
            return
        last = (
            Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        step = Page._str2int(last[-Page.steplen :]) if last else 0
        for page in pages:
            step += 1
            page.depth = parent.depth + 1
            page.path = Page._get_path(parent.path, page.depth, step)
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.numchild = 0
        page_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
        rows = [Page(**{name: getattr(page, name) for name in page_fields}) for page in pages]
        Page.objects.bulk_create(rows, batch_size=BATCH)
        for page, row in zip(pages, rows, strict=True):
            page.id = page.page_ptr_id = row.pk
        local_fields = StandardPage._meta.local_concrete_fields
        for batch in chunks(pages, BATCH):
            StandardPage._base_manager._insert(batch, fields=local_fields, using="default")

    # Search index ----------------------------------------------------------

    def index_all(self, jobs: int) -> None:
        """Index what build() inserted, split over `jobs` processes.

        Indexing is most of the build's time (Wagtail extracts the text of
        every rich text and StreamField, PostgreSQL builds the vectors), and
        it parallelises: each process indexes every `jobs`-th object of each
        model, with its own database connection. The processes are forked, so
        they start with the objects in memory.
        """
        started = time.monotonic()
        total = sum(len(objects) for _model, objects in self.to_index)
        if jobs <= 1:
            for model, objects in self.to_index:
                self.index(model, objects)
        else:
            connections.close_all()  # each process opens its own
            context = multiprocessing.get_context("fork")
            processes = [
                context.Process(target=self.index_share, args=(n, jobs)) for n in range(jobs)
            ]
            for process in processes:
                process.start()
            for process in processes:
                process.join()
            if any(process.exitcode for process in processes):
                raise CommandError(
                    "Indexing failed in a worker process (see above); the data is saved: "
                    "run `manage.py update_index`."
                )
        self.log(
            f"search index: {total} objects in {time.monotonic() - started:.0f}s "
            f"({jobs} process{'es' if jobs > 1 else ''})"
        )

    def index_share(self, n: int, jobs: int) -> None:
        try:
            for model, objects in self.to_index:
                self.index(model, objects[n::jobs])
        finally:
            connections.close_all()

    def index(self, model: type[models.Model], objects: list) -> None:
        """Add `objects` to every search backend, in batches (what update_index does)."""
        stream_fields = [
            f for f in model._meta.concrete_fields if f.get_internal_type() == "StreamField"
        ]
        for batch in chunks(objects, INDEX_BATCH):
            batch = list(batch)
            # One query per block type for the whole batch, not per object.
            for field in stream_fields:
                raw = [getattr(obj, field.name).get_prep_value() for obj in batch]
                for obj, value in zip(batch, field.stream_block.bulk_to_python(raw), strict=True):
                    setattr(obj, field.name, value)
            for backend in get_search_backends():
                add_bulk_retrying(backend, model, batch)


def add_bulk_retrying(backend, model, batch, attempts: int = 5) -> None:
    """backend.add_bulk, again after a deadlock.

    The indexing processes write disjoint objects, but the PostgreSQL backend
    also refreshes the title norms of existing entries, which both may touch
    at once: PostgreSQL then aborts one of them ("deadlock detected").
    """
    for attempt in range(1, attempts + 1):
        try:
            backend.add_bulk(model, batch)
            return
        except OperationalError as error:
            if "deadlock" not in str(error) or attempt == attempts:
                raise
            time.sleep(0.1 * attempt)


@contextmanager
def signals_muted(*signals: Signal) -> Iterator[None]:
    """Disconnect every receiver of `signals` for the duration (this process only)."""
    saved = [(signal, signal.receivers) for signal in signals]
    for signal in signals:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def recount_children(parents: Iterable[Page]) -> None:
    """Set each parent's numchild from the tree itself (bulk inserts skip treebeard)."""
    for parent in parents:
        count = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
        Page.objects.filter(pk=parent.pk).update(numchild=count)
        parent.numchild = count


def tree_problems() -> dict[str, list[str]]:
    """What treebeard's Page.find_problems() checks, from one query instead of one per page.

    Paths with characters outside the alphabet or a length that is not a
    whole number of steps, depths that disagree with the path, pages whose
    parent is missing, and wrong numchild counts; {} when the tree is sound.
    """
    rows = list(Page.objects.values_list("path", "depth", "numchild"))
    paths = {path for path, _depth, _numchild in rows}
    children: Counter[str] = Counter(path[: -Page.steplen] for path in paths)
    alphabet = set(Page.alphabet)
    problems: dict[str, list[str]] = {}
    for path, depth, numchild in rows:
        if not set(path) <= alphabet or len(path) % Page.steplen:
            problems.setdefault("bad path", []).append(path)
        elif len(path) // Page.steplen != depth:
            problems.setdefault("wrong depth", []).append(path)
        elif depth > 1 and path[: -Page.steplen] not in paths:
            problems.setdefault("orphan", []).append(path)
        if children[path] != numchild:
            problems.setdefault("wrong numchild", []).append(path)
    return problems


class Command(BaseCommand):
    help = (
        "Build the benchmark's large dataset on top of the demo content: standard pages "
        "in both languages on every site, projects, activities and publications, images."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pages", type=int, default=2000, help="Swedish pages per site, each also in English."
        )
        parser.add_argument(
            "--sections",
            type=int,
            default=20,
            help="Section pages per site (counted in --pages) that hold the others.",
        )
        parser.add_argument(
            "--snippets",
            type=int,
            default=5000,
            help="Swedish projects, and as many activities and publications; half in English.",
        )
        parser.add_argument("--images", type=int, default=200, help="Generated images, reused.")
        parser.add_argument("--seed", type=int, default=6, help="Random seed of the content.")
        parser.add_argument(
            "--reset", action="store_true", help="Delete earlier benchmark data and build again."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="Processes that fill the search index (default: 2 on PostgreSQL, else 1).",
        )

    def handle(self, *args, **options):
        builder = BenchDataBuilder(
            pages=options["pages"],
            sections=options["sections"],
            snippets=options["snippets"],
            images=options["images"],
            seed=options["seed"],
            stdout=self.stdout,
        )
        found = builder.existing()
        if any(found.values()):
            if not options["reset"]:
                self.stdout.write(
                    "Benchmark data is already present "
                    + ", ".join(f"{count} {name}" for name, count in found.items())
                    + "; nothing to do (--reset rebuilds it)."
                )
                return
            builder.reset()
        counts = builder.build()
        jobs = options["jobs"]
        if jobs is None:
            # SQLite takes one writer at a time.
            jobs = min(2, os.cpu_count() or 1) if connection.vendor == "postgresql" else 1
        if connection.in_atomic_block:
            # Inside a transaction (a test, or a caller's atomic block) the rows
            # just inserted are invisible to other connections, and closing this
            # connection would lose them: index in this process.
            jobs = 1
        builder.index_all(jobs)
        problems = tree_problems()
        if problems:
            raise CommandError(f"The page tree has problems (run fixtree): {problems}")
        # Cached responses and the map of where snippets are shown are stale now.
        from sites.signal_handlers import mark_content_changed

        mark_content_changed()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Bulk inserts leave the planner's statistics and the visibility
            # map behind; autovacuum catches up minutes later. Until then it
            # picks plans for empty tables (seen: search and the project list
            # 3-4 times slower) and cannot count from an index alone.
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            builder.log(f"VACUUM ANALYZE: {time.monotonic() - started:.0f}s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmark data ready in {time.monotonic() - builder.started:.0f}s: "
                + ", ".join(f"{count} {name}" for name, count in counts.items())
                + f" (rows in both languages); {Page.objects.count()} pages in all."
            )
        )
