from django.core.management.base import BaseCommand
from wagtail.models import Site


class Command(BaseCommand):
    help = "Print the address of the portal, each organisation's site and the admin."

    def handle(self, *args, **options):
        sites = Site.objects.order_by("-is_default_site", "site_name")
        width = max((len(site.site_name) for site in sites), default=0)
        for site in sites:
            self.stdout.write(f"  {site.site_name:<{width}}  {site.root_url}/")
        portal = sites.filter(is_default_site=True).first()
        if portal:
            self.stdout.write(f"  {'Admin':<{width}}  {portal.root_url}/admin/")
