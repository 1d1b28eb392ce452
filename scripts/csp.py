"""Add a Content-Security-Policy meta tag to every page of the built site.

Run after ``mkdocs build`` (and before scripts/build_sw.py, which fingerprints the final pages).
The policy allows only the site's own origin, plus ``'wasm-unsafe-eval'`` (WebAssembly
compilation) and the SHA-256 hashes of the page's own inline scripts: Material for MkDocs
writes a few small inline scripts into every page (its storage helpers, the colour palette and
tab restoring), and their text depends on the page's depth, so the hashes are computed here,
per page, from the built HTML. Inline JSON data blocks (``type="application/json"``) are not
executed and need no hash.

The build fails (exit 1) if a page has an inline event handler attribute (``onclick=`` and
the like) or a ``javascript:`` URL: the policy would block them, so they must not exist.

Styles: ``'unsafe-inline'`` is allowed for styles only, because Mermaid writes ``<style>``
elements into the diagrams it draws; no script can run through a style.

Usage: python scripts/csp.py [SITE_DIR]        (default: site)
       python scripts/csp.py --check [SITE_DIR] (exit 1 if a page lacks the current policy)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
META_ID = "csp"
# Script types a browser executes (an absent type means JavaScript).
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
BASE_POLICY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'", "'unsafe-inline'")),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("manifest-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)
EXISTING_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)
CHARSET_META = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


class PageScan(HTMLParser):
    """Collects inline script texts and every inline handler or javascript: URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline_scripts: list[str] = []
        self.problems: list[str] = []
        self._in_script = False
        self._script_executable = False
        self._script_has_src = False
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"inline event handler {name}= on <{tag}>")
            if name in {"href", "src", "action", "formaction"} and value:
                if value.strip().lower().startswith("javascript:"):
                    self.problems.append(f"javascript: URL in {name}= on <{tag}>")
        if tag == "script":
            values = dict(attrs)
            self._in_script = True
            self._script_has_src = "src" in values
            script_type = (values.get("type") or "").strip().lower()
            self._script_executable = script_type in EXECUTABLE_TYPES
            self._buffer = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._buffer.append(data)

    def handle_entityref(self, name: str) -> None:
        # Script text is raw: entity references are kept as written.
        if self._in_script:
            self._buffer.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if self._in_script:
            self._buffer.append(f"&#{name};")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            text = "".join(self._buffer)
            if self._script_executable and not self._script_has_src and text.strip():
                self.inline_scripts.append(text)
            self._in_script = False


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(inline_scripts: Iterable[str]) -> str:
    hashes = sorted({script_hash(text) for text in inline_scripts})
    parts = []
    for directive, sources in BASE_POLICY:
        values = list(sources) + (hashes if directive == "script-src" else [])
        parts.append(directive + " " + " ".join(values))
    return "; ".join(parts)


def scan(html: str) -> PageScan:
    parser = PageScan()
    parser.feed(html)
    parser.close()
    return parser


def with_policy(html: str) -> tuple[str, list[str]]:
    """The page with its CSP meta tag (replacing an older one), and the problems found."""
    html = EXISTING_META.sub("", html)
    page = scan(html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page.inline_scripts)}">'
    match = CHARSET_META.search(html)
    if match is None:
        return html, [*page.problems, "no <meta charset> to put the policy after"]
    # Right after the charset, so it precedes every script and stylesheet.
    out = html[: match.end()] + "\n      " + meta + html[match.end() :]
    return out, page.problems


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Add the CSP meta tag to every built page.")
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "site")
    parser.add_argument("--check", action="store_true", help="only check; change nothing")
    args = parser.parse_args(argv)
    files = pages(args.site)
    if not files:
        print(f"csp: no HTML pages under {args.site}; run `mkdocs build` first.", file=sys.stderr)
        return 1
    failures: list[str] = []
    for path in files:
        html = path.read_text(encoding="utf-8")
        new, problems = with_policy(html)
        rel = path.relative_to(args.site)
        failures.extend(f"{rel}: {problem}" for problem in problems)
        if args.check:
            if new != html:
                failures.append(f"{rel}: the CSP meta tag is missing or out of date")
        elif new != html:
            path.write_text(new, encoding="utf-8")
    if failures:
        print("csp: " + "\n  ".join(["problems:", *failures]), file=sys.stderr)
        return 1
    action = "checked" if args.check else "wrote the policy into"
    print(f"csp: {action} {len(files)} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
