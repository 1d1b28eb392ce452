"""Offline use: the service worker precaches the text site after the first visit, and keeps the
Python engine once the calculator has been used (never before: a reader of the guides on a
phone must not download it).

Needs the built site (``make build``, which runs scripts/build_sw.py last). The browser tests
use their own contexts with service workers allowed (the shared ``page`` fixture blocks them).
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from helpers import SITE_PAGES, load_script
from playwright.sync_api import Page, expect

from calculator.surfaces import api, share

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "shanghai-master-graduate.json"
LOAD_MS = 120_000  # bounds waiting for Pyodide's first start; not a speed assertion
PAGES = [p or "./" for p in SITE_PAGES]
# Precached: the text site, every module of the calculator page included (calculator.js
# imports the others).
TEXT_RUNTIME = [
    *(
        f"assets/calculator/{p.name}"
        for p in sorted((REPO / "docs/assets/calculator").glob("*.js"))
    ),
    "search/search_index.json",
]
# Cached on the calculator's first use only.
ENGINE = [
    "assets/pyodide/pyodide.mjs",
    "assets/pyodide/pyodide.asm.mjs",
    "assets/pyodide/pyodide.asm.wasm",
    "assets/py/pyodide-lock.json",
    "assets/py/calculator.zip",
]


build_sw = load_script("build_sw")
precompress = load_script("precompress")


@pytest.fixture(scope="module")
def sw_site(site_dir: Path) -> Path:
    if not (site_dir / "sw.js").is_file():
        pytest.fail("site/sw.js is missing: the build must end with `python scripts/build_sw.py`.")
    return site_dir


# ------------------------------------------------------------------------------------------
# The generated worker (no browser)


def test_precache_list_covers_every_page_and_the_text_runtime_only(sw_site: Path) -> None:
    files = build_sw.precache_files(sw_site)
    urls = {build_sw.url_of(rel) for rel in files}
    assert set(PAGES) <= urls
    assert set(TEXT_RUNTIME) <= urls
    assert not set(ENGINE) & urls
    assert not [rel for rel in files if rel.startswith(("assets/pyodide/", "assets/py/"))]
    assert not [rel for rel in files if rel.endswith((".map", ".br", ".gz"))]
    assert "sw.js" not in files
    assert "_headers" not in files


def test_engine_list_holds_what_the_worker_loads(sw_site: Path) -> None:
    engine = set(build_sw.engine_files(sw_site))
    assert set(ENGINE) <= engine
    for optional in ("assets/py/stdlib.zip", "assets/py/snapshot.bin", "assets/py/snapshot.bin.gz"):
        if (sw_site / optional).is_file():
            assert optional in engine
    # Never requested: the classic loader, and precompressed copies (the host picks them).
    assert "assets/pyodide/pyodide.js" not in engine
    assert not [rel for rel in engine if rel.endswith((".br", ".wasm.gz", ".mjs.gz"))]


def test_sw_js_is_up_to_date_with_the_built_files(sw_site: Path) -> None:
    files = build_sw.precache_files(sw_site)
    engine = build_sw.engine_files(sw_site)
    cache = build_sw.CACHE_PREFIX + build_sw.version(sw_site, files + engine)
    assert (sw_site / "sw.js").read_text(encoding="utf-8") == build_sw.render(files, engine, cache)


def test_calculator_page_states_the_engines_real_download_size(sw_site: Path) -> None:
    engine = build_sw.engine_files(sw_site)
    total = build_sw.engine_download_bytes(sw_site, engine)
    # e.g. 3.6 MB wasm + 6.0 MB snapshot + ... as .gz: "约 10.9 MB"
    label = build_sw.size_label(total)
    html = (sw_site / "calculator" / "index.html").read_text(encoding="utf-8")
    assert f'data-engine-size="{label}"' in html
    assert f"首次打开需下载{label}" in html
    assert build_sw.ENGINE_SIZE_FALLBACK not in html


def test_every_page_registers_the_worker_with_a_relative_url(sw_site: Path) -> None:
    assert build_sw.unregistered_pages(sw_site) == []
    for rel in PAGES:
        html = (sw_site / (rel if rel != "./" else "") / "index.html").read_text(encoding="utf-8")
        depth = rel.count("/") if rel != "./" else 0
        assert f'<script src="{"../" * depth}assets/sw-register.js" defer></script>' in html, rel


def _tiny_site(root: Path) -> Path:
    (root / "assets").mkdir(parents=True)
    (root / "assets" / "sw-register.js").write_text("// register\n", encoding="utf-8")
    (root / "a").mkdir()
    for rel, up in (("index.html", ""), ("a/index.html", "../")):
        (root / rel).write_text(
            f'<html><body><p>v1</p><script src="{up}assets/sw-register.js" '
            "defer></script></body></html>",
            encoding="utf-8",
        )
    (root / "app.js.map").write_text("{}", encoding="utf-8")
    return root


def _cache_name(site: Path) -> str:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return str(json.loads(text.split("const CACHE = ", 1)[1].split(";", 1)[0]))


def test_cache_name_follows_content_only(tmp_path: Path) -> None:
    site = _tiny_site(tmp_path / "site")
    assert build_sw.main([str(site)]) == 0
    first = _cache_name(site)
    assert build_sw.main([str(site)]) == 0  # a rebuild of the same files: same cache
    assert _cache_name(site) == first
    html = (site / "a" / "index.html").read_text(encoding="utf-8")
    (site / "a" / "index.html").write_text(html.replace("v1", "v2"), encoding="utf-8")
    assert build_sw.main([str(site)]) == 0
    assert _cache_name(site) != first
    assert "app.js.map" not in (site / "sw.js").read_text(encoding="utf-8")


def test_a_page_without_the_registration_fails_the_build(tmp_path: Path) -> None:
    site = _tiny_site(tmp_path / "site")
    (site / "b.html").write_text("<html><body></body></html>", encoding="utf-8")
    assert build_sw.main([str(site)]) == 1


# ------------------------------------------------------------------------------------------
# In the browser


def serve_module() -> ModuleType:
    return load_script("serve")


@pytest.fixture
def sw_context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", service_workers="allow")
    context.set_default_timeout(LOAD_MS)
    context.errors = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            context.errors.append(message.text)

    context.on("console", on_console)
    context.on("weberror", lambda error: context.errors.append(str(error.error)))
    try:
        yield context
    finally:
        context.close()


def poll(page: Page, script: str, arg: Any = None, timeout_s: float = 120.0) -> Any:
    """Evaluate ``script`` until it returns something truthy (bounded); that value.

    Playwright's wait_for_function evaluates its predicate with eval(), which the site's
    Content-Security-Policy rightly forbids; page.evaluate is not subject to it.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {script}")
        page.wait_for_timeout(250)


CACHE_STATE = """async () => {
  const keys = (await caches.keys()).filter((k) => k.startsWith("jzz-site-"));
  if (keys.length !== 1 || !navigator.serviceWorker.controller) return null;
  const cached = new Set((await (await caches.open(keys[0])).keys()).map((r) => r.url));
  const script = navigator.serviceWorker.controller.scriptURL;
  const source = await (await fetch(script)).text();
  const list = (name) => JSON.parse(source.split(`const ${name} = `)[1].split(";")[0])
    .map((file) => new URL(file, script).href);
  const files = list("FILES");
  // The snapshot's gzip copy (build_sw.WORKER_COPIES) is fetched, and cached, only from a host
  // that sends the snapshot raw; this test's server sends its brotli copy.
  const engine = list("ENGINE").filter((url) => !url.endsWith(".gz"));
  return {
    name: keys[0],
    complete: files.every((url) => cached.has(url)),
    engine: engine.filter((url) => cached.has(url)).length,
    engineTotal: engine.length,
  };
}"""


def wait_until_precached(page: Page, not_named: str = "") -> str:
    """Wait for the worker to control the page and its one cache to hold every text file."""
    state = poll(
        page,
        f"async () => {{ const s = await ({CACHE_STATE})(); "
        f"return s && s.complete && s.name !== {json.dumps(not_named)} ? s.name : null; }}",
    )
    return str(state)


def cache_state(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(CACHE_STATE))


def test_guides_and_calculator_work_offline_after_one_visit(
    sw_site: Path, base_url: str, sw_context: Any
) -> None:
    page = sw_context.new_page()
    requested: list[str] = []
    sw_context.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + "/")
    wait_until_precached(page)
    page.wait_for_timeout(1000)  # anything else the worker would fetch in the background
    # Reading costs the text site only: no engine file was fetched, by the page or the worker.
    assert cache_state(page)["engine"] == 0
    assert not [url for url in requested if "/assets/py" in url], requested

    # Using the calculator once (online) keeps the engine.
    page.goto(f"{base_url}/calculator/")
    expect(page.locator("#calc")).to_have_attribute("data-engine", "ready", timeout=LOAD_MS)
    poll(
        page,
        f"async () => {{ const s = await ({CACHE_STATE})(); "
        "return s && s.engine === s.engineTotal; }",
    )

    sw_context.set_offline(True)
    for rel in PAGES:
        if rel == "calculator/":
            continue
        page.goto(f"{base_url}/{rel}")
        expect(page.locator("article h1").first).to_be_visible()

    answers = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    want = json.loads(api.evaluate(json.dumps(answers, ensure_ascii=False)))
    assert want["ok"], want
    page.goto(f"{base_url}/calculator/#{share.fragment(answers)}")
    expect(page.locator("#calc")).to_have_attribute("data-engine", "ready", timeout=LOAD_MS)
    expect(page.get_by_test_id("total")).to_have_text(str(want["result"]["total"]))
    # A page never visited and not in the site gives the cached 404 page, not a browser error.
    page.goto(f"{base_url}/no-such-page/")
    expect(page.locator("article h1").first).to_contain_text("404")
    assert not sw_context.errors or all("ERR_INTERNET_DISCONNECTED" in e for e in sw_context.errors)


@pytest.fixture
def deep_copy(tmp_path: Path, sw_site: Path) -> Iterator[tuple[str, Path]]:
    """The built site copied under /deploy/v/ of a fresh server: another base path."""
    site = tmp_path / "root" / "deploy" / "v"
    shutil.copytree(sw_site, site)
    server = serve_module().make_server(tmp_path / "root", "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}/deploy/v/", site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_new_deploy_replaces_the_old_cache_under_any_base_path(
    deep_copy: tuple[str, Path], sw_context: Any
) -> None:
    url, site = deep_copy
    page = sw_context.new_page()
    page.goto(url)
    first = wait_until_precached(page)
    scope = page.evaluate("navigator.serviceWorker.controller.scriptURL")
    assert scope == url + "sw.js"

    # Deploy a changed page: rebuild sw.js for the copy, as `make build` would...
    index = site / "index.html"
    marker = "新版本标记"
    html = index.read_text(encoding="utf-8")
    index.write_text(
        html.replace("</article>", f"<p id='deploy-marker'>{marker}</p></article>", 1),
        encoding="utf-8",
    )
    assert build_sw.main([str(site)]) == 0
    # ...and its precompressed copies, which the server sends instead of the files.
    assert precompress.main([str(site)]) == 0

    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    second = wait_until_precached(page, not_named=first)
    assert second != first
    # Only the new cache is left.
    assert page.evaluate("caches.keys()") == [second]

    sw_context.set_offline(True)
    page.goto(url)
    expect(page.locator("#deploy-marker")).to_have_text(marker)
