"""Local development: DEBUG on, a fixed insecure key, console e-mail."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "django-insecure-samverkan-dev-only"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# runserver serves static files from the apps directly; no manifest needed.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
