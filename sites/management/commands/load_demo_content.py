from django.core.management.base import BaseCommand

from sites.demo_content.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Build the portal and the five organisations' sites with their shared "
        "snippets and English translations. Safe to run again: nothing is duplicated."
    )

    def handle(self, *args, **options):
        created = DemoLoader(stdout=self.stdout).run()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} objects created)."))
