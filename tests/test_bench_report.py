"""The benchmark's verdicts (bench/run.py), from made-up measurements: no server runs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def size_run(bench, size: str, p50_ms: float):
    """A cold run of `size` where the floor answers 2,000 requests/s and the
    API projects list 200 (0.1 × floor) with the given p50, one query each."""
    urls = [
        {"name": "static file (floor)", "kind": "static", "path": "/s.css", "queries": 0},
        {"name": "API projects list, filtered", "kind": "api_list", "path": "/p/", "queries": 1},
    ]
    run = bench.ModeRun(mode="cold", urls=urls, floors=[2000.0, 2000.0])
    run.results = {
        "static file (floor)": bench.Measurement(2000.0, 1.0, 2.0, 0, 0, 16000),
        "API projects list, filtered": bench.Measurement(200.0, p50_ms, 20.0, 0, 0, 1600),
    }
    run.url_floor = {"API projects list, filtered": 2000.0}
    return bench.SizeRun(size=size, dataset={}, modes={"cold": run})


def growth_verdict(lines: list[str]) -> str:
    return next((line for line in lines if "large/demo" in line), "")


def test_growth_is_judged_by_the_side_by_side_measurement_when_there_is_one(bench):
    # The large run came minutes after the demo run, on a machine a third slower.
    runs = [size_run(bench, "demo", 9.0), size_run(bench, "large", 15.0)]

    separate = bench.target_checks(runs)
    assert separate[0] == "4 of 5 target checks pass."
    assert "cold p50 large/demo ≤ 1.5 | 1.667" in growth_verdict(separate)

    # Side by side, in the order demo, large, large, demo: means 10.5 and 11.0.
    side_by_side = {"API projects list, filtered": {"demo": [10.0, 11.0], "large": [10.5, 11.5]}}
    assert bench.side_by_side_growth(side_by_side["API projects list, filtered"]) == (
        10.5,
        11.0,
        pytest.approx(11.0 / 10.5),
    )
    judged = bench.target_checks(runs, side_by_side)
    assert judged[0] == "5 of 5 target checks pass."

    # A list that does grow with the data fails side by side too.
    grown = {"API projects list, filtered": {"demo": [10.0, 10.0], "large": [16.0, 15.0]}}
    missed = bench.target_checks(runs, grown)
    assert missed[0] == "4 of 5 target checks pass."
    assert "cold p50 large/demo ≤ 1.5 (side by side) | 1.550" in growth_verdict(missed)


def test_the_growth_table_shows_both_measurements(bench):
    runs = [size_run(bench, "demo", 9.0), size_run(bench, "large", 15.0)]
    side_by_side = {"API projects list, filtered": {"demo": [10.0, 11.0], "large": [10.5, 11.5]}}
    table = bench.growth_table(*runs, side_by_side)
    assert table[2] == (
        "| API projects list, filtered | 9.0 | 15.0 | 1.67 | 200 | 200 | 10.5 | 11.0 | 1.05 |"
    )
