"""Measure how fast the calculator answers, in headless Debian Chromium (a script, not a test).

It serves the built site from a loopback static server that compresses like a real host (the
build's precompressed .br/.gz copies by Accept-Encoding, other compressible files gzipped once,
with ETag/Last-Modified revalidation), then measures, each over several repetitions, with the
median reported:

- cold first score: a new browser context (empty HTTP cache) opens the calculator page with an
  example profile in the share link (``python -m calculator link``); the time from navigation
  start until ``data-testid="total"`` shows the number and the frame after it;
- warm first score: the same link again in a new tab of the same context, the first tab closed
  (HTTP cache, code cache and service worker, if any, are warm; so is the engine itself where it
  is a SharedWorker that outlives its pages, as prestart.js starts it in Chromium);
- warm first score with a dedicated worker: the same again in a third tab in which the page
  cannot make a SharedWorker, so it starts its own engine from the caches, as on browsers
  without shared workers (Android's WebView, for one);
- plain page: a guide page's load event in a new context, in the same run;
- recompute: over 50 successive input changes, the time from the page posting ``evaluate`` to
  the worker until the rendered result (the page's deliberate debounce is reported apart, as
  input-to-result);
- transfer: bytes the server sent (headers and compressed bodies) for one cold calculator
  load until the network has been idle for TRANSFER_IDLE_S after the first score (so the files
  asked for once the score is drawn count too), with service workers blocked, so it is the
  page's own cost;
- the phone profile (CDP: 8 Mbit/s, 150 ms round trip, CPU slowed 4x): the home page's load
  event and the first score from the share link, each in a new context, the engine as a
  dedicated worker (CDP does not throttle a SharedWorker);
- bytes (one visit each): opening only the home page with its service worker until the worker
  is idle (its precache counted), and a guide page alone;
- two bare references, each in a new context, that calibrate the machine: the issue's own
  yardstick (a bare page that loads the site's Pyodide in a module worker the ordinary way and
  runs ``1 + 1``; about 3.3 s on the machine the targets were set on) and the calculator's
  worker (snapshot, trimmed stdlib, package) on a bare page until its first ``evaluate``
  answer, without the theme, the form or the search index. The pages are served by this
  script from memory under ``/__bench/``; nothing is written into the site.

With ``--trace FILE``, one more cold calculator load is recorded as a Chrome trace (FILE, for
chrome://tracing or Perfetto) and summarised as time spent in tasks per thread, worker threads
named by the first script they ran: on a 2-core machine it shows what competes with the
Python worker.

Chromium runs headless with ``CHROMIUM_ARGS``, and with the features that build its own WebUI
address-bar popup turned off (``BROWSER_UI_FEATURES_OFF``, merged into Playwright's own
``--disable-features`` list): otherwise every new page the bench opens also builds that popup in
a renderer of its own, which competes with the page on a 2-core machine. The run records any
such page it still finds (``browser_ui_targets``, expected empty).

Times are read in the page from ``performance.now()`` (relative to navigation start), so the
driver's own round trips do not count. Everything runs on 127.0.0.1; every wait is bounded.

Usage: python scripts/bench.py [--site site] [--reps 5] [--changes 50] [--out bench/results.json]
       [--cache-control no-cache] [--no-compress] [--example examples/....json]
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import hashlib
import http.server
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_EXAMPLE = REPO / "examples" / "shanghai-master-graduate.json"
PLAIN_PAGE = "shanghai/guide/"
CALCULATOR_PAGE = "calculator/"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Headless Chromium (156 here) builds its own WebUI address-bar popup
# (chrome://omnibox-popup.top-chrome/, two "browser_ui" targets in a renderer of their own) for
# every new window, so for every page the bench opens. In a trace of one warm calculator load
# (1.7 s) on this 2-core machine it took 0.37 s of main-thread and 0.36 s of pool CPU, against
# 0.56 s for the page's own main thread: the browser's own address bar, which no phone draws,
# competing with the page. These features are turned off.
BROWSER_UI_FEATURES_OFF = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup")
WAIT_MS = 120_000  # bound on every wait; not a target
# The phone profile (CDP): 8 Mbit/s both ways, 150 ms round trip, the CPU slowed 4x.
PHONE_NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 8_000_000 / 8,
    "uploadThroughput": 8_000_000 / 8,
}
PHONE_CPU_RATE = 4
HOME_PAGE = ""
IDLE_S = 0.5  # the server counts as idle after this long without a request in flight
# The calculator's transfer is counted until the server has been idle this long after the first
# score: the page asks for some files only once the score is drawn (Material's search index,
# held back by prestart.js, and what follows it), and a shorter wait could stop counting before
# they are asked for (one run counted 35 requests instead of 38).
TRANSFER_IDLE_S = 2.0
IDLE_LIMIT_S = 60.0
# What a real static host compresses (by type); zip archives are already compressed.
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/wasm",
    "application/xml",
    "image/svg+xml",
)
GZIP_LEVEL = 6
WRITE_CHUNK = 256 * 1024


@functools.cache
def _serve_module() -> Any:
    """scripts/serve.py, loaded by path (scripts/ is not a package), once: loading it took about
    3 ms of CPU, which every request paid before and which competed with the browser."""
    spec = importlib.util.spec_from_file_location("site_serve", REPO / "scripts" / "serve.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mime_types() -> dict[str, str]:
    """The MIME table of scripts/serve.py, so both servers agree."""
    table: dict[str, str] = dict(_serve_module().MIME_TYPES)
    return table


# ---------------------------------------------------------------------------------------------
# The static server


@dataclass
class Encoded:
    """One file's response body, as the server sends it."""

    body: bytes
    content_type: str
    encoding: str | None
    etag: str
    last_modified: str


@dataclass
class ServerState:
    root: Path
    mime: dict[str, str]
    compress: bool
    cache_control: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict[tuple[str, str | None], tuple[float, Encoded]] = field(default_factory=dict)
    bytes_sent: int = 0
    bytes_by_path: dict[str, int] = field(default_factory=dict)  # bodies only
    requests: int = 0
    in_flight: int = 0
    last_activity: float = field(default_factory=time.monotonic)

    def encoded(self, path: Path, accept_encoding: str) -> Encoded:
        """The file as a host sends it: its precompressed ``.br``/``.gz`` copy when the request
        accepts it (scripts/precompress.py, chosen like scripts/serve.py), else gzipped here
        when the type is compressible (a host compressing on the fly), else as it is."""
        stat = path.stat()
        content_type = self.mime.get(path.suffix, "application/octet-stream")
        choice = _serve_module().precompressed(path, accept_encoding) if self.compress else None
        coding = choice[1] if choice else None
        if coding is None and self.compress and content_type.startswith(COMPRESSIBLE):
            coding = "gzip" if "gzip" in accept_encoding else None
        key = (str(path), coding)
        with self.lock:
            hit = self.cache.get(key)
        if hit is not None and hit[0] == stat.st_mtime:
            return hit[1]
        raw = path.read_bytes()
        if choice:
            value = encode(raw, content_type, None, stat.st_mtime, body=choice[0].read_bytes())
            value.encoding = coding
            value.etag = value.etag[:-1] + f'-{coding}"'
        else:
            value = encode(raw, content_type, coding, stat.st_mtime)
        with self.lock:
            self.cache[key] = (stat.st_mtime, value)
        return value

    def bench_page(self, rel: str, want_gzip: bool) -> Encoded | None:
        """One of the in-memory reference pages (``BENCH_PAGES``), or None."""
        page = BENCH_PAGES.get(rel)
        if page is None:
            return None
        text, content_type = page
        coding = "gzip" if want_gzip and self.compress else None
        return encode(text.encode("utf-8"), content_type, coding, 0.0)

    def count(self, n: int) -> None:
        with self.lock:
            self.bytes_sent += n

    def enter(self) -> None:
        with self.lock:
            self.in_flight += 1
            self.requests += 1
            self.last_activity = time.monotonic()

    def leave(self) -> None:
        with self.lock:
            self.in_flight -= 1
            self.last_activity = time.monotonic()

    def reset(self) -> None:
        with self.lock:
            self.bytes_sent = 0
            self.bytes_by_path.clear()
            self.requests = 0

    def count_body(self, path: str, n: int) -> None:
        with self.lock:
            self.bytes_sent += n
            self.bytes_by_path[path] = self.bytes_by_path.get(path, 0) + n

    def idle_for(self) -> float:
        with self.lock:
            return 0.0 if self.in_flight else time.monotonic() - self.last_activity


def encode(
    raw: bytes, content_type: str, coding: str | None, mtime: float, body: bytes | None = None
) -> Encoded:
    """A response body as the server sends it (gzipped here when ``coding`` is "gzip" and no
    ``body`` is given), with its validators."""
    if body is None:
        body = gzip.compress(raw, GZIP_LEVEL, mtime=0) if coding == "gzip" else raw
    etag = '"' + hashlib.sha256(raw).hexdigest()[:20] + ("-gz" if coding == "gzip" else "") + '"'
    return Encoded(
        body=body,
        content_type=content_type,
        encoding=coding,
        etag=etag,
        last_modified=email.utils.formatdate(mtime, usegmt=True),
    )


class BenchHandler(http.server.BaseHTTPRequestHandler):
    """GET/HEAD of static files with gzip, ETag and a configurable Cache-Control."""

    state: ServerState  # set on a subclass by make_server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser dropped a kept-alive connection between requests

    def do_HEAD(self) -> None:
        self.serve(head=True)

    def do_GET(self) -> None:
        self.serve(head=False)

    def resolve(self) -> Path | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        root = self.state.root.resolve()
        target = (root / rel).resolve()
        if root != target and root not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def serve(self, head: bool) -> None:
        self.state.enter()
        try:
            raw_path = urlsplit(self.path).path
            accept = self.headers.get("Accept-Encoding", "")
            item = self.state.bench_page(unquote(raw_path).lstrip("/"), "gzip" in accept)
            if item is None:
                target = self.resolve()
                if target is None:
                    self.send_plain(404, b"not found")
                    return
                if target.name == "index.html" and not raw_path.endswith(("/", ".html")):
                    self.send_response(301)
                    self.send_header("Location", raw_path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                item = self.state.encoded(target, accept)
            if self.headers.get("If-None-Match") == item.etag:
                self.send_response(304)
                self.common_headers(item)
                self.end_headers()
                return
            self.send_response(200)
            self.common_headers(item)
            self.send_header("Content-Type", item.content_type)
            if item.encoding:
                self.send_header("Content-Encoding", item.encoding)
            self.send_header("Content-Length", str(len(item.body)))
            self.end_headers()
            if not head:
                # In chunks, so that a response the browser cancels counts what it was sent.
                for start in range(0, len(item.body), WRITE_CHUNK):
                    chunk = item.body[start : start + WRITE_CHUNK]
                    self.wfile.write(chunk)
                    self.state.count_body(raw_path, len(chunk))
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.state.leave()

    def common_headers(self, item: Encoded) -> None:
        self.send_header("ETag", item.etag)
        self.send_header("Last-Modified", item.last_modified)
        self.send_header("Cache-Control", self.state.cache_control)
        self.send_header("Vary", "Accept-Encoding")

    def send_plain(self, code: int, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_header(self, keyword: str, value: str) -> None:
        self.state.count(len(keyword) + len(value) + 4)
        super().send_header(keyword, value)


@contextmanager
def serving(state: ServerState) -> Iterator[str]:
    """Serve ``state.root`` on a free loopback port; yield its base URL."""
    handler = type("Handler", (BenchHandler,), {"state": state})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    with _serve_module().running(server, "bench-server") as url:
        yield url + "/"


def wait_idle(state: ServerState, idle_s: float = IDLE_S) -> None:
    deadline = time.monotonic() + IDLE_LIMIT_S
    while state.idle_for() < idle_s and time.monotonic() < deadline:
        time.sleep(0.05)


# The number of entries in the page's Cache Storage (every cache of its origin).
CACHED_ENTRIES = """async () => {
  let count = 0;
  for (const name of await caches.keys()) count += (await (await caches.open(name)).keys()).length;
  return count;
}"""
CACHE_SETTLED_S = 1.5


def wait_cached(page: Any) -> None:
    """Until the page's service worker has stopped filling Cache Storage: the text site's
    precache (which wait_idle sees at the server) and the engine's files it copies from the HTTP
    cache once the engine is ready (which the server never sees). Its entries must not change
    for CACHE_SETTLED_S; with no service worker that is at once."""
    deadline = time.monotonic() + IDLE_LIMIT_S
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = page.evaluate(CACHED_ENTRIES)
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= CACHE_SETTLED_S:
            return
        time.sleep(0.1)


# ---------------------------------------------------------------------------------------------
# In-page probes

# Runs before any page script. Records when the total first shows a number (and the frame
# after it), and wraps Worker so every `evaluate` call's post and rendered-reply times are kept.
PROBE = r"""
(() => {
  const probe = { firstScore: null, firstScoreFrame: null, evals: [], messages: [] };
  Object.defineProperty(window, "__bench", { value: probe });
  const hasNumber = () => {
    const node = document.querySelector('[data-testid="total"]');
    return node && /\d/.test(node.textContent || "") && !node.closest("[hidden]");
  };
  const watch = () => {
    const observer = new MutationObserver(() => {
      if (probe.firstScore === null && hasNumber()) {
        probe.firstScore = performance.now();
        requestAnimationFrame(() => { probe.firstScoreFrame = performance.now(); });
        observer.disconnect();
      }
    });
    observer.observe(document.documentElement,
      { subtree: true, childList: true, characterData: true, attributes: true });
  };
  if (document.documentElement) watch();
  else document.addEventListener("readystatechange", watch, { once: true });
  // Every `evaluate` post and its reply, and the worker's typed messages, on `endpoint`: a
  // dedicated Worker, or a SharedWorker's port (prestart.js uses one where it can).
  const watchEngine = (endpoint) => {
    const pending = new Map();
    const post = endpoint.postMessage.bind(endpoint);
    endpoint.postMessage = (data, ...rest) => {
      if (data && data.fn === "evaluate") pending.set(data.id, performance.now());
      return post(data, ...rest);
    };
    endpoint.addEventListener("message", (event) => {
      const data = event.data || {};
      const now = performance.now();
      if (data.type) {
        probe.messages.push([data.type, data.stage || "", now, data.snapshot, data.marks]);
      }
      if (pending.has(data.id)) {
        const posted = pending.get(data.id);
        pending.delete(data.id);
        // The page renders in the microtasks of this task; a zero timeout runs after them.
        setTimeout(() => {
          probe.evals.push({ posted, replied: now, rendered: performance.now() });
        }, 0);
      }
    });
  };
  // Every new dedicated Worker, and every new SharedWorker's port, is watched.
  const watchNew = (name, endpointOf) => {
    const Base = window[name];
    if (!Base) return;
    window[name] = class extends Base {
      constructor(...args) {
        super(...args);
        probe.workerCreated = performance.now();
        watchEngine(endpointOf(this));
      }
    };
  };
  watchNew("Worker", (worker) => worker);
  watchNew("SharedWorker", (shared) => shared.port);
})();
"""

# An init script for a page that cannot make a SharedWorker (prestart.js then starts a
# dedicated one), as in browsers without shared workers.
NO_SHARED_WORKER = "delete window.SharedWorker;"

# One input change in the page: type a new value into the first visible whole-number field and
# wait for the evaluation that follows it to be rendered.
CHANGE = r"""
async ([value, limitMs]) => {
  const probe = window.__bench;
  const input = document.querySelector(
    '#calc-form .calc-fields:not([hidden]) .calc-type-int:not([hidden]) input');
  if (!input) throw new Error("no whole-number field is visible");
  const before = probe.evals.length;
  const typed = performance.now();
  input.value = String(value);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  const deadline = typed + limitMs;
  while (performance.now() < deadline) {
    const done = probe.evals.slice(before).find((e) => e.posted >= typed);
    if (done) return { typed, ...done };
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error("no result after the change");
}
"""


# The reference pages, served from memory under /__bench/ (paths relative to the site root).
# Each sets window.__bare = {at, value} in the frame after its first answer is on screen.
_BARE_SHOW = """
const show = (value) => {
  document.getElementById("out").textContent = value;
  requestAnimationFrame(() => {
    window.__bare = { at: performance.now(), value };
  });
};
"""
BENCH_PAGES: dict[str, tuple[str, str]] = {
    # The yardstick: the site's own Pyodide, started the ordinary way (full standard
    # library, no snapshot) in a module worker, running one line of Python.
    "__bench/pyodide.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title>'
        '</head><body><p id="out">-</p><script type="module">'
        + _BARE_SHOW
        + 'const worker = new Worker("pyodide-worker.js", { type: "module" });\n'
        + "worker.onmessage = (event) => show(String(event.data));\n"
        + "</script></body></html>\n",
        "text/html; charset=utf-8",
    ),
    "__bench/pyodide-worker.js": (
        'const index = new URL("../assets/pyodide/", import.meta.url).href;\n'
        'const { loadPyodide } = await import(index + "pyodide.mjs");\n'
        "const pyodide = await loadPyodide({ indexURL: index });\n"
        'self.postMessage(String(pyodide.runPython("1 + 1")));\n',
        "text/javascript; charset=utf-8",
    ),
    # The calculator's own worker (assets/calculator/worker.js) without the page around it: the
    # profile in the fragment is evaluated as soon as the worker says it is ready.
    "__bench/engine.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare engine</title>'
        '</head><body><p id="out">-</p><script type="module">'
        + _BARE_SHOW
        + 'const worker = new Worker("../assets/calculator/worker.js", { type: "module" });\n'
        + "const profile = decodeURIComponent(location.hash.slice(1));\n"
        + "worker.onmessage = (event) => {\n"
        + "  const data = event.data || {};\n"
        + '  if (data.type === "ready") {\n'
        + '    worker.postMessage({ id: 1, fn: "evaluate", arg: profile });\n'
        + "  }\n"
        + '  else if (data.type === "fatal") show("fatal: " + data.message);\n'
        + '  else if (data.id === 1) show(data.ok ? data.result : "error: " + data.error);\n'
        + "};\n"
        + "</script></body></html>\n",
        "text/html; charset=utf-8",
    ),
}
# The figure for the yardstick page on the machines its targets were set on.
REFERENCE_BARE_PYODIDE_S = 3.3


# ---------------------------------------------------------------------------------------------
# Measurements


@dataclass
class Samples:
    cold_s: list[float] = field(default_factory=list)
    warm_s: list[float] = field(default_factory=list)
    warm_dedicated_s: list[float] = field(default_factory=list)
    plain_s: list[float] = field(default_factory=list)
    engine_ready_cold_s: list[float] = field(default_factory=list)
    pyodide_bare_s: list[float] = field(default_factory=list)
    engine_bare_s: list[float] = field(default_factory=list)
    recompute_ms: list[float] = field(default_factory=list)
    input_to_result_ms: list[float] = field(default_factory=list)
    transfer_bytes: int = 0
    transfer_requests: int = 0
    phone_first_score_s: list[float] = field(default_factory=list)
    phone_home_s: list[float] = field(default_factory=list)
    home_visit_bytes: int = 0
    guide_page_bytes: int = 0


def first_score(page: Any, url: str) -> tuple[float, float | None]:
    """Open ``url``; seconds to the frame after the total shows a number, and to engine ready."""
    page.goto(url, wait_until="commit")
    # Polled from here: wait_for_function evaluates its predicate with eval(), which the
    # site's Content-Security-Policy forbids. The time itself is read in the page.
    probe = wait_for_probe(page, "firstScoreFrame")
    ready = next((m[2] for m in probe["messages"] if m[0] == "ready"), None)
    return probe["firstScoreFrame"] / 1000, (ready / 1000 if ready is not None else None)


def wait_for_probe(page: Any, key: str, record: str = "window.__bench") -> dict[str, Any]:
    """The page's ``record`` once ``key`` is set in it (bounded by WAIT_MS)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        probe = page.evaluate(f"{record} || null")
        if probe and probe.get(key) is not None:
            return dict(probe)
        time.sleep(0.02)
    raise SystemExit(f"bench: the page never reached {key} in {WAIT_MS / 1000:.0f} s")


def bare_first_result(browser: Any, url: str, expect: str) -> float:
    """Seconds until one of the ``BENCH_PAGES`` shows its first answer, in a new context."""
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        bare = wait_for_probe(page, "at", "window.__bare")
    finally:
        context.close()
    if expect not in str(bare.get("value")):
        raise SystemExit(f"bench: {url} answered {str(bare.get('value'))[:200]!r}")
    return float(bare["at"]) / 1000


def phone_page(context: Any) -> Any:
    """A new page of ``context`` under the phone profile: network and CPU throttled by CDP."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_RATE})
    return page


def phone_loads(browser: Any, base: str, link: str) -> tuple[float, float]:
    """Seconds, under the phone profile, each in a new context with service workers blocked:
    the home page's load event, and the calculator's first score from the share link."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        home = plain_load(phone_page(context), base)
    finally:
        context.close()
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.add_init_script(PROBE)
    # CDP throttles the page and its dedicated workers, not a SharedWorker (its own target): the
    # engine must be a dedicated worker here, or it would run at full speed (as phones without
    # shared workers run it dedicated anyway).
    context.add_init_script(NO_SHARED_WORKER)
    try:
        score, _ = first_score(phone_page(context), link)
    finally:
        context.close()
    return home, score


def bytes_of_visit(browser: Any, url: str, state: ServerState, service_workers: bool) -> int:
    """Bytes the server sends after opening ``url`` in a new context until the network is idle;
    with service workers allowed, until the page's worker controls it and has stopped fetching
    (so its precache is counted too)."""
    context = browser.new_context(
        locale="zh-CN", service_workers="allow" if service_workers else "block"
    )
    try:
        wait_idle(state)
        state.reset()
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=WAIT_MS)
        if service_workers:
            deadline = time.monotonic() + WAIT_MS / 1000
            while not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
                if time.monotonic() > deadline:
                    raise SystemExit(f"bench: no service worker took control of {url}")
                time.sleep(0.1)
        wait_idle(state)
        return state.bytes_sent
    finally:
        context.close()


def plain_load(page: Any, url: str) -> float:
    page.goto(url, wait_until="load", timeout=WAIT_MS)
    end = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    return float(end) / 1000


def share_link(base: str, example: Path) -> str:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "calculator",
            "link",
            str(example),
            "--base",
            base + CALCULATOR_PAGE,
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    link = out.stdout.strip().splitlines()[-1]
    if "#" not in link:
        raise SystemExit(f"`python -m calculator link` printed no fragment: {link!r}")
    return link


def measure(
    browser: Any, base: str, link: str, state: ServerState, args: argparse.Namespace
) -> Samples:
    samples = Samples()
    sw = "allow" if args.service_workers else "block"
    profile = quote(args.example.read_text(encoding="utf-8"), safe="")

    for rep in range(args.reps):
        context = browser.new_context(locale="zh-CN", service_workers=sw)
        context.add_init_script(PROBE)
        try:
            page = context.new_page()
            cold, ready = first_score(page, link)
            samples.cold_s.append(cold)
            if ready is not None:
                samples.engine_ready_cold_s.append(ready)
            # A warm visit comes later: the service worker has finished its precache and has
            # copied the engine's files into its cache by then.
            wait_idle(state)
            wait_cached(page)
            page.close()
            page = context.new_page()
            warm, _ = first_score(page, link)
            samples.warm_s.append(warm)
            if rep == 0:
                measure_recompute(page, args.changes, samples)
            page.close()
            page = context.new_page()
            page.add_init_script(NO_SHARED_WORKER)
            warm_dedicated, _ = first_score(page, link)
            samples.warm_dedicated_s.append(warm_dedicated)
        finally:
            context.close()
        plain_context = browser.new_context(locale="zh-CN", service_workers=sw)
        try:
            samples.plain_s.append(plain_load(plain_context.new_page(), base + PLAIN_PAGE))
        finally:
            plain_context.close()
        samples.pyodide_bare_s.append(
            bare_first_result(browser, base + "__bench/pyodide.html", expect="2")
        )
        samples.engine_bare_s.append(
            bare_first_result(browser, base + "__bench/engine.html#" + profile, expect='"ok": true')
        )
        phone_home, phone_score = phone_loads(browser, base, link)
        samples.phone_home_s.append(phone_home)
        samples.phone_first_score_s.append(phone_score)
        print(
            f"  rep {rep + 1}/{args.reps}: cold {cold:.2f} s, warm {warm:.2f} s "
            f"(dedicated worker {samples.warm_dedicated_s[-1]:.2f} s), "
            f"plain {samples.plain_s[-1]:.2f} s, bare Pyodide {samples.pyodide_bare_s[-1]:.2f} s, "
            f"bare engine {samples.engine_bare_s[-1]:.2f} s, phone: home {phone_home:.2f} s, "
            f"first score {phone_score:.2f} s",
            flush=True,
        )

    # Bytes: the home page with its service worker (precache included), a guide page alone.
    samples.home_visit_bytes = bytes_of_visit(browser, base + HOME_PAGE, state, True)
    samples.guide_page_bytes = bytes_of_visit(browser, base + PLAIN_PAGE, state, False)

    # Transfer: one cold load with service workers blocked, until the network is idle after the
    # first score (TRANSFER_IDLE_S).
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.add_init_script(PROBE)
    try:
        wait_idle(state)
        state.reset()
        first_score(context.new_page(), link)
        wait_idle(state, TRANSFER_IDLE_S)
        samples.transfer_bytes = state.bytes_sent
        samples.transfer_requests = state.requests
    finally:
        context.close()
    return samples


def measure_recompute(page: Any, changes: int, samples: Samples) -> None:
    page.wait_for_timeout(300)  # let the link's own evaluation settle
    for i in range(changes):
        # Alternate between two ranges so consecutive values always differ.
        value = 12 + (i % 2) * 24 + i // 2
        got = page.evaluate(CHANGE, [value, WAIT_MS])
        samples.recompute_ms.append(got["rendered"] - got["posted"])
        samples.input_to_result_ms.append(got["rendered"] - got["typed"])


# Chrome trace: the categories recorded, the per-task events whose union is a thread's busy time,
# and the events worth showing apart on the page's main thread.
TRACE_CATEGORIES = [
    "toplevel",
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8",
    "blink",
]
TASK_EVENTS = {"ThreadControllerImpl::RunTask", "RunTask", "ThreadPool_RunTask"}
MAIN_THREAD_DETAIL = {
    "Layout": "layout",
    "InlineNode::ShapeTextIncludingFirstLine": "  of which text shaping",
    "ParseHTML": "HTML parsing",
    "UpdateLayoutTree": "style",
    "EvaluateScript": "script evaluation",
}


def _union_ms(spans: list[tuple[float, float]]) -> float:
    """Total length of the union of ``(start, end)`` spans (microseconds in, milliseconds out)."""
    total = 0.0
    end = float("-inf")
    for start, stop in sorted(spans):
        if stop <= end:
            continue
        total += stop - max(start, end)
        end = stop
    return total / 1000


def summarise_trace(events: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """Time in tasks per thread (ms, largest first), plus the main thread's notable parts.

    A thread's time is the union of its task events, so nested tasks count once; threads of one
    name (a pool) are added up. Worker threads are named by the first script they evaluated (the
    search index, the Python engine, ...).
    """
    names: dict[tuple[Any, Any], str] = {}
    scripts: dict[tuple[Any, Any], tuple[float, str]] = {}
    spans: dict[tuple[Any, Any], list[tuple[float, float]]] = {}
    detail: dict[str, list[tuple[float, float]]] = {}
    for event in events:
        thread = (event.get("pid"), event.get("tid"))
        if event.get("ph") == "M" and event.get("name") == "thread_name":
            names[thread] = str(event.get("args", {}).get("name", ""))
            continue
        if event.get("ph") != "X" or "dur" not in event:
            continue
        start = float(event.get("ts", 0))
        span = (start, start + float(event["dur"]))
        name = str(event.get("name", ""))
        if name in TASK_EVENTS:
            spans.setdefault(thread, []).append(span)
        data = event.get("args", {}).get("data", {})
        url = data.get("url") if isinstance(data, dict) else None
        if url and (thread not in scripts or start < scripts[thread][0]):
            scripts[thread] = (start, str(url).rsplit("/", 1)[-1])
        if name in MAIN_THREAD_DETAIL:
            detail.setdefault(f"{name}@{thread}", []).append(span)
    per_label: dict[str, float] = {}  # threads of one name (a thread pool) are added up
    main = [t for t, n in names.items() if n == "CrRendererMain"]
    for thread, thread_spans in spans.items():
        label = names.get(thread, f"thread {thread[1]}")
        if label.startswith("DedicatedWorker") and thread in scripts:
            label = f"{label} ({scripts[thread][1]})"
        per_label[label] = per_label.get(label, 0.0) + _union_ms(thread_spans)
    rows = sorted(per_label.items(), key=lambda row: -row[1])
    for event_name, label in MAIN_THREAD_DETAIL.items():
        total = sum(_union_ms(detail.get(f"{event_name}@{thread}", [])) for thread in main)
        if total:
            rows.append((f"main thread: {label}", total))
    return rows


def record_trace(browser: Any, link: str, path: Path) -> list[tuple[str, float]]:
    """One cold calculator load recorded as a Chrome trace at ``path``; its summary."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.add_init_script(PROBE)
    try:
        page = context.new_page()
        path.parent.mkdir(parents=True, exist_ok=True)
        browser.start_tracing(page=page, path=str(path), categories=TRACE_CATEGORIES)
        try:
            first_score(page, link)
        finally:
            browser.stop_tracing()
    finally:
        context.close()
    loaded = json.loads(path.read_text(encoding="utf-8"))
    events = loaded["traceEvents"] if isinstance(loaded, dict) else loaded
    return summarise_trace(events)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * q // 100)))
    return ordered[int(rank) - 1]


def summarise(samples: Samples) -> dict[str, Any]:
    cold = statistics.median(samples.cold_s)
    warm = statistics.median(samples.warm_s)
    warm_dedicated = statistics.median(samples.warm_dedicated_s)
    plain = statistics.median(samples.plain_s)
    bare = statistics.median(samples.pyodide_bare_s)
    engine_bare = statistics.median(samples.engine_bare_s)
    phone_score = statistics.median(samples.phone_first_score_s)
    phone_home = statistics.median(samples.phone_home_s)
    # How much slower this machine is, in this run, than the one the targets were set on.
    factor = bare / REFERENCE_BARE_PYODIDE_S
    return {
        "first_score_cold_s": round(cold, 3),
        "first_score_warm_s": round(warm, 3),
        "plain_page_s": round(plain, 3),
        "recompute_p50_ms": round(percentile(samples.recompute_ms, 50), 1),
        "recompute_p95_ms": round(percentile(samples.recompute_ms, 95), 1),
        "transfer_bytes": samples.transfer_bytes,
        # Context for the figures above.
        "cold_to_plain_ratio": round(cold / plain, 2) if plain else None,
        "engine_ready_cold_s": (
            round(statistics.median(samples.engine_ready_cold_s), 3)
            if samples.engine_ready_cold_s
            else None
        ),
        "input_to_result_p50_ms": round(percentile(samples.input_to_result_ms, 50), 1),
        "input_to_result_p95_ms": round(percentile(samples.input_to_result_ms, 95), 1),
        "transfer_requests": samples.transfer_requests,
        "pyodide_bare_s": round(bare, 3),
        "engine_bare_s": round(engine_bare, 3),
        "machine_factor": round(factor, 2),
        "cold_to_pyodide_bare_ratio": round(cold / bare, 2),
        "first_score_cold_scaled_s": round(cold / factor, 3),
        "first_score_warm_scaled_s": round(warm / factor, 3),
        # The phone-first figures (issue 12): bytes from one visit each, times under the phone
        # profile, and the ratios its goals are set in.
        "home_visit_bytes": samples.home_visit_bytes,
        "guide_page_bytes": samples.guide_page_bytes,
        "calc_transfer_bytes": samples.transfer_bytes,
        "phone_first_score_s": round(phone_score, 3),
        "phone_home_s": round(phone_home, 3),
        "phone_ratio": round(phone_score / phone_home, 2),
        "cold_to_engine_bare_ratio": round(cold / engine_bare, 2),
        "warm_to_cold_ratio": round(warm / cold, 2),
        "first_score_warm_dedicated_s": round(warm_dedicated, 3),
        "warm_dedicated_to_cold_ratio": round(warm_dedicated / cold, 2),
        "samples": {
            "first_score_cold_s": [round(v, 3) for v in samples.cold_s],
            "first_score_warm_s": [round(v, 3) for v in samples.warm_s],
            "first_score_warm_dedicated_s": [round(v, 3) for v in samples.warm_dedicated_s],
            "plain_page_s": [round(v, 3) for v in samples.plain_s],
            "pyodide_bare_s": [round(v, 3) for v in samples.pyodide_bare_s],
            "engine_bare_s": [round(v, 3) for v in samples.engine_bare_s],
            "phone_first_score_s": [round(v, 3) for v in samples.phone_first_score_s],
            "phone_home_s": [round(v, 3) for v in samples.phone_home_s],
        },
    }


# Key -> (label, upper bound): the issues' targets, each met when the value is below the bound,
# or at most the bound when the label says "<=" (issue 12's goals).
TARGETS: dict[str, tuple[str, float]] = {
    "first_score_cold_s": ("< 1.0 s", 1.0),
    "cold_to_plain_ratio": ("< 8x", 8.0),
    "first_score_warm_s": ("< 0.5 s", 0.5),
    "recompute_p95_ms": ("<= 16 ms", 16.0),
    "transfer_bytes": ("<= 7 MB", 7_000_000),
    "home_visit_bytes": ("<= 1.5 MB", 1_500_000),
    "guide_page_bytes": ("<= 1.0 MB", 1_000_000),
    "phone_ratio": ("<= 6x", 6.0),
    "cold_to_engine_bare_ratio": ("<= 1.2x", 1.2),
    "cold_to_pyodide_bare_ratio": ("<= 0.35x", 0.35),
    "warm_to_cold_ratio": ("<= 0.4x", 0.4),
}


def target_met(key: str, measured: float | None) -> bool:
    label, bound = TARGETS[key]
    if measured is None:
        return False
    return measured <= bound if label.startswith("<=") else measured < bound


def mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


def table(result: dict[str, Any]) -> str:
    rows = [
        ("cold first score", f"{result['first_score_cold_s']:.3f} s", "first_score_cold_s"),
        ("  ratio to plain page", f"{result['cold_to_plain_ratio']}x", "cold_to_plain_ratio"),
        ("  engine ready (cold)", f"{result['engine_ready_cold_s']} s", None),
        ("warm first score", f"{result['first_score_warm_s']:.3f} s", "first_score_warm_s"),
        ("plain guide page (load)", f"{result['plain_page_s']:.3f} s", None),
        ("recompute p50", f"{result['recompute_p50_ms']:.1f} ms", None),
        ("recompute p95", f"{result['recompute_p95_ms']:.1f} ms", "recompute_p95_ms"),
        ("input to result p50 (with debounce)", f"{result['input_to_result_p50_ms']:.1f} ms", None),
        (
            "transfer, calculator page",
            f"{result['transfer_bytes'] / 1e6:.2f} MB in {result['transfer_requests']} requests",
            "transfer_bytes",
        ),
        (
            f"bare Pyodide page, 1 + 1 (issue: ~{REFERENCE_BARE_PYODIDE_S} s)",
            f"{result['pyodide_bare_s']:.3f} s",
            None,
        ),
        ("  machine factor (this run / issue)", f"{result['machine_factor']}x", None),
        (
            "  cold first score / bare Pyodide",
            f"{result['cold_to_pyodide_bare_ratio']}x",
            "cold_to_pyodide_bare_ratio",
        ),
        ("bare page, calculator worker, 1st answer", f"{result['engine_bare_s']:.3f} s", None),
        (
            "  cold first score / bare engine",
            f"{result['cold_to_engine_bare_ratio']}x",
            "cold_to_engine_bare_ratio",
        ),
        ("  warm / cold", f"{result['warm_to_cold_ratio']}x", "warm_to_cold_ratio"),
        (
            "  warm with a dedicated worker / cold",
            f"{result['warm_dedicated_to_cold_ratio']}x "
            f"({result['first_score_warm_dedicated_s']:.3f} s)",
            None,
        ),
        (
            "home page visit, service worker included",
            mb(result["home_visit_bytes"]),
            "home_visit_bytes",
        ),
        ("guide page alone", mb(result["guide_page_bytes"]), "guide_page_bytes"),
        ("phone: home page (load)", f"{result['phone_home_s']:.3f} s", None),
        ("phone: first score from a share link", f"{result['phone_first_score_s']:.3f} s", None),
        ("  phone first score / phone home page", f"{result['phone_ratio']}x", "phone_ratio"),
        (
            "cold / warm scaled by machine factor",
            f"{result['first_score_cold_scaled_s']:.2f} / "
            f"{result['first_score_warm_scaled_s']:.2f} s",
            None,
        ),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'measure'.ljust(width)}  {'median'.rjust(26)}  target"]
    for name, value, key in rows:
        mark = ""
        if key:
            label = TARGETS[key][0]
            mark = f"{label} {'ok' if target_met(key, result[key]) else 'MISSED'}"
        lines.append(f"{name.ljust(width)}  {value.rjust(26)}  {mark}")
    return "\n".join(lines)


def merged_features(playwright_list: str, extra: tuple[str, ...]) -> str:
    """One ``--disable-features`` value: Playwright's own list, then ``extra`` not already in it."""
    names = [name for name in playwright_list.split(",") if name]
    return ",".join(names + [name for name in extra if name not in names])


def playwright_disabled_features(playwright: Any, executable: str) -> str:
    """The ``--disable-features`` value Playwright launches Chromium with, read back from a
    browser started for the purpose (CDP returns the command line only under
    ``--enable-automation``). Chromium keeps only the last such switch on its command line, so
    the bench must repeat Playwright's list in its own rather than replace it."""
    browser = playwright.chromium.launch(
        executable_path=executable, args=[*CHROMIUM_ARGS, "--enable-automation"]
    )
    try:
        session = browser.new_browser_cdp_session()
        line = session.send("Browser.getBrowserCommandLine")["arguments"]
    finally:
        browser.close()
    values = [arg.split("=", 1)[1] for arg in line if arg.startswith("--disable-features=")]
    return values[-1] if values else ""


def launch(playwright: Any, executable: str) -> Any:
    """Chromium as the bench runs it: ``CHROMIUM_ARGS``, and the browser's own UI pages listed
    in ``BROWSER_UI_FEATURES_OFF`` turned off on top of Playwright's defaults."""
    features = merged_features(
        playwright_disabled_features(playwright, executable), BROWSER_UI_FEATURES_OFF
    )
    return playwright.chromium.launch(
        executable_path=executable, args=[*CHROMIUM_ARGS, f"--disable-features={features}"]
    )


def browser_ui_targets(browser: Any) -> list[str]:
    """URLs of the browser's own UI pages (CDP "browser_ui" targets) alive while a page is open:
    none is expected; a newer Chromium that builds one under another feature name shows here."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto("about:blank")
        page.wait_for_timeout(1000)  # the popup is built shortly after the window
        session = browser.new_browser_cdp_session()
        targets = session.send("Target.getTargets")["targetInfos"]
    finally:
        context.close()
    found = [str(t.get("url", "")) for t in targets if t.get("type") == "browser_ui"]
    if found:
        print(f"bench: warning: the browser built its own UI pages: {found}", flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--example", type=Path, default=DEFAULT_EXAMPLE)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.json")
    parser.add_argument(
        "--cache-control",
        default="no-cache",
        help="Cache-Control header the server sends (default: no-cache)",
    )
    parser.add_argument("--no-compress", dest="compress", action="store_false")
    parser.add_argument("--block-service-workers", dest="service_workers", action="store_false")
    parser.add_argument(
        "--trace",
        type=Path,
        default=None,
        help="also record one cold calculator load as a Chrome trace here, and print the time "
        "each thread spent in tasks",
    )
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"{args.site}/index.html not found: run `make build` first.")
    if not 1 <= args.reps <= 50 or not 1 <= args.changes <= 500:
        raise SystemExit("--reps must be 1..50 and --changes 1..500")
    executable = shutil.which("chromium")
    if executable is None:
        raise SystemExit("chromium not found: run `make chromium`.")
    from playwright.sync_api import sync_playwright

    state = ServerState(
        root=args.site, mime=_mime_types(), compress=args.compress, cache_control=args.cache_control
    )
    with serving(state) as base, sync_playwright() as playwright:
        link = share_link(base, args.example)
        print(
            f"bench: {args.reps} reps on {os.cpu_count()} cores, site {args.site}, "
            f"Cache-Control: {args.cache_control}, gzip {'on' if args.compress else 'off'}",
            flush=True,
        )
        browser = launch(playwright, executable)
        try:
            result_extra = {"browser_ui_targets": browser_ui_targets(browser)}
            samples = measure(browser, base, link, state, args)
            busy = record_trace(browser, link, args.trace) if args.trace else []
        finally:
            browser.close()
    result = summarise(samples)
    result.update(result_extra)
    result["settings"] = {
        "reps": args.reps,
        "changes": args.changes,
        "cache_control": args.cache_control,
        "gzip": args.compress,
        "service_workers": args.service_workers,
        "example": args.example.name,
    }
    if args.trace:
        result["trace_cpu_ms"] = {label: round(ms) for label, ms in busy}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(result))
    if busy:
        print(f"time in tasks per thread, one cold load (trace: {args.trace})")
        for label, ms in busy:
            if ms >= 10:  # the rest is noise
                print(f"  {label.ljust(60)} {ms:8.0f} ms")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
