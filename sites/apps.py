from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    verbose_name = _("Sites")

    def ready(self):
        # api_admin and cache_hooks register Wagtail hooks when imported.
        from . import api_admin, cache_hooks, locales, routing, signal_handlers  # noqa: F401

        signal_handlers.register()
        locales.install()
        routing.install()

        # A new image's renditions are made by the task worker, if any (issue #6).
        from cms import renditions

        renditions.register()
