"""Accessibility: axe-core on every page, the calculator by keyboard alone, labels, live results.

axe-core comes from the pinned npm package (node_modules/axe-core, installed by `make
node_modules`), injected with Playwright's add_script_tag, never from a CDN. Injecting a script
needs a context that bypasses the page's Content-Security-Policy (which forbids inline scripts
it does not know); everything else runs as on the real site.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import SITE_PAGES
from playwright.sync_api import Page, expect

from calculator.surfaces import api, share

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
EXAMPLES = REPO / "examples"
LOAD_MS = 120_000  # bounds waiting for Pyodide's first start; not a speed assertion
GUIDE_PAGES = [p for p in SITE_PAGES if p != "calculator/"]
BLOCKING = ("serious", "critical")


@pytest.fixture
def a11y_page(browser: Any, base_url: str) -> Iterator[Page]:
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: add the pinned npm package axe-core and run `make node_modules`."
        )
    context = browser.new_context(
        base_url=base_url, locale="zh-CN", service_workers="block", bypass_csp=True
    )
    context.set_default_timeout(LOAD_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now, readable."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations"
    )
    out = []
    for rule in results:
        if rule.get("impact") in BLOCKING:
            targets = [" ".join(map(str, node["target"])) for node in rule["nodes"][:3]]
            out.append(f"{rule['impact']}: {rule['id']} ({rule['help']}) at {targets}")
    return out


def example_link(name: str) -> str:
    answers = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return "#" + share.fragment(answers)


def wait_ready(page: Page) -> None:
    expect(page.locator("#calc")).to_have_attribute("data-engine", "ready", timeout=LOAD_MS)


@pytest.mark.parametrize("rel", GUIDE_PAGES)
def test_guide_pages_have_no_serious_violation(a11y_page: Page, rel: str) -> None:
    a11y_page.goto("/" + rel)
    a11y_page.wait_for_load_state("networkidle")
    assert axe_violations(a11y_page) == []


@pytest.mark.parametrize(
    "state", ["empty form", "shanghai-master-graduate.json", "hangzhou-2025-round.json"]
)
def test_calculator_has_no_serious_violation(a11y_page: Page, state: str) -> None:
    a11y_page.goto("/calculator/" + ("" if state == "empty form" else example_link(state)))
    wait_ready(a11y_page)
    if state != "empty form":
        expect(a11y_page.get_by_test_id("summary")).to_be_visible()
        a11y_page.locator(".calc-lines-more > summary").click()  # open the zero-point lines too
    assert axe_violations(a11y_page) == []


def test_every_form_control_has_a_label(a11y_page: Page) -> None:
    a11y_page.goto("/calculator/")
    for city in ("shanghai", "hangzhou"):
        a11y_page.get_by_test_id(f"city-{city}").check()
        add = a11y_page.get_by_test_id(f"add-{city}-offences")
        if add.count():
            add.click()  # an offence row, added from its template
    unlabelled = a11y_page.evaluate(
        """() => [...document.querySelectorAll('#calc input, #calc select, #calc textarea')]
          .filter((el) => el.type !== 'hidden')
          .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
          .map((el) => el.id || el.name || el.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []


def test_results_and_status_are_announced(a11y_page: Page) -> None:
    a11y_page.goto("/calculator/" + example_link("shanghai-master-graduate.json"))
    wait_ready(a11y_page)
    expect(a11y_page.get_by_test_id("total")).not_to_be_empty()
    live = a11y_page.evaluate(
        """() => Object.fromEntries(['total', 'gap', 'verdict', 'missing', 'status'].map((id) => {
          const node = document.querySelector(`[data-testid="${id}"]`);
          const region = node && node.closest('[aria-live], [role="status"], [role="alert"]');
          return [id, region ? (region.getAttribute('aria-live') || region.getAttribute('role'))
                             : null];
        }))"""
    )
    assert all(value in ("polite", "assertive", "status", "alert") for value in live.values()), live


def tab_to(page: Page, selector: str, limit: int = 300, back: bool = False) -> None:
    """Press Tab (Shift+Tab if ``back``) until the focus is on ``selector`` (bounded)."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


def date_keys(page: Page, iso: str) -> str:
    """The digits to type into a date field for ``iso``, in the browser's own field order.

    Chromium lays a date field out in its user-interface locale (yyyy/mm/dd in a Chinese
    browser, mm/dd/yyyy in an English one); a scratch field tells which one this browser uses.
    """
    year, month, day = iso.split("-")
    for digits in (year + month + day, month + day + year, day + month + year):
        page.evaluate("""() => { const f = document.createElement('input'); f.type = 'date';
                                 f.id = 'scratch-date'; document.body.append(f); }""")
        page.focus("#scratch-date")
        page.keyboard.type(digits)
        value = page.input_value("#scratch-date")
        page.evaluate("document.getElementById('scratch-date').remove()")
        if value == iso:
            return digits
    raise AssertionError("unknown date field layout")


def test_the_calculator_can_be_filled_and_read_with_the_keyboard_alone(a11y_page: Page) -> None:
    page = a11y_page
    page.goto("/calculator/")
    wait_ready(page)
    birth_keys = date_keys(page, "1990-05-01")
    page.evaluate("document.activeElement && document.activeElement.blur()")

    # Choose the city: Tab to the radio group, Space selects the focused choice, an arrow key
    # moves to the other one.
    tab_to(page, 'input[name="city"]')
    page.keyboard.press("Space")
    if not page.get_by_test_id("city-shanghai").is_checked():
        page.keyboard.press("ArrowRight")
    expect(page.get_by_test_id("city-shanghai")).to_be_checked()

    # Dates by typing digits into the date field; numbers into text fields.
    tab_to(page, "#calc-shanghai-birth_date")
    page.keyboard.type(birth_keys)
    tab_to(page, "#calc-shanghai-si_months_last_12")
    page.keyboard.type("12")
    tab_to(page, "#calc-shanghai-si_months_total")
    page.keyboard.type("60")
    tab_to(page, "#calc-shanghai-education")
    page.keyboard.press("End")  # last choice: doctor
    expect(page.locator("#calc-shanghai-birth_date")).to_have_value("1990-05-01")

    assessed = page.locator("#calc-shanghai-assessment_date").input_value()
    education = page.locator("#calc-shanghai-education").input_value()
    want = json.loads(
        api.evaluate(
            json.dumps(
                {
                    "city": "shanghai",
                    "assessment_date": assessed,
                    "birth_date": "1990-05-01",
                    "si_months_last_12": "12",
                    "si_months_total": "60",
                    "education": education,
                }
            )
        )
    )
    assert want["ok"], want
    expect(page.get_by_test_id("total")).to_have_text(str(want["result"]["total"]))

    # Reading: the collapsed list of zero-point lines opens with Enter.
    tab_to(page, ".calc-lines-more > summary")
    page.keyboard.press("Enter")
    expect(page.locator(".calc-lines-more")).to_have_attribute("open", "")
    # Ticking a checklist item with Space updates the progress count.
    tab_to(page, ".calc-tick")
    page.keyboard.press("Space")
    expect(page.get_by_test_id("checklist-progress")).to_contain_text("已准备 1 /")
    # The share button works from the keyboard and puts the focus on the link.
    tab_to(page, '[data-testid="share"]', back=True)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("share-link")).to_be_focused()
    assert "#p=" in page.get_by_test_id("share-link").input_value()
