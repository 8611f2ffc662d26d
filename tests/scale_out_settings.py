"""Settings of the app servers and worker that tests/test_scale_out.py starts.

Production settings, configured by the environment as in a deployment, except
that static files come from the apps' folders: the test does not run
collectstatic, which the manifest storage of production needs.
"""

from cms.settings.production import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
