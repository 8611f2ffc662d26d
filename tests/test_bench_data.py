"""The benchmark's data builder, at a tiny size, so that it cannot rot unnoticed."""

from __future__ import annotations

import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from home.models import StandardPage
from projects.models import Activity, Project, ProjectFunding
from publications.models import Publication
from sites.management.commands.build_bench_data import COLLECTION_NAME, PREFIX, tree_problems
from tests.conftest import ORGANISATION_SLUGS, site_client

pytestmark = pytest.mark.django_db

SIZES = ["--pages", "5", "--sections", "2", "--snippets", "10", "--images", "2"]


def build(*extra: str) -> str:
    output = io.StringIO()
    call_command("build_bench_data", *SIZES, *extra, stdout=output)
    return output.getvalue()


@pytest.fixture
def built():
    output = build()
    yield output
    # The generated image files outlive the rolled-back rows; remove them.
    for image in Image.objects.filter(collection__name=COLLECTION_NAME):
        image.file.delete(save=False)


def bench_pages(language: str):
    sections = Page.objects.filter(slug__startswith=PREFIX, depth=3, locale__language_code=language)
    pages = Page.objects.none()
    for section in sections:
        pages |= Page.objects.descendant_of(section, inclusive=True)
    return pages


def test_build_bench_data_creates_the_requested_counts(built):
    sites = len(ORGANISATION_SLUGS)
    for language in ("sv", "en"):
        assert bench_pages(language).count() == 5 * sites
        assert bench_pages(language).live().type(StandardPage).count() == 5 * sites
    for model in (Project, Activity, Publication):
        rows = model.objects.filter(slug__startswith=PREFIX)
        assert rows.filter(locale__language_code="sv", live=True).count() == 10
        assert rows.filter(locale__language_code="en", live=True).count() == 5
    assert ProjectFunding.objects.filter(project__slug__startswith=PREFIX).exists()
    assert Project.objects.filter(slug__startswith=PREFIX, partners__isnull=False).exists()
    assert Image.objects.filter(collection__name=COLLECTION_NAME).count() == 2


def test_build_bench_data_leaves_a_valid_tree(built):
    assert tree_problems() == {}
    assert not any(Page.find_problems())


def test_build_bench_data_english_pages_are_translations_served_under_en(built):
    client = site_client(ORGANISATION_SLUGS[0])
    swedish = client.get(f"/{PREFIX}avsnitt-01/sida-0001/")
    english = client.get(f"/en/{PREFIX}section-01/page-0001/")
    assert swedish.status_code == HTTPStatus.OK
    assert english.status_code == HTTPStatus.OK
    page_en = english.context["page"]
    assert page_en.locale.language_code == "en"
    assert page_en.get_translation(swedish.context["page"].locale) == swedish.context["page"]
    assert "Read more in" in english.text
    assert client.get(f"/en/{PREFIX}section-01/").status_code == HTTPStatus.OK


def test_build_bench_data_fills_the_search_index(built):
    project = Project.objects.filter(slug__startswith=PREFIX, locale__language_code="sv").first()
    word = project.title.split()[-2]  # the place name, e.g. "Skåne"
    found = get_search_backend().search(word, Project.objects.all())
    assert project in list(found)
    page = bench_pages("sv").type(StandardPage).last().specific
    results = get_search_backend().search(page.title, StandardPage.objects.all())
    assert page in list(results)


def test_build_bench_data_twice_changes_nothing_and_reset_rebuilds(built):
    pages = Page.objects.count()
    assert "already present" in build()
    assert Page.objects.count() == pages
    output = build("--reset")
    assert "ready" in output
    assert Page.objects.count() == pages
    assert Project.objects.filter(slug__startswith=PREFIX).count() == 15
    assert tree_problems() == {}


def test_build_bench_data_indexes_in_this_process_inside_a_transaction():
    # The test's transaction hides the new rows from other connections, so
    # asking for two indexing processes must fall back to one, not fail.
    output = build("--jobs", "2")
    try:
        assert "(1 process)" in output
        project = Project.objects.filter(slug__startswith=PREFIX).first()
        assert project in list(get_search_backend().search(project.title, Project.objects.all()))
    finally:
        for image in Image.objects.filter(collection__name=COLLECTION_NAME):
            image.file.delete(save=False)


def test_indexing_retries_a_batch_that_postgresql_aborted_for_a_deadlock():
    from django.db import OperationalError

    from sites.management.commands.build_bench_data import add_bulk_retrying

    class Backend:
        calls = 0

        def add_bulk(self, model, batch):
            self.calls += 1
            if self.calls == 1:
                raise OperationalError("deadlock detected")

    backend = Backend()
    add_bulk_retrying(backend, Project, [])
    assert backend.calls == 2

    class Broken(Backend):
        def add_bulk(self, model, batch):
            raise OperationalError("connection refused")

    with pytest.raises(OperationalError):
        add_bulk_retrying(Broken(), Project, [])
