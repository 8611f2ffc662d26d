"""Test settings: fast hashing, plain static storage, immediate tasks."""

from .base import *  # noqa: F403
from .base import cache_settings, media_storage, search_backends, session_engine

DEBUG = False
SECRET_KEY = "samverkan-test-key-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# A stable folder, so a reused test database still finds its files.
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Sites answer on the default HTTP port, so test clients need no port.
SITE_PORT = 80
# Serve static files from the finders; there is no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Webhook retries wait a moment only.
WEBHOOK_RETRY_BASE_SECONDS = 0.05
# Security and operations (issue #7): the suite sends many API requests from
# one address; tests/test_security.py turns throttling on where it tests it.
API_THROTTLE_RATE = ""

# One machine, whatever the environment says (issue #6). The CI's PostgreSQL
# pass exports REDIS_URL for tests/test_scale_out.py, which starts servers of
# its own; the suite itself empties the cache before every test, which on a
# shared Redis would empty it under the other xdist workers too.
CACHES = cache_settings({})
SESSION_ENGINE = session_engine({})
STORAGES["default"] = media_storage({})  # noqa: F405
WAGTAILSEARCH_BACKENDS = search_backends({})
