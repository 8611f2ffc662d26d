"""A local production-like server for `make fuzz` and `make loadtest`.

Production settings (ops/settings.py: cms.settings.production with the
limits a run from one address needs lifted), the demo content, collected
static files and gunicorn bound to 127.0.0.1. Everything lives under var/ops/
and in the database named by OPS_DATABASE_URL (created when missing).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import requests

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = BASE_DIR / "var" / "ops"
BIN = Path(sys.executable).parent


def environment(port: int, database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ops.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
        "SITE_BASE_DOMAIN": "localhost",
        "SITE_PORT": str(port),
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on 127.0.0.1
        "SECURE_COOKIES": "0",
        "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"),
        "API_THROTTLE_RATE": "",  # every request comes from 127.0.0.1
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "PYTHONPATH": str(BASE_DIR),
        **extra,
    }


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it does not exist yet."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg

    name = parsed.path.lstrip("/")
    admin = psycopg.conninfo.make_conninfo(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or "",
        dbname="postgres",
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def prepare(env: dict) -> None:
    """Migrations, demo content (idempotent) and static files."""
    VAR.mkdir(parents=True, exist_ok=True)
    ensure_database(env["DATABASE_URL"])
    step("migrate")
    manage(env, "migrate", "--noinput", "-v0")
    step("load_demo_content")
    manage(env, "load_demo_content", "-v0")
    step("collectstatic")
    manage(env, "collectstatic", "--noinput", "-v0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, port: int, log: Path) -> Iterator[str]:
    """gunicorn with gunicorn.conf.py, bound to 127.0.0.1:port; yields its base URL."""
    url = f"http://localhost:{port}"
    step(
        f"gunicorn on 127.0.0.1:{port} "
        f"({env.get('WEB_CONCURRENCY', '2')} workers x {env.get('GUNICORN_THREADS', '1')} threads)"
    )
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "-" if env.get("OPS_ACCESS_LOG") else "/dev/null",
                "cms.wsgi:application",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(url, process, log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/robots.txt", timeout=5).status_code == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


def server_errors(log: Path) -> list[str]:
    """Lines of the server log that report an unhandled exception."""
    return [line for line in log.read_text().splitlines() if "Traceback" in line]


def step(message: str) -> None:
    sys.stdout.write(f"== {message}\n")
    sys.stdout.flush()
