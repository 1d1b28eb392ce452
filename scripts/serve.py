"""Serve the built site on loopback as a static host configured per README.md would.

``python -m http.server`` takes MIME types from the operating system, and Python 3.11 alone does
not know ``.mjs``; browsers refuse a module script served as ``application/octet-stream``.
This server sets the types explicitly, so it behaves the same on every machine. Like the host
configuration in README.md (and ``docs/_headers``), it also
- sends the precompressed ``FILE.br`` / ``FILE.gz`` that scripts/precompress.py wrote, by the
  request's ``Accept-Encoding`` (brotli first), with the original file's ``Content-Type``,
  ``Content-Encoding`` and ``Vary: Accept-Encoding``;
- sends the headers a ``<meta>`` tag cannot set: ``X-Content-Type-Options: nosniff`` and
  ``Content-Security-Policy: frame-ancestors 'none'``;
- answers a missing path with the site's ``404.html`` and status 404.

Usage: python scripts/serve.py [--dir site] [--host 127.0.0.1] [--port 8000]
The tests import ``make_server`` from this file.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
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
# Precompressed copies, in the order the server prefers them: (suffix, Content-Encoding).
PRECOMPRESSED = ((".br", "br"), (".gz", "gzip"))
# Headers a <meta> tag cannot set; the same as docs/_headers and README.md's host snippets.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "frame-ancestors 'none'",
}


def accepted_encodings(header: str) -> set[str]:
    """The content codings an ``Accept-Encoding`` header allows (``q=0`` excluded, lower case)."""
    out = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name and q > 0:
            out.add(name)
    return out


def precompressed(path: Path, accept_encoding: str) -> tuple[Path, str] | None:
    """The precompressed copy of ``path`` to send for this ``Accept-Encoding``, or None."""
    accepted = accepted_encodings(accept_encoding)
    for suffix, coding in PRECOMPRESSED:
        candidate = path.with_name(path.name + suffix)
        if (coding in accepted or "*" in accepted) and candidate.is_file():
            return candidate, coding
    return None


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler with fixed MIME types, precompressed copies, no caching, quiet logs."""

    extensions_map = {"": "application/octet-stream", **MIME_TYPES}

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        self.quiet = quiet
        self.vary = False  # the response depends on Accept-Encoding
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        # A rebuilt site must never be mixed with stale cached files.
        self.send_header("Cache-Control", "no-cache")
        if self.vary:
            self.send_header("Vary", "Accept-Encoding")
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self) -> Any:
        target = Path(self.translate_path(self.path))
        if target.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            target = target / "index.html"
        if not target.exists():
            return self.send_not_found()
        if not target.is_file():
            return super().send_head()  # a folder without its slash: the parent redirects
        self.vary = any(target.with_name(target.name + s).is_file() for s, _ in PRECOMPRESSED)
        choice = precompressed(target, self.headers.get("Accept-Encoding", ""))
        if choice is None:
            return super().send_head()
        copy, coding = choice
        handle = copy.open("rb")
        stat = os.fstat(handle.fileno())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return handle

    def send_not_found(self) -> Any:
        """The site's own 404.html with status 404 (a plain error when the site has none)."""
        page = Path(self.directory) / "404.html"
        if not page.is_file():
            self.send_error(404, "File not found")
            return None
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", MIME_TYPES[".html"])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

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
