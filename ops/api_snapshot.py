"""Every response of the content API, as one JSON file, to compare two databases.

    DJANGO_SETTINGS_MODULE=cms.settings.dev python ops/api_snapshot.py before.json
    ... restore the backup elsewhere ...
    DATABASE_URL=postgres://.../restored python ops/api_snapshot.py after.json
    cmp before.json after.json

Walks, through Django's test client (no server needed), every list endpoint
page by page and the detail of every item: the pages endpoint once per site
(it answers for the requesting site), the other endpoints on the first site.
`SNAPSHOT_MEDIA_ROOT` points the media storage elsewhere (for a restored copy).
tests/test_backup.py uses it to prove that a restore loses nothing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ENDPOINTS = [
    "images",
    "documents",
    "sites",
    "organisations",
    "areas",
    "goals",
    "projects",
    "activities",
    "publications",
]
PAGE_SIZE = 100


def host_of(site) -> str:
    return site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"


def walk(client, host: str, endpoint: str, responses: dict) -> None:
    offset = 0
    while True:
        path = f"/api/v2/{endpoint}/?limit={PAGE_SIZE}&offset={offset}"
        body = get(client, host, path, responses)
        for item in body["items"]:
            get(client, host, f"/api/v2/{endpoint}/{item['id']}/", responses)
        offset += PAGE_SIZE
        if offset >= body["meta"]["total_count"]:
            return


def get(client, host: str, path: str, responses: dict) -> dict:
    response = client.get(path, HTTP_HOST=host)
    if response.status_code != 200:
        raise SystemExit(f"{host}{path} answered {response.status_code}")
    body = response.json()
    responses[f"{host}{path}"] = body
    return body


def snapshot() -> dict:
    from django.conf import settings
    from django.test import Client
    from wagtail.models import Site

    media_root = os.environ.get("SNAPSHOT_MEDIA_ROOT")
    if media_root:
        settings.MEDIA_ROOT = media_root  # before the storage is first used
    settings.API_THROTTLE_RATE = ""
    client = Client()
    responses: dict[str, dict] = {}
    sites = list(Site.objects.order_by("hostname", "port"))
    for site in sites:
        walk(client, host_of(site), "pages", responses)
    for endpoint in ENDPOINTS:
        walk(client, host_of(sites[0]), endpoint, responses)
    return responses


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    responses = snapshot()
    Path(sys.argv[1]).write_text(json.dumps(responses, indent=1, sort_keys=True) + "\n")
    sys.stdout.write(f"{len(responses)} API responses written to {sys.argv[1]}\n")


if __name__ == "__main__":
    main()
