"""The editor of `make loadtest`: publishes pages during the run and checks freshness.

An editor account signs in to the admin over HTTP (password, then a TOTP
code: two-factor authentication is on, as in production). Every INTERVAL
seconds it saves a draft with a new title on the next page (through the ORM,
as the edit form would), publishes it through the admin's publish action
(POST /admin/bulk/wagtailcore/page/publish/, in the server's processes) and
then asks for the page and its API detail once: both must show the new title
at once, whichever gunicorn worker answers. The original titles are put back
at the end. Writes a JSON report.

    python ops/publisher.py BASE_URL SECONDS REPORT.json   (env as the server's)
"""

from __future__ import annotations

import html
import json
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import django
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
INTERVAL = 4.0


def main() -> None:
    base, seconds, report = sys.argv[1], float(sys.argv[2]), Path(sys.argv[3])
    django.setup()
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from home.models import StandardPage

    password = secrets.token_urlsafe(20)
    editor, _ = get_user_model().objects.update_or_create(
        username="lasttest-redaktor", defaults={"is_superuser": True, "is_staff": True}
    )
    editor.set_password(password)
    editor.save()
    TOTPDevice.objects.filter(user=editor).delete()
    device = TOTPDevice.objects.create(user=editor, name="loadtest", confirmed=True)

    portal = urlsplit(base).netloc
    session = requests.Session()
    admin = {"Host": portal}
    session.get(f"{base}/admin/login/", headers=admin, timeout=30)
    signed_in = session.post(
        f"{base}/admin/login/",
        data={
            "username": editor.username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers=admin,
        timeout=30,
    )
    if "/2fa/verify/" in signed_in.url:
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        session.post(
            signed_in.url,
            data={"token": f"{code:06d}", "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            headers=admin,
            timeout=30,
        )
    dashboard = session.get(f"{base}/admin/", headers=admin, timeout=30, allow_redirects=False)
    if dashboard.status_code != 200:
        raise SystemExit("the editor could not sign in to the admin")

    pages = list(StandardPage.objects.live().public().order_by("pk"))
    originals = {page.pk: page.title for page in pages}
    results = []
    deadline = time.monotonic() + seconds
    number = 0
    try:
        while time.monotonic() < deadline:
            page = pages[number % len(pages)]
            number += 1
            results.append(publish_and_check(session, base, page, editor, number, originals))
            time.sleep(INTERVAL)
    finally:
        for page in pages:
            if page.title != originals[page.pk]:
                page.title = originals[page.pk]
                page.save_revision(user=editor).publish(user=editor)
    summary = {
        "publishes": len(results),
        "published_ok": sum(r["published"] for r in results),
        "stale_pages": sum(not r["page_fresh"] for r in results),
        "stale_api": sum(not r["api_fresh"] for r in results),
        "errors": [r for r in results if r["errors"]],
        "publish_ms_max": max((r["publish_ms"] for r in results), default=0),
        "publish_ms_median": sorted(r["publish_ms"] for r in results)[len(results) // 2]
        if results
        else 0,
    }
    report.write_text(json.dumps({"summary": summary, "publishes": results}, indent=1))


def publish_and_check(session, base, page, editor, number, originals) -> dict:
    page.refresh_from_db()
    title = f"{originals[page.pk]} · lasttest {number:03d}"
    page.title = title
    page.save_revision(user=editor)  # a draft, as the edit form saves it

    errors = []
    token = session.cookies["csrftoken"]
    started = time.monotonic()
    published = session.post(
        f"{base}/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/",
        data={"csrfmiddlewaretoken": token},
        headers={"Host": urlsplit(base).netloc},
        timeout=60,
        allow_redirects=False,
    )
    publish_ms = round((time.monotonic() - started) * 1000)
    if published.status_code != 302:
        errors.append(f"publish answered {published.status_code}")

    site_id, _root, path = page.get_url_parts()
    from wagtail.models import Site

    site = Site.objects.get(pk=site_id)
    host = f"{site.hostname}:{site.port}"
    visitor = requests.get(f"{base}{path}", headers={"Host": host}, timeout=60)
    if visitor.status_code != 200:
        errors.append(f"page answered {visitor.status_code}")
    page_fresh = title in html.unescape(visitor.text)
    detail = requests.get(f"{base}/api/v2/pages/{page.pk}/", headers={"Host": host}, timeout=60)
    if detail.status_code != 200:
        errors.append(f"API detail answered {detail.status_code}")
    api_fresh = detail.status_code == 200 and detail.json().get("title") == title
    return {
        "page": page.pk,
        "url": f"http://{host}{path}",
        "title": title,
        "published": published.status_code == 302,
        "publish_ms": publish_ms,
        "page_fresh": page_fresh,
        "api_fresh": api_fresh,
        "errors": errors,
    }


if __name__ == "__main__":
    main()
