"""Share links never overwrite the person's own answers; saved scenarios; the comparison table.

Headless Chromium on the built site (``make build``), used the way a person uses the page.
Expected comparisons come from ``api.compare`` in this CPython process on the very answers the
page stored, so the page is checked to show Python's table and conclusions as they come.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from calculator.surfaces import api, share
from tests import test_accessibility
from tests.test_calculator_browser import (
    LOAD_MS,
    SHANGHAI_ANSWERS,
    field,
    fill_shanghai,
    open_calculator,
    stored,
    type_into,
)
from tests.test_phone_pages import LONG_CELL_CHARS, LONG_CELL_MIN_EM, TABLES_JS

pytestmark = pytest.mark.browser
a11y_page = test_accessibility.a11y_page  # the fixture: a page that axe-core can be injected into
axe_violations = test_accessibility.axe_violations

ANSWERS = "jzz-calculator-answers-v1"
SCENARIOS = "jzz-calculator-scenarios-v1"
# A friend's answers: SHANGHAI_ANSWERS (215, see tests/test_calculator_browser.py) with a
# bachelor's degree without the degree certificate instead of a master's:
# 215 - 100 master + 60 benke = 175
FRIEND = {**SHANGHAI_ANSWERS, "education": "benke"}
FRIEND_LINK = "/calculator/#" + share.fragment(FRIEND)


def own_answers(page: Page) -> dict[str, Any]:
    raw = stored(page, ANSWERS)
    assert raw, "no answers stored on this device"
    answers: dict[str, Any] = json.loads(raw)
    return answers


def saved_scenarios(page: Page) -> list[dict[str, Any]]:
    raw = stored(page, SCENARIOS)
    return json.loads(raw) if raw else []


def reload_calculator(page: Page, path: str = "/calculator/") -> None:
    page.goto("about:blank")
    page.goto(path)
    expect(page.locator("#calc")).to_have_attribute("data-engine", "ready", timeout=LOAD_MS)


def own_saved(page: Page) -> None:
    """The person's own answers (215 points), saved on this device."""
    open_calculator(page)
    fill_shanghai(page)
    expect(page.get_by_test_id("total")).to_have_text("215")
    assert own_answers(page)["education"] == "master"


def edit_friends_answers(page: Page) -> None:
    # 72 months = 6 full years x 3 = 18 instead of 15: 175 - 15 + 18 = 178
    field(page, "shanghai", "si_months_total").fill("")
    type_into(page, "shanghai", "si_months_total", "72")
    expect(page.get_by_test_id("total")).to_have_text("178")


# ------------------------------------------------------------------------------------------
# Share links


def test_a_link_edited_never_replaces_own_answers(page: Page) -> None:
    own_saved(page)
    reload_calculator(page, FRIEND_LINK)
    banner = page.get_by_test_id("viewing")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("正在查看别人分享的答案")
    expect(page.get_by_test_id("total")).to_have_text("175")
    edit_friends_answers(page)
    # Nothing of the friend's reached this device's storage.
    assert own_answers(page)["education"] == "master"
    assert own_answers(page)["si_months_total"] == "60"

    # Reloading without the fragment: the person's own answers, intact.
    reload_calculator(page)
    expect(page.get_by_test_id("total")).to_have_text("215")
    expect(field(page, "shanghai", "education")).to_have_value("master")
    expect(field(page, "shanghai", "si_months_total")).to_have_value("60")
    expect(page.get_by_test_id("viewing")).to_be_hidden()


def test_leaving_a_link_returns_to_own_answers(page: Page) -> None:
    own_saved(page)
    reload_calculator(page, FRIEND_LINK)
    expect(page.get_by_test_id("total")).to_have_text("175")
    edit_friends_answers(page)
    page.get_by_test_id("leave-view").click()
    expect(page.get_by_test_id("viewing")).to_be_hidden()
    expect(page.get_by_test_id("total")).to_have_text("215")
    expect(field(page, "shanghai", "education")).to_have_value("master")
    assert "#" not in page.url
    assert own_answers(page)["education"] == "master"


def test_keeping_a_links_answers_as_mine_keeps_the_old_ones_as_a_scenario(page: Page) -> None:
    own_saved(page)
    reload_calculator(page, FRIEND_LINK)
    edit_friends_answers(page)
    page.get_by_test_id("keep-view").click()
    expect(page.get_by_test_id("viewing")).to_be_hidden()
    expect(page.get_by_test_id("notice")).to_contain_text("这些答案已存为你的答案")
    expect(page.get_by_test_id("notice")).to_contain_text("原来的答案")
    assert "#" not in page.url
    mine = own_answers(page)
    assert (mine["education"], mine["si_months_total"]) == ("benke", "72")
    # What was saved before is a scenario now, never lost.
    (before,) = saved_scenarios(page)
    assert before["name"] == "原来的答案"
    assert before["answers"]["education"] == "master"
    expect(page.get_by_test_id("scenario-title")).to_have_text(["原来的答案"])

    reload_calculator(page)
    expect(page.get_by_test_id("total")).to_have_text("178")
    # Editing now saves, as the answers are the person's own.
    field(page, "shanghai", "education").select_option("master")
    # 178 - 60 benke + 100 master = 218
    expect(page.get_by_test_id("total")).to_have_text("218")
    assert own_answers(page)["education"] == "master"


# ------------------------------------------------------------------------------------------
# Scenarios


def save_as(page: Page, name: str) -> None:
    page.get_by_test_id("scenario-name").fill(name)
    page.get_by_test_id("save-scenario").click()
    expect(page.get_by_test_id("scenario-msg")).to_have_text(
        f"已保存方案“{name}”（只在本设备上）。"
    )


def scenario_row(page: Page, name: str) -> Any:
    return page.get_by_test_id("scenario").filter(has=page.get_by_text(name, exact=True))


def test_scenarios_save_rename_open_delete(page: Page) -> None:
    own_saved(page)
    expect(page.get_by_test_id("scenario-empty")).to_be_visible()
    save_as(page, "硕士")
    field(page, "shanghai", "education").select_option("benke")
    # 215 - 100 master + 60 benke = 175
    expect(page.get_by_test_id("total")).to_have_text("175")
    save_as(page, "本科")
    titles = page.get_by_test_id("scenario-title")
    expect(titles).to_have_text(["硕士", "本科"])
    expect(page.get_by_test_id("scenario-empty")).to_be_hidden()
    expect(scenario_row(page, "本科")).to_contain_text("上海")

    scenario_row(page, "本科").get_by_test_id("rename-scenario").click()
    box = page.get_by_test_id("scenario-rename")
    box.fill("只有本科")
    page.get_by_test_id("rename-ok").click()
    expect(titles).to_have_text(["硕士", "只有本科"])

    scenario_row(page, "硕士").get_by_test_id("open-scenario").click()
    expect(page.get_by_test_id("total")).to_have_text("215")
    expect(field(page, "shanghai", "education")).to_have_value("master")
    assert own_answers(page)["education"] == "master"

    scenario_row(page, "只有本科").get_by_test_id("delete-scenario").click()
    expect(titles).to_have_text(["硕士"])
    reload_calculator(page)
    expect(page.get_by_test_id("scenario-title")).to_have_text(["硕士"])
    assert [s["name"] for s in saved_scenarios(page)] == ["硕士"]


def expected_comparison(page: Page, names: list[str]) -> dict[str, Any]:
    by_name = {s["name"]: s["answers"] for s in saved_scenarios(page)}
    request = {"scenarios": [{"name": n, "answers": by_name[n]} for n in names]}
    out: dict[str, Any] = json.loads(api.compare(json.dumps(request, ensure_ascii=False)))
    assert out["ok"], out
    comparison: dict[str, Any] = out["comparison"]
    return comparison


def expect_comparison(page: Page, want: dict[str, Any]) -> None:
    table = page.get_by_test_id("compare-table")
    expect(page.get_by_test_id("compare")).to_be_visible()
    expect(table.locator("thead th")).to_have_text(["", *want["table"]["header"]])
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(want["table"]["rows"]))
    for i, row in enumerate(want["table"]["rows"]):
        expect(rows.nth(i).locator("th")).to_have_text(row["label"])
        expect(rows.nth(i).locator("td")).to_have_text(row["cells"])
    expect(page.get_by_test_id("compare-best")).to_have_text(want["conclusion"]["best"])
    expect(page.get_by_test_id("compare-family")).to_have_text(want["conclusion"]["family"])
    rule = page.get_by_test_id("compare-rule")
    expect(rule).to_contain_text(want["family"]["sentence"])
    expect(rule).to_contain_text(want["family"]["cited"])
    expect(rule.locator("a")).to_have_count(len(want["family"]["evidence"]))


def test_compare_table_of_chosen_scenarios(page: Page) -> None:
    own_saved(page)
    save_as(page, "硕士")
    field(page, "shanghai", "education").select_option("benke")
    expect(page.get_by_test_id("total")).to_have_text("175")  # 215 - 100 + 60
    save_as(page, "本科")
    # One chosen is too few: Python says so.
    scenario_row(page, "硕士").locator("input[type=checkbox]").check()
    page.get_by_test_id("compare-scenarios").click()
    expect(page.get_by_test_id("scenario-msg")).to_contain_text("一次可以比较 2 到 3 个方案")
    scenario_row(page, "本科").locator("input[type=checkbox]").check()
    page.get_by_test_id("compare-scenarios").click()
    want = expected_comparison(page, ["硕士", "本科"])
    # 硕士 215 and 本科 175: both reach 120, so either parent may apply
    assert [c["total"] for c in want["columns"]] == [215, 175]
    expect_comparison(page, want)
    expect(page.get_by_test_id("compare-family")).to_contain_text("都已达到标准分值")
    differs = page.locator("[data-testid=compare-table] tr.calc-differs th")
    expect(differs).to_have_text(["教育背景", "总分"])


def test_add_a_spouse_and_compare(page: Page) -> None:
    own_saved(page)
    page.get_by_test_id("add-second").click()
    banner = page.get_by_test_id("viewing")
    expect(banner).to_contain_text("正在填写第二个人的答案")
    expect(page.get_by_test_id("city-shanghai")).to_be_checked()
    expect(field(page, "shanghai", "assessment_date")).to_have_value("2026-11-01")
    expect(field(page, "shanghai", "birth_date")).to_have_value("")
    sh = "shanghai"
    field(page, sh, "birth_date").fill("1992-03-01")
    type_into(page, sh, "si_months_last_12", "12")
    type_into(page, sh, "si_months_total", "24")
    field(page, sh, "education").select_option("benke")
    # spouse: age 34 -> 30, benke 60, 24 months = 2 years x 3 = 6: 30 + 60 + 6 = 96 (< 120)
    expect(page.get_by_test_id("total")).to_have_text("96")
    assert own_answers(page)["education"] == "master"  # the form is not the person's own

    page.get_by_test_id("compare-second").click()
    expect(banner).to_be_hidden()
    expect(page.get_by_test_id("compare")).to_be_visible()
    assert [s["name"] for s in saved_scenarios(page)] == ["我", "配偶"]
    want = expected_comparison(page, ["我", "配偶"])
    assert [c["total"] for c in want["columns"]] == [215, 96]
    expect_comparison(page, want)
    expect(page.get_by_test_id("compare-family")).to_have_text(
        "如果这两个方案分别是父母双方的情况：“我”已达到标准分值，由“我”申请就够了。"
    )
    # Back to the person's own answers, untouched.
    expect(page.get_by_test_id("total")).to_have_text("215")
    assert own_answers(page)["education"] == "master"


def test_clearing_my_data_clears_the_scenarios(page: Page) -> None:
    own_saved(page)
    save_as(page, "硕士")
    save_as(page, "又一个")
    page.get_by_test_id("scenario").first.locator("input[type=checkbox]").check()
    page.get_by_test_id("scenario").nth(1).locator("input[type=checkbox]").check()
    page.get_by_test_id("compare-scenarios").click()
    expect(page.get_by_test_id("compare")).to_be_visible()

    page.get_by_test_id("clear").click()
    expect(page.get_by_test_id("notice")).to_contain_text("方案")
    expect(page.get_by_test_id("scenario")).to_have_count(0)
    expect(page.get_by_test_id("scenario-empty")).to_be_visible()
    expect(page.get_by_test_id("compare")).to_be_hidden()
    assert stored(page, SCENARIOS) is None
    reload_calculator(page)
    expect(page.get_by_test_id("scenario")).to_have_count(0)


def test_the_comparison_scrolls_sideways_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    own_saved(page)
    save_as(page, "现在（硕士研究生）")
    field(page, "shanghai", "education").select_option("benke")
    save_as(page, "只有本科学历的情况")
    field(page, "shanghai", "education").select_option("doctor")
    save_as(page, "读完在职博士以后")
    for i in range(3):
        page.get_by_test_id("scenario").nth(i).locator("input[type=checkbox]").check()
    page.get_by_test_id("compare-scenarios").click()
    expect(page.get_by_test_id("compare")).to_be_visible()
    scroll = page.get_by_test_id("compare-scroll")
    sizes = scroll.evaluate("n => [n.scrollWidth, n.clientWidth, n.getBoundingClientRect().right]")
    assert sizes[0] > sizes[1], sizes  # wider than the phone: it scrolls inside its box...
    assert sizes[2] <= 390, sizes  # ...and the box itself ends within the screen
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390  # the page never scrolls sideways
    # The site's own check of wide tables: not clipped, right edge reachable, no squeezed cells.
    assert page.evaluate(TABLES_JS, [LONG_CELL_CHARS, LONG_CELL_MIN_EM]) == []


def test_banner_list_and_comparison_have_no_serious_accessibility_violation(
    a11y_page: Page,
) -> None:
    page = a11y_page
    mine = {**SHANGHAI_ANSWERS}
    saved = [
        {"id": "a", "name": "我", "answers": mine, "saved": "2026-11-30"},
        {"id": "b", "name": "配偶", "answers": FRIEND, "saved": "2026-11-30"},
    ]
    page.goto("/calculator/")
    page.evaluate(
        "([a, s]) => { localStorage.setItem('jzz-calculator-answers-v1', JSON.stringify(a));"
        " localStorage.setItem('jzz-calculator-scenarios-v1', JSON.stringify(s)); }",
        [mine, saved],
    )
    reload_calculator(page, FRIEND_LINK)
    expect(page.get_by_test_id("viewing")).to_be_visible()
    for i in range(2):
        page.get_by_test_id("scenario").nth(i).locator("input[type=checkbox]").check()
    page.get_by_test_id("compare-scenarios").click()
    # 我 215 and 配偶 175 (see FRIEND)
    expect(page.get_by_test_id("compare-table").locator("tr[data-kind=total] td")).to_have_text(
        ["215", "175"]
    )
    assert axe_violations(page) == []
