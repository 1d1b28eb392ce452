"""Shared fixtures for the browser tests.

- ``site_dir``: the built site (``make build``); fails clearly if it is missing.
- ``base_url``: a threaded static server for ``site/`` on a free loopback port, with the MIME
  types Pyodide needs (scripts/serve.py).
- ``bench_server``: scripts/bench.py's counting server for ``site/`` (base URL, its state).
- ``browser``: Debian's chromium driven by Playwright (Playwright cannot download a browser here).
- ``page``: a fresh page per test. It records console errors, uncaught page errors and every
  request URL (workers included; the engine runs as a dedicated worker there, see below), and
  fails the test if there was a console or page error or if any request left the site's origin.
  The records are on the page object for explicit asserts: ``page.console_errors``,
  ``page.page_errors``, ``page.request_urls``, ``page.foreign_requests`` and ``page.base_url``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from helpers import load_script

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "site"

# Debian's Chromium is launched as the bench launches it (scripts/bench.py `launch`: its flags,
# and the browser's own address-bar popup pages turned off).
LAUNCH = load_script("bench").launch
# An init script after which the calculator page starts a dedicated worker (see ``page``).
NO_SHARED_WORKER = load_script("bench").NO_SHARED_WORKER
# Waiting bound for Playwright actions; Pyodide's first start in a worker takes seconds on a
# 2-core machine. This is not an assertion about speed.
DEFAULT_TIMEOUT_MS = 120_000
# Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension", "chrome", "devtools"}


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_foreign(url: str, base_url: str) -> bool:
    """True if ``url`` would leave the site's origin (local schemes never do)."""
    scheme = urlsplit(url).scheme
    if scheme in LOCAL_SCHEMES:
        return False
    return origin_of(url) != origin_of(base_url)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} is missing or incomplete: run `make build` first (`make test` does).")
    return SITE


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    serve = load_script("serve")
    with serve.running(serve.make_server(site_dir, "127.0.0.1", 0, quiet=True)) as url:
        yield url


@pytest.fixture(scope="session")
def bench_server(site_dir: Path) -> Iterator[tuple[str, Any]]:
    """scripts/bench.py's counting server for ``site/`` (as a host serves it); (base URL, state)."""
    bench = load_script("bench")
    state = bench.ServerState(
        root=site_dir, mime=bench._mime_types(), compress=True, cache_control="no-cache"
    )
    with bench.serving(state) as url:
        yield url, state


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium not found: run `make chromium` (apt-get install -y chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = LAUNCH(playwright, executable)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=base_url, locale="zh-CN", service_workers="block")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page.base_url = base_url
    page.console_errors = []
    page.page_errors = []
    page.request_urls = []
    page.foreign_requests = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            location = message.location or {}
            page.console_errors.append(f"{message.text} ({location.get('url', '?')})")

    def on_request(request: Any) -> None:
        page.request_urls.append(request.url)
        if is_foreign(request.url, base_url):
            page.foreign_requests.append(request.url)

    # Checked with Chromium: the context's request event includes requests made by the page's
    # dedicated workers, and the page's console event includes the workers' console messages.
    # Neither includes a SharedWorker's (nor does context.route; Chromium 156, 2026-11-30), so
    # here the page starts its engine as a dedicated worker (prestart.js does where the browser
    # has no SharedWorker): the same worker.js, making the same requests, all of them seen. The
    # shared engine has tests of its own (test_phone_first.py).
    context.add_init_script(NO_SHARED_WORKER)
    context.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))

    yield page

    context.close()
    problems = []
    if page.console_errors:
        problems.append("console errors:\n  " + "\n  ".join(page.console_errors))
    if page.page_errors:
        problems.append("uncaught page errors:\n  " + "\n  ".join(page.page_errors))
    if page.foreign_requests:
        problems.append(
            "requests outside the site's origin:\n  " + "\n  ".join(page.foreign_requests)
        )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
