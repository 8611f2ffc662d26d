"""HTTP caching headers for the public API.

Every successful GET or HEAD under /api/ gets `Cache-Control: public` with a
max-age and a `Last-Modified` from the content version (see
sites/signal_handlers.py). Django's ConditionalGetMiddleware, placed before
this one, adds the `ETag` and answers conditional requests with 304.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from sites.signal_handlers import content_changed_at


class ApiCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
            patch_vary_headers(response, ["Accept", "Accept-Language"])
            response.headers.setdefault(
                "Last-Modified", http_date(content_changed_at().timestamp())
            )
        return response
