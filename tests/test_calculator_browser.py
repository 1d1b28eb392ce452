"""The calculator page in headless Chromium, used the way a person uses it.

Needs the built site (``make build``): the page loads the real Pyodide runtime and the real
``calculator`` package in a Web Worker. Expected numbers come from ``surfaces.api.evaluate``
in this CPython process, with the arithmetic written out in comments where a profile is typed by
hand. The ``page`` fixture (tests/conftest.py) already fails a test on any console error,
uncaught page error or request outside the site's origin.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from helpers import qr_decode
from playwright.sync_api import Page, expect

from calculator.surfaces import api, share

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
# Pyodide's first start in a worker on a 2-core machine takes seconds; this only bounds waiting.
LOAD_MS = 120_000
XSS = "<img src=x onerror=alert(1)>"

# ------------------------------------------------------------------------------------------
# Helpers


def evaluate(answers: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(api.evaluate(json.dumps(answers, ensure_ascii=False)))
    return result


def open_calculator(page: Page, fragment: str = "") -> None:
    page.goto("/calculator/" + fragment)
    expect(page.locator("#calc")).to_have_attribute("data-engine", "ready", timeout=LOAD_MS)


def field(page: Page, city: str, name: str) -> Any:
    return page.locator(f"#calc-{city}-{name}")


def type_into(page: Page, city: str, name: str, value: str) -> None:
    box = field(page, city, name)
    box.click()
    box.press_sequentially(value)


def shown_line_ids(page: Page) -> list[str]:
    return sorted(page.get_by_test_id("line").evaluate_all("ns => ns.map(n => n.dataset.id)"))


def shown_checklist_ids(page: Page) -> list[str]:
    return sorted(
        page.get_by_test_id("checklist-item").evaluate_all("ns => ns.map(n => n.dataset.id)")
    )


def expect_same_as_python(page: Page, answers: dict[str, Any]) -> dict[str, Any]:
    want = evaluate(answers)
    assert want["ok"], want
    expect(page.get_by_test_id("total")).to_have_text(str(want["result"]["total"]))
    assert shown_line_ids(page) == sorted(line["id"] for line in want["result"]["lines"])
    assert shown_checklist_ids(page) == sorted(item["id"] for item in want["checklist"])
    # The verdict is Python's, shown as it comes: sentence, gap, colour and the phone's bar.
    verdict = want["result"]["verdict"]
    expect(page.get_by_test_id("verdict")).to_have_text(verdict["headline"])
    expect(page.get_by_test_id("gap")).to_have_text(verdict["gap_text"])
    expect(page.get_by_test_id("summary")).to_have_attribute("data-state", verdict["tone"])
    expect(page.locator(".calc-mini-text")).to_have_text(verdict["short"])
    return want


def stored(page: Page, key: str) -> Any:
    return page.evaluate(f"localStorage.getItem({json.dumps(key)})")


# Shanghai, typed by hand. Assessed 2026-11-01:
#   age 36 (born 1990-05-01)                          -> 30  (30 for 43 or younger)
#   master                                            -> 100
#   60 months of social insurance = 5 full years x 3  -> 15
#   36 of the last 48 months at >= 1x average wage    -> 50
#   spouse with Shanghai hukou, married 2021-06-01: 5 full years x 4 -> 20
#   total 30 + 100 + 15 + 50 + 20 = 215 (standard score 120: reached)
SHANGHAI_ANSWERS = {
    "city": "shanghai",
    "assessment_date": "2026-11-01",
    "birth_date": "1990-05-01",
    "has_residence_permit": "true",
    "paying_now": "true",
    "si_months_last_12": "12",
    "si_months_total": "60",
    "education": "master",
    "education_full_time": "true",
    "education_foreign": "false",
    "title_skill": "none",
    "base_months_48_080": "40",
    "base_months_48_100": "36",
    "shortage_major": "false",
    "fresh_graduate": "false",
    "remote_area": "none",
    "award": "none",
    "marital_status": "married",
    "spouse_shanghai_hukou": "true",
    "marriage_date": "2021-06-01",
    "startup_talent": "false",
    "intermediary_talent": "false",
    "veto_family_planning": "false",
    "veto_serious_crime": "false",
    "dispatched_worker": "false",
    "collective_hukou": "false",
}


def fill_shanghai(page: Page) -> None:
    sh = "shanghai"
    page.get_by_test_id("city-shanghai").click()
    field(page, sh, "assessment_date").fill("2026-11-01")
    field(page, sh, "birth_date").fill("1990-05-01")
    type_into(page, sh, "si_months_last_12", "12")
    type_into(page, sh, "si_months_total", "60")
    field(page, sh, "education").select_option("master")
    type_into(page, sh, "base_months_48_080", "40")
    type_into(page, sh, "base_months_48_100", "36")
    field(page, sh, "marital_status").select_option("married")
    field(page, sh, "spouse_shanghai_hukou").check()
    field(page, sh, "marriage_date").fill("2021-06-01")


# ------------------------------------------------------------------------------------------
# Filling the form by hand


def test_shanghai_profile_typed_by_hand(page: Page) -> None:
    # The generated form is in the HTML itself: it can be filled while Python still loads.
    page.goto("/calculator/")
    expect(page.get_by_test_id("empty")).to_be_visible()
    page.get_by_test_id("city-shanghai").click()
    # Spouse questions only appear once "married" is chosen.
    expect(field(page, "shanghai", "marriage_date")).to_be_hidden()
    fill_shanghai(page)
    expect(field(page, "shanghai", "marriage_date")).to_be_visible()
    expect(page.locator("#calc")).to_have_attribute("data-engine", "ready", timeout=LOAD_MS)
    expect(page.get_by_test_id("status")).to_be_hidden()

    want = expect_same_as_python(page, SHANGHAI_ANSWERS)
    assert want["result"]["total"] == 215
    expect(page.get_by_test_id("gap")).to_contain_text("已达到")
    for line_id, points in [
        ("age", "30"),
        ("education", "100"),
        ("si_years", "15"),
        ("si_base", "50"),
        ("spouse_hukou", "20"),
    ]:
        line = page.locator(f'[data-testid="line"][data-id="{line_id}"]')
        expect(line.locator(".calc-line-points strong")).to_have_text(points)
        expect(line.get_by_test_id("confidence")).not_to_be_empty()
    expect(
        page.locator('[data-testid="checklist-item"][data-id="sh.spouse.documents"]')
    ).to_be_visible()
    expect(page.get_by_test_id("policy")).to_contain_text(want["result"]["policy"]["label"])
    expect(page.get_by_test_id("checklist-progress")).to_have_text(
        f"已准备 0 / {len(want['checklist'])} 项"
    )
    # Everything, the Python runtime included, came from the site itself.
    urls = page.request_urls  # type: ignore[attr-defined]
    assert any(url.endswith("/assets/pyodide/pyodide.asm.wasm") for url in urls)
    assert any(url.endswith("/assets/py/calculator.zip") for url in urls)
    assert page.foreign_requests == []  # type: ignore[attr-defined]
    expect(page.locator(".admonition.info").first).to_contain_text("不会离开")


# Hangzhou, typed by hand. Round opening 2025-06-01, so the cut-off day is 2025-05-01 (V4 rules):
#   age 33 at the cut-off (born 1992-03-10)         -> 30
#   bachelor (both certificates)                    -> 50
#   50 months of social insurance x 0.5             -> 25
#   60 months of residence = 5 years x 5            -> 25
#   36 months of renting                            -> 18
#   45 volunteer hours = 2 x 20 hours x 2 points    -> 4
#   total 30 + 50 + 25 + 25 + 18 + 4 = 152 (settlement line 100: reached)
HANGZHOU_ANSWERS = {
    "city": "hangzhou",
    "assessment_date": "2025-06-01",
    "birth_date": "1992-03-10",
    "purpose": "settle",
    "policy_version": "auto",
    "has_urban_permit": "true",
    "hangzhou_urban_hukou": "false",
    "education": "benke",
    "degree_status": "both",
    "education_completed": "true",
    "education_origin": "domestic",
    "title_skill": "none",
    "si_months": "50",
    "employed": "false",
    "residence_months": "60",
    "home_owned": "false",
    "rent_months": "36",
    "bone_marrow": "false",
    "volunteer_hours": "45",
    "tax_role": "none",
    "credit_role": "none",
    "veto_serious_crime": "false",
    "veto_banned_org": "false",
}


def test_hangzhou_profile_typed_by_hand(page: Page) -> None:
    open_calculator(page)
    hz = "hangzhou"
    page.get_by_test_id("city-hangzhou").click()
    # The Lingang question belongs to Shanghai only.
    expect(page.locator("#calc-shanghai-remote_area")).to_be_hidden()
    expect(
        page.locator('.calc-fields[data-city="hangzhou"] [data-field="remote_area"]')
    ).to_have_count(0)
    field(page, hz, "assessment_date").fill("2025-06-01")
    field(page, hz, "birth_date").fill("1992-03-10")
    expect(field(page, hz, "degree_status")).to_be_hidden()
    field(page, hz, "education").select_option("benke")
    expect(field(page, hz, "degree_status")).to_be_visible()
    type_into(page, hz, "si_months", "50")
    type_into(page, hz, "residence_months", "60")
    type_into(page, hz, "rent_months", "36")
    type_into(page, hz, "volunteer_hours", "45")

    want = expect_same_as_python(page, HANGZHOU_ANSWERS)
    assert want["result"]["total"] == 152
    expect(page.get_by_test_id("summary")).to_contain_text("2025-05-01")  # cut-off day
    line = page.locator('[data-testid="line"][data-id="housing"]')
    expect(line.locator(".calc-line-points strong")).to_have_text("18")


def test_bad_value_and_offence_rows(page: Page) -> None:
    open_calculator(page)
    fill_shanghai(page)
    expect(page.get_by_test_id("total")).to_have_text("215")

    # A negative month count: the Python validation's message appears next to the field.
    box = field(page, "shanghai", "si_months_total")
    box.fill("")
    box.press_sequentially("-5")
    error = page.locator("#calc-shanghai-si_months_total-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("累计缴纳本市职工社保的月数")  # the field's label, never its key
    expect(error).not_to_contain_text("si_months_total")
    expect(page.get_by_test_id("summary")).to_be_hidden()
    box.fill("60")
    expect(page.get_by_test_id("total")).to_have_text("215")
    expect(error).to_be_hidden()

    # One detention record inside the look-back window.
    page.get_by_test_id("add-shanghai-offences").click()
    row = page.get_by_test_id("offence-row")
    row.locator('input[data-offence="date"]').fill("2025-01-10")
    row.locator('input[data-offence="kind"][value="detention"]').check()
    answers = {**SHANGHAI_ANSWERS, "offences": [{"date": "2025-01-10", "kinds": ["detention"]}]}
    want = expect_same_as_python(page, answers)
    assert want["result"]["total"] < 215  # the record deducts points
    row.get_by_role("button", name="删除这条").click()
    expect(page.get_by_test_id("total")).to_have_text("215")


# ------------------------------------------------------------------------------------------
# Share links


def test_share_link_round_trip(page: Page) -> None:
    open_calculator(page)
    fill_shanghai(page)
    expect(page.get_by_test_id("total")).to_have_text("215")
    page.get_by_test_id("share").click()
    link_box = page.get_by_test_id("share-link")
    expect(link_box).to_have_value(re.compile(r"/calculator/#p=v1\.[A-Za-z0-9_-]+$"))
    link = link_box.input_value()
    assert "?" not in link  # answers travel in the fragment only
    assert share.decode(link.split("#", 1)[1])["birth_date"] == "1990-05-01"

    # A fresh visit with nothing stored: the link alone restores form and result.
    page.evaluate("localStorage.clear()")
    page.goto("about:blank")
    page.goto(link)
    expect(page.get_by_test_id("total")).to_have_text("215", timeout=LOAD_MS)
    expect(page.get_by_test_id("city-shanghai")).to_be_checked()
    expect(field(page, "shanghai", "birth_date")).to_have_value("1990-05-01")
    expect(field(page, "shanghai", "marriage_date")).to_have_value("2021-06-01")
    expect(page.get_by_test_id("viewing")).to_contain_text("正在查看别人分享的答案")
    expect_same_as_python(page, SHANGHAI_ANSWERS)
    # A link's answers are someone else's: nothing is stored on this device, edited or not
    # (tests/test_scenarios_browser.py: the person's own answers stay as they were).
    assert stored(page, "jzz-calculator-answers-v1") is None
    # 72 months = 6 full years x 3 = 18 instead of 15: 215 - 15 + 18 = 218
    field(page, "shanghai", "si_months_total").fill("")
    type_into(page, "shanghai", "si_months_total", "72")
    expect(page.get_by_test_id("total")).to_have_text("218")
    assert stored(page, "jzz-calculator-answers-v1") is None


def test_share_shows_the_links_qr_code(page: Page, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_calculator(page)
    fill_shanghai(page)
    expect(page.get_by_test_id("total")).to_have_text("215")
    qr_code = page.get_by_test_id("share-qr")
    expect(qr_code).to_be_hidden()
    page.get_by_test_id("share").click()
    expect(qr_code).to_be_visible(timeout=LOAD_MS)
    expect(qr_code).to_contain_text("扫描二维码")
    link = page.get_by_test_id("share-link").input_value()
    svg = qr_code.locator("svg")
    expect(svg).to_have_attribute("role", "img")
    # The code drawn by the worker holds exactly the link in the box (read by zbarimg).
    assert qr_decode(svg.evaluate("node => node.outerHTML"), tmp_path) == link
    box = svg.bounding_box()
    assert box is not None and box["width"] >= 150 and box["x"] + box["width"] <= 390
    qr_code.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "qr-390.png"))
    # Clearing the data hides the code with the link.
    page.get_by_test_id("clear").click()
    expect(qr_code).to_be_hidden()
    expect(qr_code.locator("svg")).to_have_count(0)


TAMPERED = [
    "#p=v1.this-is-not-a-real-link",  # not DEFLATE data
    "#p=v1.AB",  # non-canonical base64
    "#p=v9.AAAA",  # unknown version
    "#p=" + "A" * 9000,  # over the length limit
]


def test_tampered_links_show_a_message_and_own_answers_or_an_empty_form(page: Page) -> None:
    for number, fragment in enumerate(TAMPERED):
        if number == 0:
            open_calculator(page, fragment)  # a fresh visit
        else:
            if number == 1:
                fill_shanghai(page)  # the person's own answers, saved on this device
                expect(page.get_by_test_id("total")).to_have_text("215")
            page.goto("/calculator/" + fragment)  # the same tab, another link
        notice = page.get_by_test_id("notice")
        expect(notice).to_be_visible()
        expect(page.get_by_test_id("viewing")).to_be_hidden()
        if number == 0:  # nothing of the person's own: an empty form
            expect(notice).to_contain_text("空白表格")
            for city in ("shanghai", "hangzhou"):
                expect(page.get_by_test_id(f"city-{city}")).not_to_be_checked()
            expect(page.get_by_test_id("summary")).to_be_hidden()
        else:  # the person's own answers stay on screen, untouched by the bad link
            expect(notice).to_contain_text("你自己保存在本设备上的答案")
            expect(page.get_by_test_id("city-shanghai")).to_be_checked()
            expect(page.get_by_test_id("total")).to_have_text("215")


def test_links_with_html_in_values_execute_nothing(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    answers = {**SHANGHAI_ANSWERS, "education": XSS, "birth_date": XSS, XSS: XSS}
    open_calculator(page, "#p=" + share.encode(answers, defaults={}))
    notice = page.get_by_test_id("notice")
    expect(notice).to_contain_text("无法使用")
    # The Python validation names the value; it is shown as text, never parsed as HTML.
    expect(notice).to_contain_text("<img src=x")
    expect(page.get_by_test_id("city-shanghai")).not_to_be_checked()

    # The same in a key the form does not have.
    page.goto("/calculator/#p=" + share.encode({**SHANGHAI_ANSWERS, "note": XSS}, defaults={}))
    expect(notice).to_contain_text("note")
    expect(page.get_by_test_id("summary")).to_be_hidden()

    assert page.locator("img[src='x']").count() == 0
    assert page.locator("[onerror]").count() == 0
    assert dialogs == []


def test_every_example_opened_through_its_link_matches_python(page: Page) -> None:
    assert EXAMPLES, "examples/*.json is empty"
    for number, path in enumerate(EXAMPLES):
        answers = json.loads(path.read_text(encoding="utf-8"))
        fragment = share.make_link(answers, "")
        assert fragment.startswith("#p=v1.")
        if number == 0:
            open_calculator(page, fragment)
        else:
            page.goto("/calculator/" + fragment)  # like pasting the link into the same tab
        # The worker may still be busy with the previous example's what-ifs: a bound, not a speed.
        summary = page.get_by_test_id("summary")
        expect(summary).to_contain_text(answers["assessment_date"], timeout=LOAD_MS)
        try:
            expect_same_as_python(page, answers)
        except AssertionError as exc:
            raise AssertionError(f"{path.name}: {exc}") from exc


def test_uncertain_verdict_shows_the_certain_part(page: Page) -> None:
    # Hangzhou round of 2026-09 (the 2025 values unpublished, scored with the 2024 ones):
    # age 30 (unconfirmed) + master 70 + SI 20 + residence 15 + rented housing 18 = 153;
    # certain part 153 - 30 - 20 - 15 - 18 = 70, below the 100 line -> uncertain
    answers = {
        "city": "hangzhou",
        "assessment_date": "2026-09-01",
        "purpose": "settle",
        "birth_date": "1990-01-01",
        "education": "master",
        "si_months": 40,
        "residence_months": 40,
        "rent_months": 40,
    }
    open_calculator(page, share.make_link(answers, ""))
    want = expect_same_as_python(page, answers)
    assert want["result"]["verdict"]["status"] == "uncertain"
    expect(page.get_by_test_id("verdict")).to_contain_text("确定的部分是70分")
    expect(page.get_by_test_id("sure")).to_have_text("其中确定的部分 70 分")
    expect(page.get_by_test_id("summary")).to_have_attribute("data-state", "warn")


# ------------------------------------------------------------------------------------------
# Copy, print, checklist, stored answers


def test_copy_as_text_and_print(page: Page, tmp_path: Path) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
    open_calculator(page, share.make_link(SHANGHAI_ANSWERS, ""))
    expect(page.get_by_test_id("total")).to_have_text("215")
    want = evaluate(SHANGHAI_ANSWERS)

    page.get_by_test_id("copy").click()
    expect(page.get_by_test_id("action-msg")).to_contain_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == want["text"]
    assert "215分" in copied and "材料清单" in copied

    page.get_by_test_id("checklist-item").first.locator("input").check()
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    for hidden in ["#calc-form", ".md-header", ".md-sidebar--primary", ".md-footer"]:
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_test_id("actions")).to_be_hidden()
    for shown in ["total", "breakdown", "checklist"]:
        expect(page.get_by_test_id(shown)).to_be_visible()
    meta = page.locator(".calc-print-meta")
    expect(meta).to_be_visible()
    expect(meta).to_contain_text("打印日期")
    expect(meta).to_contain_text(want["result"]["policy"]["label"])
    shot = tmp_path / "print.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_answers_and_ticks_remembered_then_cleared(page: Page) -> None:
    open_calculator(page)
    fill_shanghai(page)
    expect(page.get_by_test_id("total")).to_have_text("215")
    items = page.get_by_test_id("checklist-item")
    count = items.count()
    items.nth(0).locator("input").check()
    items.nth(2).locator("input").check()
    expect(page.get_by_test_id("checklist-progress")).to_have_text(f"已准备 2 / {count} 项")

    page.reload()
    expect(page.locator("#calc")).to_have_attribute("data-engine", "ready", timeout=LOAD_MS)
    expect(page.get_by_test_id("total")).to_have_text("215")
    expect(field(page, "shanghai", "birth_date")).to_have_value("1990-05-01")
    expect(page.get_by_test_id("checklist-progress")).to_have_text(f"已准备 2 / {count} 项")
    expect(items.nth(2).locator("input")).to_be_checked()

    page.get_by_test_id("clear").click()
    expect(page.get_by_test_id("notice")).to_contain_text("已清除")
    expect(page.get_by_test_id("city-shanghai")).not_to_be_checked()
    expect(page.get_by_test_id("summary")).to_be_hidden()
    assert stored(page, "jzz-calculator-answers-v1") is None
    assert stored(page, "jzz-calculator-ticks-v1") is None

    page.reload()
    expect(page.locator("#calc")).to_have_attribute("data-engine", "ready", timeout=LOAD_MS)
    expect(page.get_by_test_id("city-shanghai")).not_to_be_checked()
    expect(field(page, "shanghai", "birth_date")).to_have_count(0)  # questions come with a city
    page.get_by_test_id("city-shanghai").check()
    expect(field(page, "shanghai", "birth_date")).to_have_value("")


LIVE_QUESTIONS = "document.querySelectorAll('#calc-form input, #calc-form select').length"
CITY_TEMPLATES = (
    "[...document.querySelectorAll('template.calc-city-fields')].map(t => t.dataset.city)"
)


def test_a_citys_questions_enter_the_page_when_that_city_is_chosen(page: Page) -> None:
    """Each city's questions wait in a template (build_form.py), so a page that is starting its
    engine styles and lays out only the city choice, and the browser's form filling has no
    hundred hidden fields to read. Chosen once, a city's questions stay: answers survive a
    change of city and back."""
    open_calculator(page)
    assert page.evaluate(LIVE_QUESTIONS) == 2  # the two city buttons
    assert sorted(page.evaluate(CITY_TEMPLATES)) == ["hangzhou", "shanghai"]
    expect(field(page, "shanghai", "birth_date")).to_have_count(0)

    page.get_by_test_id("city-shanghai").click()
    expect(field(page, "shanghai", "birth_date")).to_be_visible()
    assert page.evaluate(CITY_TEMPLATES) == ["hangzhou"]
    # The assessment date starts as today in a section put in later, as it did in the markup.
    today = page.evaluate("new Date().toLocaleDateString('sv')")  # YYYY-MM-DD, local time
    expect(field(page, "shanghai", "assessment_date")).to_have_value(today)
    field(page, "shanghai", "birth_date").fill("1990-05-01")

    page.get_by_test_id("city-hangzhou").click()
    expect(field(page, "hangzhou", "birth_date")).to_be_visible()
    expect(field(page, "shanghai", "birth_date")).to_be_hidden()
    assert page.evaluate(CITY_TEMPLATES) == []
    assert page.locator(".calc-fields:not([hidden])").count() == 1

    page.get_by_test_id("city-shanghai").click()
    expect(field(page, "shanghai", "birth_date")).to_have_value("1990-05-01")
    expect(field(page, "hangzhou", "birth_date")).to_be_hidden()


def test_a_share_link_puts_only_its_own_citys_questions_in(page: Page) -> None:
    answers = json.loads((ROOT / "examples" / "hangzhou-2025-round.json").read_text("utf-8"))
    want = evaluate(answers)
    open_calculator(page, "#p=" + share.encode(answers))
    expect(page.get_by_test_id("total")).to_have_text(str(want["result"]["total"]))
    expect(field(page, "hangzhou", "birth_date")).to_have_value(answers["birth_date"])
    assert page.evaluate(CITY_TEMPLATES) == ["shanghai"]


# ------------------------------------------------------------------------------------------
# Loading states and the privacy promise


def test_without_webassembly_a_fallback_is_shown(page: Page) -> None:
    page.add_init_script("delete window.WebAssembly;")
    page.goto("/calculator/")
    fail = page.get_by_test_id("fail")
    expect(fail).to_be_visible()
    expect(fail).to_contain_text("WebAssembly")
    expect(fail.locator('a[href="../shanghai/rules/"]')).to_be_visible()
    expect(fail.locator('a[href="../hangzhou/rules/"]')).to_be_visible()
    expect(page.get_by_test_id("status")).to_be_hidden()


def test_failed_download_shows_a_fallback(page: Page) -> None:
    # The Python runtime cannot be fetched (say, the connection dropped). (Not calculator.zip:
    # the memory snapshot holds the imported package, and the worker unpacks the zip only after
    # the first score, for the calls that need its files.)
    page.context.route("**/assets/pyodide/pyodide.mjs", lambda route: route.abort())
    page.goto("/calculator/")
    fail = page.get_by_test_id("fail")
    expect(fail).to_be_visible(timeout=LOAD_MS)
    expect(fail).to_contain_text("没能加载")
    expect(fail.locator('a[href="../shanghai/rules/"]')).to_be_visible()
    expect(page.locator("#calc")).to_have_attribute("data-engine", "failed")
    # The aborted request is the one expected console error; anything else still fails the test.
    errors = page.console_errors  # type: ignore[attr-defined]
    errors[:] = [e for e in errors if "ERR_FAILED" not in e]


def test_plan_whatifs_projection_and_deadlines(page: Page) -> None:
    """What-ifs, the five-year projection and the working-day timetable match Python."""
    answers = json.loads((ROOT / "examples" / "shanghai-not-yet.json").read_text("utf-8"))
    plan = json.loads(api.plan(json.dumps(answers)))
    open_calculator(page, "#" + share.fragment(answers))
    whatifs = page.get_by_test_id("whatif")
    expect(whatifs).to_have_count(len(plan["whatifs"]), timeout=LOAD_MS)
    shown = whatifs.evaluate_all("ns => ns.map(n => n.dataset.id)")
    assert shown == [w["id"] for w in plan["whatifs"]]
    # Each what-if's basis links name indicators in Chinese: no rule id reaches a person.
    basis = page.locator("[data-testid=whatif] a").all_inner_texts()
    want_basis = [b["label"] for w in plan["whatifs"] for b in w["basis"]]
    assert basis == want_basis and basis
    assert not any(re.search(r"[A-Za-z_]", text) for text in basis)
    # 74 now; on 2028-06-01 the 2023-06-01 detention (-50) leaves the 5-year window and
    # 41 + 19 = 60 months of social insurance make 5 years (15 instead of 9):
    # 74 + 50 + 6 = 130 >= 120, so the threshold is reached on 2028-06-01.
    reach = plan["projection"]["reaches_threshold_on"]
    assert reach == "2028-06-01"
    expect(page.get_by_test_id("projection-summary")).to_contain_text(reach)
    # The chart is the one Python draws: the same labels, in the same order.
    chart = page.get_by_test_id("projection-chart").locator("svg")
    expect(chart).to_be_visible()
    drawn = ElementTree.fromstring(plan["projection_svg"])
    labels = [text.text or "" for text in drawn.iter("{http://www.w3.org/2000/svg}text")]
    assert labels
    expect(chart.locator("text")).to_have_text(labels)

    page.get_by_test_id("deadline-from").fill("2026-09-30")
    page.get_by_test_id("deadline-go").click()
    expected = json.loads(api.deadlines(json.dumps({"city": "shanghai", "from": "2026-09-30"})))
    steps = page.get_by_test_id("deadline-step")
    expect(steps).to_have_count(len(expected["deadlines"]["steps"]))
    for step, want in zip(steps.all(), expected["deadlines"]["steps"], strict=True):
        expect(step).to_contain_text(want["date"])
    expect(page.get_by_test_id("deadline-ics")).to_be_visible()
    href = page.get_by_test_id("deadline-ics").get_attribute("href") or ""
    assert href.startswith("blob:")


def test_projection_never_promises_a_score_already_reached(page: Page) -> None:
    answers = json.loads((ROOT / "examples" / "shanghai-master-graduate.json").read_text("utf-8"))
    plan = json.loads(api.plan(json.dumps(answers)))
    # 136 now >= 120: the line is reached at the start, so there is no date to wait for.
    assert plan["projection"]["already_reached"] is True
    open_calculator(page, share.make_link(answers, ""))
    summary = page.get_by_test_id("projection-summary")
    expect(summary).to_have_text("现在已达到120分。", timeout=LOAD_MS)
    expect(page.get_by_test_id("projection-chart").locator("svg")).to_be_visible()
