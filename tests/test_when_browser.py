"""The calculator page shows Python's "when" sentence right after the verdict (headless Chromium).

Needs the built site (``make build``). The sentence is ``planning.when`` through
``surfaces.api.evaluate`` in this CPython process; the page only renders it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from calculator.surfaces import api, share

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
LOAD_MS = 120_000


@pytest.mark.parametrize("name", ["shanghai-master-graduate", "hangzhou-2025-round"])
def test_when_sentence_follows_the_verdict(page: Page, name: str) -> None:
    answers = json.loads((ROOT / "examples" / f"{name}.json").read_text("utf-8"))
    want = json.loads(api.evaluate(json.dumps(answers)))["when"]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/calculator/" + share.make_link(answers, ""))
    shown = page.get_by_test_id("when")
    expect(shown).to_have_text(f"什么时候申请：{want['sentence']}", timeout=LOAD_MS)
    expect(shown).to_be_visible()
    # Right under the verdict headline (only the certain part and the other readings may sit
    # between them: both say how sure the verdict is).
    order = page.evaluate(
        """() => {
            const v = document.querySelector('[data-testid=verdict]');
            const w = document.querySelector('[data-testid=when]');
            const between = [];
            for (let n = v.nextElementSibling; n && n !== w; n = n.nextElementSibling) {
                between.push(n.dataset.testid || n.className);
            }
            return {follows: Boolean(v.compareDocumentPosition(w) & 4), between};
        }"""
    )
    assert order["follows"] and set(order["between"]) <= {"sure", "readings"}
    # The timetable starts from the date "when" gives, not from today.
    expect(page.get_by_test_id("deadline-from")).to_have_value(want["date"])
