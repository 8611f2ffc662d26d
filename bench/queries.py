"""The benchmark's URLs, and the SQL queries each one costs per request.

Run by bench/run.py with the same environment as the gunicorn server it
measures (production settings, the same database, RESPONSE_CACHE on or off):

    python bench/queries.py --port 8765 > urls.json

It finds the URLs in the database (so they follow the demo content), then
requests each one three times through Django's test client and counts the
queries of the third request with CaptureQueriesContext: the first ones fill
the caches (site root paths, the snippet locator, image renditions, and with
the response cache on, the response itself) as the server's warm-up does. It
prints JSON: the URLs with their Host headers, status codes and query
counts, and the size of the dataset.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

# The site every URL is requested on, and what its search looks for.
ORGANISATION = "natverkstan"
# A word with hits on the site at both sizes: 7 at the demo size, about
# 10,000 at the large one ("kultur" had none on the demo's Nätverkstan site,
# so its demo figures measured an empty answer).
SEARCH_TEXT = "regional"
# Whose ongoing projects the filtered API list asks for: Region Skåne has one
# at the demo size and 334 at the large one (the demo's Nätverkstan has none,
# so its demo figure measured an empty answer, without the list's one query).
PROJECTS_ORGANISATION = "region-skane"


def bench_urls(port: int) -> list[dict[str, Any]]:
    """(name, kind, host, path) of each benchmarked URL, found in the database."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from wagtail.models import Site

    from home.models import StandardPage
    from projects.models import ProjectIndexPage
    from sites.hosts import hostname_for

    hostname = hostname_for(ORGANISATION)
    site = Site.objects.get(hostname=hostname, port=port)
    home = site.root_page.specific
    standard = (
        StandardPage.objects.child_of(home).live().filter(locale=home.locale).order_by("path")
    ).first()
    index = ProjectIndexPage.objects.child_of(home).live().first()
    if standard is None or index is None:
        raise SystemExit(f"{hostname} has no standard page or project index page.")
    # The oldest project the index shows: a demo project, at both sizes.
    project = index.get_snippets().order_by("pk").first()
    if project is None:
        raise SystemExit(f"{hostname}'s project index shows no projects.")
    index_path = index.get_url_parts()[2]
    urls = [
        ("static file (floor)", "static", staticfiles_storage.url("css/site.css")),
        ("home page", "page", home.get_url_parts()[2]),
        ("standard page", "page", standard.get_url_parts()[2]),
        ("project list ?status=ongoing", "page", f"{index_path}?status=ongoing"),
        (
            "project detail",
            "page",
            index_path + index.reverse_subpage("detail", args=[project.slug]),
        ),
        ("search page", "page", f"/search/?query={SEARCH_TEXT}"),
        (
            "API pages list, fields=*",
            "api_list",
            "/api/v2/pages/?type=home.StandardPage&fields=*",
        ),
        ("API page detail", "api_detail", f"/api/v2/pages/{standard.pk}/"),
        (
            "API projects list, filtered",
            "api_list",
            f"/api/v2/projects/?status=ongoing&organisation={PROJECTS_ORGANISATION}&locale=sv"
            "&fields=title,summary,start_date,end_date,lead_organisation,areas",
        ),
        ("API search", "api_list", f"/api/v2/search/?q={SEARCH_TEXT}"),
    ]
    host = f"{hostname}:{port}"
    return [{"name": name, "kind": kind, "host": host, "path": path} for name, kind, path in urls]


def dataset() -> dict[str, int]:
    """How much content the database holds (rows, both languages)."""
    from wagtail.images.models import Image
    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    from projects.models import Activity, Project
    from publications.models import Publication

    return {
        "pages": Page.objects.count(),
        "projects": Project.objects.count(),
        "activities": Activity.objects.count(),
        "publications": Publication.objects.count(),
        "images": Image.objects.count(),
        "index_entries": IndexEntry.objects.count(),
    }


def count_queries(url: dict[str, Any], port: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=url["host"], raise_request_exception=False)
    # Per request: the client sets SERVER_PORT to 80 after applying its defaults.
    first = client.get(url["path"], SERVER_PORT=str(port))
    # A second one too: the very first request of a fresh database may create
    # image renditions, which invalidates what it cached on the way.
    client.get(url["path"], SERVER_PORT=str(port))
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url["path"], SERVER_PORT=str(port))
    return {
        "status": second.status_code,
        "first_status": first.status_code,
        "queries": len(queries.captured_queries),
        "bytes": len(b"".join(second.streaming_content) if second.streaming else second.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="SITE_PORT of the server")
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    import django

    django.setup()
    urls = bench_urls(args.port)
    for url in urls:
        url.update(count_queries(url, args.port))
    json.dump({"urls": urls, "dataset": dataset()}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
