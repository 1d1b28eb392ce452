"""Serve the built site on loopback with the MIME types Pyodide and the worker need.

``python -m http.server`` takes MIME types from the operating system, and Python 3.11 alone does
not know ``.mjs``; browsers refuse a module script served as ``application/octet-stream``.
This server sets the types explicitly, so it behaves the same on every machine.

Usage: python scripts/serve.py [--dir site] [--host 127.0.0.1] [--port 8000]
The tests import ``make_server`` from this file.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".gz": "application/gzip",
}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler with fixed MIME types, no caching and quiet logs."""

    extensions_map = {"": "application/octet-stream", **MIME_TYPES}

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        # A rebuilt site must never be mixed with stale cached files.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            super().log_message(format, *args)


def make_server(
    directory: Path, host: str = "127.0.0.1", port: int = 0, quiet: bool = False
) -> http.server.ThreadingHTTPServer:
    """Return a threaded server for ``directory`` (``port=0`` picks a free port)."""
    handler = functools.partial(SiteHandler, directory=str(directory), quiet=quiet)
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


@contextmanager
def running(server: http.server.ThreadingHTTPServer, name: str = "site-server") -> Iterator[str]:
    """Serve in a background thread; yield the base URL (no trailing slash); stop on exit."""
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the built site on loopback.")
    parser.add_argument("--dir", type=Path, default=Path(__file__).resolve().parent.parent / "site")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (args.dir / "index.html").is_file():
        raise SystemExit(f"{args.dir}/index.html not found: run `make build` first.")
    server = make_server(args.dir, args.host, args.port)
    host, port = server.server_address[:2]
    print(f"Serving {args.dir} at http://{host!s}:{port}/ (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
