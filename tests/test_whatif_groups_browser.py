"""The page shows the what-ifs in their effort groups, in order, as Python returns them.

A Hangzhou renter on a phone (examples/hangzhou-2025-round.json, 229 points under V4):
- 马上能办: a donation 3500 -> 4000 yuan (2 per full 1000: 6 -> 8, +2), 20 more volunteer hours
  (+2), 200 ml of blood (+1);
- 等时间累积: 8 more months of renting (40 -> 48 = 4 full years, +6), of residence registration
  (+5), 12 more months of insurance (0.5 a month, +6);
- 需要生活上的改变: a home (80 - 18 rent = +62), titles and degrees, the missing degree
  certificate: each "所需时间因人而异", never "不需等待".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from calculator.planning.candidate import EFFORT_LABELS
from calculator.surfaces import api, share

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
RENTER = ROOT / "examples" / "hangzhou-2025-round.json"
LOAD_MS = 120_000  # Pyodide's first start on a 2-core machine; bounds waiting only


def test_phone_shows_whatif_groups_in_order(page: Page) -> None:
    answers = json.loads(RENTER.read_text("utf-8"))
    plan = json.loads(api.plan(json.dumps(answers)))
    want: dict[str, list[str]] = {}
    for w in plan["whatifs"]:
        want.setdefault(w["effort"], []).append(w["id"])
    assert list(want) == list(EFFORT_LABELS)  # this profile has all three groups

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/calculator/#" + share.fragment(answers))
    groups = page.get_by_test_id("whatif-group")
    expect(groups).to_have_count(3, timeout=LOAD_MS)
    expect(groups.locator("h4")).to_have_text(list(EFFORT_LABELS.values()))
    for i, (effort, ids) in enumerate(want.items()):
        group = groups.nth(i)
        expect(group).to_have_attribute("data-effort", effort)
        shown = group.get_by_test_id("whatif").evaluate_all("ns => ns.map(n => n.dataset.id)")
        assert shown == ids
    life = groups.nth(2)
    expect(life).not_to_contain_text("不需等待")
    expect(life.locator(".calc-whatif-when").first).to_have_text("所需时间因人而异")
    # The first wait: rent 8 months for +6 (0.75 a month) before residence 8 for +5.
    expect(groups.nth(1).get_by_test_id("whatif").first).to_contain_text("继续合法租住8个月")
