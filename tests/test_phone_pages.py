"""The site on a phone (390 x 844), tried as a new visitor would.

- The home page shows both cities and "开始自测" on its first screen, without scrolling.
- Text is at least 12 px.
- Wide tables scroll sideways inside their wrapper: nothing clips them, the page itself never
  scrolls sideways, and a table that scrolls does not also squeeze its long cells into narrow
  columns (the old defect: columns cut off at the screen's edge, rows tall and mostly empty).
- The calculator's floating "查看结果" bar never covers the field being edited.
- Long pages have a table of contents ("本页目录") a phone reader can open and use; on a wide
  screen Material's own sidebar shows it instead.
- One name per page across the navigation and the pages' links.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers import SITE_PAGES
from playwright.sync_api import Page, ViewportSize, expect

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# Pyodide's first start in a worker on a 2-core machine takes seconds; this only bounds waiting.
LOAD_MS = 120_000
MIN_FONT_PX = 12
# A cell of a sideways-scrolling table holding at least this many characters...
LONG_CELL_CHARS = 20
# ...is at least this many of its own font's em wide (the old squeezed cells were 6 em).
LONG_CELL_MIN_EM = 10
LONG_PAGES = ["hangzhou/guide/", "shanghai/guide/", "hangzhou/rules/", "shanghai/rules/"]


def open_on_phone(page: Page, path: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/" + path, wait_until="load")
    page.locator("article h1").first.wait_for()


def on_first_screen(page: Page, target: Any) -> bool:
    """``target`` is inside the viewport without scrolling and nothing covers its middle."""
    return bool(
        target.evaluate(
            """el => {
              const r = el.getBoundingClientRect();
              if (window.scrollY !== 0 || r.width === 0 || r.height === 0) return false;
              if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth)
                return false;
              const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
              return hit !== null && (hit === el || el.contains(hit));
            }"""
        )
    )


# ------------------------------------------------------------------------------- home page


@pytest.mark.parametrize(
    ("name", "href"),
    [
        ("开始自测", "calculator/"),
        ("办理指南", "hangzhou/guide/"),
        ("积分规则", "hangzhou/rules/"),
        ("办理指南", "shanghai/guide/"),
        ("积分规则", "shanghai/rules/"),
    ],
)
def test_home_page_first_screen_offers_both_cities_and_the_calculator(
    page: Page, name: str, href: str
) -> None:
    open_on_phone(page, "")
    link = page.locator(f'article a[href="{href}"]', has_text=name).first
    assert on_first_screen(page, link), f"“{name}” ({href}) is not on the first screen"
    link.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def test_home_page_first_screen_names_both_cities_and_says_it_is_unofficial(page: Page) -> None:
    open_on_phone(page, "")
    for city in ("杭州", "上海"):
        assert on_first_screen(page, page.locator("article strong", has_text=city).first), city
    notice = page.locator("article p", has_text="不是官方网站").first
    assert on_first_screen(page, notice)


# ------------------------------------------------------------------------------- text size

SMALLEST_TEXT_JS = """() => {
  // Every visible piece of text in the page's content, except drawings (SVG: flowcharts and
  // the calculator's chart have their own checks) and zero-size text (Material's way of
  // hiding a glyph behind an icon). Returns the smallest few with their font size.
  const found = [];
  const walker = document.createTreeWalker(
    document.querySelector("article"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest("svg") || !el.checkVisibility()) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size > 0) found.push([size, node.textContent.trim().slice(0, 20), el.className]);
  }
  found.sort((a, b) => a[0] - b[0]);
  return found.slice(0, 5);
}"""


@pytest.mark.parametrize("path", SITE_PAGES)
def test_text_is_at_least_12px_on_a_phone(page: Page, path: str) -> None:
    open_on_phone(page, path)
    smallest = page.evaluate(SMALLEST_TEXT_JS)
    assert smallest, "no text found"
    assert smallest[0][0] >= MIN_FONT_PX, f"text smaller than {MIN_FONT_PX}px: {smallest}"


def test_calculator_result_text_is_at_least_12px_on_a_phone(page: Page) -> None:
    open_calculator_with_result(page)
    smallest = page.evaluate(SMALLEST_TEXT_JS)
    assert smallest[0][0] >= MIN_FONT_PX, f"text smaller than {MIN_FONT_PX}px: {smallest}"


# ------------------------------------------------------------------------------- wide tables

TABLES_JS = """([longCellChars, longCellMinEm]) => {
  const problems = [];
  const article = document.querySelector("article").getBoundingClientRect();
  document.querySelectorAll("article table").forEach((table, index) => {
    const name = `table ${index} (${table.rows[0].innerText.replace(/\\s+/g, " ").slice(0, 20)})`;
    // The nearest ancestor that scrolls sideways; nothing on the way may clip the table.
    let scroller = null;
    for (let el = table.parentElement; el && el !== document.body; el = el.parentElement) {
      const overflow = getComputedStyle(el).overflowX;
      if (overflow === "auto" || overflow === "scroll") { scroller = el; break; }
      if (overflow === "hidden" || overflow === "clip") {
        problems.push(`${name} is clipped by ${el.className}`);
        return;
      }
    }
    const width = table.getBoundingClientRect().width;
    if (!scroller) {
      if (width > article.width + 1) problems.push(`${name} is wider than the page, no scroller`);
      return;
    }
    const box = scroller.getBoundingClientRect();
    if (box.left < -1 || box.right > innerWidth + 1)
      problems.push(`${name}: its scroller is wider than the screen`);
    // Scrolled to its end, the scroller shows the table's right edge.
    scroller.scrollLeft = scroller.scrollWidth;
    const right = table.getBoundingClientRect().right;
    if (right > scroller.getBoundingClientRect().right + 1)
      problems.push(`${name}: its right edge stays hidden (${right} > ${box.right})`);
    scroller.scrollLeft = 0;
    // A table that scrolls sideways has room: long cells are not squeezed into narrow columns.
    if (scroller.scrollWidth > scroller.clientWidth) {
      for (const cell of table.querySelectorAll("td")) {
        if (cell.innerText.trim().length < longCellChars) continue;
        const style = getComputedStyle(cell);
        const inner = cell.clientWidth - parseFloat(style.paddingLeft)
          - parseFloat(style.paddingRight);
        const em = inner / parseFloat(style.fontSize);
        if (em < longCellMinEm) {
          problems.push(`${name}: “${cell.innerText.slice(0, 12)}” squeezed to ${em.toFixed(1)}em`);
          break;
        }
      }
    }
  });
  return problems;
}"""


@pytest.mark.parametrize("path", SITE_PAGES)
def test_wide_tables_scroll_sideways_on_a_phone(page: Page, path: str) -> None:
    open_on_phone(page, path)
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    assert page.evaluate(TABLES_JS, [LONG_CELL_CHARS, LONG_CELL_MIN_EM]) == []


def test_the_hangzhou_cutoff_table_can_be_read_to_its_last_column(page: Page) -> None:
    # The table of past cut-off scores (five columns) was cut at the screen's right edge.
    open_on_phone(page, "hangzhou/rules/")
    table = page.locator("article table", has=page.locator("th", has_text="分数线")).first
    last_header = table.locator("th").last
    expect(last_header).to_have_text("出处")
    last_header.scroll_into_view_if_needed()
    box = last_header.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# ------------------------------------------------------------------------- calculator's bar


def open_calculator_with_result(page: Page) -> Any:
    """The calculator on a phone with a Shanghai estimate shown, scrolled back to the top."""
    page.set_viewport_size(PHONE)
    page.goto("/calculator/")
    expect(page.locator("#calc")).to_have_attribute("data-engine", "ready", timeout=LOAD_MS)
    page.get_by_test_id("city-shanghai").click()
    page.locator("#calc-shanghai-birth_date").fill("1990-05-01")
    page.locator("#calc-shanghai-si_months_last_12").fill("12")
    page.locator("#calc-shanghai-si_months_total").fill("60")
    expect(page.get_by_test_id("summary")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("article h1").click()  # no field in use
    bar = page.locator(".calc-mini")
    expect(bar).to_be_visible()
    return bar


def put_near_the_bottom(page: Page, target: Any, gap: int) -> None:
    """Scroll so that ``target``'s bottom edge is ``gap`` px above the viewport's bottom."""
    target.evaluate(
        "(el, gap) => window.scrollBy(0, el.getBoundingClientRect().bottom - (innerHeight - gap))",
        gap,
    )


def overlap(a: Any, b: Any) -> bool:
    """Two bounding boxes ({x, y, width, height}) share some area."""
    across = a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
    down = a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]
    return bool(across and down)


def bar_covers(bar: Any, target: Any) -> bool:
    if not bar.is_visible():
        return False
    bar_box, target_box = bar.bounding_box(), target.bounding_box()
    assert bar_box is not None and target_box is not None
    return overlap(bar_box, target_box)


def test_the_result_bar_steps_aside_for_a_field_being_typed_into(page: Page) -> None:
    bar = open_calculator_with_result(page)
    field = page.locator("#calc-shanghai-si_months_total")
    put_near_the_bottom(page, field, gap=20)
    # Without a field in use the bar floats over this one: the check below means something.
    assert bar_covers(bar, field), "the test did not place the field under the bar"
    box = field.bounding_box()
    assert box is not None
    # A tap on the part of the field the bar leaves free (its left end).
    page.mouse.click(box["x"] + 8, box["y"] + box["height"] / 2)
    expect(field).to_be_focused()
    assert not bar_covers(bar, field)
    # Done with the field: the bar is back.
    page.locator("article h1").click()
    expect(bar).to_be_visible()


def test_the_result_bar_steps_aside_for_a_control_reached_by_keyboard(page: Page) -> None:
    bar = open_calculator_with_result(page)
    bar_box = bar.bounding_box()
    assert bar_box is not None
    # A list as wide as the form, at the screen's bottom edge under the bar; Tab from whatever
    # comes before it (a field or a rule link) moves to it without scrolling (it is on screen).
    target = page.locator("#calc-shanghai-education")
    target.evaluate(
        """el => {
          const tabbable = [...document.querySelectorAll(
            ".calc-form :is(input, select, textarea, button, a[href])")]
            .filter(c => c.checkVisibility() && c.tabIndex >= 0);
          tabbable[tabbable.indexOf(el) - 1].focus({ preventScroll: true });
        }"""
    )
    put_near_the_bottom(page, target, gap=20)
    page.keyboard.press("Tab")
    expect(target).to_be_focused()
    box = target.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    assert overlap(bar_box, box), "the test did not bring the list under the bar"
    assert not bar_covers(bar, target)


# ------------------------------------------------------------------------ table of contents


@pytest.mark.parametrize("path", LONG_PAGES)
def test_long_pages_offer_a_table_of_contents_on_a_phone(page: Page, path: str) -> None:
    open_on_phone(page, path)
    toc = page.get_by_role("navigation", name="本页目录")
    summary = toc.locator("summary", has_text="本页目录")
    assert on_first_screen(page, summary)
    sections = page.locator("article h2[id]").evaluate_all("hs => hs.map(h => h.id)")
    assert len(sections) >= 5
    summary.click()
    links = toc.locator("a")
    expect(links.first).to_be_visible()
    assert links.evaluate_all("as => as.map(a => a.hash.slice(1))") == sections
    # Opening the last entry brings its section to the top of the screen.
    links.last.click()
    expect(page).to_have_url(re.compile(f"#{re.escape(sections[-1])}$"))
    heading = page.locator(f"article h2[id='{sections[-1]}']")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"] / 2


@pytest.mark.parametrize("path", LONG_PAGES)
def test_wide_screens_use_the_sidebar_instead(page: Page, path: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto("/" + path)
    expect(page.get_by_role("navigation", name="本页目录")).to_be_hidden()
    expect(page.locator(".md-sidebar--secondary .md-nav__link").first).to_be_visible()


def test_short_pages_and_the_home_page_have_no_page_toc(page: Page) -> None:
    for path in ("", "calculator/", "profile-format/"):
        open_on_phone(page, path)
        assert page.locator("nav.page-toc").count() == 0, path


# ---------------------------------------------------------------------- one name per page


def test_one_name_for_the_guides_across_navigation_and_pages(site_dir: Path) -> None:
    # The guides are "办理指南" everywhere: page titles, navigation, links.
    for path in SITE_PAGES:
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        assert "申请指南" not in html, path
        nav_labels = re.findall(
            r'href="[^"]*(?:hangzhou|shanghai)/guide/"[^>]*>\s*<span class="md-ellipsis">\s*'
            r"([^<\s]+)",
            html,
        )
        assert nav_labels and set(nav_labels) == {"办理指南"}, (path, nav_labels)
