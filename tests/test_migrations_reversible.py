"""Our migrations can be undone: every operation is reversible, and they really unapply.

The second test copies this test database (demo content included) into a
throwaway one; there it undoes each app's latest migration with the data in
place (as a rollback after a deploy would), then empties the copy and
migrates each of our apps to zero and forwards again. Steps that cannot be
undone, or only once the data allow it, are listed below with the reason,
and in the README.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL

from ops.backup import Database, dump_database, restore_database

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parent.parent
OUR_APPS = ["home", "sites", "projects", "publications", "search"]
# (app, migration name): why it cannot be undone at all. None so far.
IRREVERSIBLE: dict[tuple[str, str], str] = {}
# (app, migration name): why it can be undone only once the data allow it
# (listed in the README); these are unapplied on the emptied copy only.
DATA_DEPENDENT: dict[tuple[str, str], str] = {
    ("projects", "0003_alter_project_options_alter_project_start_date"): (
        "makes a project's start date optional; undoing it needs a start date on every project"
    ),
}


def our_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app in OUR_APPS:
            yield app, name, migration


def test_every_operation_of_our_migrations_is_reversible():
    problems = []
    for app, name, migration in our_migrations():
        if (app, name) in IRREVERSIBLE:
            continue
        for operation in migration.operations:
            if isinstance(operation, RunPython) and operation.reverse_code is None:
                problems.append(f"{app}.{name}: RunPython without reverse_code")
            elif isinstance(operation, RunSQL) and operation.reverse_sql is None:
                problems.append(f"{app}.{name}: RunSQL without reverse_sql")
            elif not operation.reversible:
                problems.append(f"{app}.{name}: {operation.describe()} is not reversible")
    assert problems == []


MIGRATE_DOWN_AND_UP = """
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
apps, data_dependent = {apps!r}, {data_dependent!r}
# With the demo content: undo each app's latest migration, as a rollback would.
graph = MigrationLoader(connection).graph
for app in apps:
    (latest,) = graph.leaf_nodes(app)
    if latest in data_dependent or graph.nodes[latest].initial:
        continue  # initial migrations create the tables: undone on the empty copy below
    parents = [p.key for p in graph.node_map[latest].parents if p.key[0] == app]
    call_command("migrate", app, parents[0][1] if parents else "zero", verbosity=0)
    call_command("migrate", verbosity=0)
# Emptied: every app down to zero and up again.
call_command("flush", interactive=False, verbosity=0)
for app in reversed(apps):
    call_command("migrate", app, "zero", verbosity=0)
left = [key for key in MigrationLoader(connection).applied_migrations if key[0] in apps]
assert not left, f"still applied after migrating to zero: {{left}}"
call_command("migrate", verbosity=0)
call_command("migrate", "--check", verbosity=0)
print("down and up again")
"""


def test_our_apps_migrate_to_zero_and_back_on_a_copy_of_the_database(tmp_path):
    apps = [app for app in OUR_APPS if any(a == app for a, _n, _m in our_migrations())]
    copy = dump_database("default", tmp_path)
    throwaway = None
    if copy.name.endswith(".sqlite3"):
        url = f"sqlite:///{copy}"
    else:
        database = Database.from_settings(connection.settings_dict)
        throwaway = f"migrations_{secrets.token_hex(4)}"
        host, port = database.host or "127.0.0.1", database.port or "5432"
        admin = f"host={host} port={port} user={database.user} dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as pg:
            pg.execute(f'CREATE DATABASE "{throwaway}"')
        url = f"postgres://{database.user}@{host}:{port}/{throwaway}"
        restore_database(copy, Database.from_url(url))
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                MIGRATE_DOWN_AND_UP.format(apps=apps, data_dependent=list(DATA_DEPENDENT)),
            ],
            cwd=BASE_DIR,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "cms.settings.test",
                "DATABASE_URL": url,
                "PYTHONPATH": str(BASE_DIR),
            },
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        if throwaway:
            with psycopg.connect(admin, autocommit=True) as pg:
                pg.execute(f'DROP DATABASE IF EXISTS "{throwaway}" WITH (FORCE)')
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    assert "down and up again" in result.stdout
