"""Browser tests of the built site's pages: what a person sees and clicks.

Every page of the site (one per Markdown page in docs/) is opened at phone and desktop width:
no console error and no request outside the site's origin (both enforced by the ``page``
fixture in conftest.py), nothing wider than the screen, flowcharts rendered and inside the
screen, every internal link answered with HTTP 200 and every #anchor present. The search box
is used as a person would: type a word, read the results, open one. Screenshots of each page
go to /tmp/shots/ for a human to look at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parent.parent / "docs"
SHOTS = Path("/tmp/shots")
WIDTHS = {"phone": 375, "desktop": 1280}
VIEWPORT_HEIGHT = {"phone": 812, "desktop": 900}


def _site_paths() -> list[str]:
    """URL path of every page MkDocs builds from docs/ (generated fragments excluded)."""
    paths = []
    for md in sorted(DOCS.rglob("*.md")):
        rel = md.relative_to(DOCS)
        if rel.parts[0] == "includes":
            continue
        if rel.name == "index.md":
            url = "/".join(rel.parts[:-1])
        else:
            url = "/".join((*rel.parts[:-1], rel.stem))
        paths.append(f"/{url}/" if url else "/")
    return paths


PATHS = _site_paths()


def _shot_name(path: str, width: int) -> str:
    stem = path.strip("/").replace("/", "-") or "index"
    return f"{stem}-{width}.png"


def _open(page: Any, path: str, device: str) -> None:
    page.set_viewport_size({"width": WIDTHS[device], "height": VIEWPORT_HEIGHT[device]})
    page.goto(path, wait_until="load")
    page.locator("h1").first.wait_for()


@pytest.mark.parametrize("device", sorted(WIDTHS))
@pytest.mark.parametrize("path", PATHS)
def test_page_opens_fits_the_screen_and_is_photographed(page: Any, path: str, device: str) -> None:
    _open(page, path, device)
    width = WIDTHS[device]
    # Flowcharts: HTML step lists (docs/stylesheets/flow.css), each drawn within the screen.
    charts = page.locator("ol.flow-steps")
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["height"] > 100, f"flowchart {i} is not shown"
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"flowchart {i} overflows"
    # Nothing makes the page itself scroll sideways; wide tables scroll inside their wrapper.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px screen"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / _shot_name(path, width)), full_page=True)


@pytest.mark.parametrize("path", PATHS)
def test_every_internal_link_resolves(page: Any, path: str) -> None:
    _open(page, path, "desktop")
    base = page.base_url
    hrefs: list[str] = page.locator("a[href]").evaluate_all(
        "els => els.map(a => a.getAttribute('href'))"
    )
    page_url = page.url
    checked: dict[str, str] = {}  # document URL -> its HTML
    broken = []
    for href in hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        absolute = urljoin(page_url, href)
        if urlsplit(absolute).netloc != urlsplit(base).netloc:
            continue  # outside links are citations; the browser never fetches them here
        document, fragment = urldefrag(absolute)
        if document not in checked:
            response = page.request.get(document)
            if response.status != 200:
                broken.append(f"{href} -> HTTP {response.status}")
                checked[document] = ""
                continue
            is_html = "text/html" in response.headers.get("content-type", "")
            checked[document] = response.text() if is_html else ""
        if fragment and checked[document]:
            if not re.search(rf'id="{re.escape(fragment)}"', checked[document]):
                broken.append(f"{href} -> no element with id {fragment!r}")
    assert not broken, f"broken links on {path}:\n  " + "\n  ".join(sorted(set(broken)))


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("异议", "/hangzhou/guide/"),  # objection within 7 working days
        ("社保基数", "/shanghai/rules/"),  # Shanghai social-insurance base bonus
        ("临港", "/shanghai/"),  # Lingang special points (guide or rules)
        ("学信网", "/hangzhou/"),  # CHSI record for Hangzhou education points
    ],
)
def test_search_finds_the_right_page(page: Any, query: str, expected_page: str) -> None:
    _open(page, "/", "desktop")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=30)
    # A Chinese input method commits the word with a key press; Material searches on key up.
    box.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for()
    links = page.locator(".md-search-result__item a")
    found = []
    for i in range(links.count()):
        link = links.nth(i)
        href = link.evaluate("a => a.href")
        found.append(href)
        if urlsplit(href).path.startswith(expected_page) and link.is_visible():
            link.click()
            break
    else:
        pytest.fail(f"searching {query!r} found {found}, none visible under {expected_page}")
    page.wait_for_url(re.compile(re.escape(expected_page)))
    assert query in page.locator("article").inner_text()


def test_rule_pages_show_confidence_badges_in_words(page: Any) -> None:
    _open(page, "/hangzhou/rules/", "phone")
    badges = page.locator("span.badge")
    assert badges.count() > 0
    words = set(badges.all_inner_texts())
    assert words <= {"官方原文", "文件原文（经转载）", "第三方", "未证实", "我们的推断"}
    assert page.get_by_text("尚未覆盖：2025-06-16").first.is_visible()


def test_cutoff_chart_is_drawn_from_the_table(page: Any) -> None:
    _open(page, "/hangzhou/guide/", "phone")
    chart = page.locator("figure.cutoff-figure svg")
    chart.scroll_into_view_if_needed()
    bars = chart.locator("rect")
    assert bars.count() >= 1
    box = chart.bounding_box()
    assert box is not None and box["x"] + box["width"] <= WIDTHS["phone"]


@pytest.mark.parametrize(
    ("path", "city"), [("hangzhou/rules/", "杭州"), ("shanghai/rules/", "上海")]
)
def test_rules_pages_name_their_city_in_title_and_search(
    site_dir: Path, path: str, city: str
) -> None:
    # Search results and browser tabs must say which city a rules page is about.
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"<title>{city}居住证积分规则 - ", html)
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    page = next(doc for doc in index["docs"] if doc["location"] == path)
    assert page["title"].replace("\u200b", "") == f"{city}居住证积分规则"
