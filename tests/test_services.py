"""Cache, sessions, media, search and tasks, chosen by the environment (issue #6).

The settings functions in cms/settings/base.py are tried with any environment;
a subprocess loads the production settings to check the wiring end to end.
The database task queue runs Wagtail's tasks and ours; the PostgreSQL search
backend stems Swedish as Swedish and English as English.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.search.models import IndexEntry

from cms.api_representation import RENDITIONS
from cms.settings.base import (
    cache_settings,
    code_release,
    media_storage,
    search_backends,
    session_engine,
    task_settings,
)
from home.models import StandardPage
from sites.hosts import hostname_for
from sites.webhooks import Webhook, WebhookDelivery

REPO = Path(__file__).resolve().parent.parent
SERVICE_VARIABLES = (
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_QUERYSTRING_AUTH",
    "WAGTAILSEARCH_URL",
    "WAGTAILSEARCH_ENGINE",
    "WAGTAILSEARCH_INDEX_PREFIX",
    "TASKS_BACKEND",
)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 90)).save(buffer, "PNG")
    return buffer.getvalue()


# --- The settings functions -----------------------------------------------


def test_without_service_variables_everything_stays_on_one_machine():
    caches = cache_settings({})
    assert caches["default"] == {
        "BACKEND": "cms.request_memo.MemoLocMemCache",
        "KEY_PREFIX": f"samverkan:{code_release({})}",
    }
    assert caches["renditions"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert session_engine({}) == "django.contrib.sessions.backends.db"
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert search_backends({})["default"]["BACKEND"] == "search.backends"
    assert search_backends({})["default"]["LANGUAGE_CONFIGS"] == {
        "sv": "swedish",
        "en": "english",
    }
    assert task_settings({}) == {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


def test_redis_url_puts_the_default_cache_and_sessions_on_redis():
    environ = {"REDIS_URL": "redis://cache:6379/0", "CACHE_KEY_PREFIX": "staging"}
    caches = cache_settings(environ)
    assert list(caches) == ["default", "renditions"]
    assert caches["default"]["BACKEND"] == "cms.request_memo.MemoRedisCache"
    assert caches["default"]["LOCATION"] == "redis://cache:6379/0"
    assert caches["default"]["KEY_PREFIX"] == f"staging:{code_release({})}"
    assert session_engine(environ) == "django.contrib.sessions.backends.cached_db"


def test_cache_keys_carry_the_code_release(tmp_path):
    """Another release of the code (a changed template, module, static file or
    pinned library) keeps nothing of what this one cached; CACHE_VERSION names
    the release instead, e.g. a git commit."""
    for name in ("requirements.txt", "cms/templates/base.html", "sites/api.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    release = code_release({}, tmp_path)
    assert code_release({}, tmp_path) == release  # the same code, the same key
    (tmp_path / "cms/templates/base.html").write_text("<html lang='sv'>")
    changed = code_release({}, tmp_path)
    assert changed != release
    (tmp_path / "sites/__pycache__").mkdir()
    (tmp_path / "sites/__pycache__/api.cpython-311.pyc").write_bytes(b"compiled")
    assert code_release({}, tmp_path) == changed  # bytecode is not code
    (tmp_path / "requirements.txt").write_text("wagtail==8.0.1")
    assert code_release({}, tmp_path) != changed
    assert code_release({"CACHE_VERSION": "3f50f4b"}, tmp_path) == "3f50f4b"
    caches = cache_settings({"REDIS_URL": "redis://cache:6379/0", "CACHE_VERSION": "3f50f4b"})
    assert caches["default"]["KEY_PREFIX"] == "samverkan:3f50f4b"


def test_a_bucket_name_puts_media_on_s3_compatible_storage():
    storage = media_storage(
        {
            "AWS_STORAGE_BUCKET_NAME": "samverkan-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.se",
            "AWS_ACCESS_KEY_ID": "key",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_S3_REGION_NAME": "eu-north-1",
        }
    )
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "samverkan-media",
            "file_overwrite": False,
            "querystring_auth": False,
            "endpoint_url": "https://s3.example.se",
            "access_key": "key",
            "secret_key": "secret",
            "region_name": "eu-north-1",
        },
    }


def test_wagtailsearch_url_selects_opensearch_or_the_engine_named():
    backend = search_backends({"WAGTAILSEARCH_URL": "https://search:9200"})["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch3"
    assert backend["URLS"] == ["https://search:9200"]
    assert backend["INDEX_PREFIX"] == "samverkan_"
    backend = search_backends(
        {"WAGTAILSEARCH_URL": "http://a:9200,http://b:9200", "WAGTAILSEARCH_ENGINE": "opensearch2"}
    )["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["URLS"] == ["http://a:9200", "http://b:9200"]


def test_unknown_search_engine_or_task_backend_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="WAGTAILSEARCH_ENGINE"):
        search_backends({"WAGTAILSEARCH_URL": "http://s:9200", "WAGTAILSEARCH_ENGINE": "solr"})
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND"):
        task_settings({"TASKS_BACKEND": "celery"})


# --- Production settings, loaded in a fresh process ------------------------

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from modelsearch.tasks import insert_or_update_object_task
from wagtail.search.backends import get_search_backend
from wagtail.tasks import update_reference_index_task
from cms.renditions import generate_renditions
from sites.webhooks import deliver_webhook

def name(obj):
    return f"{type(obj).__module__}.{type(obj).__name__}"

search = get_search_backend()
tasks = (insert_or_update_object_task, update_reference_index_task, deliver_webhook,
         generate_renditions)
print(json.dumps({
    "cache": name(caches["default"]),
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "sessions": settings.SESSION_ENGINE,
    "storage": name(storages["default"]),
    "bucket": getattr(storages["default"], "bucket_name", None),
    "search": name(search),
    "search_hosts": getattr(search, "hosts", None),
    "tasks": sorted({name(t.get_backend()) for t in tasks}),
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "conn_health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "redirect_exempt": settings.SECURE_REDIRECT_EXEMPT,
    "docs_serve_method": settings.WAGTAILDOCS_SERVE_METHOD,
}))
"""


def production_settings(**variables: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="test-only-not-secret",
        # Never connected to: the probe only builds objects.
        DATABASE_URL="postgres://nobody@127.0.0.1:9/none",
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_without_services_uses_local_memory_disk_and_the_database():
    probe = production_settings()
    assert probe["cache"] == "cms.request_memo.MemoLocMemCache"
    assert probe["sessions"] == "django.contrib.sessions.backends.db"
    assert probe["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert probe["search"] == "search.backends.LanguageSearchBackend"  # PostgreSQL
    assert probe["tasks"] == ["django_tasks.backends.immediate.ImmediateBackend"]
    assert (probe["conn_max_age"], probe["conn_health_checks"]) == (60, True)
    assert probe["redirect_exempt"] == [r"^healthz$", r"^readyz$"]
    assert probe["docs_serve_method"] == "serve_view"


def test_production_with_services_uses_redis_s3_opensearch_and_the_task_queue():
    probe = production_settings(
        REDIS_URL="redis://redis:6379/0",
        AWS_STORAGE_BUCKET_NAME="samverkan-media",
        AWS_S3_ENDPOINT_URL="http://objects:9000",
        WAGTAILSEARCH_URL="http://opensearch:9200",
        TASKS_BACKEND="database",
        DB_CONN_MAX_AGE="120",
    )
    assert probe["cache"] == "cms.request_memo.MemoRedisCache"
    assert probe["cache_location"] == "redis://redis:6379/0"
    assert probe["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert probe["storage"] == "storages.backends.s3.S3Storage"
    assert probe["bucket"] == "samverkan-media"
    assert probe["search"] == "modelsearch.backends.opensearch3.OpenSearch3SearchBackend"
    assert [(h["host"], h["port"]) for h in probe["search_hosts"]] == [("opensearch", 9200)]
    # Wagtail's tasks (search and reference index) and ours share one queue.
    assert probe["tasks"] == ["django_tasks_db.backend.DatabaseBackend"]
    assert probe["conn_max_age"] == 120


# --- The database task queue -----------------------------------------------

DATABASE_TASKS = task_settings({"TASKS_BACKEND": "database"})


def queued() -> list[str]:
    return sorted(DBTaskResult.objects.ready().values_list("task_path", flat=True))


def run_queue() -> list[DBTaskResult]:
    """What `manage.py db_worker --batch` does, minus its own transaction handling."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    done = []
    for result in DBTaskResult.objects.ready():
        result.claim(worker.worker_id)
        worker.run_task(result)
        result.refresh_from_db()
        done.append(result)
    return done


@override_settings(TASKS=DATABASE_TASKS)
def test_publishing_queues_wagtails_index_updates_and_webhooks_for_the_worker(
    db, django_capture_on_commit_callbacks
):
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    Webhook.objects.create(
        site=page.get_site(), name="Nobody listens", url="http://127.0.0.1:9/hook"
    )
    page.title = "Finansiering (köad)"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    tasks = queued()
    assert "modelsearch.tasks.insert_or_update_object_task" in tasks
    assert "wagtail.tasks.update_reference_index_task" in tasks
    assert "sites.webhooks.deliver_webhook" in tasks
    # Nothing ran yet: the index still has the old title.
    assert not Page.objects.filter(pk=page.pk).search("köad")

    done = run_queue()
    assert {r.status for r in done} == {"SUCCESSFUL"}, [(r.task_path, r.traceback) for r in done]
    assert list(Page.objects.filter(pk=page.pk).search("köad")) == [page.page_ptr]
    # The receiver is down: the delivery is retried later, by the queue, not in place.
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.PENDING, 1)
    retry = DBTaskResult.objects.get(task_path="sites.webhooks.deliver_webhook", status="READY")
    assert retry.run_after == delivery.next_attempt_at


@override_settings(TASKS=DATABASE_TASKS)
def test_a_new_image_gets_its_renditions_from_the_worker(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = get_image_model().objects.create(
            title="Köad bild", file=ImageFile(io.BytesIO(png_bytes()), name="queued.png")
        )
    assert "cms.renditions.generate_renditions" in queued()
    assert not image.renditions.exists()
    done = run_queue()
    assert {r.status for r in done} == {"SUCCESSFUL"}
    assert image.renditions.count() == len(RENDITIONS)


def test_the_immediate_backend_leaves_renditions_to_the_first_request(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = get_image_model().objects.create(
            title="Direkt", file=ImageFile(io.BytesIO(png_bytes()), name="direct.png")
        )
    assert not image.renditions.exists()
    assert not DBTaskResult.objects.exists()


# --- Search -------------------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming is PostgreSQL full-text search"
)


def new_page(language: str, title: str) -> StandardPage:
    home = Site.objects.get(hostname=hostname_for("natverkstan")).root_page
    home = home.get_translation(Locale.objects.get(language_code=language))
    page = home.add_child(instance=StandardPage(title=title, slug=title.lower().replace(" ", "-")))
    page.save_revision().publish()
    return page


@postgres_only
def test_postgres_search_stems_each_locale_in_its_own_language(db):
    swedish = new_page("sv", "Kultur i Dalaregionen")
    english = new_page("en", "Glassblowing in the region")
    pages = Page.objects.filter(pk__in=[swedish.pk, english.pk])

    # Swedish "regioner" and "Dalaregionen" share the Swedish stem only.
    assert list(pages.search("dalaregioner")) == [swedish.page_ptr]
    # English "glassblowers" and "Glassblowing" share the English stem only.
    assert list(pages.search("glassblowers")) == [english.page_ptr]

    entries = {
        entry.object_id: entry.title
        for entry in IndexEntry.objects.filter(object_id__in=[str(swedish.pk), str(english.pk)])
    }
    assert "'dalaregion'" in entries[str(swedish.pk)]
    assert "'glassblow'" in entries[str(english.pk)]


def test_update_index_rebuilds_the_database_index(db):
    page = StandardPage.objects.get(slug="finansiering", locale__language_code="sv")
    # A change the index never heard of: update() sends no signals.
    StandardPage.objects.filter(pk=page.pk).update(title="Omindexerad finansiering")
    pages = Page.objects.filter(pk=page.pk)
    assert not pages.search("omindexerad")
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    assert list(pages.search("omindexerad")) == [page.page_ptr]


def test_every_service_variable_is_documented():
    env_example = (REPO / ".env.example").read_text()
    readme = (REPO / "README.md").read_text()
    for name in SERVICE_VARIABLES:
        assert f"\n{name}=" in env_example, name
        assert f"`{name}`" in readme, name
