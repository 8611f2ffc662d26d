"""`make bench`: load the sites and the API with wrk, at the demo size and at a large size.

From a fresh clone, with PostgreSQL on 127.0.0.1:5432 (user postgres, trust):

1. installs wrk (Debian's package) when it is missing and we are root;
2. creates the database `samverkan_bench_demo`, migrates it and loads the demo
   content; collects static files into a temporary STATIC_ROOT;
3. for each mode, cold (RESPONSE_CACHE=0) and warm (RESPONSE_CACHE=1):
   counts the SQL queries per request of every URL (bench/queries.py), starts
   gunicorn with the production settings and 2 workers on 127.0.0.1, requests
   every URL once (it must answer 200), then runs wrk against each URL for a
   warm-up and a measured period, starting and ending with the static file
   served by WhiteNoise: the floor that every other rate is divided by;
4. copies the demo database to `samverkan_bench_large`, runs
   `build_bench_data` on it and measures again;
5. measures the growth of the lists and searches with a demo and a large
   server side by side, alternately (`Bench.side_by_side`);
6. prints a Markdown table and writes it to bench/results.md.

Progress goes to stderr; the table to stdout. Everything runs on 127.0.0.1,
every step has a time limit, and the server is stopped on exit, Ctrl-C
included. See `--help` for the knobs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "var" / "bench"
LUA_SCRIPT = REPO / "bench" / "wrk_report.lua"
DATABASES = {"demo": "samverkan_bench_demo", "large": "samverkan_bench_large"}
MODES = {"cold": "0", "warm": "1"}
LIST_KINDS = {"project list ?status=ongoing", "search page", "API projects list, filtered"}
LIST_KINDS |= {"API pages list, fields=*", "API search"}

# Targets of issue #6, as ratios to the static-file floor of the same run.
WARM_MIN = 0.4
COLD_PAGE_MIN = 0.08
COLD_API_DETAIL_MIN = 0.14
COLD_API_LIST_MIN = 0.045
MAX_PAGE_QUERIES = 12
MAX_API_QUERIES = 8
MAX_GROWTH = 1.5


def log(message: str) -> None:
    stamp = time.strftime("%H:%M:%S")
    sys.stderr.write(f"[bench {stamp}] {message}\n")
    sys.stderr.flush()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Measurement:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non2xx: int
    socket_errors: int
    requests: int


@dataclass
class ModeRun:
    mode: str
    urls: list[dict[str, Any]]
    dataset: dict[str, int] = field(default_factory=dict)
    results: dict[str, Measurement] = field(default_factory=dict)
    # The static file's rate measured before the first URL and after each one.
    floors: list[float] = field(default_factory=list)
    # Per URL: the mean of the floor just before and just after it.
    url_floor: dict[str, float] = field(default_factory=dict)
    load_start: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_end: tuple[float, float, float] = (0.0, 0.0, 0.0)
    seconds: float = 0.0

    @property
    def floor(self) -> float:
        return statistics.median(self.floors) if self.floors else 0.0

    def ratio(self, name: str) -> float:
        floor = self.url_floor.get(name) or self.floor
        return self.results[name].requests_per_second / floor if floor else 0.0


@dataclass
class SizeRun:
    size: str
    dataset: dict[str, int]
    modes: dict[str, ModeRun] = field(default_factory=dict)
    setup_seconds: float = 0.0


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.python = sys.executable
        self.gunicorn = str(Path(sys.executable).parent / "gunicorn")
        # The running gunicorn servers, by port.
        self.servers: dict[int, subprocess.Popen] = {}
        self.collector: subprocess.Popen | None = None
        self.collector_started = 0.0
        self.static_root = Path(tempfile.mkdtemp(prefix="samverkan-bench-static-"))
        self.media_root = WORK / "media"
        self.logs = WORK / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.timings: dict[str, float] = {}
        self.started = time.monotonic()
        self.redis_url = ""
        # Cold p50s of the side-by-side growth measurement: {url: {size: [ms]}}.
        self.growth: dict[str, dict[str, list[float]]] = {}

    # Environment ---------------------------------------------------------

    def env(self, database: str, response_cache: str = "0", prefix: str = "") -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}
            and not key.startswith(("CACHE_", "AWS_", "WAGTAILSEARCH_", "TASKS_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "cms.settings.production",
                "SECRET_KEY": "samverkan-bench-not-secret",
                "DEBUG": "0",
                "ALLOWED_HOSTS": "localhost,.localhost,127.0.0.1",
                "DATABASE_URL": f"{self.args.database_server}/{database}",
                "DB_CONN_MAX_AGE": str(self.args.conn_max_age),
                "SITE_PORT": str(self.args.port),
                "PORT": str(self.args.port),
                "SECURE_SSL_REDIRECT": "0",
                "SECURE_COOKIES": "0",
                "SECURE_HSTS_SECONDS": "0",
                "STATIC_ROOT": str(self.static_root),
                "MEDIA_ROOT": str(self.media_root),
                "LOG_LEVEL": "WARNING",
                "WEB_CONCURRENCY": str(self.args.workers),
                "GUNICORN_THREADS": "1",
                # Worker recycling would restart a worker (and empty its local
                # caches) every thousand requests: seconds, at these rates.
                "GUNICORN_MAX_REQUESTS": "0",
                "RESPONSE_CACHE": response_cache,
                # All the load comes from one address; the per-address API
                # limit (300 requests a minute) would answer most of it 429.
                "API_THROTTLE_RATE": "",
                "WEBHOOKS_ENABLED": "0",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
            # Each server run caches under its own prefix: the demo and the
            # large database answer the same URLs differently.
            env["CACHE_KEY_PREFIX"] = prefix or f"samverkan-bench-{os.getpid()}"
        return env

    def check_redis(self) -> None:
        """Use Redis as production does, if it answers; else each worker's local memory."""
        self.redis_url = ""
        if self.args.redis_url in ("", "none"):
            return
        import redis

        try:
            redis.Redis.from_url(self.args.redis_url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            log(f"Redis at {self.args.redis_url} does not answer ({exc}): local memory caches")
            return
        self.redis_url = self.args.redis_url

    def clear_cache(self, prefix: str) -> None:
        """Delete what a server run cached under its prefix (nothing else in Redis)."""
        if not self.redis_url:
            return
        import redis

        client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=2)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])

    def run(self, name: str, command: list[str], env: dict[str, str], timeout: float) -> str:
        """Run a command to completion, its output in var/bench/logs/<name>.log."""
        started = time.monotonic()
        path = self.logs / f"{name}.log"
        with path.open("w") as output:
            try:
                result = subprocess.run(
                    command,
                    cwd=REPO,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=output,
                    timeout=timeout,
                    text=True,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise SystemExit(f"{name} took longer than {timeout:.0f}s; see {path}") from exc
            output.write(result.stdout)
        if result.returncode != 0:
            tail = "\n".join(path.read_text().splitlines()[-30:])
            raise SystemExit(f"{name} failed (exit {result.returncode}):\n{tail}\nLog: {path}")
        self.timings[name] = time.monotonic() - started
        log(f"{name}: {self.timings[name]:.0f}s")
        return result.stdout

    def manage(self, name: str, env: dict[str, str], *args: str, timeout: float = 900) -> str:
        return self.run(name, [self.python, "manage.py", *args], env, timeout)

    # Tools and databases ---------------------------------------------------

    def ensure_wrk(self) -> None:
        if shutil.which("wrk"):
            return
        apt = shutil.which("apt-get")
        if apt is None or os.geteuid() != 0:
            raise SystemExit("wrk is missing: install it (Debian: `sudo apt-get install -y wrk`).")
        log("installing wrk (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], check=True, env=env, timeout=600)
        subprocess.run([apt, "install", "-y", "-qq", "wrk"], check=True, env=env, timeout=600)

    @contextlib.contextmanager
    def admin_connection(self) -> Iterator[Any]:
        import psycopg

        with psycopg.connect(f"{self.args.database_server}/postgres", autocommit=True) as conn:
            yield conn

    def database_exists(self, name: str) -> bool:
        with self.admin_connection() as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        return row is not None

    def create_database(self, name: str, template: str | None = None) -> None:
        from psycopg import sql

        with self.admin_connection() as conn:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop.format(sql.Identifier(name)))
            create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            conn.execute(create)

    def postgres_version(self) -> str:
        with self.admin_connection() as conn:
            return conn.execute("SHOW server_version").fetchone()[0]

    def prepare(self, size: str) -> None:
        """Create (or with --reuse-db keep) the database of `size` and fill it."""
        database = DATABASES[size]
        env = self.env(database)
        if self.args.reuse_db and self.database_exists(database):
            log(f"{size}: reusing database {database}")
            self.manage(f"{size}-migrate", env, "migrate", "--noinput")
            return
        if size == "demo":
            log(f"demo: creating database {database}")
            shutil.rmtree(self.media_root, ignore_errors=True)
            self.create_database(database)
            self.manage("demo-migrate", env, "migrate", "--noinput")
            self.manage("demo-load_demo_content", env, "load_demo_content")
        else:
            log(f"large: copying {DATABASES['demo']} to {database}, then build_bench_data")
            self.create_database(database, template=DATABASES["demo"])
            self.manage("large-migrate", env, "migrate", "--noinput")
            self.manage("large-build_bench_data", env, "build_bench_data", *self.args.build_args)

    # The server ------------------------------------------------------------

    def check_port_free(self, port: int) -> None:
        with socket.socket() as sock:
            # As gunicorn does: connections of the previous server in
            # TIME_WAIT do not block the port, only a listening process does.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError as exc:
                raise SystemExit(
                    f"127.0.0.1:{port} is in use; choose another with --port."
                ) from exc

    def start_server(self, env: dict[str, str], name: str, port: int | None = None) -> None:
        """Start gunicorn on `port` (--port by default); it answers every Host
        header the sites know, whatever port it listens on."""
        port = port or self.args.port
        self.check_port_free(port)
        output = (self.logs / f"{name}-gunicorn.log").open("w")
        command = [
            self.gunicorn,
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "cms.wsgi",
        ]
        # Its own session: stopping the server stops its workers too, and the
        # terminal's Ctrl-C reaches us first, so we stop it in order.
        server = self.servers[port] = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited at start; see {output.name}")
            with contextlib.suppress(OSError):
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not start within 60s; see {output.name}")

    def stop_servers(self) -> None:
        for port in list(self.servers):
            self.stop_server(port)

    def stop_server(self, port: int) -> None:
        server = self.servers.pop(port, None)
        if server is None or server.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)

    def fetch(self, url: dict[str, Any], port: int | None = None) -> int:
        """Request a URL once, as a visitor would; the status code (redirects not followed)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{port or self.args.port}{url['path']}",
            headers={"Host": url["host"]},
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=300) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def wrk(self, url: dict[str, Any], seconds: float, port: int | None = None) -> Measurement:
        command = [
            "wrk",
            f"-t{self.args.threads}",
            f"-c{self.args.connections}",
            f"-d{seconds:g}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(LUA_SCRIPT),
            "-H",
            f"Host: {url['host']}",
            f"http://127.0.0.1:{port or self.args.port}{url['path']}",
        ]
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
        line = next(
            (line for line in result.stdout.splitlines() if line.startswith("BENCH_RESULT ")),
            None,
        )
        if result.returncode != 0 or line is None:
            raise SystemExit(f"wrk failed on {url['path']}:\n{result.stdout}\n{result.stderr}")
        data = json.loads(line.removeprefix("BENCH_RESULT "))
        errors = sum(data[k] for k in ("connect_errors", "read_errors", "write_errors"))
        return Measurement(
            requests_per_second=data["requests"] / (data["duration_us"] / 1e6),
            p50_ms=data["p50_us"] / 1000,
            p99_ms=data["p99_us"] / 1000,
            non2xx=data["non2xx"],
            socket_errors=errors + data["timeouts"],
            requests=data["requests"],
        )

    def measure(self, url: dict[str, Any], port: int | None = None, label: str = "") -> Measurement:
        self.wrk(url, self.args.warmup, port)
        # wrk stops without waiting for the answers in flight, but gunicorn's
        # sync workers still compute them: one more request, queued behind
        # them, returns when they are done, so the measurement starts clean.
        self.fetch(url, port)
        result = self.wrk(url, self.args.duration, port)
        log(
            f"  {label}{url['name']:<30} {result.requests_per_second:8.1f} req/s  "
            f"p50 {result.p50_ms:7.1f} ms  p99 {result.p99_ms:7.1f} ms  "
            f"non-2xx {result.non2xx}"
        )
        return result

    # One size ------------------------------------------------------------

    def query_counts(self, env: dict[str, str], name: str) -> dict[str, Any]:
        output = self.run(
            name, [self.python, "bench/queries.py", "--port", str(self.args.port)], env, 900
        )
        return json.loads(output)

    def wait_for_idle(self) -> None:
        """With --idle-load, wait (at most --idle-wait seconds) for other work to finish."""
        if not self.args.idle_load:
            return
        deadline = time.monotonic() + self.args.idle_wait
        load = os.getloadavg()[0]
        if load > self.args.idle_load:
            log(f"load average {load:.2f}: waiting for it to fall below {self.args.idle_load}")
        while load > self.args.idle_load and time.monotonic() < deadline:
            time.sleep(10)
            load = os.getloadavg()[0]

    def run_mode(self, size: str, mode: str) -> ModeRun:
        prefix = f"samverkan-bench-{size}-{mode}-{os.getpid()}"
        env = self.env(DATABASES[size], MODES[mode], prefix)
        self.wait_collectstatic()
        self.clear_cache(prefix)
        try:
            counted = self.query_counts(env, f"{size}-{mode}-queries")
            self.wait_for_idle()
            return self.load_test(size, mode, env, counted)
        finally:
            self.clear_cache(prefix)

    def load_test(self, size: str, mode: str, env: dict[str, str], counted: dict) -> ModeRun:
        run = ModeRun(mode=mode, urls=counted["urls"], dataset=counted["dataset"])
        log(f"{size}/{mode}: starting gunicorn ({self.args.workers} workers)")
        started = time.monotonic()
        self.start_server(env, f"{size}-{mode}")
        try:
            for url in run.urls:
                url["http_status"] = self.fetch(url)
                if url["http_status"] != 200:
                    log(f"  warning: {url['path']} answered {url['http_status']}")
            run.load_start = os.getloadavg()
            static = run.urls[0]
            first = self.measure(static)
            run.results[static["name"]] = first
            run.floors.append(first.requests_per_second)
            for url in run.urls[1:]:
                run.results[url["name"]] = self.measure(url)
                # A short look at the floor after each URL: the machine's load
                # changes, and each URL is compared with the floor around it.
                probe = self.wrk(static, self.args.floor_probe)
                run.floors.append(probe.requests_per_second)
                run.url_floor[url["name"]] = (run.floors[-2] + run.floors[-1]) / 2
            run.url_floor[static["name"]] = run.floor
            log(
                f"  floor: median {run.floor:.0f} req/s, "
                f"from {min(run.floors):.0f} to {max(run.floors):.0f}"
            )
            run.load_end = os.getloadavg()
        finally:
            self.stop_servers()
        run.seconds = time.monotonic() - started
        return run

    def side_by_side(self, runs: list[SizeRun]) -> dict[str, dict[str, list[float]]]:
        """Cold p50 of the lists and searches at both sizes, measured alternately.

        The two sizes' own runs lie minutes apart, and this machine's speed
        changes by a third within minutes (the floor too), which the growth
        target would take for growth with the data. Here a demo server and a
        large one run at once (cold, on --port and --port + 1), only one of
        them loaded at a time, and each URL is measured in the order demo,
        large, large, demo (--growth-rounds times two), so that a steady drift
        weighs the same on both sizes. Returns {url name: {size: [p50 ms]}}.
        """
        by_size = {run.size: run for run in runs}
        ports = {"demo": self.args.port, "large": self.args.port + 1}
        prefixes = {size: f"samverkan-bench-{size}-growth-{os.getpid()}" for size in ports}
        urls = {
            size: {url["name"]: url for url in by_size[size].modes["cold"].urls} for size in ports
        }
        names = [name for name in urls["demo"] if name in LIST_KINDS and name in urls["large"]]
        log(
            f"growth: a demo and a large server side by side, cold, ports {ports['demo']} "
            f"and {ports['large']}"
        )
        started = time.monotonic()
        found = {name: {"demo": [], "large": []} for name in names}
        try:
            for size, port in ports.items():
                self.clear_cache(prefixes[size])
                self.start_server(
                    self.env(DATABASES[size], MODES["cold"], prefixes[size]), f"growth-{size}", port
                )
                for name in names:
                    status = self.fetch(urls[size][name], port)
                    if status != 200:
                        log(f"  warning: {urls[size][name]['path']} answered {status}")
            order = ["demo", "large", "large", "demo"] * self.args.growth_rounds
            for name in names:
                for size in order:
                    result = self.measure(urls[size][name], ports[size], f"{size:<5} ")
                    found[name][size].append(result.p50_ms)
        finally:
            self.stop_servers()
            for prefix in prefixes.values():
                self.clear_cache(prefix)
        self.timings["growth side by side"] = time.monotonic() - started
        return found

    def run_size(self, size: str) -> SizeRun:
        started = time.monotonic()
        self.prepare(size)
        size_run = SizeRun(size=size, dataset={}, setup_seconds=time.monotonic() - started)
        for mode in self.args.modes:
            run = self.run_mode(size, mode)
            size_run.modes[mode] = run
            size_run.dataset = run.dataset
        return size_run

    # Everything ------------------------------------------------------------

    def start_collectstatic(self) -> None:
        """collectstatic in the background: it needs no database, and compressing
        the files (gzip and Brotli) takes a core for the better part of a minute."""
        env = self.env(DATABASES["demo"])
        path = self.logs / "collectstatic.log"
        self.collector = subprocess.Popen(
            [self.python, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=REPO,
            env=env,
            stdout=path.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.collector_started = time.monotonic()

    def wait_collectstatic(self) -> None:
        if self.collector is None:
            return
        collector, self.collector = self.collector, None
        try:
            returncode = collector.wait(timeout=900)
        except subprocess.TimeoutExpired as exc:
            raise SystemExit("collectstatic took longer than 900s") from exc
        if returncode != 0:
            raise SystemExit(f"collectstatic failed; see {self.logs / 'collectstatic.log'}")
        self.timings["collectstatic"] = time.monotonic() - self.collector_started
        log(f"collectstatic: {self.timings['collectstatic']:.0f}s (alongside the set-up)")

    def main(self) -> list[SizeRun]:
        self.ensure_wrk()
        self.check_redis()
        self.start_collectstatic()
        runs = []
        for size in self.args.sizes:
            runs.append(self.run_size(size))
        if {"demo", "large"} <= set(self.args.sizes) and "cold" in self.args.modes:
            if self.args.growth_rounds > 0:
                self.growth = self.side_by_side(runs)
        return runs

    def cleanup(self) -> None:
        self.stop_servers()
        if self.collector is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.collector.pid, signal.SIGTERM)
            self.collector.wait(timeout=30)
        shutil.rmtree(self.static_root, ignore_errors=True)


# Report ----------------------------------------------------------------------


def git_revision() -> str:
    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30, check=False
        )
        return result.stdout.strip()

    revision = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        revision += " + uncommitted changes"
    return revision


def fmt_rate(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def fmt_ratio(value: float) -> str:
    return f"{value:.3f}"


def fmt_ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def size_table(size_run: SizeRun) -> list[str]:
    modes = [m for m in ("warm", "cold") if m in size_run.modes]
    header = ["URL"]
    for mode in modes:
        header += [f"{mode} req/s", f"{mode} × floor", f"{mode} p50 ms", f"{mode} p99 ms"]
    header += ["non-2xx " + "/".join(modes), "SQL/req " + "/".join(modes)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    first = size_run.modes[modes[0]]
    for url in first.urls:
        name = url["name"]
        row = [f"{name} `{url['path']}`"]
        non2xx, queries = [], []
        for mode in modes:
            run = size_run.modes[mode]
            result = run.results[name]
            counted = next(u for u in run.urls if u["name"] == name)
            row += [
                fmt_rate(result.requests_per_second),
                fmt_ratio(run.ratio(name)) if run.floor else "–",
                fmt_ms(result.p50_ms),
                fmt_ms(result.p99_ms),
            ]
            non2xx.append(str(result.non2xx + result.socket_errors))
            queries.append(str(counted["queries"]))
        row += ["/".join(non2xx), "/".join(queries)]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def side_by_side_growth(p50s: dict[str, list[float]]) -> tuple[float, float, float]:
    """(demo p50, large p50, large / demo) of a side-by-side measurement: the
    means of its p50s, which in the order demo, large, large, demo weigh a
    steady drift of the machine equally on both sizes."""
    small, big = statistics.fmean(p50s["demo"]), statistics.fmean(p50s["large"])
    return small, big, big / small if small else 0.0


def growth_table(
    demo: SizeRun, large: SizeRun, side_by_side: dict[str, dict[str, list[float]]]
) -> list[str]:
    if "cold" not in demo.modes or "cold" not in large.modes:
        return []
    lines = [
        "| URL (cold) | demo p50 ms | large p50 ms | large / demo | demo req/s | large req/s "
        "| side by side: demo p50 ms | large p50 ms | large / demo |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for url in demo.modes["cold"].urls[1:]:
        name = url["name"]
        small, big = demo.modes["cold"].results[name], large.modes["cold"].results[name]
        growth = big.p50_ms / small.p50_ms if small.p50_ms else 0
        both = "| – | – | – |"
        if name in side_by_side:
            paired_small, paired_big, paired_growth = side_by_side_growth(side_by_side[name])
            both = f"| {fmt_ms(paired_small)} | {fmt_ms(paired_big)} | {paired_growth:.2f} |"
        lines.append(
            f"| {name} | {fmt_ms(small.p50_ms)} | {fmt_ms(big.p50_ms)} | {growth:.2f} | "
            f"{fmt_rate(small.requests_per_second)} | {fmt_rate(big.requests_per_second)} {both}"
        )
    return lines


def target_checks(
    runs: list[SizeRun], side_by_side: dict[str, dict[str, list[float]]] | None = None
) -> list[str]:
    """Every target of issue #6 that this run can judge, with the figure and a verdict.

    The growth of a list's cold p50 is judged by the side-by-side measurement
    when there is one (Bench.side_by_side), else by the two sizes' own runs.
    """
    side_by_side = side_by_side or {}
    checks: list[tuple[str, str, float, str, bool]] = []
    by_size = {run.size: run for run in runs}
    for size_run in runs:
        for mode, run in size_run.modes.items():
            if not run.floor:
                continue
            for url in run.urls[1:]:
                name, kind = url["name"], url["kind"]
                ratio = run.ratio(name)
                if mode == "warm":
                    minimum, label = WARM_MIN, "warm ≥ 0.4 × floor"
                elif kind == "page":
                    minimum, label = COLD_PAGE_MIN, "cold page ≥ 0.08 × floor"
                elif kind == "api_detail":
                    minimum, label = COLD_API_DETAIL_MIN, "cold API detail ≥ 0.14 × floor"
                else:
                    minimum, label = COLD_API_LIST_MIN, "cold API list ≥ 0.045 × floor"
                checks.append((size_run.size, name, ratio, label, ratio >= minimum))
                if mode == "cold":
                    limit = MAX_PAGE_QUERIES if kind == "page" else MAX_API_QUERIES
                    count = url["queries"]
                    checks.append(
                        (
                            size_run.size,
                            name,
                            count,
                            f"cold SQL queries ≤ {limit}",
                            count <= limit,
                        )
                    )
    if "demo" in by_size and "large" in by_size:
        demo, large = by_size["demo"].modes.get("cold"), by_size["large"].modes.get("cold")
        if demo and large:
            for url in demo.urls[1:]:
                if url["name"] not in LIST_KINDS:
                    continue
                label = "cold p50 large/demo ≤ 1.5"
                if url["name"] in side_by_side:
                    growth = side_by_side_growth(side_by_side[url["name"]])[2]
                    label += " (side by side)"
                else:
                    small = demo.results[url["name"]].p50_ms
                    big = large.results[url["name"]].p50_ms
                    growth = big / small if small else 0
                checks.append(("large", url["name"], growth, label, growth <= MAX_GROWTH))
    misses = [c for c in checks if not c[4]]
    lines = [
        f"{len(checks) - len(misses)} of {len(checks)} target checks pass.",
        "",
    ]
    if misses:
        lines += ["| size | URL | target | measured |", "|---|---|---|---|"]
        for size, name, value, label, _ok in misses:
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            lines.append(f"| {size} | {name} | {label} | {shown} |")
    return lines


def report(bench: Bench, runs: list[SizeRun], total_seconds: float) -> str:
    args = bench.args
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        "# Benchmark results",
        "",
        f"`make bench` on {now}, revision {git_revision()}; {os.cpu_count()} cores, "
        f"{memory:.0f} GiB RAM, PostgreSQL {bench.postgres_version()}, "
        f"cache: {'Redis' if bench.redis_url else 'local memory per worker'}.",
        f"gunicorn: production settings, {args.workers} sync workers on 127.0.0.1, "
        f"DB_CONN_MAX_AGE={args.conn_max_age}, no worker recycling, no per-address API "
        "throttle (all requests come from 127.0.0.1). "
        f"wrk: -t{args.threads} -c{args.connections}, {args.warmup:g}s warm-up then "
        f"{args.duration:g}s measured per URL. Warm: RESPONSE_CACHE=1; cold: RESPONSE_CACHE=0.",
        "× floor = requests/s divided by the static file's rate in the same server run, "
        f"measured before the first URL and for {args.floor_probe:g}s after each one: "
        "each URL's figure is divided by the mean of the floor just before and just "
        "after it, so that changes in the machine's load count less. SQL/req: queries of one "
        "request after two others, counted with Django's test client (bench/queries.py). "
        "non-2xx includes socket errors and timeouts.",
        "",
    ]
    for size_run in runs:
        data = size_run.dataset
        lines += [
            f"## {size_run.size.capitalize()} size",
            "",
            f"{data.get('pages', 0):,} pages, {data.get('projects', 0):,} projects, "
            f"{data.get('activities', 0):,} activities, {data.get('publications', 0):,} "
            f"publications (rows, both languages), {data.get('images', 0):,} images, "
            f"{data.get('index_entries', 0):,} search index entries.",
            "",
        ]
        for mode, run in size_run.modes.items():
            drift = ""
            if run.floors:
                drift = f" (from {fmt_rate(min(run.floors))} to {fmt_rate(max(run.floors))})"
            lines.append(
                f"- {mode}: floor median {fmt_rate(run.floor)} req/s{drift}; load average "
                f"{run.load_start[0]:.2f} at the start, {run.load_end[0]:.2f} at the end; "
                f"{run.seconds:.0f}s."
            )
        lines += ["", *size_table(size_run), ""]
    by_size = {run.size: run for run in runs}
    if "demo" in by_size and "large" in by_size:
        lines += [
            "## Growth with the data",
            "",
            "The first five columns come from the two sizes' own runs, minutes apart; the "
            "last three from a demo and a large server running side by side, each URL "
            f"measured in the order demo, large, large, demo ({args.growth_rounds} × 2 "
            "times each, the mean p50): the growth target is judged by those, so that "
            "the machine's drift between the runs does not count as growth with the data.",
            "",
            *growth_table(by_size["demo"], by_size["large"], bench.growth),
            "",
        ]
    lines += ["## Targets", "", *target_checks(runs, bench.growth), ""]
    timings = ", ".join(f"{name} {seconds:.0f}s" for name, seconds in bench.timings.items())
    lines += [
        "## Timings of the bench itself",
        "",
        f"Total {total_seconds / 60:.1f} min; {timings}.",
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark the sites and the API with wrk (see bench/run.py's docstring).",
    )
    parser.add_argument("--port", type=int, default=8765, help="gunicorn port on 127.0.0.1")
    parser.add_argument(
        "--database-server",
        default=os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL without database name (env BENCH_DATABASE_SERVER)",
    )
    parser.add_argument(
        "--sizes", default="demo,large", help="comma-separated: demo, large (default both)"
    )
    parser.add_argument(
        "--modes", default="warm,cold", help="comma-separated: warm, cold (default both)"
    )
    parser.add_argument("--duration", type=float, default=8, help="seconds measured per URL")
    parser.add_argument("--warmup", type=float, default=3, help="warm-up seconds per URL")
    parser.add_argument(
        "--floor-probe",
        type=float,
        default=3,
        help="seconds of the static file measured after each URL",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--connections",
        type=int,
        default=4,
        help="wrk connections: two per worker keep both busy without long queues",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--growth-rounds",
        type=int,
        default=1,
        help="rounds of demo, large, large, demo for the side-by-side growth (0: none)",
    )
    parser.add_argument(
        "--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE of the server"
    )
    parser.add_argument(
        "--idle-load",
        type=float,
        default=0,
        help="before each server run, wait until the 1-minute load average is below this",
    )
    parser.add_argument(
        "--idle-wait", type=float, default=300, help="longest wait for --idle-load, in seconds"
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        help="REDIS_URL of the server's cache, 'none' for local memory; falls back to local "
        "memory when Redis does not answer (env BENCH_REDIS_URL)",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the bench databases if they exist (skips loading and building)",
    )
    parser.add_argument(
        "--build-args",
        default="",
        help="extra arguments for build_bench_data, e.g. '--pages 500 --snippets 1000'",
    )
    parser.add_argument(
        "--output", default=str(REPO / "bench" / "results.md"), help="where to write the table"
    )
    args = parser.parse_args(argv)
    args.sizes = [s for s in args.sizes.split(",") if s]
    args.modes = [m for m in args.modes.split(",") if m]
    args.build_args = args.build_args.split()
    if not set(args.sizes) <= set(DATABASES) or not set(args.modes) <= set(MODES):
        parser.error("--sizes takes demo,large and --modes warm,cold")
    if "large" in args.sizes and "demo" not in args.sizes and not args.reuse_db:
        parser.error("the large size is built from the demo database: add demo or --reuse-db")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    # SIGTERM (and SIGHUP) unwind like Ctrl-C, so the server is always stopped.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.default_int_handler)
    bench = Bench(args)
    started = time.monotonic()
    try:
        runs = bench.main()
        text = report(bench, runs, time.monotonic() - started)
    except KeyboardInterrupt:
        log("interrupted; stopping the server")
        raise SystemExit(130) from None
    finally:
        bench.cleanup()
    Path(args.output).write_text(text)
    sys.stdout.write(text + "\n")
    log(f"written to {args.output}")


if __name__ == "__main__":
    main()
