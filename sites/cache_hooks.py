"""Record what a served page depends on, for the response cache.

Every page (and routable sub-page) shows its site's tree in the menu and
breadcrumbs, so it depends on its site; pages that show snippets record that
themselves (sites/pages.py, cms/blocks.py). Imported from SitesConfig.ready().
"""

from wagtail import hooks
from wagtail.models import Site

from cms.response_cache import depends_on, depends_on_snippets, site_tag


@hooks.register("before_serve_page")
def record_page_dependencies(page, request, serve_args, serve_kwargs):
    site = Site.find_for_request(request)
    if site is not None:
        depends_on(site_tag(site.pk))
    if page.specific_class.__name__ == "PortalPage":
        depends_on_snippets()  # it names the organisations
