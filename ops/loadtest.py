"""`make loadtest`: 50 concurrent users for two minutes while an editor publishes.

Starts the local production-like server (ops/stack.py: gunicorn on
127.0.0.1 with gunicorn.conf.py, demo content, PostgreSQL, Redis as the
shared cache when it answers), runs locust headless with ops/locustfile.py
(visitors: pages, search, feedback; API clients: listings, details, search)
and, at the same time, ops/publisher.py (an editor publishing a page every
few seconds through the admin and checking that the next request shows it).
Prints and writes var/ops/loadtest-summary.md; exits non-zero on any failed
request, stale page, failed publish or server-side traceback.

Environment: LOAD_USERS (50), LOAD_SPAWN_RATE (10/s), LOAD_DURATION (120 s),
OPS_DATABASE_URL (postgres://postgres@127.0.0.1:5432/samverkan_ops),
OPS_REDIS_URL (redis://127.0.0.1:6379/0 when it answers; "none" for local
memory), WEB_CONCURRENCY (2) and GUNICORN_THREADS (4).
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.stack import (
    BASE_DIR,
    BIN,
    VAR,
    environment,
    free_port,
    gunicorn,
    prepare,
    server_errors,
    step,
)

PERCENTILES = ["50%", "95%", "99%", "100%"]


def redis_url() -> str | None:
    configured = os.environ.get("OPS_REDIS_URL")
    if configured:
        return None if configured == "none" else configured
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return None
    return "redis://127.0.0.1:6379/0"


def main() -> int:
    users = os.environ.get("LOAD_USERS", "50")
    duration = int(os.environ.get("LOAD_DURATION", "120"))
    port = free_port()
    database_url = (
        os.environ.get("OPS_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/samverkan_ops"
    )
    extra = {
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "GUNICORN_THREADS": os.environ.get("GUNICORN_THREADS", "4"),
        "ADMIN_2FA_REQUIRED": "1",
    }
    redis = redis_url()
    prefix = f"loadtest-{secrets.token_hex(4)}"
    if redis:
        extra |= {"REDIS_URL": redis, "CACHE_KEY_PREFIX": prefix}
    env = environment(port, database_url, **extra)
    prepare(env)
    log = VAR / "loadtest-gunicorn.log"
    stats = VAR / "loadtest"
    publisher_report = VAR / "loadtest-publisher.json"
    started = datetime.datetime.now(datetime.UTC)
    try:
        with gunicorn(env, port, log) as url:
            step(f"publisher and locust: {users} users for {duration} s against {url}")
            publisher = subprocess.Popen(
                [BIN / "python", "ops/publisher.py", url, str(duration), publisher_report],
                cwd=BASE_DIR,
                env=env,
            )
            result = subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    "ops/locustfile.py",
                    "--headless",
                    "--users",
                    users,
                    "--spawn-rate",
                    os.environ.get("LOAD_SPAWN_RATE", "10"),
                    "--run-time",
                    f"{duration}s",
                    "--host",
                    url,
                    "--csv",
                    str(stats),
                    "--only-summary",
                    "--stop-timeout",
                    "10",
                ],
                cwd=BASE_DIR,
                env=env,
            )
            publisher.wait(timeout=duration + 300)
    finally:
        if redis:
            delete_keys(redis, prefix)
    summary = summarise(
        stats, publisher_report, log, started, users, duration, env, redis, result.returncode
    )
    (VAR / "loadtest-summary.md").write_text(summary)
    sys.stdout.write("\n" + summary)
    publishes = json.loads(publisher_report.read_text())["summary"]
    ok = (
        result.returncode == 0
        and publisher.returncode == 0
        and not server_errors(log)
        and publishes["publishes"] > 0
        and publishes["published_ok"] == publishes["publishes"]
        and publishes["stale_pages"] == 0
        and publishes["stale_api"] == 0
        and not publishes["errors"]
    )
    return 0 if ok else 1


def delete_keys(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


def summarise(stats, publisher_report, log, started, users, duration, env, redis, code) -> str:
    rows = list(csv.DictReader((stats.parent / f"{stats.name}_stats.csv").open()))
    publishes = json.loads(publisher_report.read_text())["summary"]
    lines = [
        f"Load run {started:%Y-%m-%d %H:%M} UTC: {users} users for {duration} s, gunicorn "
        f"{env['WEB_CONCURRENCY']} workers x {env['GUNICORN_THREADS']} threads on 127.0.0.1, "
        f"{'PostgreSQL' if env['DATABASE_URL'].startswith('postgres') else 'SQLite'}, "
        f"cache: {'Redis' if redis else 'local memory'}, 2 CPU cores shared with the load "
        "generator",
        "",
        "| Requests | Count | Failures | Req/s | Median ms | p95 ms | p99 ms | Max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['Name'] if row['Name'] != 'Aggregated' else '**all**'} "
            f"| {row['Request Count']} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | "
            + " | ".join(str(row[p]) for p in PERCENTILES)
            + " |"
        )
    lines += [
        "",
        f"Editor: {publishes['publishes']} publishes through the admin during the run, "
        f"{publishes['published_ok']} succeeded (median {publishes['publish_ms_median']} ms, "
        f"max {publishes['publish_ms_max']} ms); the next request after each showed the new "
        f"title: page {publishes['publishes'] - publishes['stale_pages']}/"
        f"{publishes['publishes']}, API {publishes['publishes'] - publishes['stale_api']}/"
        f"{publishes['publishes']}.",
        f"Server-side tracebacks in the gunicorn log: {len(server_errors(log))}; "
        f"locust exit code {code}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
