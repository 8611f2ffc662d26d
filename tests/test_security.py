"""Settings, headers, Content Security Policy, admin protections, API throttling.

Production's security settings are loaded from cms/settings/production.py
itself (with a secret in the environment) and applied over the test settings,
so these tests check what production sends, not a copy of it.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, Site, get_page_models

from sites.hosts import portal_hostname
from sites.pages import SnippetIndexPage

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-test-password-1234"


def production_settings() -> dict:
    """The settings cms/settings/production.py computes, with a secret set."""
    env = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": ".localhost,testserver"}
    names = ("cms.settings.base", "cms.settings.production")
    saved = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    try:
        with mock.patch.dict(os.environ, env):
            module = importlib.import_module("cms.settings.production")
    finally:
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


SECURITY_SETTING = re.compile(
    r"^(SECURE_|SESSION_COOKIE_|CSRF_COOKIE_|LANGUAGE_COOKIE_|CONTENT_SECURITY_POLICY|CSP_|X_FRAME)"
)


@pytest.fixture
def production_headers():
    """Production's header and cookie settings over the test settings."""
    values = {k: v for k, v in production_settings().items() if SECURITY_SETTING.match(k)}
    with override_settings(**values):
        yield values


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "DATABASE_URL": "sqlite:///:memory:", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# ---------------------------------------------------------------------------
# Settings


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        env={
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "samverkan.example.se,.samverkan.example.se",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check",
        env={"DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": ""},
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def test_secrets_come_only_from_the_environment():
    """No settings module holds a production secret; dev and test keys say so."""
    for name in ("base", "production"):
        source = (BASE_DIR / "cms" / "settings" / f"{name}.py").read_text()
        assert not re.search(r"^SECRET_KEY\s*=\s*['\"]", source, re.M), name
    assert "insecure" in (BASE_DIR / "cms/settings/dev.py").read_text()
    assert "not-secret" in (BASE_DIR / "cms/settings/test.py").read_text()


def test_production_turns_on_two_factor_authentication_and_secure_cookies():
    values = production_settings()
    assert values["ADMIN_2FA_REQUIRED"] is True
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["LANGUAGE_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["LANGUAGE_COOKIE_HTTPONLY"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert settings.ADMIN_2FA_REQUIRED is False  # off in tests unless a test turns it on


# ---------------------------------------------------------------------------
# Headers


def a_document_url() -> str:
    from wagtail.documents import get_document_model

    document = get_document_model().objects.order_by("pk").first()
    assert document is not None, "the demo content has documents"
    return document.url


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/search/?query=kultur",
        "/finns-inte/",
        "/robots.txt",
        "/sitemap.xml",
        "/static/css/site.css",
        "/api/v2/pages/",
        "/api/v2/projects/?limit=1",
        "/api/v2/finns-inte/",
        "/api/v2/schema/",
        "/api/v2/docs/",
        "/admin/login/",
        "/admin/",
        "/django-admin/login/",
        "document",
    ],
)
def test_security_headers_on_every_response(production_headers, path):
    client = Client(HTTP_HOST=portal_hostname())
    url = a_document_url() if path == "document" else path
    response = client.get(url, secure=True)
    assert response.status_code < 500, url
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Content-Security-Policy"]


def test_plain_http_is_redirected_to_https_in_production(production_headers):
    response = Client(HTTP_HOST=portal_hostname()).get("/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"].startswith("https://")


def test_cookies_are_secure_httponly_and_samesite(production_headers):
    user = make_user("cookie-editor", superuser=True)
    client = Client(HTTP_HOST="localhost")
    response = client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD}, secure=True
    )
    assert response.status_code == HTTPStatus.FOUND
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    page = client.get("/admin/login/", secure=True)  # renders a CSRF token
    csrf = page.cookies.get(settings.CSRF_COOKIE_NAME) or response.cookies.get(
        settings.CSRF_COOKIE_NAME
    )
    assert csrf is not None and csrf["secure"] and csrf["samesite"] == "Lax"
    language = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
    cookie = language.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


# ---------------------------------------------------------------------------
# Content Security Policy


def csp(response) -> dict[str, list[str]]:
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


class InlineCode(HTMLParser):
    """Executable inline code: <script> without src, on* handlers, javascript: URLs."""

    DATA_TYPES = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not values.get("src"):
            if (values.get("type") or "").lower() not in self.DATA_TYPES:
                self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= handler on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL on <{tag}>")


def assert_public_policy(response, url: str) -> None:
    policy = csp(response)
    assert policy["default-src"] == ["'self'"], url
    assert policy["script-src"] == ["'self'"], url
    assert policy["object-src"] == ["'none'"], url
    for name, values in policy.items():
        for value in values:
            # Only keywords, data: and this host; no other host, no wildcard.
            assert value.startswith("'") or value == "data:", (url, name, value)
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.problems == [], (url, parser.problems)


def public_urls() -> list[tuple[str, str]]:
    """(host, path) of one live page of every page type, and of every snippet route."""
    urls = []
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.live().public().exact_type(model).first()
        if page is None:
            continue
        site_id, root_url, path = page.get_url_parts()
        host = Site.objects.get(pk=site_id).hostname
        urls.append((host, path))
        if isinstance(page, SnippetIndexPage):
            item = page.get_snippets().first()
            if item is not None:
                urls.append((host, page.url_for(item).replace(root_url, "")))
    host = portal_hostname()
    urls += [(host, "/search/?query=kultur"), (host, "/finns-inte/")]
    return urls


def test_every_public_page_type_has_the_strict_policy_and_no_inline_script():
    urls = public_urls()
    page_types = {type(page) for page in Page.objects.live().specific()}
    assert len(urls) >= len(page_types), "a live page of every type in the demo content"
    for host, path in urls:
        response = Client(HTTP_HOST=host).get(path)
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND), (host, path)
        assert "text/html" in response["Content-Type"], (host, path)
        assert_public_policy(response, f"{host}{path}")


def test_the_outage_page_has_the_strict_policy_and_no_inline_script(rf):
    from cms.resilience import unavailable

    request = rf.get("/", HTTP_HOST=portal_hostname())
    response = unavailable(request)
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert parser.problems == []


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_the_admin_gets_the_policy_it_needs(path):
    response = Client(HTTP_HOST="localhost").get(path)
    policy = csp(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert all(v.startswith("'") or v in ("data:", "blob:") for vs in policy.values() for v in vs)


def test_api_docs_allow_exactly_their_own_inline_script():
    client = Client(HTTP_HOST=portal_hostname())
    response = client.get("/api/v2/docs/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    policy = csp(response)
    assert policy["script-src"] == ["'self'", f"'sha256-{digest}'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    # Swagger UI comes from this server's static files.
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(asset).status_code == HTTPStatus.OK, asset


# ---------------------------------------------------------------------------
# Admin: login throttling and lockout, session rotation, two factors


def make_user(username: str, *, superuser: bool = False, staff: bool = False):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_superuser=superuser, is_staff=staff or superuser
    )
    return user


def admin_login(client: Client, username: str, password: str = PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_login_locks_out_a_user_and_address_after_repeated_failures():
    user = make_user("lockout-editor", superuser=True)
    attacker = Client(HTTP_HOST="localhost", REMOTE_ADDR="203.0.113.7")
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = admin_login(attacker, user.username, "wrong")
        assert response.status_code == HTTPStatus.OK, attempt  # the form, with an error
    response = admin_login(attacker, user.username, "wrong")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "twofactor/lockout.html" in [template.name for template in response.templates]
    # Locked out: even the right password is refused from that address ...
    assert admin_login(attacker, user.username).status_code == HTTPStatus.TOO_MANY_REQUESTS
    # ... while the user can still sign in from elsewhere.
    elsewhere = Client(HTTP_HOST="localhost", REMOTE_ADDR="198.51.100.20")
    assert admin_login(elsewhere, user.username).status_code == HTTPStatus.FOUND


def test_a_spoofed_forwarded_for_header_does_not_escape_the_lockout():
    user = make_user("spoof-editor", superuser=True)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client = Client(
            HTTP_HOST="localhost",
            REMOTE_ADDR="203.0.113.8",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )
        response = admin_login(client, user.username, "wrong")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_session_key_changes_at_login():
    user = make_user("session-editor", superuser=True)
    client = Client(HTTP_HOST="localhost")
    session = client.session
    session["probe"] = True
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    response = admin_login(client, user.username)
    assert response.status_code == HTTPStatus.FOUND
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()


def current_code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def end_throttling(user) -> None:
    """Skip the wait django-otp imposes after a wrong code."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(
            throttling_failure_timestamp=None, throttling_failure_count=0
        )


@pytest.fixture
def two_factor_required():
    with override_settings(ADMIN_2FA_REQUIRED=True):
        yield


def test_two_factor_setup_is_required_before_the_admin(two_factor_required):
    user = make_user("new-editor", superuser=True)
    client = Client(HTTP_HOST="localhost")
    assert admin_login(client, user.username).status_code == HTTPStatus.FOUND

    response = client.get("/admin/pages/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/admin/2fa/setup/?next=%2Fadmin%2Fpages%2F")

    setup = client.get(response["Location"])
    assert setup.status_code == HTTPStatus.OK
    assert b"<svg" in setup.content  # the QR code, inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post("/admin/2fa/setup/", {"token": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == HTTPStatus.BAD_REQUEST
    # django-otp makes the device wait after a wrong code, even for the right one.
    throttled = client.post("/admin/2fa/setup/", {"token": current_code(device)})
    assert throttled.status_code == HTTPStatus.BAD_REQUEST
    end_throttling(user)

    done = client.post("/admin/2fa/setup/", {"token": current_code(device), "next": "/admin/"})
    assert done.status_code == HTTPStatus.OK
    assert len(done.context["codes"]) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/pages/").status_code == HTTPStatus.OK


def test_each_sign_in_asks_for_a_code(two_factor_required):
    user = make_user("returning-editor", superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Backup codes")
    backup.token_set.create(token="backupcode1")
    client = Client(HTTP_HOST="localhost")
    admin_login(client, user.username)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.get("/admin/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/admin/2fa/verify/")
    assert client.post("/admin/2fa/verify/", {"token": "123456"}).status_code == 400
    assert client.get("/admin/").status_code == HTTPStatus.FOUND  # still not verified
    end_throttling(user)

    verified = client.post("/admin/2fa/verify/", {"token": current_code(device), "next": "/admin/"})
    assert verified.status_code == HTTPStatus.FOUND
    assert verified["Location"] == "/admin/"
    assert client.get("/admin/").status_code == HTTPStatus.OK
    # Verifying is a step up in privilege: the session key changes again.
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before

    # A backup code works once.
    other = Client(HTTP_HOST="localhost")
    admin_login(other, user.username)
    assert other.post("/admin/2fa/verify/", {"token": "backupcode1"}).status_code == 302
    third = Client(HTTP_HOST="localhost")
    admin_login(third, user.username)
    assert third.post("/admin/2fa/verify/", {"token": "backupcode1"}).status_code == 400


def test_two_factor_applies_to_wagtail_editors_and_the_django_admin(two_factor_required):
    editor = make_user("plain-editor")
    editors = Group.objects.create(name="2fa test editors")
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    editor.groups.add(editors)
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    assert client.get("/admin/")["Location"].startswith("/admin/2fa/setup/")

    staff = make_user("django-staff", superuser=True)
    client.force_login(staff)
    assert client.get("/django-admin/")["Location"].startswith("/admin/2fa/setup/")
    # The verification pages themselves, and signing out, stay reachable.
    assert client.get("/admin/2fa/setup/").status_code == HTTPStatus.OK
    assert client.post("/admin/logout/").status_code == HTTPStatus.FOUND


def test_two_factor_leaves_visitors_and_the_site_alone(two_factor_required):
    visitor = make_user("visitor")  # no admin access
    client = Client(HTTP_HOST=portal_hostname())
    client.force_login(visitor)
    assert client.get("/").status_code == HTTPStatus.OK
    assert client.get("/api/v2/pages/").status_code == HTTPStatus.OK


def test_the_verify_page_does_not_redirect_elsewhere(two_factor_required):
    user = make_user("redirect-editor", superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    response = client.post(
        "/admin/2fa/verify/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


# ---------------------------------------------------------------------------
# API throttling and page size


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/?limit=1&offset={i}",
        "/api/v2/projects/?limit=1&offset={i}",
        "/api/v2/images/?limit=1&offset={i}",
        "/api/v2/sites/?limit=1&offset={i}",
        "/api/v2/search/?q=kultur&limit=1&offset={i}",
        "/api/v2/schema/?response_format=json&lang=sv&i={i}",
    ],
)
@override_settings(API_THROTTLE_RATE="3/min")
def test_the_api_throttles_each_address_with_retry_after(path):
    address = f"192.0.2.{secrets.randbelow(250) + 1}"
    client = Client(HTTP_HOST=portal_hostname(), REMOTE_ADDR=address)
    statuses = [client.get(path.format(i=i)).status_code for i in range(3)]
    assert all(status != HTTPStatus.TOO_MANY_REQUESTS for status in statuses), statuses
    response = client.get(path.format(i=3))
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "try again" in response.json()["message"]
    # Another address is not affected.
    other = Client(HTTP_HOST=portal_hostname(), REMOTE_ADDR="198.51.100.99")
    assert other.get(path.format(i=4)).status_code != HTTPStatus.TOO_MANY_REQUESTS


@override_settings(API_THROTTLE_RATE="2/min")
def test_throttling_trusts_forwarded_for_only_behind_configured_proxies():
    def spoofing(i: int) -> Client:
        return Client(
            HTTP_HOST=portal_hostname(),
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )

    statuses = [spoofing(i).get(f"/api/v2/pages/?offset={i}").status_code for i in range(3)]
    assert statuses[-1] == HTTPStatus.TOO_MANY_REQUESTS  # the header is ignored

    with override_settings(TRUSTED_PROXY_COUNT=1):
        statuses = [spoofing(i).get(f"/api/v2/pages/?offset={i}").status_code for i in range(3)]
    assert HTTPStatus.TOO_MANY_REQUESTS not in statuses  # one proxy: its header counts


def test_the_api_caps_the_page_size():
    client = Client(HTTP_HOST=portal_hostname())
    assert settings.WAGTAILAPI_LIMIT_MAX == 100
    endpoints = ["pages", "images", "documents", "sites", "organisations", "projects"]
    for endpoint, query, limit in [*((e, "", 100) for e in endpoints), ("search", "q=kultur&", 50)]:
        ok = client.get(f"/api/v2/{endpoint}/?{query}limit={limit}")
        assert ok.status_code == HTTPStatus.OK, endpoint
        assert len(ok.json()["items"]) <= limit
        too_many = client.get(f"/api/v2/{endpoint}/?{query}limit={limit + 1}")
        assert too_many.status_code == HTTPStatus.BAD_REQUEST, endpoint
        assert "limit" in too_many.json()["message"]
