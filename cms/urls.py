from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import health
from cms import twofactor as twofactor_urls
from cms.api import api_not_found, api_router
from cms.api_schema import ContentAPISchemaGenerator
from cms.preview import PreviewAPIView
from home import feedback as feedback_views
from home import views as home_views
from search import views as search_views
from search.api import SearchAPIView

urlpatterns = [
    # Health probes (cms/health.py): outside the language prefixes, never cached.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Two-factor authentication for both admins (issue #7, cms/twofactor.py).
    path("admin/2fa/", include(twofactor_urls)),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "api/v2/schema/",
        SpectacularAPIView.as_view(generator_class=ContentAPISchemaGenerator),
        name="api-schema",
    ),
    path("api/v2/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v2/search/", api_router.wrap_view(SearchAPIView.as_view()), name="api-search"),
    path("api/v2/preview/", api_router.wrap_view(PreviewAPIView.as_view()), name="api-preview"),
    path("api/v2/", api_router.urls),
    re_path(r"^api/", api_not_found),
    # Per site (issue #4): its own sitemap with hreflang alternates, robots.txt, favicon.
    path("sitemap.xml", home_views.sitemap_xml, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("favicon.ico", home_views.favicon),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Page URLs carry the language: Swedish unprefixed, English under /en/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("_feedback/", feedback_views.page_feedback, name="page_feedback"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# The 500 page in the site's colours, without the database (home/views.py).
handler500 = "home.views.server_error"
