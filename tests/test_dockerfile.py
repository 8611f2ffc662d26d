"""The production Dockerfile, checked without a Docker engine.

The structure tests read the Dockerfile. The replay test rebuilds the image's
contents on this machine: it copies the build context by `.dockerignore`'s
rules, maps the container paths (/venv, /app) into a temporary directory and
runs the RUN steps marked `# test: <name>` under each stage's ENV and WORKDIR,
with this interpreter's base Python standing in for the image's. It then checks
what the image would hold: the pinned requirements, WhiteNoise's manifest and
compressed files, a clean `check --deploy`, gunicorn serving them through the
image's CMD and HEALTHCHECK, and a working release step.

It uses pip's cache and index (`--no-cache-dir` is dropped) and no database
fixture; it never writes to the repository.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCKERFILE = REPO / "Dockerfile"
RELEASE_SCRIPT = "docker/release.sh"

# The container paths the image writes to; the replay maps each into tmp_path.
MAPPED_PATHS = ("/venv", "/app")
# Steps the replay runs, each marked by a "# test: <name>" comment above its RUN.
REQUIRED_STEPS = ("venv", "install", "collectstatic")
STEP_MARKER = re.compile(r"#\s*test:\s*([\w-]+)")
# Dropped from replayed commands: the test relies on pip's cache to stay fast.
DROPPED_FLAGS = ("--no-cache-dir",)
# PATH of the python:*-slim images; the replay puts a `python` shim in front.
IMAGE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Host variables passed to the steps, as a build passes build args: where pip
# finds its configuration, cache, index and proxy.
PASSED_VARIABLES = re.compile(
    r"HOME|TMPDIR|XDG_CACHE_HOME|XDG_CONFIG_HOME|PIP_\w+|(HTTPS?|NO|ALL)_PROXY"
    r"|SSL_CERT_\w+|REQUESTS_CA_BUNDLE",
    re.IGNORECASE,
)
# Installed in every virtualenv, pinned or not.
UNPINNED_TOOLS = {"pip", "setuptools", "wheel"}


# --- Reading the Dockerfile ------------------------------------------------


@dataclass
class Instruction:
    keyword: str
    args: str
    line: int
    steps: tuple[str, ...] = ()

    def exec_form(self) -> list[str]:
        """The command as an argv list, from the JSON or the shell form."""
        args = self.args
        if self.keyword == "HEALTHCHECK":  # HEALTHCHECK [--option=value ...] CMD command
            args = re.sub(r"^(--\S+\s+)*CMD\s+", "", args)
        if args.startswith("["):
            return json.loads(args)
        return ["/bin/sh", "-c", args]


@dataclass
class Stage:
    image: str
    name: str | None
    line: int
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction | None:
        found = self.all(keyword)
        return found[-1] if found else None


def parse_dockerfile(text: str) -> list[Stage]:
    """Split a Dockerfile into stages of instructions, with their step markers."""
    stages: list[Stage] = []
    steps: list[str] = []
    parts: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not parts:
            if line.startswith("#") and (marker := STEP_MARKER.fullmatch(line)):
                steps.append(marker.group(1))
            if not line or line.startswith("#"):
                continue
            start = number
        elif not line or line.startswith("#"):
            continue  # Docker drops comments and blank lines inside continuations.
        if line.endswith("\\"):
            parts.append(line[:-1].strip())
            continue
        parts.append(line)
        keyword, _, args = " ".join(parts).partition(" ")
        instruction = Instruction(keyword.upper(), args.strip(), start, tuple(steps))
        parts, steps = [], []
        if instruction.keyword == "FROM":
            words = [w for w in instruction.args.split() if not w.startswith("--")]
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(words[0], name, start))
        elif stages:
            stages[-1].instructions.append(instruction)
    return stages


def read_stages() -> list[Stage]:
    return parse_dockerfile(DOCKERFILE.read_text())


def split_flags(args: str) -> tuple[dict[str, str], list[str]]:
    """`--from=builder a b` -> ({"from": "builder"}, ["a", "b"])."""
    words = json.loads(args) if args.startswith("[") else shlex.split(args)
    flags = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    return flags, words


def expand(text: str, env: dict[str, str]) -> str:
    """Docker's variable substitution: $VAR, ${VAR} and ${VAR:-default}."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group("name") or match.group("bare")
        if match.group("default") is not None:
            return env.get(name) or match.group("default")
        return env.get(name, "")

    pattern = r"\$(?:\{(?P<name>\w+)(?::-(?P<default>[^}]*))?\}|(?P<bare>\w+))"
    return re.sub(pattern, substitute, text)


def parse_variables(keyword: str, args: str, env: dict[str, str]) -> dict[str, str]:
    """The variables an ENV or ARG instruction sets, expanded against `env`."""
    words = shlex.split(args)
    if keyword == "ENV" and "=" not in words[0]:  # Legacy `ENV NAME value`.
        return {words[0]: expand(args.split(None, 1)[1], env)}
    pairs = (word.partition("=") for word in words)
    # All values see the environment as it was before this instruction.
    return {name: expand(value, env) for name, equals, value in pairs if equals}


# --- Reading .dockerignore -------------------------------------------------


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern (Go filepath.Match plus `**`) as a regex."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i:]:
            end = pattern.index("]", i)
            out.append(pattern[i : end + 1])
            i = end + 1
        elif pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def read_dockerignore(path: Path) -> list[tuple[re.Pattern[str], bool]]:
    """(regex, is_exception) rules; the last rule matching a path decides."""
    rules = []
    for raw in path.read_text().splitlines() if path.exists() else []:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pattern = posixpath.normpath(line.lstrip("!").strip()).lstrip("/")
        rules.append((pattern_regex(pattern), exception))
    return rules


def build_context(root: Path) -> list[str]:
    """Files Docker would send as the build context, relative to `root`."""
    rules = read_dockerignore(root / ".dockerignore")
    has_exceptions = any(exception for _, exception in rules)

    def ignored(relative: str) -> bool:
        parents = relative.split("/")
        candidates = ["/".join(parents[: n + 1]) for n in range(len(parents))]
        result = False
        for regex, exception in rules:
            if any(regex.fullmatch(candidate) for candidate in candidates):
                result = not exception
        return result

    files = []
    for directory, subdirectories, filenames in os.walk(root):
        base = Path(directory).relative_to(root).as_posix()
        prefix = "" if base == "." else base + "/"
        if not has_exceptions:  # Without exceptions, an ignored folder stays ignored.
            subdirectories[:] = [d for d in subdirectories if not ignored(prefix + d)]
        files += [prefix + name for name in filenames if not ignored(prefix + name)]
    return sorted(files)


# --- Replaying the build on the host ---------------------------------------


@dataclass
class Image:
    """What the replay built: host folders standing in for the image's."""

    app: Path
    env: dict[str, str]
    stage: Stage
    root: Path

    def run(self, argv: list[str], timeout: float = 120, **env: str):
        return subprocess.run(
            argv,
            cwd=self.app,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def argv(self, instruction: Instruction) -> list[str]:
        argv = instruction.exec_form()
        return [shutil.which(argv[0], path=self.env["PATH"]) or argv[0], *argv[1:]]


class Replay:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.hosts = {path: root / path.strip("/") for path in MAPPED_PATHS}
        self.context = build_context(REPO)
        # `python` as the image has it: the base interpreter, outside any venv.
        self.shims = root / "shims"
        self.shims.mkdir()
        base_python = getattr(sys, "_base_executable", sys.executable)
        for name in ("python", "python3"):
            shim = self.shims / name
            shim.write_text(f'#!/bin/sh\nexec {shlex.quote(base_python)} "$@"\n')
            shim.chmod(0o755)

    def rewrite(self, text: str) -> str:
        """Replace container paths in `text` by their host folders."""
        paths = "|".join(re.escape(p) for p in sorted(self.hosts, key=len, reverse=True))
        pattern = rf"(?<![\w.~/-])({paths})(?![\w.-])"
        return re.sub(pattern, lambda m: str(self.hosts[m.group(1)]), text)

    def host_path(self, path: str, cwd: str) -> Path:
        """The host folder for a container path; fails for unmapped paths."""
        absolute = posixpath.normpath(posixpath.join(cwd, path))
        if absolute.startswith(str(self.root) + "/"):
            return Path(absolute)  # Already rewritten.
        for container, host in self.hosts.items():
            if absolute == container or absolute.startswith(container + "/"):
                return host / posixpath.relpath(absolute, container)
        raise AssertionError(
            f"The Dockerfile uses {absolute}; add it to MAPPED_PATHS in {Path(__file__).name}."
        )

    def base_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if PASSED_VARIABLES.fullmatch(k)}
        return {**env, "LANG": "C.UTF-8", "PATH": f"{self.shims}:{IMAGE_PATH}"}

    def stage(self, stage: Stage) -> dict[str, str]:
        """Replay one stage; return its final environment, in host paths."""
        env, cwd, shell = self.base_env(), "/", ["/bin/sh", "-c"]
        for instruction in stage.instructions:
            keyword, args = instruction.keyword, instruction.args
            if keyword in ("ENV", "ARG"):
                variables = parse_variables(keyword, self.rewrite(args), env)
                for name, value in variables.items():
                    # Folders the steps write to must be mapped, or a step
                    # would write to them on this machine.
                    if re.search(r"(_ROOT|_DIR|^VIRTUAL_ENV)$", name) and value.startswith("/"):
                        self.host_path(value, "/")
                env.update(variables)
            elif keyword == "WORKDIR":
                cwd = posixpath.join(cwd, expand(args, env))
                self.host_path(".", cwd).mkdir(parents=True, exist_ok=True)
            elif keyword == "SHELL":
                shell = json.loads(args)
            elif keyword in ("COPY", "ADD"):
                self.copy(instruction, cwd, env)
            elif keyword == "RUN" and instruction.steps:
                self.run(instruction, shell, cwd, env)
        return env

    def copy(self, instruction: Instruction, cwd: str, env: dict[str, str]) -> None:
        flags, words = split_flags(instruction.args)
        *sources, dest = (expand(word, env) for word in words)
        if "from" in flags:
            # Every stage is replayed into the same host folders, so copying a
            # path from an earlier stage to the same path is already done.
            for source in sources:
                assert self.host_path(source, "/") == self.host_path(dest, cwd), (
                    f"Line {instruction.line}: the replay only supports COPY --from "
                    "to the same path."
                )
            return
        target = self.host_path(dest, cwd)
        into_folder = dest.endswith("/") or len(sources) > 1 or target.is_dir()
        for source in sources:
            assert not set("*?[") & set(source), f"Line {instruction.line}: no wildcards"
            source = posixpath.normpath(source).lstrip("/")
            copied = 0
            for file in self.context:
                if source == ".":
                    out = target / file
                elif file == source:
                    out = target / posixpath.basename(file) if into_folder else target
                elif file.startswith(source + "/"):
                    out = target / posixpath.relpath(file, source)
                else:
                    continue
                out.parent.mkdir(parents=True, exist_ok=True)
                try:
                    shutil.copy2(REPO / file, out)
                except FileNotFoundError:
                    continue  # Deleted since the walk (editors, a running server).
                copied += 1
            assert copied, f"Line {instruction.line}: {source} is not in the build context."

    def run(self, instruction: Instruction, shell: list[str], cwd: str, env: dict[str, str]):
        flags, _ = split_flags(instruction.args)  # --mount, --network: not replayed.
        command = instruction.args
        for _ in flags:
            command = command.split(None, 1)[1]
        command = self.rewrite(command)
        for flag in DROPPED_FLAGS:
            command = re.sub(rf"\s{re.escape(flag)}(?=\s|$)", "", command)
        argv = json.loads(command) if command.startswith("[") else [*shell, command]
        # Before any WORKDIR a step runs in /; a scratch folder stands in for it.
        workdir = self.root / "rootfs" if cwd == "/" else self.host_path(".", cwd)
        workdir.mkdir(exist_ok=True)
        started = time.monotonic()
        result = subprocess.run(
            argv,
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(
                f"Step {', '.join(instruction.steps)} (Dockerfile line {instruction.line}) "
                f"exited with {result.returncode}:\n$ {command}\n{result.stdout}{result.stderr}"
            )
        print(f"step {'/'.join(instruction.steps)}: {time.monotonic() - started:.1f}s")  # noqa: T201


def build_image(tmp_path: Path) -> Image:
    stages = read_stages()
    marked = {step for stage in stages for i in stage.all("RUN") for step in i.steps}
    missing = sorted(set(REQUIRED_STEPS) - marked)
    assert not missing, f"No RUN is marked `# test: {missing[0]}` in the Dockerfile."
    replay = Replay(tmp_path)
    env = {}
    for stage in stages:
        env = replay.stage(stage)
    return Image(replay.hosts["/app"], env, stages[-1], tmp_path)


# --- Helpers for the checks ------------------------------------------------


def pinned_requirements() -> dict[str, str]:
    pins = {}
    for raw in (REPO / "requirements.txt").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[normalise(name.split("[", 1)[0])] = version.strip()
    return pins


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    process.kill()
    output = process.communicate()[0]
    pytest.fail(f"gunicorn did not listen on port {port}:\n{output}")


def production_env(image: Image) -> dict[str, str]:
    """What a deployment sets on top of the image's ENV."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{image.root / 'production.sqlite3'}",
    }


# --- Structure -------------------------------------------------------------


def test_dockerfile_builds_in_a_builder_and_a_slim_runtime_stage():
    stages = read_stages()
    assert len(stages) >= 2, "Build the virtualenv in a builder stage."
    builder, runtime = stages[0], stages[-1]
    assert "slim" in runtime.image
    # /venv/bin/python links to the builder's interpreter, which must exist in
    # the runtime image at the same path.
    assert builder.image == runtime.image
    copies = [split_flags(i.args) for i in runtime.all("COPY")]
    assert any(f.get("from") in (builder.name, "0") and "/venv" in w for f, w in copies)
    # The replay runs the build with this interpreter, so it must be the image's.
    version = re.match(r"python:(\d+\.\d+)", runtime.image)
    assert version, f"Not an official Python image: {runtime.image}"
    assert version.group(1) == f"{sys.version_info.major}.{sys.version_info.minor}"


def test_dockerfile_marks_the_steps_the_test_replays():
    stages = read_stages()
    steps = {step: stage for stage in stages for i in stage.all("RUN") for step in i.steps}
    assert set(REQUIRED_STEPS) <= set(steps)
    assert steps["install"] is stages[0]
    assert steps["collectstatic"] is stages[-1]


def test_dockerfile_runs_as_an_unprivileged_user():
    runtime = read_stages()[-1]
    user = runtime.last("USER")
    assert user, "The runtime stage must switch to a non-root USER."
    name = user.args.split(":", 1)[0]
    assert name not in ("root", "0")
    created = " ".join(i.args for i in runtime.all("RUN") if "useradd" in i.args)
    assert re.search(rf"\b{re.escape(name)}\b", created), f"USER {name} is never created."


def test_dockerfile_collects_static_files_as_root_before_switching_user():
    # The code and static files are root's and read-only to the app; as the
    # app's user, collectstatic could not write them. The replay runs as
    # whoever runs the tests, so it would not notice.
    runtime = read_stages()[-1]
    before_user = runtime.instructions[: runtime.instructions.index(runtime.last("USER"))]
    assert any("collectstatic" in i.steps for i in before_user)


def test_dockerfile_cmd_serves_cms_wsgi_and_leaves_migrations_to_the_release_step():
    runtime = read_stages()[-1]
    cmd = runtime.last("CMD")
    assert cmd and cmd.args.startswith("["), "Use the exec form, so gunicorn gets SIGTERM."
    argv = cmd.exec_form()
    assert argv[0] == "gunicorn"
    assert "cms.wsgi" in argv
    assert argv[argv.index("-c") + 1] == "gunicorn.conf.py"
    assert not runtime.all("ENTRYPOINT")
    assert "migrate" not in cmd.args
    # Migrations run in the release step, which the Dockerfile documents.
    assert RELEASE_SCRIPT in DOCKERFILE.read_text()
    release = REPO / RELEASE_SCRIPT
    assert os.access(release, os.X_OK), f"{RELEASE_SCRIPT} must be executable."
    assert "manage.py migrate --noinput" in release.read_text()


def test_dockerfile_runtime_environment_is_production_and_exposes_port():
    runtime = read_stages()[-1]
    env: dict[str, str] = {}
    for instruction in runtime.all("ENV"):
        env.update(parse_variables("ENV", instruction.args, env))
    assert env.get("DJANGO_SETTINGS_MODULE") == "cms.settings.production"
    assert env.get("PYTHONUNBUFFERED") == "1", "Logs must not sit in a buffer."
    assert env.get("PATH", "").startswith("/venv/bin:")
    assert env.get("PORT"), "Set a default PORT for gunicorn.conf.py."
    exposed = runtime.last("EXPOSE")
    assert exposed and env["PORT"] in exposed.args.split()


def test_dockerignore_keeps_local_state_and_secrets_out_of_the_image(tmp_path: Path):
    shutil.copy(REPO / ".dockerignore", tmp_path)
    files = [
        "manage.py",
        "cms/static/css/site.css",
        "cms/locale/sv/LC_MESSAGES/django.mo",
        ".env",
        "prod.env",
        "db.sqlite3",
        "db.sqlite3-journal",
        "media/original_images/a.jpg",
        "static/staticfiles.json",
        ".venv/bin/python",
        ".git/HEAD",
        "home/__pycache__/models.cpython-311.pyc",
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert set(build_context(tmp_path)) == {".dockerignore", *files[:3]}


# --- Replay ------------------------------------------------------------------


def test_dockerfile_steps_build_a_deployable_app(tmp_path: Path, subtests):
    image = build_image(tmp_path)

    with subtests.test("requirements installed at their pins"):
        script = (
            "import json, django, wagtail, importlib.metadata as m; print(json.dumps("
            "[django.get_version(), wagtail.__version__,"
            " {d.metadata['Name']: d.version for d in m.distributions()}]))"
        )
        result = image.run(["python", "-c", script])
        assert result.returncode == 0, result.stderr
        django_version, wagtail_version, installed = json.loads(result.stdout)
        installed = {normalise(name): version for name, version in installed.items()}
        pins = pinned_requirements()
        assert (django_version, wagtail_version) == (pins["django"], pins["wagtail"])
        assert {name: installed.get(name) for name in pins} == pins
        unpinned = sorted(set(installed) - set(pins) - UNPINNED_TOOLS)
        assert not unpinned, f"Installed but not pinned in requirements.txt: {unpinned}"

    static_root = Path(image.env["STATIC_ROOT"])
    manifest = static_root / "staticfiles.json"
    paths = json.loads(manifest.read_text())["paths"] if manifest.is_file() else {}
    with subtests.test("collectstatic wrote the manifest and compressed files"):
        assert manifest.is_file(), f"No WhiteNoise manifest in {static_root}"
        for original, hashed in paths.items():
            assert (static_root / hashed).is_file(), original
        assert any(static_root.rglob("*.gz")) or any(static_root.rglob("*.br"))
        # Our own static files, less those collectstatic ignores (.*, *~).
        source = REPO / "cms" / "static"
        own = {path.relative_to(source).as_posix() for path in source.rglob("*") if path.is_file()}
        own = {name for name in own if not re.search(r"(^|/)\.|~$", name)}
        assert own <= set(paths), f"Not collected: {sorted(own - set(paths))}"

    with subtests.test("check --deploy has no errors"):
        result = image.run(
            ["python", "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
            **production_env(image),
        )
        assert result.returncode == 0, result.stdout + result.stderr

    with subtests.test("gunicorn serves static files with the image's CMD"):
        port = free_port()
        env = {
            **image.env,
            **production_env(image),
            "PORT": str(port),
            "WEB_CONCURRENCY": "1",
            # gunicorn's control socket, otherwise created in $HOME.
            "XDG_RUNTIME_DIR": str(image.root),
        }
        process = subprocess.Popen(
            image.argv(image.stage.last("CMD")),
            cwd=image.app,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert paths, "No manifest to pick a static file from"
            wait_for_port(port, process)
            health = subprocess.run(
                image.argv(image.stage.last("HEALTHCHECK")),
                env=env,
                timeout=30,
                check=False,
            )
            assert health.returncode == 0, "HEALTHCHECK failed against a running gunicorn"
            # The largest stylesheet: small files may not be worth compressing.
            name = max(
                (n for n in paths if n.endswith(".css")),
                key=lambda n: (static_root / paths[n]).stat().st_size,
            )
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/static/{paths[name]}",
                headers={
                    "Host": "example.org",
                    "X-Forwarded-Proto": "https",
                    "Accept-Encoding": "gzip",
                },
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == HTTPStatus.OK
                assert response.headers["Content-Encoding"] == "gzip"
                assert "immutable" in response.headers["Cache-Control"]
        finally:
            process.terminate()
            output = process.communicate(timeout=60)[0]
        assert process.returncode == 0, output
        assert f"GET /static/{paths[name]}" in output, "No access log on stdout"

    with subtests.test("the release step migrates an empty database"):
        env = production_env(image)
        result = image.run([str(image.app / RELEASE_SCRIPT)], timeout=300, **env)
        assert result.returncode == 0, result.stdout + result.stderr
        result = image.run(["python", "manage.py", "migrate", "--check"], **env)
        assert result.returncode == 0, result.stdout + result.stderr
