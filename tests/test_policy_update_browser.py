"""The policy update's new questions on the calculator page, answered as a person does.

Needs the built site (``make build``). Expected totals come from ``surfaces.api.evaluate`` in
this process; the arithmetic is in the comments. Screenshots at 390x844 go to
/work/wt/notes/shots/ when that folder exists (for people to look at; nothing asserts on them).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from test_calculator_browser import evaluate, field, open_calculator, type_into

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _line_points(page: Page, indicator: str) -> Any:
    return page.locator(f'[data-testid="line"][data-id="{indicator}"] .calc-line-points strong')


def _start(page: Page, city: str, on: str, birth: str) -> None:
    """On a phone: open the calculator, pick the city, type the two dates."""
    page.set_viewport_size(PHONE)
    open_calculator(page)
    page.get_by_test_id(f"city-{city}").click()
    field(page, city, "assessment_date").fill(on)
    field(page, city, "birth_date").fill(birth)


def test_hangzhou_co_owner_hukou_removes_the_housing_points(page: Page) -> None:
    hz = "hangzhou"
    _start(page, hz, "2024-09-01", "1990-01-01")
    # V4 round 2024-09-01, cut-off 2024-08-01: 34 years old → 30; owned home → 80; total 110
    expect(field(page, hz, "co_owner_hangzhou_hukou")).to_be_hidden()
    field(page, hz, "home_owned").check()
    expect(page.get_by_test_id("total")).to_have_text("110")
    field(page, hz, "home_co_owned").check()
    question = field(page, hz, "co_owner_hangzhou_hukou")
    expect(question).to_be_visible()
    field(page, hz, "tax_role").select_option("both")
    expect(field(page, hz, "tax_wage_yuan")).to_be_visible()
    # co-owner has Hangzhou urban hukou → housing 0: 110 - 80 = 30
    question.check()
    expect(page.get_by_test_id("total")).to_have_text("30")
    answers = {
        "city": hz,
        "assessment_date": "2024-09-01",
        "birth_date": "1990-01-01",
        "home_owned": "true",
        "home_co_owned": "true",
        "co_owner_hangzhou_hukou": "true",
        "tax_role": "both",
    }
    assert evaluate(answers)["result"]["total"] == 30
    line = page.locator('[data-testid="line"][data-id="housing"]')
    expect(line).to_contain_text("与杭州户籍人员共同购买")
    # investor 110000: 1 + 60000 // 30000 = 3; wage 30000: 1 + 20000 // 5000 = 5 → 30 + 8 = 38
    type_into(page, hz, "tax_yuan", "110000")
    type_into(page, hz, "tax_wage_yuan", "30000")
    expect(page.get_by_test_id("total")).to_have_text("38")
    expect(_line_points(page, "tax")).to_have_text("8")


def test_shanghai_transition_area_shows_its_reading(page: Page) -> None:
    sh = "shanghai"
    _start(page, sh, "2026-11-30", "1993-03-15")
    type_into(page, sh, "si_months_last_12", "12")
    type_into(page, sh, "si_months_total", "78")
    field(page, sh, "education").select_option("benke")
    area = field(page, sh, "remote_area")
    area.select_option("transition")
    type_into(page, sh, "remote_area_years", "6")
    # 30 age + 60 本科 + 6 years × 3 = 108 < 120; the revised 实施细则 adds 6 × 2 = 12 → 120
    expect(page.get_by_test_id("total")).to_have_text("108")
    readings = page.get_by_test_id("reading")
    expect(readings).to_have_count(1)
    expect(readings.first).to_contain_text("合计 120 分")
    expect(readings.first).to_contain_text("修订后的实施细则")
    expect(page.get_by_test_id("verdict")).to_contain_text("合计120分")
    # the checklist keeps the family-planning commitment and says the revision drops it
    alt = page.get_by_test_id("checklist-alternative")
    expect(alt).to_have_count(1)
    expect(alt).to_contain_text("另有说法")
    # choosing a new town instead: 6 full years × 2 = 12, counted after 5 → 120, no reading
    area.select_option("new_city")
    expect(page.get_by_test_id("total")).to_have_text("120")
    expect(readings).to_have_count(0)
    expect(page.get_by_test_id("readings")).to_be_hidden()
