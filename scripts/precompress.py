"""Write precompressed copies of the built site's text and WebAssembly files.

Run twice at the end of the build: before scripts/build_sw.py (which reads the engine's ``.gz``
sizes for the calculator's status text) and after it (the stamped page and the new sw.js; the
cache below makes the second run cheap). Next to each compressible file of at least
``MIN_BYTES`` it writes ``FILE.gz`` (gzip level 9, the standard library) and ``FILE.br`` (brotli
quality 11, the pinned PyPI ``brotli`` package) when that is smaller than the file itself. A host
configured as README.md shows (nginx ``gzip_static``/``brotli_static``, Caddy
``precompressed``, scripts/serve.py) sends them to browsers that accept the encoding, so the
server never compresses at request time and the best ratio costs nothing per request.
Archives (``.zip``, ``.gz``) are already compressed and are skipped. The memory snapshot (the one
``.bin`` file, ``BIG_SUFFIX``) gets brotli quality ``BIG_BROTLI_QUALITY`` with a 16 MB window:
it differs from build to build (random state), so the cache below never spares it. Measured
2026-11-30 on the 9.98 MB snapshot (zero runs left out: docs/assets/calculator/snapshot-base.js),
load average 2-3: quality 9 7.6 s, 3.49 MB; 10 24.5 s, 3.19 MB; 11 40.5 s, 3.10 MB. Quality 10
was kept then; on 2026-12-01, with the phone's first score bound by these bytes (README, "Phone
first, eleventh pass"), quality 11: on the 9.18 MB snapshot of an -OO engine, quiet machine,
10 in 11.7 s gives 2.96 MB and 11 in 20.0 s 2.87 MB, 90 KB less for every first visit.

Both outputs are byte-for-byte reproducible (gzip header without name or time). Brotli at
quality 11 takes minutes for the 9.6 MB WebAssembly module on a busy machine, so each output is
also kept in a content-addressed cache (``build/precompress/``, removed by ``make clean``): a
rebuild only compresses files whose content changed.

Usage: python scripts/precompress.py [SITE_DIR] [--cache DIR]     (default: site, build/precompress)
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import brotli

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "build" / "precompress"
MIN_BYTES = 512
# Suffixes worth compressing: text, JSON, SVG and WebAssembly (whose code shrinks by ~60 %).
COMPRESSIBLE = (
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".map",
    ".svg",
    ".xml",
    ".txt",
    ".ics",
    ".wasm",
    ".bin",  # the Pyodide memory snapshot (scripts/snapshot.mjs): 31 MB raw, mostly zeros
)
GZIP_LEVEL = 9
BROTLI_QUALITY = 11
BIG_SUFFIX = ".bin"
BIG_BROTLI_QUALITY = 11


def gzip_bytes(raw: bytes, big: bool = False) -> bytes:
    return gzip.compress(raw, GZIP_LEVEL, mtime=0)


def brotli_bytes(raw: bytes, big: bool = False) -> bytes:
    if big:
        snapshot: bytes = brotli.compress(raw, quality=BIG_BROTLI_QUALITY, lgwin=24)
        return snapshot
    mode = brotli.MODE_TEXT if len(raw) < 4_000_000 else brotli.MODE_GENERIC
    out: bytes = brotli.compress(raw, mode=mode, quality=BROTLI_QUALITY)
    return out


ENCODERS: dict[str, Callable[[bytes, bool], bytes]] = {".gz": gzip_bytes, ".br": brotli_bytes}


def wanted(site: Path) -> list[Path]:
    """The files that get precompressed copies, sorted."""
    return sorted(
        path
        for path in site.rglob("*")
        if path.is_file() and path.suffix in COMPRESSIBLE and path.stat().st_size >= MIN_BYTES
    )


def compressed(raw: bytes, suffix: str, cache: Path | None, big: bool = False) -> bytes:
    """``raw`` encoded for ``suffix`` (".gz" or ".br"; ``big``: the snapshot's settings), from
    ``cache`` when it is there."""
    if cache is None:
        return ENCODERS[suffix](raw, big)
    key = cache / f"{hashlib.sha256(raw).hexdigest()}{'-big' if big else ''}{suffix}"
    if key.is_file():
        return key.read_bytes()
    body = ENCODERS[suffix](raw, big)
    cache.mkdir(parents=True, exist_ok=True)
    partial = key.with_name(key.name + ".part")
    partial.write_bytes(body)
    partial.replace(key)
    return body


def precompress(site: Path, cache: Path | None = None) -> tuple[int, int, dict[str, int]]:
    """Write the copies; (files, raw bytes, compressed bytes per encoding)."""
    files = wanted(site)
    raw_total = 0
    totals = dict.fromkeys(ENCODERS, 0)
    for path in files:
        raw = path.read_bytes()
        raw_total += len(raw)
        for suffix in ENCODERS:
            out = path.with_name(path.name + suffix)
            body = compressed(raw, suffix, cache, big=path.suffix == BIG_SUFFIX)
            if len(body) >= len(raw):
                out.unlink(missing_ok=True)
                continue
            out.write_bytes(body)
            totals[suffix] += len(body)
    return len(files), raw_total, totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write .gz and .br copies of the built site.")
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "site")
    parser.add_argument("--cache", type=Path, default=CACHE, help="compressed-output cache")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"precompress: {args.site}/index.html not found; build first.", file=sys.stderr)
        return 1
    count, raw, totals = precompress(args.site, args.cache)
    sizes = ", ".join(f"{suffix} {n / 1e6:.2f} MB" for suffix, n in totals.items())
    print(f"precompress: {count} files, {raw / 1e6:.2f} MB raw -> {sizes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
