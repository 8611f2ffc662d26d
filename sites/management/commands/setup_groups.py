from django.core.management.base import BaseCommand

from sites.groups import setup_groups


class Command(BaseCommand):
    help = (
        "Create or update the editors' and moderators' groups of every organisation "
        "that runs a site, their permissions and the moderation workflows. Safe to run "
        "again: it restores the groups' permissions and duplicates nothing."
    )

    def handle(self, *args, **options):
        groups = setup_groups(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Groups ready for {len(groups)} organisations."))
