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
from tests.helpers import SH_BASE

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


def test_shanghai_date_below_the_line_arrives_with_the_plan(page: Page) -> None:
    # benke_degree 90 + age 30 = 120, but 2 of the last 12 months paid (6 needed): paying on,
    # the gate passes 4 months after 2026-11-01, on 2027-03-01. The evaluation (every keystroke)
    # says the date is being worked out; the plan's projection brings it, and the page swaps it in.
    answers = {**SH_BASE, "education": "benke_degree", "si_months_total": 2, "si_months_last_12": 2}
    want = json.loads(api.plan(json.dumps(answers)))["when"]
    assert want["date"] == "2027-03-01"
    page.goto("/calculator/" + share.make_link(answers, ""))
    shown = page.get_by_test_id("when")
    expect(shown).to_have_text(f"什么时候申请：{want['sentence']}", timeout=LOAD_MS)
    assert "预计2027-03-01起符合条件" in want["sentence"]
    expect(page.get_by_test_id("deadline-from")).to_have_value("2027-03-01")
