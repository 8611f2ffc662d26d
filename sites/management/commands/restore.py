"""`manage.py restore FOLDER`: check a backup's checksums, then restore it (ops/backup.py)."""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from ops.backup import BackupError, Database, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: verify every checksum, replace the "
        "database with the dump, write the media files and verify them again."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder (holds manifest.json)")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead of the configured one "
            "(e.g. a fresh postgres://.../samverkan_restored)",
        )
        parser.add_argument(
            "--media-root", help="Write the media files into this folder instead of the storage"
        )
        parser.add_argument("--no-media", action="store_true", help="Only the database")
        parser.add_argument(
            "--verify-only", action="store_true", help="Check the checksums, change nothing"
        )
        parser.add_argument(
            "--no-input", action="store_true", help="Do not ask before replacing data"
        )

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        try:
            manifest = verify_backup(folder)
            self.stdout.write(f"{len(manifest['files'])} files match their checksums.")
            if options["verify_only"]:
                return
            if options["database_url"]:
                database = Database.from_url(options["database_url"])
            else:
                database = Database.from_settings(connections["default"].settings_dict)
            storage = (
                FileSystemStorage(location=options["media_root"])
                if options["media_root"]
                else default_storage
            )
            if not options["no_input"] and not self.confirmed(database):
                raise CommandError("Restore cancelled.")
            restore_backup(folder, database, storage, media=not options["no_media"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {folder} into the {database.engine} database {database.name}.")

    def confirmed(self, database: Database) -> bool:
        answer = input(
            f"This replaces the data in database {database.name!r} and the media files. "
            "Type 'yes' to continue: "
        )
        return answer.strip().lower() == "yes"
