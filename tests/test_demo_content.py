"""The demo loader: idempotent, and every fact of every seed lands somewhere."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page

from home.models import HomePage
from projects.models import Activity, Project, ProjectStatus
from publications.models import Publication
from sites.models import CultureArea, Goal, Organisation

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_loading_twice_changes_no_row_count():
    before = row_counts()  # the session fixture has loaded the content once
    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())
    assert row_counts() == before
    assert before["wagtailcore.Site"] == 6
    assert before["projects.Project"] > 0


def page_text(site_slug: str) -> str:
    """All text of a site's live Swedish pages, as stored."""
    home = HomePage.objects.get(slug=site_slug, locale__language_code="sv")
    parts = []
    for page in Page.objects.live().descendant_of(home, inclusive=True).specific():
        parts.append(page.title)
        for field in ("intro", "body"):
            value = getattr(page, field, None)
            if value is not None:
                parts.append(str(value.raw_data if hasattr(value, "raw_data") else value))
    return "\n".join(parts)


def sv(model, slug):
    return model.objects.get(slug=slug, locale__language_code="sv")


# (site, phrase): facts that live in page text.
PAGE_FACTS = [
    ("natverkstan", "tvååriga yrkeshögskoleutbildning"),
    ("natverkstan", "oberoende och icke-vinstdrivande organisation"),
    ("natverkstan", "utreda, utvärdera, processleda och producera"),
    ("natverkstan", "skriftserie"),
    ("natverkstan", "nyhetsbrev om kulturpolitik"),
    ("natverkstan", "löper över fyra år"),
    ("vgr-kulturutveckling", "Kulturstrategi Västra Götaland 2020–2023"),
    ("vgr-kulturutveckling", "artikel 12 och artikel 31"),
    ("vgr-kulturutveckling", "fyra kulturskolechefsnätverken"),
    ("vgr-kulturutveckling", "referensgruppen för Kulturskolepedagogutbildningen"),
    ("vgr-kulturutveckling", "Kulturskolecentrum, Kulturskolerådet och Sveriges kommuner"),
    ("vgr-kulturutveckling", "scenkonstutveckling, digitalt skapande och ungt arrangörskap"),
    ("kulturkraft-syd", "mellan mars 2010 och mars 2014"),
    ("kulturkraft-syd", "Huvudman för KulturKraft Syd var Trygghetsrådet TRS"),
    ("kulturkraft-syd", "nådde vi inte hela vägen fram till en varaktig plattform"),
    ("region-skane", "5,2 miljoner kronor"),
    ("region-skane", "startade den 1 januari 2024"),
    ("region-skane", "adaptivt tänkesätt, digitala verktyg för konstnärliga processer"),
    ("region-skane", "lektioner som löper över ett par månader"),
    ("region-skane", "kontinuerlig kunskapsdelning"),
    ("region-varmland", "kultursamverkansmodellen som infördes 2011"),
    ("region-varmland", "Drygt 30 procent av avdelningens finansiering är statsbidrag"),
    ("region-varmland", "bekostas av länets 16 kommuner"),
    ("region-varmland", "Mediecenter som erbjuder kommuner och föreningar"),
    ("region-varmland", "Livskvalitet i världsklass"),
    ("region-varmland", "utveckling av nya arbetssätt, kompetensutveckling, talangutveckling"),
    ("region-varmland", "kultur- och bildningsnämndens möte i början av varje år"),
]


@pytest.mark.parametrize(("site", "phrase"), PAGE_FACTS)
def test_seed_fact_is_in_page_text(site, phrase):
    assert phrase in page_text(site)


def test_natverkstan_goals_2021_2024_set_by_the_vgr_culture_committee():
    goals = Goal.objects.filter(
        organisation__slug="natverkstan", locale__language_code="sv"
    ).order_by("number")
    assert [g.number for g in goals] == [1, 2, 3]
    for goal in goals:
        assert (goal.period_start, goal.period_end) == (2021, 2024)
        assert goal.set_by.name == "Västra Götalandsregionens kulturnämnd"
    assert "yttrandefrihet och en fri kritisk offentlighet" in goals[0].text
    assert "stimulera ungas filmintresse" in goals[1].text
    assert "social, miljömässig och ekonomisk hållbarhet" in goals[2].text


def test_natverkstan_publication_kinds_and_training():
    kinds = set(
        Publication.objects.filter(organisation__slug="natverkstan").values_list("kind", flat=True)
    )
    assert kinds == {"report", "series_issue", "newsletter"}
    education = sv(Activity, "natverkstan-yrkeshogskoleutbildning")
    assert education.kind == Activity.Kind.EDUCATION
    assert education.schedule_note == "Två år"
    assert sv(Organisation, "natverkstan").kind == Organisation.Kind.NON_PROFIT


def test_vgr_kulturskolepedagogdagen_with_goteborgs_universitet():
    day = sv(Activity, "kulturskolepedagogdagen")
    assert day.kind == Activity.Kind.CONFERENCE_DAY
    assert day.format == Activity.Format.DIGITAL
    assert day.target_group == "Kulturskolepedagoger i hela landet"
    assert "Göteborgs universitet" in {o.name for o in day.organisers.all()}
    assert sv(Activity, "vgr-utbildningspaket").kind == Activity.Kind.SELF_PACED
    assert {p.slug for p in Project.objects.filter(organisation__slug="vgr-kulturutveckling")} == {
        "vgr-scenkonstutveckling",
        "vgr-digitalt-skapande",
        "vgr-ungt-arrangorskap",
    }
    strategy = sv(Publication, "kulturstrategi-vastra-gotaland-2020-2023")
    assert strategy.kind == Publication.Kind.STRATEGY
    assert sv(Publication, "vgr-nyhetsbrev-kulturskola").kind == Publication.Kind.NEWSLETTER
    assert sv(Publication, "nationell-strategi-kulturskola").publisher.slug == "regeringen"
    partners = {o.slug for o in sv(Organisation, "vgr-kulturutveckling").partners.all()}
    assert {"kulturskolecentrum", "kulturskoleradet", "skr", "goteborgs-universitet"} <= partners


def test_vgr_so_arbetar_vi_last_updated_date():
    page = Page.objects.get(slug="sa-arbetar-vi", locale__language_code="sv")
    local = page.last_published_at.astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    assert (local.date(), local.hour, local.minute) == (datetime.date(2023, 7, 3), 9, 43)


def test_kulturkraft_syd_project_facts():
    project = sv(Project, "kulturkraft-syd")
    assert (project.start_date, project.end_date) == (
        datetime.date(2010, 3, 1),
        datetime.date(2014, 3, 31),
    )
    assert project.status == ProjectStatus.COMPLETED
    assert project.lead_organisation.name == "Trygghetsrådet TRS"
    assert {o.slug for o in project.initiators.all()} == {"teaterforbundet", "svensk-scenkonst"}
    assert [f.funder.slug for f in project.funding.all()] == ["europeiska-socialfonden"]
    assert project.geography == "Skåne/Blekinge"
    for profession in ("teater", "dans", "musik", "film och tv", "tekniska och administrativa"):
        assert profession in project.target_groups
    kinds = set(
        Activity.objects.filter(project=project, locale__language_code="sv").values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"course", "lecture", "workshop", "seminar"}


def test_learn_create_engage_project_facts():
    project = sv(Project, "learn-create-engage")
    assert project.organisation.slug == "region-skane"
    assert project.lead_organisation.slug == "region-skane"
    assert [o.slug for o in project.partners.all()] == ["media-evolution"]
    funding = project.funding.get()
    assert (funding.funder.slug, funding.amount_sek) == ("europeiska-socialfonden", 5_200_000)
    assert project.start_date == datetime.date(2024, 1, 1)
    assert project.end_date == datetime.date(2026, 12, 31)  # three years
    assert project.status_on(datetime.date(2025, 6, 1)) == ProjectStatus.ONGOING
    assert project.image is not None
    activities = Activity.objects.filter(project=project, locale__language_code="sv")
    assert {a.kind for a in activities} >= {"course", "mentorship", "knowledge_sharing"}
    assert all(a.is_free for a in activities)
    assert activities.filter(kind="course").count() == 4  # three courses + data-driven lessons


def test_region_varmland_facts():
    varmland = sv(Organisation, "region-varmland")
    assert {o.slug for o in varmland.partners.all()} == {
        "kulturradet",
        "konstnarsnamnden",
        "kungliga-biblioteket",
        "namnden-for-hemslojdsfragor",
        "svenska-filminstitutet",
    }
    goals = Goal.objects.filter(organisation=varmland, locale__language_code="sv")
    assert {(g.period_start, g.period_end) for g in goals} == {(2021, 2024)}
    assert {g.set_by.slug for g in goals} == {"region-varmland-kulturnamnd"}
    titles = " ".join(g.title for g in goals)
    for phrase in ("skapar, möts och växer", "formas av kultur", "dynamisk, utmanande och obunden"):
        assert phrase in titles
    assert sv(Publication, "varmlands-kulturplan").kind == Publication.Kind.STRATEGY
    assert "16 kommuner" in sv(Organisation, "mediecenter-varmland").description


def test_the_seven_national_culture_areas_and_the_others():
    national = CultureArea.objects.filter(is_national_area=True, locale__language_code="sv")
    assert national.count() == 7
    assert "Främjande av hemslöjd" in {a.name for a in national}
    for slug in ("kulturskola", "digital-kompetens", "film-och-tv", "scenkonst"):
        assert CultureArea.objects.filter(slug=slug).exists()


def test_every_home_page_and_learn_create_engage_are_in_english():
    for home in HomePage.objects.filter(locale__language_code="sv"):
        english = home.get_translation_or_none(
            home.locale.__class__.objects.get(language_code="en")
        )
        assert english is not None and english.live
        assert english.title != "" and english.intro != home.intro
    project = sv(Project, "learn-create-engage")
    english = project.get_translations().get(locale__language_code="en")
    assert english.summary.startswith("A skills development project")
    assert "SEK 5.2 million" in english.body
    page = Page.objects.get(slug="learn-create-engage", locale__language_code="en").specific
    assert page.title.startswith("Learn, Create, Engage will strengthen")
