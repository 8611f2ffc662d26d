"""The shared snippets: drafts never leak, translations round-trip, rules hold."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from projects.models import Activity, Project, ProjectFunding, ProjectStatus
from publications.models import Publication
from sites.models import CultureArea, Goal, Organisation
from sites.translation import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(sv):
    return Organisation.objects.get(slug="natverkstan", locale=sv)


@pytest.fixture
def funder(sv):
    return Organisation.objects.get(slug="europeiska-socialfonden", locale=sv)


def publish(obj):
    obj.live = True
    obj.save()
    obj.save_revision().publish()
    return obj


def make_snippets(sv, owner, funder):
    """One new live Swedish snippet of every type, with relations."""
    area = publish(CultureArea(slug="testomrade", name="Testområde", locale=sv))
    org = publish(Organisation(slug="testorg", name="Testorganisationen", kind="other", locale=sv))
    goal = publish(
        Goal(
            slug="testmal",
            organisation=owner,
            number=9,
            title="Ett mål",
            text="<p>Måltext</p>",
            period_start=2025,
            period_end=2028,
            set_by=funder,
            locale=sv,
        )
    )
    project = Project(
        slug="testprojekt",
        organisation=owner,
        title="Ett projekt",
        summary="Sammanfattning",
        body="<p>Beskrivning</p>",
        start_date=datetime.date(2025, 1, 1),
        lead_organisation=owner,
        locale=sv,
    )
    project.partners = [org]
    project.areas = [area]
    project.goals = [goal]
    project.funding = [ProjectFunding(funder=funder, amount_sek=1000)]
    publish(project)
    activity = Activity(
        slug="testaktivitet",
        organisation=owner,
        title="En kurs",
        kind="course",
        format="digital",
        is_ongoing=True,
        summary="Om kursen",
        target_group="Alla",
        project=project,
        price_sek=0,
        locale=sv,
    )
    activity.organisers = [org]
    publish(activity)
    publication = Publication(
        slug="testpublikation",
        organisation=owner,
        title="En rapport",
        kind="report",
        summary="<p>Om rapporten</p>",
        publisher=org,
        locale=sv,
    )
    publication.projects = [project]
    publish(publication)
    return {
        "area": (area, {"name": "A test area"}),
        "organisation": (org, {"name": "The test organisation"}),
        "goal": (goal, {"title": "A goal", "text": "<p>Goal text</p>"}),
        "project": (project, {"title": "A project", "body": "<p>Description</p>"}),
        "activity": (activity, {"title": "A course", "target_group": "Everyone"}),
        "publication": (publication, {"title": "A report", "summary": "<p>About it</p>"}),
    }


SYNCED_RELATIONS = {
    "goal": ["organisation_id", "set_by_id", "period_start", "period_end", "number"],
    "project": ["organisation_id", "lead_organisation_id", "start_date"],
    "activity": ["organisation_id", "project_id", "price_sek", "kind", "format"],
    "publication": ["organisation_id", "publisher_id", "kind"],
    "area": [],
    "organisation": ["kind"],
}


@pytest.mark.parametrize("kind", list(SYNCED_RELATIONS))
def test_every_snippet_type_round_trips_through_an_english_translation(kind, sv, en, owner, funder):
    source, english_values = make_snippets(sv, owner, funder)[kind]

    english = translate(source, en, english_values)

    assert english.pk != source.pk
    assert english.locale == en and english.live
    assert english.translation_key == source.translation_key
    assert english.slug == source.slug
    for field, value in english_values.items():
        assert getattr(english, field) == value
    for field in SYNCED_RELATIONS[kind]:
        assert getattr(english, field) == getattr(source, field)
    # And back: the English version leads to the Swedish one.
    assert english.get_translation(sv) == source
    assert english.source == source


def test_translation_keeps_many_to_many_and_funding_in_sync(sv, en, owner, funder):
    project, values = make_snippets(sv, owner, funder)["project"]
    english = translate(project, en, values)
    assert list(english.partners.all()) == list(project.partners.all())
    assert list(english.areas.all()) == list(project.areas.all())
    assert list(english.goals.all()) == list(project.goals.all())
    assert [(f.funder_id, f.amount_sek) for f in english.funding.all()] == [(funder.pk, 1000)]

    # A later change in Swedish reaches the English version on sync.
    project.funding = [ProjectFunding(funder=funder, amount_sek=2000)]
    project.end_date = datetime.date(2027, 12, 31)
    project.save_revision().publish()
    english = translate(project, en, values)
    assert english.end_date == datetime.date(2027, 12, 31)
    assert [f.amount_sek for f in english.funding.all()] == [2000]
    assert english.title == "A project"  # the translated text survives the sync


def test_a_draft_change_does_not_alter_the_live_version(sv, owner, funder):
    project, _values = make_snippets(sv, owner, funder)["project"]
    project.title = "Ett nytt utkast till titel"
    draft = project.save_revision()

    stored = Project.objects.get(pk=project.pk)
    assert stored.title == "Ett projekt"
    assert stored.live
    assert stored.has_unpublished_changes
    assert stored.latest_revision == draft
    assert stored.live_revision != draft
    assert draft.as_object().title == "Ett nytt utkast till titel"
    assert Project.objects.live().filter(title="Ett nytt utkast till titel").count() == 0

    draft.publish()
    assert Project.objects.get(pk=project.pk).title == "Ett nytt utkast till titel"


def test_every_save_is_a_revision_that_can_be_restored(sv, owner, funder):
    goal, _values = make_snippets(sv, owner, funder)["goal"]
    first = goal.latest_revision
    goal.title = "Ändrat mål"
    goal.save_revision().publish()
    assert goal.revisions.count() == 2
    first.as_object().save_revision().publish()
    assert Goal.objects.get(pk=goal.pk).title == "Ett mål"


def test_an_unpublished_snippet_is_not_live(sv, owner):
    goal = Goal(
        slug="utkast",
        organisation=owner,
        number=1,
        title="Utkast",
        period_start=2025,
        period_end=2026,
        locale=sv,
        live=False,
    )
    goal.save()
    goal.save_revision()
    assert not Goal.objects.live().filter(pk=goal.pk).exists()


@pytest.mark.parametrize(
    ("start", "end", "day", "status"),
    [
        ("2025-01-01", "2025-12-31", "2024-12-31", ProjectStatus.PLANNED),
        ("2025-01-01", "2025-12-31", "2025-01-01", ProjectStatus.ONGOING),
        ("2025-01-01", "2025-12-31", "2025-12-31", ProjectStatus.ONGOING),
        ("2025-01-01", "2025-12-31", "2026-01-01", ProjectStatus.COMPLETED),
        ("2025-01-01", None, "2030-01-01", ProjectStatus.ONGOING),
    ],
)
def test_project_status_is_derived_from_dates(owner, sv, start, end, day, status):
    day = datetime.date.fromisoformat(day)
    project = publish(
        Project(
            slug="statusprojekt",
            organisation=owner,
            title="Status",
            start_date=datetime.date.fromisoformat(start),
            end_date=datetime.date.fromisoformat(end) if end else None,
            locale=sv,
        )
    )
    assert project.status_on(day) == status
    # The queryset filter agrees with the property.
    assert Project.objects.with_status(status, today=day).filter(pk=project.pk).exists()
    others = {s for s in ProjectStatus if s != status}
    for other in others:
        assert not Project.objects.with_status(other, today=day).filter(pk=project.pk).exists()


def test_a_project_without_dates_has_no_status(owner, sv):
    project = Project(slug="odaterat", organisation=owner, title="Odaterat", locale=sv)
    assert project.status is None
    with translation.override("en"):
        assert str(project.get_status_display()) == "Dates not given"
    with translation.override("sv"):
        assert str(project.get_status_display()) != "Dates not given"


@pytest.mark.parametrize(
    ("instance_factory", "field"),
    [
        (
            lambda o: Project(
                organisation=o,
                slug="p",
                title="P",
                start_date=datetime.date(2025, 2, 1),
                end_date=datetime.date(2025, 1, 1),
            ),
            "end_date",
        ),
        (
            lambda o: Goal(
                organisation=o, slug="g", number=1, title="G", period_start=2025, period_end=2020
            ),
            "period_end",
        ),
        (
            lambda o: Activity(
                organisation=o, slug="a", title="A", kind="course", format="digital"
            ),
            "starts_at",
        ),
        (
            lambda o: Publication(organisation=o, slug="s", title="S", kind="series_issue"),
            "series",
        ),
    ],
)
def test_inconsistent_input_is_a_form_error(owner, sv, instance_factory, field):
    instance = instance_factory(owner)
    instance.locale = sv
    with pytest.raises(ValidationError) as error:
        instance.clean()
    assert field in error.value.message_dict


def test_slugs_are_unique_per_locale(owner, sv):
    existing = Project.objects.filter(locale=sv).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(slug=existing.slug, organisation=owner, title="Dubblett", locale=sv)
