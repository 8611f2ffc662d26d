"""`make fuzz`: schemathesis against the content API's OpenAPI schema.

Starts the local production-like server (ops/stack.py: gunicorn on
127.0.0.1, demo content), lets schemathesis generate requests for every
operation of /api/v2/schema/ and checks each response: no server error, a
status code, content type, headers and body that the schema allows. Prints
and writes a summary (var/ops/fuzz-summary.md) and exits non-zero on any
failure, failed request or server-side traceback.

Environment: OPS_DATABASE_URL (default: SQLite in var/ops/fuzz.sqlite3),
FUZZ_MAX_EXAMPLES (per operation, default 50), FUZZ_WORKERS (2), FUZZ_SEED,
FUZZ_PHASES (default: examples,coverage,fuzzing).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
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

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


def main() -> int:
    port = free_port()
    database_url = os.environ.get("OPS_DATABASE_URL") or f"sqlite:///{VAR / 'fuzz.sqlite3'}"
    env = environment(port, database_url)
    prepare(env)
    report = VAR / "fuzz-report"
    shutil.rmtree(report, ignore_errors=True)
    log = VAR / "fuzz-gunicorn.log"
    seed = os.environ.get("FUZZ_SEED") or str(int(datetime.datetime.now().timestamp()))
    with gunicorn(env, port, log) as url:
        command = [
            str(BIN / "schemathesis"),
            "run",
            f"{url}/api/v2/schema/?response_format=json",
            "--checks",
            CHECKS,
            "--phases",
            os.environ.get("FUZZ_PHASES", "examples,coverage,fuzzing"),
            "--max-examples",
            os.environ.get("FUZZ_MAX_EXAMPLES", "50"),
            "--workers",
            os.environ.get("FUZZ_WORKERS", "2"),
            "--seed",
            seed,
            "--request-timeout",
            "30",
            "--continue-on-failure",
            "--suppress-health-check",
            "too_slow,filter_too_much",
            "--report",
            "junit,ndjson",
            "--report-dir",
            str(report),
        ]
        step(" ".join(command[1:]))
        started = datetime.datetime.now(datetime.UTC)
        result = subprocess.run(
            command,
            cwd=BASE_DIR,
            env={**env, "NO_COLOR": "1"},
            capture_output=True,
            text=True,
        )
        finished = datetime.datetime.now(datetime.UTC)
    output = result.stdout + result.stderr
    (VAR / "fuzz-output.txt").write_text(output)
    sys.stdout.write(output)
    tracebacks = server_errors(log)
    summary = summarise(output, report, seed, started, finished, result.returncode, tracebacks)
    (VAR / "fuzz-summary.md").write_text(summary)
    sys.stdout.write("\n" + summary)
    return 0 if result.returncode == 0 and not tracebacks else 1


def summarise(output, report: Path, seed, started, finished, code, tracebacks) -> str:
    counts = count_events(report)
    lines = [
        f"Fuzz run {started:%Y-%m-%d %H:%M} UTC, {(finished - started).seconds} s, seed {seed}",
        f"- checks: {CHECKS.replace(',', ', ')}",
        f"- API operations: {counts.get('operations', '?')}; "
        f"requests sent and answered: {counts.get('requests', '?')} "
        f"(network errors: {counts.get('network_errors', 0)})",
        f"- responses by status: {counts.get('statuses', {})}",
        f"- failed checks: {counts.get('failures', '?')}; "
        f"server-side tracebacks in the gunicorn log: {len(tracebacks)}",
        f"- schemathesis exit code: {code}",
    ]
    tail = [line for line in output.splitlines() if re.search(r"(passed|failed|error)", line)]
    lines += [f"- schemathesis: {line.strip()}" for line in tail[-3:]]
    return "\n".join(lines) + "\n"


def count_events(report: Path) -> dict:
    """Requests, statuses and failed checks from schemathesis' NDJSON event stream."""
    path = next(iter(sorted(report.glob("ndjson-*.ndjson"))), None)
    if path is None:
        return {}
    requests = network_errors = failures = 0
    statuses: dict[str, int] = {}
    operations = set()
    for line in path.read_text().splitlines():
        scenario = json.loads(line).get("ScenarioFinished")
        if not scenario:
            continue
        recorder = scenario.get("recorder") or {}
        operations.add(recorder.get("label"))
        for interaction in (recorder.get("interactions") or {}).values():
            response = interaction.get("response")
            if response is None:
                network_errors += 1
                continue
            requests += 1
            key = str(response["status_code"])
            statuses[key] = statuses.get(key, 0) + 1
        for checks in (recorder.get("checks") or {}).values():
            failures += sum(1 for check in checks if check.get("status") == "failure")
    return {
        "requests": requests,
        "statuses": dict(sorted(statuses.items())),
        "failures": failures,
        "network_errors": network_errors,
        "operations": len(operations - {None}),
    }


if __name__ == "__main__":
    raise SystemExit(main())
