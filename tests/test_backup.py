"""`manage.py backup` and `manage.py restore`: nothing lost, nothing damaged taken.

The full round trip (PostgreSQL only) backs up the test database and its
media, restores them into a fresh database and folder, and compares every
API response (ops/api_snapshot.py walks every list and detail) and every
file. The checksum tests run on either database.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from ops.backup import sha256_of

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parent.parent
is_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture
def media_root(tmp_path) -> Path:
    """A media folder with exactly the files the database refers to."""
    root = tmp_path / "media"
    source = Path(settings.MEDIA_ROOT)
    names = set()
    for image in get_image_model().objects.prefetch_related("renditions"):
        names.add(image.file.name)
        names.update(rendition.file.name for rendition in image.renditions.all())
    names.update(document.file.name for document in get_document_model().objects.all())
    for name in names:
        if (source / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, root / name)
    assert names, "the demo content has images and documents"
    with override_settings(MEDIA_ROOT=root):
        yield root


def files_of(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): sha256_of(path) for path in root.rglob("*") if path.is_file()
    }


def backup(folder: Path) -> dict:
    call_command("backup", "--output", str(folder), verbosity=0, stdout=open(os.devnull, "w"))
    return json.loads((folder / "manifest.json").read_text())


def test_a_backup_lists_every_file_with_its_checksum(media_root, tmp_path):
    manifest = backup(tmp_path / "backup")
    database_file = "database.dump" if is_postgres else "database.sqlite3"
    assert manifest["database"]["file"] == database_file
    assert manifest["database"]["migrations"]["wagtailcore"]
    media = {
        name.removeprefix("media/"): entry["sha256"]
        for name, entry in manifest["files"].items()
        if name.startswith("media/")
    }
    assert media == files_of(media_root)
    assert manifest["files"][database_file]["sha256"] == sha256_of(
        tmp_path / "backup" / database_file
    )


@pytest.mark.parametrize("damage", ["change a media file", "change the dump", "remove a file"])
def test_restore_refuses_a_damaged_backup(media_root, tmp_path, damage):
    folder = tmp_path / "backup"
    manifest = backup(folder)
    media_name = next(name for name in manifest["files"] if name.startswith("media/"))
    if damage == "change a media file":
        with (folder / media_name).open("ab") as handle:
            handle.write(b"x")
        expected = f"checksum mismatch: {media_name}"
    elif damage == "change the dump":
        name = manifest["database"]["file"]
        data = bytearray((folder / name).read_bytes())
        data[len(data) // 2] ^= 0xFF
        (folder / name).write_bytes(bytes(data))
        expected = f"checksum mismatch: {name}"
    else:
        (folder / media_name).unlink()
        expected = f"missing: {media_name}"
    target = tmp_path / "restored"
    with pytest.raises(CommandError, match=expected):
        call_command(
            "restore",
            str(folder),
            "--media-root",
            str(target),
            "--database-url",
            "sqlite:///" + str(tmp_path / "never.sqlite3"),
            "--no-input",
        )
    assert not target.exists(), "nothing restored from a damaged backup"
    assert not (tmp_path / "never.sqlite3").exists()


def test_an_existing_folder_is_never_overwritten(media_root, tmp_path):
    (tmp_path / "backup").mkdir()
    with pytest.raises(CommandError, match="already exists"):
        backup(tmp_path / "backup")


def snapshot(output: Path, database_url: str, media: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url,
        "SNAPSHOT_MEDIA_ROOT": str(media),
    }
    result = subprocess.run(
        [sys.executable, "ops/api_snapshot.py", str(output)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(output.read_text())


@pytest.mark.skipif(not is_postgres, reason="needs PostgreSQL: the backup is a pg_dump")
def test_a_restore_into_a_fresh_database_answers_every_api_request_the_same(media_root, tmp_path):
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    server = f"postgres://{database['USER']}@{host}:{port}"
    original = snapshot(tmp_path / "original.json", f"{server}/{database['NAME']}", media_root)
    assert len(original) > 100
    assert any("/api/v2/pages/" in url for url in original)

    folder = tmp_path / "backup"
    manifest = backup(folder)

    fresh = f"restore_{secrets.token_hex(4)}"
    admin = f"host={host} port={port} user={database['USER']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{fresh}"')
    restored_media = tmp_path / "restored-media"
    try:
        call_command(
            "restore",
            str(folder),
            "--database-url",
            f"{server}/{fresh}",
            "--media-root",
            str(restored_media),
            "--no-input",
            stdout=open(os.devnull, "w"),
        )
        restored = snapshot(tmp_path / "restored.json", f"{server}/{fresh}", restored_media)
    finally:
        with psycopg.connect(admin, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

    assert restored.keys() == original.keys()
    different = [url for url in original if original[url] != restored[url]]
    assert different == []
    # Every file, byte for byte: as listed in the manifest, as in the original folder.
    backed_up = {
        name.removeprefix("media/"): entry["sha256"]
        for name, entry in manifest["files"].items()
        if name.startswith("media/")
    }
    assert files_of(restored_media) == backed_up
    assert {name: files_of(media_root)[name] for name in backed_up} == backed_up
