"""docker-compose.yml, docker/nginx.conf and gunicorn.conf.py, checked without Docker.

There is no Docker engine here, so the files are read: the services of a
production-like stack are there, built from our Dockerfile, configured for
PostgreSQL, Redis and the task queue, and the proxy balances both app
containers, passing Host and X-Forwarded-Proto on.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path
from unittest import mock

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
APP_SERVICES = ("app1", "app2")
DJANGO_SERVICES = ("release", "app1", "app2", "worker")


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]


@pytest.fixture(scope="module")
def nginx() -> str:
    # Comments out: they mention what the directives do.
    lines = (REPO / "docker" / "nginx.conf").read_text().splitlines()
    return "\n".join(line.split("#", 1)[0] for line in lines)


def dockerfile_env(name: str) -> str:
    match = re.search(rf"\b{name}=(\S+)", (REPO / "Dockerfile").read_text())
    assert match, name
    return match.group(1)


def test_the_stack_has_database_cache_release_two_apps_worker_and_proxy(services):
    assert set(services) == {"db", "redis", "release", "app1", "app2", "worker", "proxy"}
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:")
    assert services["proxy"]["image"].startswith("nginx:")


def test_django_services_are_built_from_our_dockerfile_as_one_image(services):
    images = set()
    for name in DJANGO_SERVICES:
        build = services[name]["build"]
        assert (REPO / build["context"] / build["dockerfile"]).resolve() == REPO / "Dockerfile"
        images.add(services[name]["image"])
    assert len(images) == 1


def test_django_services_share_postgres_redis_and_the_task_queue(services):
    environments = [services[name]["environment"] for name in DJANGO_SERVICES]
    assert all(env == environments[0] for env in environments)
    env = environments[0]
    assert env["DJANGO_SETTINGS_MODULE"] == "cms.settings.production"
    assert re.fullmatch(r"postgres://[^@]+@db:5432/\w+", env["DATABASE_URL"])
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert env["TASKS_BACKEND"] == "database"
    assert int(env["DB_CONN_MAX_AGE"]) > 0
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")  # required, never a default
    db = services["db"]["environment"]
    user_and_db = (db["POSTGRES_USER"], db["POSTGRES_DB"])
    assert env["DATABASE_URL"].startswith(f"postgres://{user_and_db[0]}:")
    assert env["DATABASE_URL"].endswith(f"/{user_and_db[1]}")


def test_services_start_in_order_release_first(services):
    release = services["release"]
    assert release["command"] == ["docker/release.sh"]
    assert "migrate" in (REPO / "docker" / "release.sh").read_text()
    assert release["restart"] == "no"
    assert release["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("app1", "app2", "worker"):
        depends = services[name]["depends_on"]
        assert depends["release"]["condition"] == "service_completed_successfully"
        assert depends["db"]["condition"] == depends["redis"]["condition"] == "service_healthy"
    for name in APP_SERVICES:
        assert services["proxy"]["depends_on"][name]["condition"] == "service_healthy"
        check = " ".join(services[name]["healthcheck"]["test"])
        assert "/readyz" in check and "'Host': 'localhost'" in check


def test_the_worker_runs_the_database_queue(services):
    assert services["worker"]["command"][:3] == ["python", "manage.py", "db_worker"]
    assert services["worker"]["healthcheck"] == {"disable": True}  # it has no port


def test_media_are_one_volume_for_apps_worker_and_proxy(services):
    media_root = dockerfile_env("MEDIA_ROOT")
    for name in DJANGO_SERVICES:
        assert f"media:{media_root}" in services[name]["volumes"]
        assert services[name]["environment"]["MEDIA_ROOT"] == media_root
    assert "media:/srv/media:ro" in services["proxy"]["volumes"]


def test_the_proxy_balances_both_app_containers(services, nginx):
    mount = next(v for v in services["proxy"]["volumes"] if v.endswith("default.conf:ro"))
    assert mount.split(":")[0] == "./docker/nginx.conf"
    port = services["app1"]["environment"]["PORT"]
    assert port == dockerfile_env("PORT")
    upstream = re.search(r"upstream (\w+) \{(.*?)\}", nginx, re.S)
    assert upstream
    servers = re.findall(r"^\s*server (\S+?)(?: |;)", upstream.group(2), re.M)
    assert servers == [f"{name}:{port}" for name in APP_SERVICES]
    assert re.search(rf"proxy_pass http://{upstream.group(1)};", nginx)
    assert re.search(r"proxy_set_header Host \$http_host;", nginx)
    assert re.search(r"proxy_set_header X-Forwarded-Proto \$scheme;", nginx)
    assert re.search(r"proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;", nginx)
    published = services["proxy"]["ports"][0]
    assert published.endswith(":80")
    assert re.search(r"listen 80\b", nginx)


def test_the_proxy_serves_images_but_never_documents_from_the_volume(nginx):
    assert re.search(r"location /media/ \{\s*alias /srv/media/;", nginx)
    assert re.search(r"location \^~ /media/documents/ \{\s*return 404;", nginx)


def test_proxy_limits_leave_room_for_django_and_gunicorn(nginx):
    from django.conf import settings

    body = re.search(r"client_max_body_size (\d+)m;", nginx)
    assert int(body.group(1)) * 1024 * 1024 > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", nginx).group(1))
    assert read_timeout > gunicorn_settings({})["timeout"]


def gunicorn_settings(environ: dict) -> dict:
    with mock.patch.dict("os.environ", environ, clear=True):
        return runpy.run_path(str(REPO / "gunicorn.conf.py"))


def test_gunicorn_is_tuned_by_the_environment():
    defaults = gunicorn_settings({})
    assert (defaults["bind"], defaults["workers"], defaults["threads"]) == ("0.0.0.0:8000", 2, 1)
    assert (defaults["timeout"], defaults["max_requests"]) == (30, 1000)
    tuned = gunicorn_settings(
        {
            "PORT": "9000",
            "WEB_CONCURRENCY": "4",
            "GUNICORN_THREADS": "8",
            "GUNICORN_TIMEOUT": "60",
            "GUNICORN_MAX_REQUESTS": "500",
        }
    )
    assert tuned["bind"] == "0.0.0.0:9000"
    assert (tuned["workers"], tuned["threads"], tuned["timeout"]) == (4, 8, 60)
    assert (tuned["max_requests"], tuned["max_requests_jitter"]) == (500, 50)
