"""`manage.py backup`: the database and the media files, with checksums (ops/backup.py)."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a backup folder: a database dump (pg_dump, or a SQLite copy), every media "
        "file, and a manifest with their SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Folder to create (default: $BACKUP_DIR or var/backups, plus a timestamp)",
        )
        parser.add_argument("--database", default="default", help="Database alias")
        parser.add_argument("--no-media", action="store_true", help="Only the database")

    def handle(self, *args, **options):
        folder = Path(options["output"]) if options["output"] else self.default_folder()
        try:
            manifest = create_backup(
                folder, default_storage, alias=options["database"], media=not options["no_media"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = sum(entry["size"] for entry in manifest["files"].values())
        self.stdout.write(
            f"Backup written to {folder}: {manifest['database']['engine']} database and "
            f"{len(manifest['files']) - 1} media files, {size / 1e6:.1f} MB."
        )

    @staticmethod
    def default_folder() -> Path:
        root = Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "var" / "backups")
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        return root / f"samverkan-{stamp}"
