"""Backups: the database and the media files, with SHA-256 checksums.

Used by `manage.py backup` and `manage.py restore` (sites/management/commands).
A backup is a folder:

    samverkan-20261121-061500/
        manifest.json     format, time, database engine, applied migrations,
                          and the size and SHA-256 of every file below
        database.dump     PostgreSQL: pg_dump's custom format (pg_restore reads it)
        database.sqlite3  SQLite: a consistent copy made with SQLite's backup API
        media/...         every file of the default storage (MEDIA_ROOT or S3)

A restore first checks every file against the manifest and refuses to touch
anything if one is missing or differs; after restoring the media it checks
them again as written.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.core.files import File
from django.core.files.storage import Storage
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in a storage, recursively (works for disk and S3 alike)."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from storage_files(storage, f"{folder}/{name}" if folder else name)


# ---------------------------------------------------------------------------
# Database


@dataclass
class Database:
    """Where a database is: engine, name and connection parameters."""

    engine: str
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        engine = settings_dict["ENGINE"].rsplit(".", 1)[-1]
        if engine not in ("postgresql", "sqlite3"):
            raise BackupError(f"cannot back up a {engine} database")
        return cls(
            engine="sqlite" if engine == "sqlite3" else "postgresql",
            name=str(settings_dict["NAME"]),
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls.from_settings(dj_database_url.parse(url))

    def pg_args(self) -> list[str]:
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return [*args, "--dbname", self.name]

    def pg_env(self) -> dict:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def dump_database(alias: str, folder: Path) -> Path:
    connection = connections[alias]
    database = Database.from_settings(connection.settings_dict)
    if database.engine == "postgresql":
        target = folder / POSTGRES_DUMP
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
                *database.pg_args(),
            ],
            database.pg_env(),
        )
        return target
    # SQLite: the backup API copies a consistent snapshot, even of a database in use
    # (and of an in-memory one, through the open connection).
    target = folder / SQLITE_COPY
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()
    return target


def restore_database(source: Path, database: Database) -> None:
    if database.engine == "postgresql":
        if source.name != POSTGRES_DUMP:
            raise BackupError("this backup holds a SQLite database; restore it into SQLite")
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *database.pg_args(),
                str(source),
            ],
            database.pg_env(),
        )
        return
    if source.name != SQLITE_COPY:
        raise BackupError("this backup holds a PostgreSQL dump; restore it into PostgreSQL")
    if database.name.startswith("file:") or database.name == ":memory:":
        raise BackupError("cannot restore into an in-memory SQLite database")
    for connection in connections.all():
        connection.close()
    temporary = Path(f"{database.name}.restoring")
    shutil.copyfile(source, temporary)
    os.replace(temporary, database.name)


# ---------------------------------------------------------------------------
# Backup


def create_backup(
    folder: Path, storage: Storage, *, alias: str = "default", media: bool = True
) -> dict:
    """Write a backup into `folder` (which must not exist yet); return its manifest."""
    if folder.exists():
        raise BackupError(f"{folder} already exists")
    partial = folder.with_name(folder.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    try:
        dump = dump_database(alias, partial)
        files = {dump.name: _describe(dump)}
        if media:
            for name in storage_files(storage):
                target = partial / MEDIA / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with storage.open(name, "rb") as source, target.open("wb") as copy:
                    shutil.copyfileobj(source, copy, CHUNK)
                files[f"{MEDIA}/{name}"] = _describe(target)
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": {
                "engine": Database.from_settings(connections[alias].settings_dict).engine,
                "file": dump.name,
                "migrations": _applied_migrations(alias),
            },
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(folder)
    return manifest


def _describe(path: Path) -> dict:
    return {"sha256": sha256_of(path), "size": path.stat().st_size}


def _applied_migrations(alias: str) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


# ---------------------------------------------------------------------------
# Restore


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"{folder} has no {MANIFEST}: not a backup") from exc
    except json.JSONDecodeError as exc:
        raise BackupError(f"{folder / MANIFEST} is damaged: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def verify_backup(folder: Path) -> dict:
    """The manifest, once every file it lists is there with its size and checksum."""
    manifest = read_manifest(folder)
    problems = []
    for name, expected in sorted(manifest["files"].items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"missing: {name}")
        elif path.stat().st_size != expected["size"] or sha256_of(path) != expected["sha256"]:
            problems.append(f"checksum mismatch: {name}")
    if problems:
        raise BackupError("the backup is damaged:\n" + "\n".join(problems))
    return manifest


def restore_backup(folder: Path, database: Database, storage: Storage, *, media: bool = True):
    """Restore a verified backup into `database` and `storage`; check the media again."""
    manifest = verify_backup(folder)
    restore_database(folder / manifest["database"]["file"], database)
    if not media:
        return manifest
    prefix = f"{MEDIA}/"
    problems = []
    for name, expected in manifest["files"].items():
        if not name.startswith(prefix):
            continue
        stored = name[len(prefix) :]
        if storage.exists(stored):
            storage.delete(stored)
        with (folder / name).open("rb") as source:
            saved = storage.save(stored, File(source, name=stored))
        if saved != stored:
            problems.append(f"stored as {saved} instead of {stored}")
            continue
        digest = hashlib.sha256()
        with storage.open(stored, "rb") as written:
            while chunk := written.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != expected["sha256"]:
            problems.append(f"checksum mismatch after restore: {stored}")
    if problems:
        raise BackupError("the media were not restored intact:\n" + "\n".join(problems))
    return manifest
