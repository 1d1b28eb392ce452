"""Phone first (issue 12): what a reader downloads, and how the site is served.

- No page loads Mermaid: the guides' flowcharts are HTML step lists.
- Bytes, counted by the bench's server (scripts/bench.py, which serves the precompressed copies
  as a host would): a guide page alone stays within 1.0 MB; opening only the home page, its
  service worker's precache included, stays within 1.5 MB. No speed is asserted here.
- The service worker precaches no engine file (also in tests/test_offline.py), and with the
  browser's data saver on it is not even registered.
- scripts/precompress.py writes faithful .gz/.br copies; scripts/serve.py chooses them by
  Accept-Encoding, with the original type, Vary, the security headers and the site's 404 page.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import brotli
import pytest
from helpers import load_script
from playwright.sync_api import expect

from calculator.surfaces import api

bench = load_script("bench")
build_sw = load_script("build_sw")
inline_prestart = load_script("inline_prestart")
precompress = load_script("precompress")
serve = load_script("serve")

GUIDES = ["shanghai/guide/", "hangzhou/guide/"]
GUIDE_PAGE_LIMIT = 1_000_000  # issue 12: a guide page costs at most 1.0 MB
HOME_VISIT_LIMIT = 1_500_000  # issue 12: the home page with its service worker, at most 1.5 MB


@contextlib.contextmanager
def watched_page(
    browser: Any, service_workers: str, init_script: str = "", shared: bool = False
) -> Iterator[tuple[Any, list[str]]]:
    """A fresh zh-CN page and the list of every URL its context requests (workers included).
    Unless ``shared``, the engine runs as a dedicated worker, whose requests Playwright sees
    and routes (conftest.py's ``page`` says why)."""
    context = browser.new_context(locale="zh-CN", service_workers=service_workers)
    if init_script:
        context.add_init_script(init_script)
    if not shared:
        context.add_init_script(bench.NO_SHARED_WORKER)
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    try:
        yield context.new_page(), urls
    finally:
        context.close()


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ------------------------------------------------------------------------------------------
# No Mermaid


def test_no_built_page_or_file_mentions_mermaid(site_dir: Path) -> None:
    for path in html_pages(site_dir):
        assert "mermaid" not in path.read_text(encoding="utf-8").lower(), path
    assert not [p for p in site_dir.rglob("*") if "mermaid" in p.name.lower()]
    package = json.loads((site_dir.parent / "package.json").read_text(encoding="utf-8"))
    assert "mermaid" not in package["dependencies"]


@pytest.mark.parametrize(
    ("guide", "steps", "branches"),
    [
        # Shanghai: nine steps in a row, no branch.
        ("shanghai/guide/", 9, 0),
        # Hangzhou: six steps; online/offline, objection yes/no, settlement/school: 3 x 2.
        ("hangzhou/guide/", 6, 6),
    ],
)
def test_flowcharts_are_ordered_step_lists(
    site_dir: Path, guide: str, steps: int, branches: int
) -> None:
    html = (site_dir / guide / "index.html").read_text(encoding="utf-8")
    start = html.index('<ol class="flow-steps"')
    block = html[start : html.index("</ol>", start)]
    assert 'aria-label="' in block[: block.index(">")]
    # Top-level items are the steps; branch items sit in nested lists.
    assert block.count("<li>") == steps + branches
    assert block.count('<ul class="flow-branches">') == (branches + 1) // 2


# ------------------------------------------------------------------------------------------
# Bytes a reader downloads (browser)


@pytest.mark.browser
@pytest.mark.parametrize("guide", GUIDES)
def test_a_guide_page_costs_at_most_1_mb(
    browser: Any, bench_server: tuple[str, Any], guide: str
) -> None:
    base, state = bench_server
    sent = bench.bytes_of_visit(browser, base + guide, state, False)
    assert sent <= GUIDE_PAGE_LIMIT, f"{guide}: {sent} bytes"
    assert sent > 10_000  # the page itself was counted


@pytest.mark.browser
def test_guide_page_requests_no_mermaid_and_shows_its_steps(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    base, _ = bench_server
    with watched_page(browser, "block") as (page, urls):
        for guide in GUIDES:
            page.goto(base + guide, wait_until="load")
            steps = page.locator("ol.flow-steps > li")
            assert steps.count() >= 6
            assert steps.first.is_visible()
        assert urls and not [url for url in urls if "mermaid" in url.lower()]


@pytest.mark.browser
def test_opening_the_home_page_costs_at_most_1_5_mb_with_the_service_worker(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    base, state = bench_server
    sent = bench.bytes_of_visit(browser, base, state, True)
    assert sent <= HOME_VISIT_LIMIT, f"{sent} bytes"


def test_service_worker_precaches_no_engine_file(site_dir: Path) -> None:
    source = (site_dir / "sw.js").read_text(encoding="utf-8")
    files = json.loads(source.split("const FILES = ", 1)[1].split(";", 1)[0])
    engine = json.loads(source.split("const ENGINE = ", 1)[1].split(";", 1)[0])
    assert "assets/pyodide/pyodide.asm.wasm" in engine
    assert "assets/pyodide/pyodide.asm.wasm" not in files
    assert not [f for f in files if f.startswith(("assets/pyodide/", "assets/py/"))]
    # Nothing precached is large: the biggest text file (the search index) is well under 1 MB.
    biggest = max(
        (site_dir / ("index.html" if f == "./" else f)).stat().st_size
        for f in files
        if not f.endswith("/")
    )
    assert biggest < 1_000_000


@pytest.mark.browser
def test_with_save_data_nothing_is_registered_or_fetched_in_the_background(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    base, _ = bench_server
    save_data = "Object.defineProperty(navigator, 'connection', { value: { saveData: true } });"
    with watched_page(browser, "allow", save_data) as (page, urls):
        page.goto(base, wait_until="load")
        page.wait_for_timeout(6000)  # past sw-register.js's idle wait (at most 5 s)
        assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []
        assert not [url for url in urls if url.endswith("/sw.js")]


# ------------------------------------------------------------------------------------------
# Precompressed copies and the server that sends them


def test_precompressed_copies_decode_to_the_original(tmp_path: Path) -> None:
    text = ("积分申请流程 " * 400).encode("utf-8")
    (tmp_path / "index.html").write_bytes(text)
    (tmp_path / "tiny.js").write_bytes(b"x = 1;\n")  # under MIN_BYTES: left alone
    (tmp_path / "pack.zip").write_bytes(text)  # an archive: never recompressed
    count, raw, totals = precompress.precompress(tmp_path)
    assert (count, raw) == (1, len(text))
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == text
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == text
    assert totals[".br"] == (tmp_path / "index.html.br").stat().st_size
    assert not (tmp_path / "tiny.js.gz").exists()
    assert not (tmp_path / "pack.zip.gz").exists()
    first = (tmp_path / "index.html.gz").read_bytes()
    (tmp_path / "index.html.gz").unlink()
    precompress.precompress(tmp_path)
    assert (tmp_path / "index.html.gz").read_bytes() == first  # reproducible


def test_build_wrote_copies_for_the_engine_and_pages(site_dir: Path) -> None:
    for rel in ("index.html", "assets/pyodide/pyodide.asm.wasm", "sw.js"):
        for suffix in (".gz", ".br"):
            copy = site_dir / (rel + suffix)
            assert copy.is_file(), copy
            assert copy.stat().st_size < (site_dir / rel).stat().st_size


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
        ("gzip;q=1.0, br;q=0", {"gzip"}),  # q=0 refuses br
        ("BR ; q=0.5", {"br"}),
        ("identity", {"identity"}),
        ("", set()),
        ("gzip;q=abc", set()),  # an unreadable weight counts as a refusal
    ],
)
def test_accepted_encodings(header: str, expected: set[str]) -> None:
    assert serve.accepted_encodings(header) == expected


@pytest.fixture(scope="module")
def site_server(site_dir: Path) -> Iterator[str]:
    with serve.running(serve.make_server(site_dir, "127.0.0.1", 0, quiet=True)) as url:
        yield url


def get(url: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=30)
    try:
        connection.request("GET", parts.path, headers={"Accept-Encoding": accept})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("accept", "coding"),
    [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("", None)],
)
@pytest.mark.parametrize(
    ("path", "rel", "content_type"),
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide.asm.wasm", "application/wasm"),
        ("/sw.js", "sw.js", "text/javascript; charset=utf-8"),
    ],
)
def test_server_sends_the_precompressed_copy_the_browser_accepts(
    site_server: str,
    site_dir: Path,
    accept: str,
    coding: str | None,
    path: str,
    rel: str,
    content_type: str,
) -> None:
    status, headers, body = get(site_server + path, accept)
    assert status == 200
    assert headers["content-type"] == content_type
    assert headers["vary"] == "Accept-Encoding"
    assert headers.get("content-encoding") == coding
    assert int(headers["content-length"]) == len(body)
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda b: b}[coding]
    assert decode(body) == (site_dir / rel).read_bytes()


def test_server_sends_the_headers_a_meta_tag_cannot_and_the_sites_404_page(
    site_server: str, site_dir: Path
) -> None:
    status, headers, _ = get(site_server + "/", "")
    assert status == 200
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == "frame-ancestors 'none'"
    status, headers, body = get(site_server + "/no-such-page/", "gzip")
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert body == (site_dir / "404.html").read_bytes()
    assert headers["x-content-type-options"] == "nosniff"


def test_headers_file_matches_the_server(site_dir: Path) -> None:
    text = (site_dir.parent / "docs" / "_headers").read_text(encoding="utf-8")
    for name, value in serve.SECURITY_HEADERS.items():
        assert f"  {name}: {value}\n" in text
    assert (site_dir / "_headers").is_file()  # copied into the site for the host


# True once every engine file the page requested (all but the worker's fallback copies) is cached.
ENGINE_CACHED = """async (copies) => {
  const keys = (await caches.keys()).filter((k) => k.startsWith("jzz-site-"));
  if (keys.length !== 1) return false;
  const source = await (await fetch(new URL("../sw.js", location.href))).text();
  const engine = JSON.parse(source.split("const ENGINE = ")[1].split(";")[0]);
  const cached = (await (await caches.open(keys[0])).keys()).map((r) => r.url);
  return engine.filter((file) => !copies.includes(file))
    .every((file) => cached.includes(new URL("../" + file, location.href).href));
}"""


@pytest.mark.browser
def test_first_calculator_visit_downloads_the_engine_once(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    """With the service worker, a first visit costs the page's own bytes plus the text precache
    (at most HOME_VISIT_LIMIT), never the engine a second time (it used to fetch the wasm twice)."""
    base, state = bench_server
    link = bench.share_link(base, bench.DEFAULT_EXAMPLE)
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.add_init_script(bench.PROBE)
    try:
        bench.wait_idle(state)
        state.reset()
        bench.first_score(context.new_page(), link)
        bench.wait_idle(state)
        alone = state.bytes_sent
    finally:
        context.close()
    context = browser.new_context(locale="zh-CN", service_workers="allow")
    context.add_init_script(bench.PROBE)
    try:
        bench.wait_idle(state)
        state.reset()
        page = context.new_page()
        bench.first_score(page, link)
        deadline = time.monotonic() + 120
        while not page.evaluate(ENGINE_CACHED, list(build_sw.WORKER_COPIES.values())):
            assert time.monotonic() < deadline, "the engine was never cached"
            page.wait_for_timeout(250)
        bench.wait_idle(state)
        with_worker = state.bytes_sent
    finally:
        context.close()
    assert alone > 3_000_000  # the engine itself was counted
    assert alone <= with_worker <= alone + HOME_VISIT_LIMIT, (alone, with_worker)


# ------------------------------------------------------------------------------------------
# The memory snapshot: brotli from a host that sends precompressed copies, gzip otherwise

SNAPSHOT = "assets/py/snapshot.bin"


def test_snapshot_has_a_brotli_copy_smaller_than_its_gzip_copy(site_dir: Path) -> None:
    raw = (site_dir / SNAPSHOT).read_bytes()
    br = (site_dir / (SNAPSHOT + ".br")).read_bytes()
    gz = (site_dir / (SNAPSHOT + ".gz")).read_bytes()
    # 9.97 MB raw (zero runs left out) -> about 3.2 MB brotli (quality 10) against 4.5 MB
    # gzip on 2026-11-30
    assert len(br) < len(gz) < len(raw) // 2
    assert brotli.decompress(br) == raw
    assert gzip.decompress(gz) == raw


def test_engine_download_counts_the_snapshot_once(site_dir: Path) -> None:
    engine = build_sw.engine_files(site_dir)
    assert SNAPSHOT in engine
    assert SNAPSHOT + ".gz" in engine  # requested by the worker itself on a host sending raw
    counted = [rel for rel in engine if rel not in build_sw.WORKER_COPIES.values()]
    expected = sum(
        (site_dir / (rel + ".gz") if (site_dir / (rel + ".gz")).is_file() else site_dir / rel)
        .stat()
        .st_size
        for rel in counted
    )
    assert build_sw.engine_download_bytes(site_dir, engine) == expected


class PacedRawState(bench.ServerState):
    """The bench's counting server with compression off (a host that sends every file as is),
    sending the snapshot at about 6 MB/s, as over a fast phone link rather than loopback: there
    most of the 10 MB can be out before the worker's cancel arrives (6.5 MB at 25 MB/s while
    the full suite ran), which tells nothing."""

    def count_body(self, path: str, n: int) -> None:
        super().count_body(path, n)
        if path.endswith(SNAPSHOT):
            time.sleep(0.04)  # after each 256 KB chunk


@pytest.fixture(scope="module")
def raw_host(site_dir: Path) -> Iterator[tuple[str, Any]]:
    """A host that sends every file as is (see PacedRawState)."""
    state = PacedRawState(
        root=site_dir, mime=bench._mime_types(), compress=False, cache_control="no-cache"
    )
    with bench.serving(state) as url:
        yield url, state


@pytest.mark.browser
@pytest.mark.parametrize("host", ["bench_server", "raw_host"])
def test_snapshot_is_never_sent_raw_in_full(
    browser: Any, site_dir: Path, host: str, request: pytest.FixtureRequest
) -> None:
    """A compressing host sends the snapshot's brotli copy; a host that sends it raw (10 MB) is
    cut off after a part of it, and the worker inflates the gzip copy (4.5 MB) instead. Either
    way the engine starts from the snapshot and shows the first score."""
    base, state = request.getfixturevalue(host)
    raw_size = (site_dir / SNAPSHOT).stat().st_size
    with watched_page(browser, "block", bench.PROBE) as (page, urls):
        bench.wait_idle(state)
        state.reset()
        bench.first_score(page, bench.share_link(base, bench.DEFAULT_EXAMPLE))
        bench.wait_idle(state)
        stages = page.evaluate("window.__bench.messages")
        sent = dict(state.bytes_by_path)
    assert [m[3] for m in stages if m[0] == "progress" and m[1] == "package"] == [True]
    snapshot_url = urlsplit(base).path + SNAPSHOT
    if host == "bench_server":
        assert sent[snapshot_url] == (site_dir / (SNAPSHOT + ".br")).stat().st_size
        assert snapshot_url + ".gz" not in sent
    else:
        assert sent[snapshot_url + ".gz"] == (site_dir / (SNAPSHOT + ".gz")).stat().st_size
        assert sent.get(snapshot_url, 0) < raw_size // 2, sent.get(snapshot_url)
    assert any(url.endswith(SNAPSHOT) for url in urls)


def _truncated(site_dir: Path) -> bytes:
    raw = (site_dir / SNAPSHOT).read_bytes()
    return gzip.compress(raw[: len(raw) * 2 // 3], 1)


@pytest.mark.browser
@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda site: gzip.compress(b"not a snapshot" * 100), id="not-a-snapshot"),
        # The span table is whole, so Pyodide takes the array and instantiates its module
        # before the file ends: the module factory then fails, and loadPyodide with it.
        pytest.param(_truncated, id="truncated"),
    ],
)
def test_a_broken_snapshot_starts_python_the_ordinary_way(
    browser: Any, site_dir: Path, bench_server: tuple[str, Any], body: Any
) -> None:
    base, _state = bench_server
    with watched_page(browser, "block", bench.PROBE) as (page, _urls):
        page.context.route(
            "**/" + SNAPSHOT,
            lambda route: route.fulfill(
                status=200,
                body=body(site_dir),
                headers={"Content-Type": "application/octet-stream", "Content-Encoding": "gzip"},
            ),
        )
        bench.first_score(page, bench.share_link(base, bench.DEFAULT_EXAMPLE))
        stages = page.evaluate("window.__bench.messages")
        total = page.get_by_test_id("total").inner_text()
    # The engine reports that it did not start from the snapshot, and still scores: the same
    # total as Python's evaluate for the example.
    assert [m[3] for m in stages if m[0] == "progress" and m[1] == "package"] == [False]
    expected = json.loads(api.evaluate(bench.DEFAULT_EXAMPLE.read_text(encoding="utf-8")))
    assert str(expected["result"]["total"]) in total


# ------------------------------------------------------------------------------------------
# One engine for every calculator page of a build, alive a while after the last one closes


def test_prestart_names_the_engine_by_the_builds_engine_version(site_dir: Path) -> None:
    page = (site_dir / build_sw.CALCULATOR_PAGE).read_text(encoding="utf-8")
    version = build_sw.engine_version(site_dir, build_sw.engine_files(site_dir))
    assert re.fullmatch(r"[0-9a-f]{16}", version)
    # Right after the policy and the viewport: before any style sheet, which would hold it back.
    # Written inline (no request before the engine starts), the same text as the file.
    head = page[: page.index("</head>")]
    script = (site_dir / inline_prestart.SCRIPT).read_text(encoding="utf-8")
    tag = (
        f'<script data-src="../assets/calculator/prestart.js" data-engine="{version}">'
        f"{script}</script>"
    )
    assert tag in head
    assert head.index(tag) < head.index('rel="stylesheet"')
    assert head.index('http-equiv="Content-Security-Policy"') < head.index(tag)
    assert "prestart.js" not in page.replace('data-src="../assets/calculator/prestart.js"', "")


PRESTART_TAG = '<script src="../assets/calculator/prestart.js" data-engine="unstamped"></script>'


@pytest.mark.parametrize(
    ("html", "script", "expected"),
    [
        # the linked tag becomes the script inline; its URL stays in data-src
        (
            f"<head>{PRESTART_TAG}</head>",
            "go();",
            (
                '<head><script data-src="../assets/calculator/prestart.js"'
                ' data-engine="unstamped">go();</script></head>',
                1,
            ),
        ),
        # a page without it is left as it is
        ('<head><script src="x.js"></script></head>', "go();", None),
        # at the site's root the path has no ../
        (
            '<script src="assets/calculator/prestart.js" data-engine="v"></script>',
            "a",
            ('<script data-src="assets/calculator/prestart.js" data-engine="v">a</script>', 1),
        ),
    ],
)
def test_inline_prestart_replaces_the_tag(
    html: str, script: str, expected: tuple[str, int] | None
) -> None:
    assert inline_prestart.inline(html, script) == (expected or (html, 0))


@pytest.mark.parametrize("script", ["x = '</script>';", "x = '</SCRIPT >';", "// <!-- y"])
def test_inline_prestart_refuses_text_that_would_end_the_script(script: str) -> None:
    with pytest.raises(inline_prestart.InlineError):
        inline_prestart.inline(f"<head>{PRESTART_TAG}</head>", script)


@pytest.mark.browser
def test_a_second_page_finds_the_engine_ready(browser: Any, bench_server: tuple[str, Any]) -> None:
    """The first page starts the engine as a SharedWorker and is closed; the next page of the
    same browser connects to the engine still running: it hears "ready" first, with no start-up
    stage before it, and scores. A page that cannot make a SharedWorker starts its own."""
    base, _state = bench_server
    link = bench.share_link(base, bench.DEFAULT_EXAMPLE)
    with watched_page(browser, "block", bench.PROBE, shared=True) as (page, _urls):
        bench.first_score(page, link)
        first = [m[0] for m in page.evaluate("window.__bench.messages")]
        page.close()
        again = page.context.new_page()
        bench.first_score(again, link)
        second = [(m[0], m[1]) for m in again.evaluate("window.__bench.messages")]
        total = again.get_by_test_id("total").inner_text()
        again.close()
        alone = page.context.new_page()
        alone.add_init_script(bench.NO_SHARED_WORKER)
        bench.first_score(alone, link)
        third = [m[0] for m in alone.evaluate("window.__bench.messages")]
    assert first[0] == "progress" and "ready" in first
    assert second[0] == ("ready", "")
    assert "progress" not in [kind for kind, _stage in second]
    expected = json.loads(api.evaluate(bench.DEFAULT_EXAMPLE.read_text(encoding="utf-8")))
    assert str(expected["result"]["total"]) in total
    assert third[0] == "progress" and "ready" in third


# ------------------------------------------------------------------------------------------
# The calculator page holds Material's search index back until the first score is drawn


def search_hrefs(page: Any, query: str) -> list[str]:
    """Type ``query`` into Material's search box; the result links, once there are any."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=30)
    box.press("End")  # Material searches on key up
    links = page.locator(".md-search-result__item a")
    links.first.wait_for()
    return [str(links.nth(i).evaluate("a => a.href")) for i in range(links.count())]


# When the page first requested a file whose URL matches the pattern given (or null).
REQUESTED = """(pattern) => {
  const entry = performance.getEntriesByType("resource")
    .find((e) => new RegExp(pattern).test(e.name));
  return entry ? entry.startTime : null;
}"""
SEARCH_INDEX = r"/search/search_index\.json$"
SEARCH_WORKER = r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$"


@pytest.mark.browser
def test_calculator_page_fetches_the_search_index_after_the_first_score(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    """From a share link the index, and the worker that search builds it in, are requested only
    once the score is on screen, and search still finds a guide page from the calculator page."""
    base, _ = bench_server
    with watched_page(browser, "block", bench.PROBE) as (page, _urls):
        page.set_viewport_size({"width": 1280, "height": 800})
        bench.first_score(page, bench.share_link(base, bench.DEFAULT_EXAMPLE))
        scored = page.evaluate("window.__bench.firstScore")
        for pattern in (SEARCH_INDEX, SEARCH_WORKER):
            page.wait_for_function(REQUESTED, arg=pattern)
            assert page.evaluate(REQUESTED, pattern) >= scored, pattern
        hrefs = search_hrefs(page, "异议")
    assert any(urlsplit(h).path.endswith("/hangzhou/guide/") for h in hrefs), hrefs


@pytest.mark.browser
def test_search_on_an_empty_calculator_page_works_at_once(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    """No answers, so no score to wait for: opening search releases the index straight away."""
    base, _ = bench_server
    with watched_page(browser, "block") as (page, _urls):
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(base + bench.CALCULATOR_PAGE)
        hrefs = search_hrefs(page, "社保基数")
    assert any("/shanghai/" in urlsplit(h).path for h in hrefs), hrefs


@pytest.mark.browser
def test_first_score_does_not_wait_for_the_library_or_the_package_files(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    """The memory snapshot has imported what a score needs: with stdlib.zip and calculator.zip
    held back by the network, a share link's score still appears (Pyodide starts on an empty
    archive). Both are requested after the engine is up, and once they arrive a QR code (segno,
    from calculator.zip, imported then) is drawn: the worker has put both in place."""
    base, _ = bench_server
    held: dict[str, Any] = {}
    with watched_page(browser, "block", bench.PROBE) as (page, _urls):

        def hold(route: Any) -> None:
            held[route.request.url.rsplit("/", 1)[-1]] = route

        for name in ("stdlib.zip", "calculator.zip"):
            page.context.route(f"**/assets/py/{name}", hold)
        page.set_viewport_size({"width": 1280, "height": 800})
        bench.first_score(page, bench.share_link(base, bench.DEFAULT_EXAMPLE))
        stages = page.evaluate("window.__bench.messages")
        assert [m[3] for m in stages if m[0] == "progress" and m[1] == "package"] == [True]
        page.wait_for_timeout(200)
        assert sorted(held) == ["calculator.zip", "stdlib.zip"]  # requested, still unanswered
        for route in held.values():
            route.continue_()
        page.get_by_test_id("share").click()
        expect(page.get_by_test_id("share-qr").locator("svg")).to_be_visible(timeout=30_000)


# ------------------------------------------------------------------------------------------
# A share link is read and scored in one call that prestart.js sends before the page's scripts

# Records every call the page sends to a dedicated engine, and when the calculator's script has
# booted (#calc[data-booted]) and when the engine state reached "ready" (#calc[data-engine]).
CALLS_PROBE = r"""
(() => {
  const record = { calls: [], booted: null, engineReady: null, registered: null };
  Object.defineProperty(window, "__calls", { value: record });
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (data, ...rest) {
    if (data && data.fn) record.calls.push([data.fn, String(data.id), performance.now()]);
    return post.call(this, data, ...rest);
  };
  new MutationObserver(() => {
    const calc = document.getElementById("calc");
    if (!calc) return;
    if (record.booted === null && calc.dataset.booted) record.booted = performance.now();
    if (record.engineReady === null && calc.dataset.engine === "ready") {
      record.engineReady = performance.now();
    }
  }).observe(document, {
    subtree: true, attributes: true, attributeFilter: ["data-booted", "data-engine"],
  });
  if (window.ServiceWorkerContainer) {
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (...args) {
      if (record.registered === null) record.registered = performance.now();
      return register.apply(this, args);
    };
  }
})();
"""


@pytest.mark.browser
def test_a_share_link_is_scored_in_one_call_sent_before_the_page_script(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    """prestart.js sends the link to the engine (open_link) before the calculator's own script
    has run; the page takes that answer and asks neither decode_link nor evaluate before the
    score is drawn (the plan follows it)."""
    base, _ = bench_server
    with watched_page(browser, "block", bench.PROBE + CALLS_PROBE) as (page, _urls):
        bench.first_score(page, bench.share_link(base, bench.DEFAULT_EXAMPLE))
        first_score = page.evaluate("window.__bench.firstScore")
        record = page.evaluate("window.__calls")
        total = page.get_by_test_id("total").inner_text()
    assert (record["calls"][0][0], record["calls"][0][1]) == ("open_link", "early-link")
    assert record["calls"][0][2] < record["booted"]
    # Until the score is drawn: the link's one call, and at most the plan that drawing it asks
    # for in the same task (the probe notes the score after that task's script has run).
    before = [fn for fn, _call_id, at in record["calls"] if at <= first_score]
    assert before.count("open_link") == 1
    assert set(before) <= {"open_link", "plan"}
    expected = json.loads(api.evaluate(bench.DEFAULT_EXAMPLE.read_text(encoding="utf-8")))
    assert str(expected["result"]["total"]) in total


@pytest.mark.browser
def test_a_link_answered_before_the_page_script_still_holds_the_search_index(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    """With the shared engine already running, the link's answer reaches the page before its
    script has run; the search index still waits until the score is drawn."""
    base, _ = bench_server
    link = bench.share_link(base, bench.DEFAULT_EXAMPLE)
    with watched_page(browser, "block", bench.PROBE, shared=True) as (page, _urls):
        bench.first_score(page, link)
        again = page.context.new_page()
        bench.first_score(again, link)
        messages = again.evaluate("window.__bench.messages")
        again.wait_for_function(REQUESTED, arg=SEARCH_INDEX)
        started = again.evaluate(REQUESTED, SEARCH_INDEX)
        assert messages[0][0] == "ready"
        assert started >= again.evaluate("window.__bench.firstScore")


@pytest.mark.browser
@pytest.mark.parametrize("link", [False, True], ids=["empty form", "share link"])
def test_calculator_page_registers_the_service_worker_after_the_engine_is_ready(
    browser: Any, bench_server: tuple[str, Any], link: bool
) -> None:
    """The text site's precache would compete with the engine's start, and then with its first
    answer: on the calculator page the service worker is registered only once the engine is
    ready and, from a share link, once the link's score is shown (on other pages after load)."""
    base, _ = bench_server
    url = bench.share_link(base, bench.DEFAULT_EXAMPLE) if link else base + bench.CALCULATOR_PAGE
    with watched_page(browser, "allow", bench.PROBE + CALLS_PROBE) as (page, _urls):
        page.goto(url)
        page.wait_for_function("() => window.__calls.registered !== null", timeout=60_000)
        record = page.evaluate("window.__calls")
        scored = page.evaluate("window.__bench.firstScore")
        page.wait_for_function("() => Boolean(navigator.serviceWorker.controller)")
    assert record["engineReady"] is not None
    assert record["registered"] >= record["engineReady"]
    if link:
        assert scored is not None
        assert record["registered"] >= scored


# Every requestAnimationFrame call prestart.js makes (told by its stack: prestart.js is inline
# in the page, so its frames name the page's own URL, where the page's modules name their
# files), and when the early link's answer reached the page and how far the page had loaded.
FRAMES_PROBE = r"""
(() => {
  const record = { prestartFrames: [], answer: null, answerState: null };
  Object.defineProperty(window, "__frames", { value: record });
  const request = window.requestAnimationFrame.bind(window);
  const inPage = /\/calculator\/(#[^\s)]*)?:\d+:\d+/;
  window.requestAnimationFrame = (callback) => {
    const callers = (new Error().stack || "").split("\n").slice(2).join("\n");
    if (inPage.test(callers)) record.prestartFrames.push(performance.now());
    return request(callback);
  };
  const Shared = window.SharedWorker;
  if (!Shared) return;
  window.SharedWorker = class extends Shared {
    constructor(...args) {
      super(...args);
      this.port.addEventListener("message", (event) => {
        if ((event.data || {}).id === "early-link" && record.answer === null) {
          record.answer = performance.now();
          record.answerState = document.readyState;
        }
      });
    }
  };
})();
"""


@pytest.mark.browser
def test_a_link_answered_while_the_page_loads_keeps_frames_coming_until_the_score(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    """With the shared engine running, the link's answer comes while the page still loads:
    prestart.js then keeps a frame requested, and stops once the score is drawn. A page without
    a link never does."""
    base, _ = bench_server
    link = bench.share_link(base, bench.DEFAULT_EXAMPLE)
    with watched_page(browser, "block", bench.PROBE + FRAMES_PROBE, shared=True) as (page, _):
        page.goto(base + bench.CALCULATOR_PAGE)
        page.wait_for_function("() => document.readyState === 'complete'")
        page.wait_for_timeout(500)
        assert page.evaluate("window.__frames.prestartFrames") == []  # no link, no frames
        bench.first_score(page, link)  # the engine is now running
        again = page.context.new_page()
        bench.first_score(again, link)
        again.wait_for_timeout(500)  # time for a loop left running to show
        frames = again.evaluate("window.__frames")
        scored = again.evaluate("window.__bench.firstScore")
    assert frames["answer"] is not None
    if frames["answerState"] != "complete":
        assert frames["prestartFrames"], "no frame was kept requested during the load"
    # Otherwise this machine was slow enough that the page had loaded first: no frames are kept
    # for the load, but the theme may wait for the score's frame (holdThemeWhileEngineStarts).
    # Either way, none before the answer and none after the score was drawn.
    if frames["prestartFrames"]:
        assert min(frames["prestartFrames"]) >= frames["answer"]
        assert max(frames["prestartFrames"]) <= scored


@pytest.mark.browser
@pytest.mark.parametrize(
    "fragment",
    [
        "#p=v1.%00%3Cscript%3E",  # not a link this site makes
        "#p=",  # empty
        "#p=" + "A" * 300_000,  # far too long
    ],
)
def test_a_broken_link_answered_while_the_page_loads_keeps_no_frames(
    browser: Any, bench_server: tuple[str, Any], fragment: str
) -> None:
    """An early answer with no score in it (the page shows a notice and a blank form) needs no
    frames kept for it."""
    base, _ = bench_server
    link = bench.share_link(base, bench.DEFAULT_EXAMPLE)
    with watched_page(browser, "block", bench.PROBE + FRAMES_PROBE, shared=True) as (page, _):
        bench.first_score(page, link)  # the engine is now running
        again = page.context.new_page()
        again.goto(base + bench.CALCULATOR_PAGE + fragment)
        again.wait_for_function("() => window.__frames.answer !== null")
        again.locator('[data-testid="notice"]').wait_for(state="visible")
        again.wait_for_timeout(500)
        frames = again.evaluate("window.__frames")
    assert frames["prestartFrames"] == []


# ------------------------------------------------------------------------------------------
# The calculator page runs the theme's scripts after DOMContentLoaded, and after a share
# link's score when the link was answered while the page loaded

THEME_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")


def test_only_the_calculator_page_holds_the_theme_scripts(site_dir: Path) -> None:
    """The calculator page names Material's bundle in an inert block for prestart.js to fetch
    and run (no preload: its download and compilation would compete with the engine's start);
    every other page runs it as the theme does."""
    calculator = site_dir / build_sw.CALCULATOR_PAGE
    page = calculator.read_text(encoding="utf-8")
    held = re.findall(
        r'<script type="text/plain" data-theme-script data-src="([^"]+)"></script>', page
    )
    assert len(held) == 1 and THEME_BUNDLE.search(held[0]), held
    assert (calculator.parent / held[0]).resolve().is_file()
    assert not re.search(r"<script src=[^>]*" + THEME_BUNDLE.pattern, page)
    assert not re.search(r"<link[^>]*" + THEME_BUNDLE.pattern, page)
    others = [p for p in html_pages(site_dir) if p != calculator]
    assert len(others) > 5
    for other in others:
        text = other.read_text(encoding="utf-8")
        assert re.search(r'<script src="[^"]*' + THEME_BUNDLE.pattern + '"></script>', text), other
        assert "data-theme-script" not in text, other


# When the theme's bundle is put into the page, how far the page had loaded, whether the total
# showed a number, and when the first (the browser's own) DOMContentLoaded fired.
THEME_PROBE = r"""
(() => {
  const record = { inserted: null, state: null, scored: null, loaded: null };
  Object.defineProperty(window, "__theme", { value: record });
  document.addEventListener("DOMContentLoaded", () => {
    if (record.loaded === null) record.loaded = performance.now();
  });
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (record.inserted !== null || node.tagName !== "SCRIPT") continue;
        if (!/javascripts\/bundle\./.test(node.src || "")) continue;
        record.inserted = performance.now();
        record.state = document.readyState;
        const total = document.querySelector('[data-testid="total"]');
        record.scored = /\d/.test((total && total.textContent) || "");
      }
    }
  }).observe(document, { subtree: true, childList: true });
})();
"""


def theme_switches_colours(page: Any) -> bool:
    """The theme has started: it shows one colour toggle, which switches the scheme."""
    before = page.evaluate("document.body.dataset.mdColorScheme")
    toggle = page.locator('label.md-header__button[for^="__palette_"]:not([hidden])')
    toggle.first.wait_for(state="visible")
    toggle.first.click()
    page.wait_for_function(
        "(before) => document.body.dataset.mdColorScheme !== before", arg=before, timeout=5_000
    )
    return True


def ready_at(page: Any) -> float | None:
    """When the page heard the engine's "ready" (ms), from bench.PROBE."""
    messages = page.evaluate("window.__bench.messages")
    return next((m[2] for m in messages if m[0] == "ready"), None)


THEME_LIMIT_MS = 1000  # prestart.js holdThemeWhileEngineStarts: LIMIT_MS after DOMContentLoaded


@pytest.mark.browser
def test_the_theme_waits_for_the_engine_or_a_links_score_and_not_when_it_runs(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    """A first visit: the theme's bundle is put in once the engine is ready (at most a second
    after DOMContentLoaded). With the shared engine running, a plain visit gets it in the
    DOMContentLoaded task, and a link once its score is on screen. The theme works in every
    case (its colour switch)."""
    base, _ = bench_server
    link = bench.share_link(base, bench.DEFAULT_EXAMPLE)
    probes = bench.PROBE + FRAMES_PROBE + THEME_PROBE
    with watched_page(browser, "block", probes, shared=True) as (page, _):
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(base + bench.CALCULATOR_PAGE)
        page.wait_for_function("() => window.__theme.inserted !== null")
        first = page.evaluate("window.__theme")
        page.wait_for_function("() => window.__bench.messages.some((m) => m[0] === 'ready')")
        first_ready = ready_at(page)
        assert theme_switches_colours(page)

        plain = page.context.new_page()  # the engine is now running
        plain.set_viewport_size({"width": 1280, "height": 800})
        plain.goto(base + bench.CALCULATOR_PAGE)
        plain.wait_for_function("() => window.__theme.inserted !== null")
        warm_plain = plain.evaluate("window.__theme")
        assert theme_switches_colours(plain)

        again = page.context.new_page()
        again.set_viewport_size({"width": 1280, "height": 800})
        bench.first_score(again, link)
        again.wait_for_function("() => window.__theme.inserted !== null")
        theme = again.evaluate("window.__theme")
        frames = again.evaluate("window.__frames")
        scored = again.evaluate("window.__bench.firstScore")
        assert theme_switches_colours(again)
    assert first["inserted"] >= first["loaded"]
    assert first_ready is not None
    # Once the engine was ready, or at the limit, whichever came first (a few ms of slack for
    # the timer and the message's task).
    assert first["inserted"] >= min(first_ready, first["loaded"] + THEME_LIMIT_MS) - 20
    assert warm_plain["state"] == "interactive"  # in the DOMContentLoaded task
    if frames["answer"] is not None and frames["answer"] < theme["loaded"]:
        assert theme["scored"] is True
        assert theme["inserted"] >= scored
    else:
        # This machine was slow enough that the page had loaded before the answer.
        assert theme["state"] == "interactive"


@pytest.mark.browser
def test_a_first_visit_from_a_link_runs_the_theme_after_the_score_or_at_the_limit(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    base, _ = bench_server
    link = bench.share_link(base, bench.DEFAULT_EXAMPLE)
    with watched_page(browser, "block", bench.PROBE + THEME_PROBE, shared=True) as (page, _):
        bench.first_score(page, link)
        page.wait_for_function("() => window.__theme.inserted !== null")
        theme = page.evaluate("window.__theme")
        scored = page.evaluate("window.__bench.firstScore")
        assert theme_switches_colours(page)
    if theme["scored"]:
        assert theme["inserted"] >= scored
    else:
        assert theme["inserted"] >= theme["loaded"] + THEME_LIMIT_MS - 20


@pytest.mark.browser
@pytest.mark.parametrize("reader", ["waits", "presses a key"])
def test_the_theme_starts_at_the_limit_or_when_the_reader_acts(
    browser: Any, bench_server: tuple[str, Any], reader: str
) -> None:
    """An engine that never becomes ready (its script replaced by one that does nothing): the
    theme starts a second after DOMContentLoaded, or at once when the reader presses a key."""
    base, _ = bench_server
    with watched_page(browser, "block", THEME_PROBE) as (page, _):
        page.context.route(
            "**/assets/calculator/worker.js",
            lambda route: route.fulfill(body="// never ready", content_type="text/javascript"),
        )
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(base + bench.CALCULATOR_PAGE, wait_until="domcontentloaded")
        if reader == "presses a key":
            page.keyboard.press("Tab")
            pressed = page.evaluate("performance.now()")
        page.wait_for_function("() => window.__theme.inserted !== null")
        theme = page.evaluate("window.__theme")
        assert theme_switches_colours(page)
    if reader == "waits":
        assert theme["inserted"] >= theme["loaded"] + THEME_LIMIT_MS - 20
    else:
        assert theme["inserted"] <= pressed + 500
        assert theme["inserted"] < theme["loaded"] + THEME_LIMIT_MS


# What else was on the page when the total first showed a number: the city the form held, and
# how many result lines and checklist items there were.
FORM_AT_SCORE_PROBE = r"""
(() => {
  const record = { cityAtScore: undefined, linesAtScore: null, itemsAtScore: null };
  Object.defineProperty(window, "__formAtScore", { value: record });
  new MutationObserver((changes, observer) => {
    const total = document.querySelector('[data-testid="total"]');
    if (!total || !/\d/.test(total.textContent || "")) return;
    const city = document.querySelector('#calc-form input[name="city"]:checked');
    record.cityAtScore = city ? city.value : null;
    record.linesAtScore = document.querySelectorAll('[data-testid="line"]').length;
    record.itemsAtScore = document.querySelectorAll('[data-testid="checklist-item"]').length;
    observer.disconnect();
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();
"""


@pytest.mark.browser
def test_a_links_score_is_drawn_before_its_answers_fill_the_form(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    """Filling the form lays it out anew for the link's city, and building the result's lines
    and checklist takes a while: the score (with the verdict and when to apply) comes first;
    the lines, the checklist and the form with the link's answers a frame later, and the plan
    is asked for then."""
    base, _ = bench_server
    link = bench.share_link(base, bench.DEFAULT_EXAMPLE)
    answers = json.loads(bench.DEFAULT_EXAMPLE.read_text(encoding="utf-8"))
    expected = json.loads(api.evaluate(bench.DEFAULT_EXAMPLE.read_text(encoding="utf-8")))
    with watched_page(browser, "block", bench.PROBE + FORM_AT_SCORE_PROBE) as (page, _urls):
        bench.first_score(page, link)
        at_score = page.evaluate("window.__formAtScore")
        assert at_score == {"cityAtScore": None, "linesAtScore": 0, "itemsAtScore": 0}
        expect(page.get_by_test_id("verdict")).to_have_text(
            expected["result"]["verdict"]["headline"]
        )
        city = page.locator(f'#calc-form input[name="city"][value="{answers["city"]}"]')
        page.wait_for_function("(node) => node.checked", arg=city.element_handle())
        page.get_by_test_id("whatif").first.wait_for()
        total = page.get_by_test_id("total").inner_text()
        expect(page.get_by_test_id("line")).to_have_count(len(expected["result"]["lines"]))
        expect(page.get_by_test_id("checklist-item")).to_have_count(len(expected["checklist"]))
    assert str(expected["result"]["total"]) in total


# ------------------------------------------------------------------------------------------
# Chinese text is drawn in a font the page names, not found by the browser's fallback

# (page, an element whose text is Chinese only)
CHINESE_TEXT = [
    ("", ".md-content p"),
    ("shanghai/guide/", ".md-content h1"),
    ("calculator/", ".calc-city legend"),
]


def families(css: str) -> list[str]:
    return [name.strip().strip("\"'") for name in css.split(",")]


@pytest.mark.browser
def test_chinese_text_is_drawn_in_a_font_the_page_names(browser: Any, base_url: str) -> None:
    """Material's font list names Latin fonts only; extra.css adds the Chinese system fonts of
    each platform, so the browser need not search for a font for every run of Chinese text.
    The machine `make test` sets up has one of them (fonts-wqy-zenhei)."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        for path, selector in CHINESE_TEXT:
            page.goto(base_url + "/" + path)
            element = page.locator(selector).first
            named = families(element.evaluate("(node) => getComputedStyle(node).fontFamily"))
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            drew = max(used, key=lambda font: font["glyphCount"])["familyName"]
            assert drew in named, (path, drew, named)
            assert named.index(drew) < named.index("sans-serif"), (path, named)
    finally:
        context.close()


# ------------------------------------------------------------------------------------------
# The calculator page is drawn once its calculator has been read

EXPECT_LINK = re.compile(r'<link rel="expect" href="#([^"]+)" blocking="render">')


def test_calculator_page_waits_to_be_drawn_until_its_last_element_is_read(site_dir: Path) -> None:
    """The calculator page's head holds a render-blocking ``expect`` link to the calculator's
    last element (the labels block build_form.py writes after the results and the scenarios):
    the browser does not lay out the partial pages between the parser's chunks. No other page
    holds one."""
    calculator = site_dir / build_sw.CALCULATOR_PAGE
    page = calculator.read_text(encoding="utf-8")
    head, body = page.split("</head>", 1)
    targets = EXPECT_LINK.findall(head)
    assert targets == ["calc-labels"]
    assert body.count(f'id="{targets[0]}"') == 1
    at = body.index(f'id="{targets[0]}"')
    for earlier in ('id="calc-form"', 'id="calc-results"', 'id="calc-scenarios"'):
        assert body.index(earlier) < at, earlier
    assert body.index("<!-- calculator-form:end -->") > at
    for other in html_pages(site_dir):
        if other != calculator:
            assert 'rel="expect"' not in other.read_text(encoding="utf-8"), other


# The first paint, and when the calculator's last element (the expect link's target) was put
# into the document.
FIRST_PAINT_PROBE = r"""
(() => {
  const record = { target: null, paint: null };
  Object.defineProperty(window, "__drawn", { value: record });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (record.paint === null) record.paint = entry.startTime;
    }
  }).observe({ type: "paint", buffered: true });
  new MutationObserver(() => {
    if (record.target === null && document.getElementById("calc-labels")) {
      record.target = performance.now();
    }
  }).observe(document, { subtree: true, childList: true });
})();
"""


@pytest.mark.browser
@pytest.mark.parametrize("link", [False, True], ids=["empty form", "share link"])
def test_calculator_page_is_first_drawn_after_its_calculator_is_read(
    browser: Any, bench_server: tuple[str, Any], link: bool
) -> None:
    """Without the expect link Chromium paints the page while the parser is still in the form
    (on this machine the first paint came 0.05-0.07 s before the end of the calculator's
    markup); with it, the first paint comes after the calculator's last element is in."""
    base, _ = bench_server
    url = bench.share_link(base, bench.DEFAULT_EXAMPLE) if link else base + "calculator/"
    with watched_page(browser, "block", FIRST_PAINT_PROBE) as (page, _urls):
        page.goto(url)
        expect(page.get_by_test_id("status")).to_be_attached()
        page.wait_for_function("window.__drawn.paint !== null")
        record = page.evaluate("window.__drawn")
        assert record["target"] is not None
        assert record["paint"] >= record["target"], record


# ------------------------------------------------------------------------------------------
# A start from the snapshot reads a lock file without packages

FULL_LOCK = "assets/pyodide/pyodide-lock.json"
TRIMMED_LOCK = "assets/py/pyodide-lock.json"


def test_trimmed_lock_file_keeps_pyodides_info_and_no_package(site_dir: Path) -> None:
    """scripts/snapshot.mjs writes Pyodide's lock file with its `info` (the ABI version Pyodide
    checks) and no package: the calculator loads none."""
    full = json.loads((site_dir / FULL_LOCK).read_text(encoding="utf-8"))
    trimmed = json.loads((site_dir / TRIMMED_LOCK).read_text(encoding="utf-8"))
    assert len(full["packages"]) > 100
    assert trimmed == {"info": full["info"], "packages": {}}
    assert (site_dir / TRIMMED_LOCK).stat().st_size < 1000


@pytest.mark.browser
def test_a_start_from_the_snapshot_fetches_the_trimmed_lock_file_only(
    browser: Any, bench_server: tuple[str, Any]
) -> None:
    base, _ = bench_server
    with watched_page(browser, "block", bench.PROBE) as (page, urls):
        bench.first_score(page, bench.share_link(base, bench.DEFAULT_EXAMPLE))
        stages = page.evaluate("window.__bench.messages")
    assert [m[3] for m in stages if m[0] == "progress" and m[1] == "package"] == [True]
    paths = [urlsplit(url).path for url in urls]
    assert "/" + TRIMMED_LOCK in paths
    assert "/" + FULL_LOCK not in paths
