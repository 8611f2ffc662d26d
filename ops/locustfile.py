"""Visitors and API clients for `make loadtest` (ops/loadtest.py runs it).

Every request goes to the server under test (--host, on 127.0.0.1) with the
Host header of the site it is meant for. At the start, the pages of every
site are found through the API. The mix per user and second, roughly:

- visitors: pages of all sites, the site search, and now and then an answer
  to a page's feedback form (GET the page, POST the form, follow the 303);
- API clients: page and snippet listings, page details and the API search.

Any status other than the expected one counts as a failure.
"""

from __future__ import annotations

import random
import re
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

SEARCH_WORDS = ["kultur", "projekt", "musik", "digital", "dans", "barn", "film", "skola"]
SNIPPET_ENDPOINTS = ["projects", "activities", "publications", "goals", "organisations"]
FEEDBACK_PAGE = re.compile(r'<input type="hidden" name="page" value="(\d+)">')

# host -> [(page id, path)], filled once at the start
SITES: dict[str, list[tuple[int, str]]] = {}


@events.test_start.add_listener
def discover_pages(environment, **_kwargs) -> None:
    import requests

    base = environment.host.rstrip("/")
    portal = urlsplit(base).netloc
    sites = requests.get(f"{base}/api/v2/sites/?limit=100", headers={"Host": portal}, timeout=30)
    sites.raise_for_status()
    for site in sites.json()["items"]:
        host = site.get("hostname") or portal
        host = host if ":" in host else f"{host}:{urlsplit(base).port}"
        offset, pages = 0, []
        while True:
            response = requests.get(
                f"{base}/api/v2/pages/?limit=100&offset={offset}&fields=title",
                headers={"Host": host},
                timeout=30,
            )
            response.raise_for_status()
            body = response.json()
            for item in body["items"]:
                html_url = item["meta"].get("html_url")
                if html_url:
                    pages.append((item["id"], urlsplit(html_url).path))
            offset += 100
            if offset >= body["meta"]["total_count"]:
                break
        if pages:
            SITES[host] = pages
    if not SITES:
        raise RuntimeError("no pages found through the API")


def a_page() -> tuple[str, int, str]:
    host = random.choice(list(SITES))
    page_id, path = random.choice(SITES[host])
    return host, page_id, path


class Visitor(HttpUser):
    weight = 5
    wait_time = between(1, 3)

    @task(10)
    def page(self):
        host, _page_id, path = a_page()
        self.client.get(path, headers={"Host": host}, name="page")

    @task(3)
    def search(self):
        host = random.choice(list(SITES))
        word = random.choice(SEARCH_WORDS)
        self.client.get(f"/search/?query={word}", headers={"Host": host}, name="search")

    @task(1)
    def feedback(self):
        host, _page_id, path = a_page()
        page = self.client.get(path, headers={"Host": host}, name="feedback: page")
        page_id = FEEDBACK_PAGE.search(page.text)
        if page_id is None:
            return  # a page without the form
        with self.client.post(
            "/_feedback/",
            data={
                "page": page_id.group(1),
                "next": path,
                "helpful": random.choice(["yes", "no"]),
                "comment": "Lasttest: ett svar från make loadtest.",
                "leave_empty": "",
            },
            # As a browser posting the page's own form says (home/feedback.py).
            headers={"Host": host, "Origin": f"http://{host}", "Sec-Fetch-Site": "same-origin"},
            name="feedback: post",
            catch_response=True,
        ) as response:
            # The 303 back to the page is followed; the page thanks the visitor.
            if response.status_code != 200 or not response.history:
                response.failure(f"feedback answered {response.status_code}")


class ApiClient(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    @task(4)
    def page_list(self):
        host = random.choice(list(SITES))
        self.client.get(
            "/api/v2/pages/?limit=20&fields=title,first_published_at",
            headers={"Host": host},
            name="api: pages list",
        )

    @task(3)
    def snippet_list(self):
        endpoint = random.choice(SNIPPET_ENDPOINTS)
        offset = random.choice([0, 0, 10, 20])
        self.client.get(
            f"/api/v2/{endpoint}/?limit=20&offset={offset}",
            headers={"Host": random.choice(list(SITES))},
            name="api: snippets list",
        )

    @task(4)
    def page_detail(self):
        host, page_id, _path = a_page()
        self.client.get(f"/api/v2/pages/{page_id}/", headers={"Host": host}, name="api: page")

    @task(2)
    def api_search(self):
        word = random.choice(SEARCH_WORDS)
        self.client.get(
            f"/api/v2/search/?q={word}",
            headers={"Host": random.choice(list(SITES))},
            name="api: search",
        )
