"""The hand-written guides: footnotes, claim markers and the facts the corrections put in.

Source checks parse the Markdown in docs/ (no build needed): every footnote reference has a
definition and every definition is used; every claim marker is one of the legend's
(docs/includes/claim-markers.md), carries its own label and points at the legend the page
includes; no fact-sheet tag or stray marker text leaks into a page; 「申请者经验」 boxes use their
own admonition type. Browser checks (marked ``browser``, need ``make build``) look at the built
pages: the markers are drawn as badges, a tap on one opens the legend, the experience boxes
have their own colour.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers import load_script

br = load_script("build_rules")

DOCS = Path(__file__).resolve().parent.parent / "docs"
CSS = DOCS / "stylesheets" / "extra.css"
LEGEND_FILE = "includes/claim-markers.md"
LEGEND_INCLUDE = f'--8<-- "{LEGEND_FILE}"'
LEGEND_ANCHOR = "claim-markers"
GENERATED_MARK = "<!-- 此文件由 scripts/build_rules.py 生成"
GUIDES = br.GUIDE_PAGES

# The legend's four markers: CSS class suffix -> the label a person reads.
EXPECTED_MARKERS = {
    "3p": "据咨询机构说法",
    "unconf": "尚未证实",
    "inf": "我们的推断",
    "disputed": "说法不一",
}

FOOTNOTE_REF_RE = re.compile(r"\[\^(?P<id>[^\]]+)\](?!:)")
# An inline marker: [label](href){ .claim .claim-x } (attr_list on a link).
MARKER_RE = re.compile(r"\[(?P<label>[^\]\[]+)\]\((?P<href>[^)\s]*)\)\{(?P<attrs>[^}]*)\}")
LEGEND_SPAN_RE = re.compile(
    r'<span class="claim claim-(?P<kind>[a-z0-9]+)">(?P<label>[^<]+)</span>'
)
# A marker class (".claim-x" in an attr list, "claim-x" in a class attribute); not "#claim-markers".
CLASS_RE = re.compile(r"(?<![#/\w-])\.?claim-(?P<kind>[a-z0-9]+)\b")
ADMONITION_RE = re.compile(r'^(?:!!!|\?\?\?\+?) (?P<type>[\w-]+)(?: "(?P<title>[^"]*)")?', re.M)
# Confidence tags of the fact sheets (../shared/policy): never shown to a person.
FACT_SHEET_TAG_RE = re.compile(r"\[(?:3P(?:-1)?|UNCONF|INF|OFF(?:-Q)?|MEDIA)\]")


GENERATED_BLOCK_RE = re.compile(r"<!-- calculator-form:begin.*?<!-- calculator-form:end -->", re.S)


def _read(rel: str) -> str:
    """A hand-written page's text without any block a build script writes into it."""
    return GENERATED_BLOCK_RE.sub("", (DOCS / rel).read_text(encoding="utf-8"))


def _hand_written_pages() -> list[str]:
    """Markdown pages a person edits (generated pages and snippet fragments excluded)."""
    out = []
    for md in sorted(DOCS.rglob("*.md")):
        rel = md.relative_to(DOCS).as_posix()
        if rel.startswith("includes/") or GENERATED_MARK in md.read_text(encoding="utf-8")[:300]:
            continue
        out.append(rel)
    return out


HAND_WRITTEN = _hand_written_pages()


def legend() -> dict[str, str]:
    """CSS class suffix -> label, as the legend file defines them."""
    return {m["kind"]: m["label"] for m in LEGEND_SPAN_RE.finditer(_read(LEGEND_FILE))}


def markers(text: str) -> list[re.Match[str]]:
    return [m for m in MARKER_RE.finditer(text) if re.search(r"(^|\s)\.claim(\s|$)", m["attrs"])]


def _without_footnote_definitions(text: str) -> str:
    return br.FOOTNOTE_RE.sub("", text)


# ----------------------------------------------------------------------------- the mechanism


def test_hand_written_pages_are_found() -> None:
    assert set(GUIDES) <= set(HAND_WRITTEN)
    assert "sources.md" not in HAND_WRITTEN  # generated


def test_legend_defines_exactly_the_four_markers() -> None:
    assert legend() == EXPECTED_MARKERS


def test_legend_carries_the_anchor_the_markers_link_to() -> None:
    assert re.search(rf"^\{{ #{LEGEND_ANCHOR}[ }}]", _read(LEGEND_FILE), re.MULTILINE)


def test_legend_explains_the_experience_box() -> None:
    assert "「申请者经验」" in _read(LEGEND_FILE)


@pytest.mark.parametrize("kind", sorted(EXPECTED_MARKERS))
def test_every_marker_class_is_styled(kind: str) -> None:
    css = CSS.read_text(encoding="utf-8")
    assert re.search(rf"\.md-typeset \.claim-{kind}\b[^{{]*\{{[^}}]*background-color", css)


def test_experience_admonition_is_styled() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert ".md-typeset .admonition.experience" in css
    assert "--md-admonition-icon--experience" in css


# ----------------------------------------------------------------------------- footnotes


@pytest.mark.parametrize("rel", HAND_WRITTEN)
def test_every_footnote_reference_has_a_definition_and_vice_versa(rel: str) -> None:
    text = _read(rel)
    defined = [m["id"] for m in br.FOOTNOTE_RE.finditer(text)]
    used = {m["id"] for m in FOOTNOTE_REF_RE.finditer(_without_footnote_definitions(text))}
    assert len(defined) == len(set(defined)), "a footnote is defined twice"
    assert sorted(used - set(defined)) == [], "references without a definition"
    assert sorted(set(defined) - used) == [], "definitions nobody references"


# ----------------------------------------------------------------------------- markers on pages


@pytest.mark.parametrize("rel", HAND_WRITTEN)
def test_every_marker_is_the_legends_own_and_points_at_it(rel: str) -> None:
    text = _read(rel)
    known = legend()
    for m in markers(text):
        kinds = [k["kind"] for k in CLASS_RE.finditer(m["attrs"])]
        assert len(kinds) == 1, f"one marker class per marker: {m[0]}"
        assert kinds[0] in known, f"unknown marker class: {m[0]}"
        assert m["label"] == known[kinds[0]], f"label does not match its class: {m[0]}"
        assert m["href"] == f"#{LEGEND_ANCHOR}", f"marker does not point at the legend: {m[0]}"
    if markers(text):
        assert LEGEND_INCLUDE in text, "the page uses markers but does not include the legend"


@pytest.mark.parametrize("rel", HAND_WRITTEN)
def test_no_unknown_marker_class_anywhere_on_the_page(rel: str) -> None:
    kinds = {m["kind"] for m in CLASS_RE.finditer(_read(rel))}
    assert kinds <= set(legend()), sorted(kinds - set(legend()))


@pytest.mark.parametrize("rel", HAND_WRITTEN)
def test_marker_labels_appear_only_as_markers(rel: str) -> None:
    """A label typed as plain text (or in brackets) would look like a marker and explain nothing."""
    text = MARKER_RE.sub("", _without_footnote_definitions(_read(rel)))
    for label in legend().values():
        assert label not in text, f"「{label}」 appears outside a marker"


@pytest.mark.parametrize("rel", HAND_WRITTEN)
def test_no_fact_sheet_tags_leak_into_pages(rel: str) -> None:
    assert FACT_SHEET_TAG_RE.findall(_read(rel)) == []


@pytest.mark.parametrize("rel", GUIDES)
def test_guides_use_markers(rel: str) -> None:
    used = {k["kind"] for m in markers(_read(rel)) for k in CLASS_RE.finditer(m["attrs"])}
    # Both guides rely on third-party pages and on single-source reports somewhere.
    assert {"3p", "unconf"} <= used


@pytest.mark.parametrize("rel", HAND_WRITTEN)
def test_experience_boxes_have_their_own_type(rel: str) -> None:
    for m in ADMONITION_RE.finditer(_read(rel)):
        title = m["title"] or ""
        if "申请者经验" in title:
            assert m["type"] == "experience", m[0]
        if m["type"] == "experience":
            assert title.startswith("申请者经验"), m[0]


# ----------------------------------------------------------------------------- corrections


def _sections(text: str) -> dict[str, str]:
    """Heading anchor -> text up to the next heading of any level."""
    parts = re.split(r"^#{2,4} .*\{ #([\w-]+) \}$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _experience_bodies(text: str) -> str:
    out = []
    for m in re.finditer(r'^!!! experience ".*"\n((?:(?: {4}.*)?\n)+)', text, re.MULTILINE):
        out.append(m[1])
    return "\n".join(out)


@pytest.mark.parametrize(
    ("rel", "anchors"),
    [
        (
            "hangzhou/guide.md",
            "eligibility before online online-2020 online-app offline materials windows "
            "after-submitting calendar use luohu ruxue flowchart faq faq-edit "
            "faq-education-title faq-no-proof faq-rent faq-validity faq-fraud faq-2025",
        ),
        (
            "shanghai/guide.md",
            "overview eligibility employer-account personal-account application-form "
            "submission archive-check materials scoring validity changes change-employer "
            "password-reset benefits faq faq-self-submit faq-district faq-si-base "
            "faq-education-title faq-other-province faq-lingang faq-remote-area "
            "faq-2017-validity faq-revised-rules",
        ),
    ],
)
def test_guides_keep_their_anchors(rel: str, anchors: str) -> None:
    assert set(anchors.split()) <= set(_sections(_read(rel)))


# (page, section anchor, text that must be there, marker class expected in that section or "")
FACTS = [
    # Shanghai: 临港 timing shown both ways, marked disputed
    ("shanghai/guide.md", "faq-lingang", "当年计入", "disputed"),
    ("shanghai/guide.md", "faq-lingang", "仍要满 3 年", "disputed"),
    # Shanghai: the five new towns and the other remote areas, with their waits
    ("shanghai/guide.md", "faq-remote-area", "五个新城", ""),
    ("shanghai/guide.md", "faq-remote-area", "满 5 年后才计入总分", ""),
    ("shanghai/guide.md", "faq-remote-area", "南北转型地区", "unconf"),
    # Shanghai: the revised 实施细则 as an unconfirmed alternative where it matters
    ("shanghai/guide.md", "eligibility", "计划生育承诺", "unconf"),
    ("shanghai/guide.md", "faq-other-province", "全国技能人员职业资格证书查询系统", "unconf"),
    ("shanghai/guide.md", "faq-revised-rules", "没有找到文号和日期", "unconf"),
    # Shanghai: third-party claims marked where they stand
    ("shanghai/guide.md", "eligibility", "分支机构", "3p"),
    ("shanghai/guide.md", "personal-account", "没有初始密码", "3p"),
    ("shanghai/guide.md", "password-reset", "密码重置办理申请", "3p"),
    ("shanghai/guide.md", "validity", "到期前 30 日内", "3p"),
    ("shanghai/guide.md", "change-employer", "新单位", "inf"),
    # Hangzhou: then and now
    ("hangzhou/guide.md", "online-2020", "只说明当年的做法", ""),
    ("hangzhou/guide.md", "offline", "当初办理居住证的那个窗口", ""),
    ("hangzhou/guide.md", "after-submitting", "2020 年双轨制办理指南的规定", "unconf"),
    ("hangzhou/guide.md", "luohu", "5 月 1 日前后", "3p"),
    ("hangzhou/guide.md", "luohu", "试行细则规定同分时依次比较", "3p"),
    ("hangzhou/guide.md", "luohu", "**试行时期**", "3p"),
    ("hangzhou/guide.md", "faq-rent", "只按其中较高的一项计分", "3p"),
    ("hangzhou/guide.md", "faq-2025", "据一家研究机构的报告", "unconf"),
]


@pytest.mark.parametrize(("rel", "anchor", "fact", "kind"), FACTS)
def test_corrected_facts_stand_with_their_marker(
    rel: str, anchor: str, fact: str, kind: str
) -> None:
    section = _sections(_read(rel))[anchor]
    assert fact in section
    if kind:
        assert f".claim-{kind}" in section


@pytest.mark.parametrize(
    ("anchor", "footnote"),
    [
        ("after-submitting", "HZ-SEED"),  # 7 / 15 working days: the 2020 general guide
        ("faq-rent", "HZ-S25"),  # purchase vs rent: the only source that says so
    ],
)
def test_hangzhou_claims_credit_the_right_source(anchor: str, footnote: str) -> None:
    assert f"[^{footnote}]" in _sections(_read("hangzhou/guide.md"))[anchor]


@pytest.mark.parametrize(
    "claim",
    [
        "18 位身份证号",  # logging in with the ID number
        "调阅人员信息表",  # the form the window issues to pull the personnel file
        "上海人才服务网",  # where the file's transfer can be followed
        "准生证",  # the seed's basic-materials list
    ],
)
def test_shanghai_seed_facts_stand_in_experience_boxes_only(claim: str) -> None:
    text = _without_footnote_definitions(_read("shanghai/guide.md"))
    boxes = _experience_bodies(text)
    assert claim in boxes
    assert text.count(claim) == boxes.count(claim), f"{claim} appears outside the boxes"


# ----------------------------------------------------------------------------- built pages


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/hangzhou/guide/", "/shanghai/guide/"])
def test_built_guides_draw_markers_and_open_the_legend(page: Any, path: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path, wait_until="load")
    links = page.locator("article a.claim")
    assert links.count() >= 5
    labels = set(EXPECTED_MARKERS.values())
    for i in range(links.count()):
        link = links.nth(i)
        assert link.inner_text().strip() in labels
        style = link.evaluate(
            "e => { const s = getComputedStyle(e);"
            " return [s.backgroundColor, s.borderTopStyle, s.whiteSpace]; }"
        )
        assert style[0] not in ("rgba(0, 0, 0, 0)", "transparent"), style
        assert style[1] == "solid" and style[2] == "nowrap", style
    legend_box = page.locator(f"details:has(#{LEGEND_ANCHOR})")
    assert legend_box.count() == 1
    assert not page.locator(f"#{LEGEND_ANCHOR}").is_visible()  # folded until asked for
    links.first.scroll_into_view_if_needed()
    links.first.click()
    page.locator(f"#{LEGEND_ANCHOR}").wait_for(state="visible")
    shown = legend_box.locator("span.claim")
    assert sorted(shown.all_inner_texts()) == sorted(labels)


@pytest.mark.browser
def test_built_shanghai_guide_draws_experience_boxes(page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/shanghai/guide/", wait_until="load")
    boxes = page.locator("article .admonition.experience")
    assert boxes.count() >= 5
    title = boxes.first.locator(".admonition-title")
    assert title.inner_text().startswith("申请者经验")
    colour = boxes.first.evaluate("e => getComputedStyle(e).borderLeftColor")
    assert colour == "rgb(141, 110, 99)"  # #8d6e63, not the default note colour
    icon = title.evaluate("e => getComputedStyle(e, '::before').maskImage")
    assert icon.startswith("url(")
