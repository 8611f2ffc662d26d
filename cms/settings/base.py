"""Settings shared by every environment.

All configuration comes from environment variables; each one is listed in
`.env.example` and in the README. Child modules (dev, test, production)
star-import this module and override only what differs.
"""

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The organisations' sites. Each site is reached at `<slug>.<SITE_BASE_DOMAIN>`
# unless SITE_HOSTNAMES overrides it ("natverkstan=www.natverkstan.se,...");
# the portal answers on SITE_BASE_DOMAIN itself. SITE_PORT is the port the
# sites are served on (8000 for `make run`, 80 or 443 behind a proxy).
SITE_BASE_DOMAIN = os.environ.get("SITE_BASE_DOMAIN", "localhost")
SITE_PORT = env_int("SITE_PORT", 8000)
SITE_HOSTNAMES = dict(item.split("=", 1) for item in env_list("SITE_HOSTNAMES") if "=" in item)

INSTALLED_APPS = [
    # Our apps: listed first so that their templates override Wagtail's.
    "home",
    "sites",
    "projects",
    "publications",
    "search",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # Security (issue #7): CSP, login lockout, two-factor authentication
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",  # the task queue's table, used when TASKS_BACKEND=database
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Each request reads the hot shared cache keys once (cms/request_memo.py).
    "cms.request_memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Security (issue #7): a Content Security Policy on every response.
    "cms.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Security (issue #7): a 503 page (or the last good copy) instead of an
    # error when the database or Redis is away; outside everything that uses them.
    "cms.resilience.OutageMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "cms.middleware.ApiCacheHeadersMiddleware",
    # Whole pages and API responses for anonymous visitors (issue #6): a hit
    # is served before the session, locale, CSRF and user middleware below.
    "cms.response_cache.PageCacheHeadersMiddleware",
    "cms.response_cache.ResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Security (issue #7): two-factor authentication for admin users.
    "django_otp.middleware.OTPMiddleware",
    "cms.security.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Security (issue #7): django-axes turns lockouts into 429 pages; last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
# A form posted with an expired CSRF token gets a page in the site's theme.
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# DATABASE_URL picks the engine; SQLite in the repository folder by default.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Swedish is the default (unprefixed URLs), English the second.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Running on more than one machine ----------------------------------------
# Each shared service is switched on by its variable. Without them the platform
# runs on one machine: local-memory cache, database sessions, media on disk,
# database search and background tasks run at once, inside the request. The
# functions take the environment as a mapping so that tests can try any.

# Django's Redis and local-memory caches, each reading a few hot keys once per
# request rather than once per use (cms/request_memo.py).
REDIS_CACHE = "cms.request_memo.MemoRedisCache"
LOCMEM_CACHE = "cms.request_memo.MemoLocMemCache"
TASK_BACKENDS = {
    # Run in the process that enqueues, before enqueue() returns.
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    # Rows in the database, run by `python manage.py db_worker`.
    "database": "django_tasks_db.DatabaseBackend",
}
# modelsearch ships these; opensearch-py (OpenSearch 3) is pinned, the others
# need their client installed.
SEARCH_ENGINES = ("opensearch3", "opensearch2", "elasticsearch9", "elasticsearch8")


# What renders the cached pages, fragments and API answers: the code, its
# templates, static files and translations, and the pinned libraries.
RELEASE_PACKAGES = ("cms", "home", "projects", "publications", "search", "sites")


def code_release(environ, root: Path = BASE_DIR) -> str:
    """CACHE_VERSION, else a digest of what RELEASE_PACKAGES and requirements.txt hold.

    It is part of every cache key: what one release rendered and kept
    (fragments, whole responses, compiled statements) is never served by
    another, while every server of the same release shares one cache.
    """
    if environ.get("CACHE_VERSION"):
        return environ["CACHE_VERSION"]
    digest = hashlib.sha256()
    files = [root / "requirements.txt"]
    for package in RELEASE_PACKAGES:
        files += sorted(p for p in (root / package).rglob("*") if "__pycache__" not in p.parts)
    for path in files:
        if path.is_file():
            digest.update(f"{path.relative_to(root)}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_settings(environ) -> dict:
    """Redis when REDIS_URL is set, shared by every process and machine; else local memory."""
    prefix = (environ.get("CACHE_KEY_PREFIX") or "samverkan") + ":" + code_release(environ)
    # Wagtail looks up every image rendition a page shows in the "renditions"
    # cache and writes it back on each use: kept in each process's memory, that
    # costs no round trip. Its keys name the image file's hash, focal point and
    # filter, so a changed image gets new keys; a rendition of a deleted image
    # can linger unused for at most TIMEOUT seconds.
    renditions = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
    if not environ.get("REDIS_URL"):
        return {
            "default": {
                "BACKEND": LOCMEM_CACHE,
                "KEY_PREFIX": prefix,
            },
            "renditions": renditions,
        }
    return {
        "default": {
            "BACKEND": REDIS_CACHE,
            "LOCATION": environ["REDIS_URL"],
            "KEY_PREFIX": prefix,
            # Fail fast when Redis is away, rather than hang every worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
        "renditions": renditions,
    }


def session_engine(environ) -> str:
    """Sessions live in the database; with a shared cache they are read through it.

    A per-process cache would serve one process's stale copy of a session that
    another process changed (a logout, say), so without Redis: database only.
    """
    if environ.get("REDIS_URL"):
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


def media_storage(environ) -> dict:
    """Uploads on S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set, else on disk."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        # Two uploads with the same name must not replace each other's file.
        "file_overwrite": False,
        # Plain URLs by default: images are public and go in cached pages, where
        # signed URLs would expire. Documents are served through Django.
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
    }
    optional = {
        "endpoint_url": "AWS_S3_ENDPOINT_URL",  # MinIO, Ceph, Scaleway, ...; unset for AWS
        "region_name": "AWS_S3_REGION_NAME",
        "access_key": "AWS_ACCESS_KEY_ID",  # unset: boto3 finds credentials itself
        "secret_key": "AWS_SECRET_ACCESS_KEY",
        "custom_domain": "AWS_S3_CUSTOM_DOMAIN",  # a CDN in front of the bucket
        "addressing_style": "AWS_S3_ADDRESSING_STYLE",  # "path" for most self-hosted stores
    }
    options.update({key: environ[name] for key, name in optional.items() if environ.get(name)})
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def search_backends(environ) -> dict:
    """OpenSearch/Elasticsearch at WAGTAILSEARCH_URL when set, else the database.

    The database backend stems each locale's content in its own language on
    PostgreSQL (search/backends.py); on SQLite it is Wagtail's plain one.
    """
    url = environ.get("WAGTAILSEARCH_URL")
    if not url:
        return {
            "default": {
                "BACKEND": "search.backends",
                "SEARCH_CONFIG": "swedish",  # also for content without a locale
                "LANGUAGE_CONFIGS": {"sv": "swedish", "en": "english"},
            }
        }
    engine = environ.get("WAGTAILSEARCH_ENGINE") or "opensearch3"
    if engine not in SEARCH_ENGINES:
        raise ImproperlyConfigured(
            f"WAGTAILSEARCH_ENGINE must be one of {', '.join(SEARCH_ENGINES)}, not {engine!r}"
        )
    return {
        "default": {
            "BACKEND": f"wagtail.search.backends.{engine}",
            "URLS": [u.strip() for u in url.split(",") if u.strip()],
            "INDEX_PREFIX": environ.get("WAGTAILSEARCH_INDEX_PREFIX") or "samverkan_",
            "TIMEOUT": 5,
        }
    }


def task_settings(environ) -> dict:
    """Where background tasks run: webhook deliveries, search and reference index
    updates and image renditions, ours and Wagtail's alike (all use "default")."""
    name = environ.get("TASKS_BACKEND") or "immediate"
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {name!r}"
        )
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


CACHES = cache_settings(os.environ)
SESSION_ENGINE = session_engine(os.environ)
STORAGES["default"] = media_storage(os.environ)
# Documents always go through Django, which checks their collection's privacy,
# also when their files are in a bucket.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = search_backends(os.environ)
TASKS = task_settings(os.environ)
# --- end of "more than one machine" -------------------------------------------

# Wagtail
WAGTAIL_SITE_NAME = "Samverkan"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
        },
    }
}

# The API is public and read-only.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"  # front-end HTML: links and embeds resolved
WAGTAILAPI_LIMIT_MAX = 100
# Absolute API URLs: this base when set, else the requesting site's root URL.
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL") or None
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON encoded with orjson (cms/renderers.py); Wagtail's endpoints set the same.
    "DEFAULT_RENDERER_CLASSES": [
        "cms.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # `format` is a filter of the activities endpoint, so DRF's renderer switch
    # gets another name: ?response_format=api shows the browsable API.
    "URL_FORMAT_OVERRIDE": "response_format",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samverkan content API",
    "DESCRIPTION": (
        "Public, anonymous, read-only content of the Samverkan sites: every site's pages, "
        "images and documents (Wagtail API v2) and the shared goals, projects, activities, "
        "publications, organisations and culture areas."
    ),
    "VERSION": "2",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["cms.api_schema.no_discovered_endpoints"],
}
# Webhooks (sites/webhooks.py): attempts per delivery, first retry delay
# (doubling each time) and the receiver's time to answer.
WEBHOOKS_ENABLED = env_bool("WEBHOOKS_ENABLED", True)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 5)
WEBHOOK_RETRY_BASE_SECONDS = float(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
# Headless preview links (cms/preview.py) expire after this many seconds.
PREVIEW_TOKEN_MAX_AGE = env_int("PREVIEW_TOKEN_MAX_AGE", 60 * 60)
# Whole-response cache of public pages and API responses (cms/response_cache.py),
# invalidated exactly on publish; RESPONSE_CACHE=0 turns it off.
RESPONSE_CACHE = env_bool("RESPONSE_CACHE", True)
RESPONSE_CACHE_SECONDS = env_int("RESPONSE_CACHE_SECONDS", 60 * 60)
# Seconds browsers and CDNs may reuse a public page.
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)
# A CDN in front: Wagtail's front-end cache invalidation purges published
# pages, and sites/signal_handlers.py purges the pages showing a snippet.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):  # Varnish, Squid, nginx purge...
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
# Seconds a browser or CDN may reuse an API response without asking again.
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        # Wagtail logs every publish and background task at INFO; too chatty for
        # the demo loader and the test output.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# ---------------------------------------------------------------------------
# Security and operations (issue #7; README "Security and operations").
# Code: cms/security.py, cms/twofactor.py, cms/resilience.py, cms/cache.py.
from datetime import timedelta  # noqa: E402

from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

# Reverse proxies in front of the app whose X-Forwarded-For is trusted (0: none,
# the address is REMOTE_ADDR). Login lockout and API throttling key on it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Headers on every response (HSTS is added in production.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies: HttpOnly and SameSite everywhere (Secure in production.py). The CSRF
# cookie stays readable by scripts, which Django's docs say gains nothing.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp 4, cms.security.ContentSecurityPolicyMiddleware).
# Public pages: nothing from other hosts, no inline script. Inline styles stay
# allowed: the site's theme colours are an inline <style>. CSP_MEDIA_ORIGINS
# adds the origin of an external media storage (e.g. an S3 bucket) for images.
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *CSP_MEDIA_ORIGINS],
        "media-src": [SELF, *CSP_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# Wagtail's and Django's admin render inline scripts (date pickers, inline
# panels) and styles, show uploads as data:/blob: URLs and preview in frames.
CSP_ADMIN_PATHS = ["/admin/", "/django-admin/"]
CSP_ADMIN_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", *CSP_MEDIA_ORIGINS],
    "media-src": [SELF, "blob:", *CSP_MEDIA_ORIGINS],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# Swagger UI (local files): the public policy plus the hashes of its inline code.
CSP_API_DOCS_PATH = "/api/v2/docs/"
# Served documents: nothing runs, nothing loads.
CSP_DOCUMENTS_PATH = "/documents/"
CSP_DOCUMENT_POLICY = "default-src 'none'; sandbox"
# The admin calls no other hosts: no release check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Uploads: documents always go through Django (view restrictions apply) and
# are always downloaded, never shown inline; images are limited in pixels too.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000

# API throttling per client address (cms.security.AddressRateThrottle); an empty
# API_THROTTLE_RATE turns it off. Throttled requests answer 429 with Retry-After.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "300/min")
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["cms.security.AddressRateThrottle"]
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
REST_FRAMEWORK["EXCEPTION_HANDLER"] = "cms.security.api_exception_handler"

# Login throttling (django-axes): LOGIN_FAILURE_LIMIT failures for one user name
# from one address lock that pair out for LOGIN_LOCKOUT_MINUTES (429 page).
AUTHENTICATION_BACKENDS = [
    "cms.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip"
AXES_LOCKOUT_TEMPLATE = "twofactor/lockout.html"

# Two-factor authentication (django-otp) for everyone who can use the admin:
# off unless ADMIN_2FA_REQUIRED (production turns it on by default).
ADMIN_2FA_REQUIRED = env_bool("ADMIN_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# Outages (cms.resilience): Retry-After of the 503 answers, and how long a last
# good copy of a public page may stand in for it (0: never).
OUTAGE_RETRY_AFTER = env_int("OUTAGE_RETRY_AFTER", 30)
OUTAGE_STALE_SECONDS = env_int("OUTAGE_STALE_SECONDS", 24 * 60 * 60)
OUTAGE_STALE_ENTRIES = env_int("OUTAGE_STALE_ENTRIES", 500)
# django-axes logs every sign-in at INFO; lockouts are warnings.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
# Give up on an unreachable PostgreSQL after this many seconds instead of hanging.
if DATABASES["default"].get("ENGINE", "").endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5)
    )
