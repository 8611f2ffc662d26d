"""The Content Security Policy blocks nothing the site, the admin or the API docs need.

A real Chromium records every `securitypolicyviolation` while it shows a public
page, the Swagger UI of /api/v2/docs/ (which must render the operations from
its local files) and the Wagtail admin: sign-in, dashboard, page editor and
image upload. tests/test_security.py checks the policies themselves.
"""

from __future__ import annotations

import secrets

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from home.models import StandardPage

pytestmark = pytest.mark.usefixtures("orm")

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`
    );
});
"""


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    yield page
    context.close()


def violations(tab) -> list[str]:
    return tab.evaluate("window.__cspViolations")


def test_public_pages_run_under_the_policy(tab, server_port):
    response = tab.goto(f"http://localhost:{server_port}/", wait_until="load")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert violations(tab) == []
    # An injected inline script is refused (and this test would notice).
    tab.evaluate(
        "document.body.append(Object.assign(document.createElement('script'),"
        " {textContent: 'window.__injected = true'}))"
    )
    assert tab.evaluate("window.__injected") is None
    assert violations(tab) == ["script-src-elem blocked inline on /"]


def test_swagger_ui_renders_under_the_policy(tab, server_port):
    response = tab.goto(f"http://localhost:{server_port}/api/v2/docs/", wait_until="load")
    assert response.status == 200
    tab.wait_for_selector(".opblock-summary-path", timeout=30_000)
    assert tab.locator(".opblock").count() > 10
    assert violations(tab) == []


def test_the_wagtail_admin_works_under_its_policy(tab, server_port):
    password = secrets.token_urlsafe(16)
    username = f"csp-admin-{secrets.token_hex(3)}"
    get_user_model().objects.create_superuser(username, f"{username}@example.org", password)
    page = StandardPage.objects.live().first() or Page.objects.filter(depth=2).first()
    base = f"http://localhost:{server_port}"

    tab.goto(f"{base}/admin/login/", wait_until="load")
    tab.fill("#id_username", username)
    tab.fill("#id_password", password)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{base}/admin/")
    assert violations(tab) == []

    for path, ready in [
        (f"/admin/pages/{page.pk}/edit/", "form#page-edit-form"),
        ("/admin/images/multiple/add/", "form"),
        ("/admin/pages/", "main"),
    ]:
        tab.goto(base + path, wait_until="load")
        tab.wait_for_selector(ready)
        tab.wait_for_timeout(500)  # let the admin's scripts set up the page
        assert violations(tab) == [], path
