"""Security plumbing: Content Security Policy per path, client addresses, API
throttling, login throttling and the two-factor requirement of the admin.

Wired in through settings (see the "Security and operations" block at the end
of cms/settings/base.py):

- `ContentSecurityPolicyMiddleware` (django-csp) sends the public policy from
  `CONTENT_SECURITY_POLICY` everywhere, `CSP_ADMIN_DIRECTIVES` under the admin
  prefixes (Wagtail's admin needs inline scripts and styles), hashes of the
  inline scripts the Swagger UI page renders on /api/v2/docs/, and
  `default-src 'none'; sandbox` on served documents.
- `client_ip` is the one place that decides a request's address, trusting
  `TRUSTED_PROXY_COUNT` reverse proxies in front of the app (django-axes and
  the DRF throttle use it).
- `AddressRateThrottle` limits API requests per address at `API_THROTTLE_RATE`
  (read per request, so tests and deployments can change it).
- `LoginThrottleBackend` is django-axes' backend, which skips the
  authentications that do not come from an HTTP request (test clients,
  scripts), where there is no address to lock out.
- `AdminTwoFactorMiddleware` sends admin users without a verified device to
  the two-factor views (cms/twofactor.py) when `ADMIN_2FA_REQUIRED` is on.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from rest_framework import exceptions
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler

# ---------------------------------------------------------------------------
# Content Security Policy


class _InlineCode(HTMLParser):
    """Collects the text of inline <script> (without src) and <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._current: list[str] | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not dict(attrs).get("src"):
            self._current, self._buffer = self.scripts, []
        elif tag == "style":
            self._current, self._buffer = self.styles, []

    def handle_data(self, data):
        if self._current is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._current is not None:
            self._current.append("".join(self._buffer))
            self._current = None


def _sha256_source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def inline_hashes(html: str) -> tuple[list[str], list[str]]:
    """CSP hash sources of the inline scripts and styles of an HTML document."""
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return (
        [_sha256_source(text) for text in parser.scripts],
        [_sha256_source(text) for text in parser.styles],
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one policy per kind of response.

    Placed right after SecurityMiddleware, so that every response, static
    files and the 503 page included, carries a policy.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        path = request.path_info
        if path.startswith(tuple(settings.CSP_ADMIN_PATHS)):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
        elif path_is_api_docs(request) and "html" in response.get("Content-Type", ""):
            # drf-spectacular's Swagger UI page starts the bundled (local)
            # Swagger UI with an inline script holding this request's CSRF
            # token; allow exactly that script and style by their hashes.
            scripts, styles = inline_hashes(response.content.decode(response.charset or "utf-8"))
            parts.update = {"script-src": scripts, "style-src": styles}
        return parts

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        if request.path_info.startswith(settings.CSP_DOCUMENTS_PATH) and response.has_header(
            "Content-Disposition"
        ):
            # A served document file: nothing in it may run or load anything,
            # even when a browser is talked into rendering it.
            response["Content-Security-Policy"] = settings.CSP_DOCUMENT_POLICY
        if path_is_api_docs(request):
            # drf-spectacular relaxes COOP for OAuth pop-ups, which this API
            # does not use.
            response["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
        return response


def path_is_api_docs(request: HttpRequest) -> bool:
    return request.path_info == settings.CSP_API_DOCS_PATH


# ---------------------------------------------------------------------------
# Client addresses and throttling


def client_ip(request: HttpRequest) -> str:
    """The address of the client, trusting `TRUSTED_PROXY_COUNT` proxies.

    With no trusted proxy, X-Forwarded-For is ignored (anyone can send it);
    with n proxies, the n-th address from the right of X-Forwarded-For is the
    client's, as each proxy appends the address it was connected from.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]


class AddressRateThrottle(SimpleRateThrottle):
    """Every API request counts against its client address, signed in or not.

    The rate (`API_THROTTLE_RATE`, e.g. "300/min") is read per request; an
    empty rate turns throttling off. Responses served by the response cache
    never reach the view and are not counted: they cost next to nothing.
    """

    scope = "address"
    cache_format = "throttle:%(scope)s:%(ident)s"

    def __init__(self):
        # SimpleRateThrottle reads the class-level rate table here; read ours.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self) -> str | None:
        return getattr(settings, "API_THROTTLE_RATE", "") or None

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


def api_exception_handler(exc, context):
    """DRF's handler; a throttled request answers in the API's error shape.

    `{"message": ...}` like every other API error, and always a Retry-After
    of at least one second (DRF leaves it out when the wait rounds to zero).
    """
    response = exception_handler(exc, context)
    if isinstance(exc, exceptions.Throttled) and response is not None:
        wait = max(1, math.ceil(exc.wait or 1))
        response.data = {"message": f"too many requests; try again in {wait} seconds"}
        response["Retry-After"] = str(wait)
    return response


# ---------------------------------------------------------------------------
# Login throttling (django-axes)


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with an HTTP request.

    `authenticate()` without a request (Django's test client `login()`,
    management commands) has no address to lock out; django-axes would raise.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# ---------------------------------------------------------------------------
# Two-factor authentication for the admin


def uses_admin(user) -> bool:
    """Whether `user` can reach either admin (and so must use two factors)."""
    return bool(
        user.is_authenticated
        and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


_ADMIN_EXEMPT = re.compile(r"^/(admin|django-admin)/(login|logout|password_reset|2fa|jsi18n)(/|$)")


class AdminTwoFactorMiddleware:
    """Admin users must verify a second factor before they see the admin.

    Placed after django-otp's OTPMiddleware (which adds `user.is_verified()`).
    Signed-in admin users who have not verified a device in this session are
    sent to /admin/2fa/verify/, or to /admin/2fa/setup/ when they have no
    device yet. Off unless `ADMIN_2FA_REQUIRED` (on in production settings).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.ADMIN_2FA_REQUIRED and self.applies(request):
            user = request.user
            if uses_admin(user) and not user.is_verified():
                return self.deny(request, user)
        return self.get_response(request)

    @staticmethod
    def applies(request: HttpRequest) -> bool:
        path = request.path_info
        return path.startswith(tuple(settings.CSP_ADMIN_PATHS)) and not _ADMIN_EXEMPT.match(path)

    @staticmethod
    def deny(request: HttpRequest, user) -> HttpResponse:
        from django_otp import user_has_device

        view = "twofactor_verify" if user_has_device(user) else "twofactor_setup"
        url = reverse(view)
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse(
                {"message": "two-factor authentication required", "url": url}, status=403
            )
        return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
