"""The benchmark script's own logic (scripts/bench.py): its statistics, its report, its server.

Speed itself is measured by running the script (`make bench`), never asserted here.
"""

from __future__ import annotations

import gzip
import http.client
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from helpers import load_script

bench = load_script("bench")
REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5.0], 95, 5.0),  # one value is every percentile
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),  # rank ceil(4 * 0.50) = 2
        ([4.0, 3.0, 2.0, 1.0], 75, 3.0),  # sorted first; rank ceil(4 * 0.75) = 3
        ([float(v) for v in range(1, 21)], 95, 19.0),  # rank ceil(20 * 0.95) = 19
        ([float(v) for v in range(1, 51)], 95, 48.0),  # rank ceil(50 * 0.95) = 48 (47.5 up)
        ([1.0, 9.0], 100, 9.0),  # rank 2, the maximum
    ],
)
def test_percentile_is_nearest_rank(values: list[float], q: float, expected: float) -> None:
    assert bench.percentile(values, q) == expected


def samples(**lists: Any) -> Any:
    base: dict[str, Any] = {
        "cold_s": [3.0],
        "warm_s": [2.4],
        "warm_dedicated_s": [2.7],
        "plain_s": [1.5],
        "recompute_ms": [10.0, 20.0],
        "input_to_result_ms": [160.0, 170.0],
        "pyodide_bare_s": [4.95],
        "engine_bare_s": [1.2],
        "transfer_bytes": 9_000_000,
        "transfer_requests": 20,
        "phone_first_score_s": [9.0],
        "phone_home_s": [1.5],
        "home_visit_bytes": 900_000,
        "guide_page_bytes": 400_000,
    }
    base.update(lists)
    return bench.Samples(**base)


@pytest.mark.parametrize(
    ("given", "key", "expected"),
    [
        ({}, "first_score_cold_s", 3.0),
        ({"cold_s": [2.0, 9.0, 3.0]}, "first_score_cold_s", 3.0),  # median of three
        ({}, "cold_to_plain_ratio", 2.0),  # 3.0 s / 1.5 s
        ({}, "machine_factor", 1.5),  # bare Pyodide 4.95 s / the 3.3 s
        ({"pyodide_bare_s": [3.3, 9.9, 6.6]}, "machine_factor", 2.0),  # median 6.6 / 3.3
        ({}, "cold_to_pyodide_bare_ratio", 0.61),  # 3.0 / 4.95 = 0.606
        ({}, "first_score_cold_scaled_s", 2.0),  # 3.0 s / factor 1.5
        ({}, "first_score_warm_scaled_s", 1.6),  # 2.4 s / factor 1.5
        ({}, "engine_bare_s", 1.2),
        ({}, "recompute_p95_ms", 20.0),  # rank ceil(2 * 0.95) = 2
        # Issue 12's figures.
        ({}, "phone_ratio", 6.0),  # phone first score 9.0 s / phone home page 1.5 s
        ({"phone_first_score_s": [20.0, 12.0, 30.0]}, "phone_ratio", 13.33),  # median 20 / 1.5
        ({}, "phone_first_score_s", 9.0),
        ({}, "phone_home_s", 1.5),
        ({}, "cold_to_engine_bare_ratio", 2.5),  # cold 3.0 s / bare engine 1.2 s
        ({}, "warm_to_cold_ratio", 0.8),  # warm 2.4 s / cold 3.0 s
        ({}, "first_score_warm_dedicated_s", 2.7),
        ({}, "warm_dedicated_to_cold_ratio", 0.9),  # dedicated-worker warm 2.7 s / cold 3.0 s
        ({}, "calc_transfer_bytes", 9_000_000),  # the same count as transfer_bytes
        ({}, "home_visit_bytes", 900_000),
        ({}, "guide_page_bytes", 400_000),
    ],
)
def test_summary_figures(given: dict[str, Any], key: str, expected: float) -> None:
    assert bench.summarise(samples(**given))[key] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("given", "row", "verdict"),
    [
        ({"cold_s": [0.9]}, "cold first score", "< 1.0 s ok"),
        ({"cold_s": [1.0]}, "cold first score", "< 1.0 s MISSED"),  # the bound is strict
        ({"warm_s": [0.6]}, "warm first score", "< 0.5 s MISSED"),
        ({"transfer_bytes": 7_000_000}, "transfer, calculator page", "<= 7 MB ok"),  # inclusive
        ({"transfer_bytes": 7_000_001}, "transfer, calculator page", "<= 7 MB MISSED"),
        ({"recompute_ms": [16.0]}, "recompute p95", "<= 16 ms ok"),
        ({"recompute_ms": [17.0]}, "recompute p95", "<= 16 ms MISSED"),
        ({"home_visit_bytes": 1_500_000}, "home page visit", "<= 1.5 MB ok"),
        ({"home_visit_bytes": 1_500_001}, "home page visit", "<= 1.5 MB MISSED"),
        ({"guide_page_bytes": 1_000_001}, "guide page alone", "<= 1.0 MB MISSED"),
        ({}, "  phone first score / phone home page", "<= 6x ok"),  # 9.0 / 1.5 = 6.0
        ({"phone_first_score_s": [9.2]}, "  phone first score /", "<= 6x MISSED"),  # 6.13
        ({}, "  cold first score / bare engine", "<= 1.2x MISSED"),  # 2.5
        ({"engine_bare_s": [2.5]}, "  cold first score / bare engine", "<= 1.2x ok"),  # 1.2
        ({}, "  warm / cold", "<= 0.4x MISSED"),  # 0.8
        ({"warm_s": [1.2]}, "  warm / cold", "<= 0.4x ok"),  # 1.2 / 3.0 = 0.4
        ({}, "  cold first score / bare Pyodide", "<= 0.35x MISSED"),  # 0.61
    ],
)
def test_table_marks_each_target(given: dict[str, Any], row: str, verdict: str) -> None:
    lines = bench.table(bench.summarise(samples(**given))).splitlines()
    line = next(line for line in lines if line.startswith(row))
    assert line.endswith(verdict)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=30)
    try:
        connection.request("GET", parts.path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("path", "must_contain"),
    [
        ("__bench/pyodide.html", b'new Worker("pyodide-worker.js"'),
        ("__bench/pyodide-worker.js", b"loadPyodide({ indexURL: index })"),
        ("__bench/engine.html", b'new Worker("../assets/calculator/worker.js"'),
    ],
)
def test_reference_pages_are_served_from_memory(
    bench_server: tuple[str, Any], site_dir: Path, path: str, must_contain: bytes
) -> None:
    base, _ = bench_server
    status, headers, body = get(base + path, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert must_contain in gzip.decompress(body)
    assert not (site_dir / path).exists()  # nothing was written into the site


@pytest.mark.parametrize("name", ["assets/pyodide/pyodide.mjs", "assets/calculator/worker.js"])
def test_reference_pages_load_files_the_site_has(site_dir: Path, name: str) -> None:
    assert (site_dir / name).is_file()


@pytest.mark.parametrize(
    ("accept", "coding", "suffix"),
    [("gzip, deflate, br", "br", ".br"), ("gzip", "gzip", ".gz")],
)
def test_site_files_are_served_from_the_builds_precompressed_copies(
    bench_server: tuple[str, Any], site_dir: Path, accept: str, coding: str, suffix: str
) -> None:
    base, _ = bench_server
    rel = "assets/pyodide/pyodide.asm.wasm"
    status, headers, body = get(base + rel, {"Accept-Encoding": accept})
    assert status == 200
    assert headers["Content-Type"] == "application/wasm"
    assert headers["Content-Encoding"] == coding
    assert body == (site_dir / (rel + suffix)).read_bytes()


def test_site_files_still_served_with_revalidation(bench_server: tuple[str, Any]) -> None:
    base, _ = bench_server
    status, headers, _ = get(base + "calculator/", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Cache-Control"] == "no-cache"
    again, _, body = get(
        base + "calculator/", {"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]}
    )
    assert (again, body) == (304, b"")
    assert get(base + "../pyproject.toml")[0] == 404  # nothing outside the site


def test_bare_engine_page_gives_the_calculators_answer(
    bench_server: tuple[str, Any], browser: Any
) -> None:
    """The reference page speaks the worker's protocol (a change there must show up here)."""
    base, _ = bench_server
    example = (REPO / "examples" / "shanghai-master-graduate.json").read_text(encoding="utf-8")
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(base + "__bench/engine.html#" + quote(example, safe=""))
        bare = bench.wait_for_probe(page, "at", "window.__bare")
    finally:
        context.close()
    result = json.loads(bare["value"])
    assert result["ok"] is True
    assert result["result"]["total"] > 0


@pytest.mark.parametrize(
    ("playwright_list", "extra", "expected"),
    [
        ("A,B", ("C",), "A,B,C"),  # Playwright's list kept, then ours
        ("A,B", ("B", "C"), "A,B,C"),  # a name already there is not repeated
        ("", ("C", "D"), "C,D"),  # Playwright passed none
        ("A,,B", (), "A,B"),  # empty names dropped
    ],
)
def test_merged_features(playwright_list: str, extra: tuple[str, ...], expected: str) -> None:
    assert bench.merged_features(playwright_list, extra) == expected


def test_the_browser_builds_none_of_its_own_ui_pages(browser: Any) -> None:
    """Chromium as the bench and the tests launch it: no address-bar popup renderer competes
    with the page (its features stay off, and Playwright's own list is still applied)."""
    assert bench.browser_ui_targets(browser) == []


def meta(tid: int, name: str) -> dict[str, Any]:
    return {"ph": "M", "name": "thread_name", "pid": 1, "tid": tid, "args": {"name": name}}


def task(tid: int, ts: float, dur: float, name: str = "RunTask", url: str = "") -> dict[str, Any]:
    args = {"data": {"url": url}} if url else {}
    return {"ph": "X", "name": name, "pid": 1, "tid": tid, "ts": ts, "dur": dur, "args": args}


# Times in microseconds, as Chrome writes them; the summary is in milliseconds.
TRACE = [
    meta(1, "CrRendererMain"),
    meta(2, "DedicatedWorker thread"),
    meta(3, "DedicatedWorker thread"),
    meta(4, "ThreadPoolForegroundWorker"),
    meta(5, "ThreadPoolForegroundWorker"),
    task(1, 0, 100_000),
    task(1, 50_000, 100_000, "ThreadControllerImpl::RunTask"),  # overlaps: union 0..150 ms
    task(1, 10_000, 30_000, "Layout"),
    task(1, 60_000, 30_000, "Layout"),  # layout: 30 + 30 = 60 ms
    task(1, 20_000, 5_000, "InlineNode::ShapeTextIncludingFirstLine"),
    task(2, 0, 400_000),
    task(2, 1_000, 1_000, "EvaluateScript", url="http://x/assets/calculator/worker.js"),
    task(2, 9_000, 1_000, "EvaluateScript", url="http://x/assets/pyodide/pyodide.asm.mjs"),
    task(3, 0, 70_000),
    task(3, 500, 100, "EvaluateScript", url="http://x/workers/search.js"),
    task(4, 0, 20_000, "ThreadPool_RunTask"),
    task(5, 5_000, 20_000, "ThreadPool_RunTask"),  # another pool thread: 20 + 20 = 40 ms
    {"ph": "B", "name": "RunTask", "pid": 1, "tid": 1, "ts": 0},  # no duration: ignored
]


@pytest.mark.parametrize(
    ("label", "ms"),
    [
        ("DedicatedWorker thread (worker.js)", 400.0),  # named by its first script
        ("CrRendererMain", 150.0),  # 0..100 and 50..150 ms overlap: 150, not 200
        ("DedicatedWorker thread (search.js)", 70.0),
        ("ThreadPoolForegroundWorker", 40.0),  # two threads of one name added up
        ("main thread: layout", 60.0),
        ("main thread:   of which text shaping", 5.0),
    ],
)
def test_trace_summary(label: str, ms: float) -> None:
    assert dict(bench.summarise_trace(TRACE))[label] == pytest.approx(ms)


def test_trace_summary_lists_threads_longest_first_then_main_thread_parts() -> None:
    labels = [label for label, _ in bench.summarise_trace(TRACE)]
    assert labels == [
        "DedicatedWorker thread (worker.js)",
        "CrRendererMain",
        "DedicatedWorker thread (search.js)",
        "ThreadPoolForegroundWorker",
        "main thread: layout",
        "main thread:   of which text shaping",
    ]


@pytest.mark.parametrize(
    ("spans", "ms"),
    [
        ([], 0.0),
        ([(0, 1_000)], 1.0),
        ([(0, 1_000), (2_000, 3_000)], 2.0),  # apart: 1 + 1
        ([(0, 3_000), (1_000, 2_000)], 3.0),  # nested: the outer one
        ([(1_000, 4_000), (0, 2_000)], 4.0),  # unsorted, overlapping: 0..4
    ],
)
def test_union_of_spans(spans: list[tuple[float, float]], ms: float) -> None:
    assert bench._union_ms(spans) == pytest.approx(ms)
