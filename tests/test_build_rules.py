"""Tests of scripts/build_rules.py and of the pages it generates (no browser needed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import load_script
from hypothesis import given
from hypothesis import strategies as st

from calculator import family, materials, rules, sources
from calculator.core.validation import parse_profile

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCRIPT = ROOT / "scripts" / "build_rules.py"


br = load_script("build_rules")
OUTPUTS: dict[str, str] = br.render_all(DOCS)
CITY_PAGE = {rules.HANGZHOU: "hangzhou/rules.md", rules.SHANGHAI: "shanghai/rules.md"}
HAND_WRITTEN = ("index.md", "hangzhou/guide.md", "shanghai/guide.md")


def _page(rel: str) -> str:
    return OUTPUTS[rel]


# ------------------------------------------------------------------------------- --check


def test_check_passes_on_the_committed_tree() -> None:
    """The generated files in docs/ are up to date (run `python scripts/build_rules.py`)."""
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    "damage",
    [
        "edit",  # a generated file was hand-edited
        "delete",  # a generated file is missing
    ],
)
def test_check_fails_on_stale_or_missing_files(tmp_path: Path, damage: str) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    assert br.main(["--docs", str(docs)]) == 0
    assert br.main(["--check", "--docs", str(docs)]) == 0
    target = docs / "hangzhou" / "rules.md"
    if damage == "edit":
        target.write_text(target.read_text(encoding="utf-8") + "手改\n", encoding="utf-8")
    else:
        target.unlink()
    assert br.main(["--check", "--docs", str(docs)]) == 1
    # Re-running the generator repairs it.
    assert br.main(["--docs", str(docs)]) == 0
    assert br.main(["--check", "--docs", str(docs)]) == 0


@pytest.mark.parametrize("rel", sorted(OUTPUTS))
def test_every_generated_file_says_it_is_generated(rel: str) -> None:
    text = OUTPUTS[rel]
    if rel.endswith(".json"):
        assert json.loads(text)["$comment"] == br.JSON_MARK
    else:
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)  # a page's front matter
        assert body.startswith(br.GENERATED_MARK + "\n")


# ------------------------------------------------------------------------------- rule pages


@pytest.mark.parametrize("rule", rules.ALL_RULES, ids=lambda r: r.id)
def test_every_rule_id_appears_with_its_badge(rule: rules.Rule) -> None:
    page = _page(CITY_PAGE[rule.city])
    # The rule's own table: from its 适用 row (no id is shown to a person) to its confidence row;
    # several tables may share a label (one per run of versions): the rule's own is the one with
    # its versions, condition and document.
    head = rf"\| 适用 \| {re.escape(br.cell(br.applies_text(rule)))} \|\n\|---\|---\|\n"
    tables = re.finditer(head + r"(?P<body>(?:\|.*\n)*?)\| 可信度 \| (?P<badge>.*) \|", page)
    own = [
        m
        for m in tables
        if f"| 条件 | {br.cell(rule.condition)} |" in m["body"]
        and f"| 依据的文件 | {br.document_cite(rule.citation)} |" in m["body"]
    ]
    assert len(own) == 1, f"{rule.id} has no table (or several) on {CITY_PAGE[rule.city]}"
    match = own[0]
    assert match["badge"] == br.badge(rule.confidence)
    assert f"| 条件 | {br.cell(rule.condition)} |" in match["body"]
    assert f"| 上限 | {br.cap_text(rule)} |" in match["body"]


@pytest.mark.parametrize(
    ("confidence", "css_class", "words"),
    [
        ("official", "badge-official", "官方原文"),
        ("official-reprint", "badge-official-reprint", "文件原文（经转载）"),
        ("third-party", "badge-third-party", "第三方"),
        ("unconfirmed", "badge-unconfirmed", "未证实"),
        ("inference", "badge-inference", "我们的推断"),
    ],
)
def test_badge_is_a_styled_span_with_words(confidence: str, css_class: str, words: str) -> None:
    html = br.badge(confidence)
    assert html.startswith(f'<span class="badge {css_class}"')
    assert html.endswith(f">{words}</span>")


@pytest.mark.parametrize("confidence", list(sources.CONFIDENCE_LABELS))
def test_every_confidence_level_has_a_badge_style_on_pages_and_in_the_calculator(
    confidence: str,
) -> None:
    # the pages' badge (extra.css) and the calculator's (calculator.js builds calc-badge--<level>)
    site_css = (DOCS / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    calc_css = (DOCS / "assets" / "calculator" / "calculator.css").read_text(encoding="utf-8")
    assert f".{br.BADGE_CLASSES[confidence]} {{" in site_css
    assert f".calc-badge--{confidence} {{" in calc_css


@pytest.mark.parametrize(
    "rel",
    ["hangzhou/rules.md", "includes/home-cities.md", "sources.md"],
)
def test_the_2025_adjustment_is_flagged_as_not_covered(rel: str) -> None:
    text = _page(rel)
    assert "2025-06-16" in text
    assert "尚未覆盖" in text


def test_hangzhou_rules_page_opens_with_the_not_covered_warning() -> None:
    page = _page("hangzhou/rules.md")
    warning = page.index('!!! warning "尚未覆盖')
    assert warning < page.index("## 速查")
    # Every indicator the 2025 adjustment touched is linked from the warning.
    v5 = rules.version("V5")
    for ind in v5.uncovered_indicators:
        assert f"(#{br.anchor(rules.HANGZHOU, ind)})" in page[warning : page.index("## 速查")]


@pytest.mark.parametrize(
    ("city", "version_ids"),
    [
        (rules.HANGZHOU, ["V1", "V2", "V3", "V4", "V5"]),
        (rules.SHANGHAI, ["SH2013", "SH2018"]),
    ],
)
def test_version_history_lists_every_version_in_date_order(
    city: str, version_ids: list[str]
) -> None:
    page = _page(CITY_PAGE[city])
    positions = [page.index(f"{{ #version-{v.lower()} }}") for v in version_ids]
    assert positions == sorted(positions)


@pytest.mark.parametrize("event", rules.EVENTS, ids=lambda e: f"{e.city}-{e.on}")
def test_timeline_lists_every_event(event: rules.PolicyEvent) -> None:
    assert f"**{event.on.isoformat()} {event.title}**" in _page(CITY_PAGE[event.city])


def test_lingang_changes_are_on_the_shanghai_page() -> None:
    page = _page("shanghai/rules.md")
    for rule_id in ("lingang_2019", "lingang_2024"):
        rule = next(r for r in rules.ALL_RULES if r.city == "shanghai" and r.id == rule_id)
        assert f"| 条件 | {br.cell(rule.condition)} |" in page
    assert "2019-11-20" in page and "2024-08-21" in page


# ------------------------------------------------------------------------------- family rule

GOV, STATE, REPRINT = (
    "政府网站（官方）",
    "国有新闻媒体（非政府网站）",
    "我们查阅的转载页（非官方网站）",
)


@pytest.mark.parametrize(
    ("city", "number", "kinds", "badge"),
    [
        # Hangzhou: the city police site, then a reprint; read on a government site -> 官方原文
        ("hangzhou", "杭发改社会〔2021〕177号", [GOV, REPRINT], "官方原文"),
        # Shanghai: the government's English text, a reprint, a state media report; that one
        # parent is enough is our reading -> 我们的推断, with what that means spelled out
        ("shanghai", "沪府发〔2017〕98号", [GOV, REPRINT, STATE], "我们的推断"),
    ],
)
def test_each_rules_page_says_how_parents_points_serve_a_child(
    city: str, number: str, kinds: list[str], badge: str
) -> None:
    page = _page(CITY_PAGE[city])
    start = page.index("## 父母双方的积分怎样用于子女 { #family }")
    section = page[start : page.index("## 版本历史", start)]
    rule = family.family_rule(city)
    pages = (rule.citation.source, *rule.also_sources)
    assert f"\n{br.cell(rule.sentence)}\n" in section
    assert re.search(
        rf"^- 依据的文件：《[^》]+》（{number}[^\n]*{re.escape(rule.citation.article)}$",
        section,
        re.M,
    )
    assert f"\n- 我们读到的页面：{'；'.join(br.page_link(p) for p in pages)}\n" in section
    assert re.findall(r"\)（([^（）]+（[^（）]+）)）", section) == kinds
    assert f">{badge}</span>" in section
    if rule.confidence != "official":
        assert sources.CONFIDENCE_EXPLAINED[rule.confidence] in section
    words = re.sub(r"\]\([^)]*\)", "]", section)  # what a person reads: no link targets
    for hidden in (*pages, rule.citation.document, rule.use, city):
        assert hidden not in words
    # the sources page counts these pages as cited
    listed = _page("sources.md").splitlines()
    for p in pages:
        row = next(line for line in listed if f"]({sources.source(p).url})" in line)
        assert row.endswith("| 是 |"), p


# ------------------------------------------------------------------------------- anchors


def _anchors(text: str) -> set[str]:
    return set(re.findall(r"\{ #([\w-]+) \}", text))


@pytest.mark.parametrize("rel", ["hangzhou/rules.md", "shanghai/rules.md"])
def test_in_page_links_point_to_existing_anchors(rel: str) -> None:
    page = _page(rel)
    targets = set(re.findall(r"\]\(#([\w-]+)\)", page))
    assert targets <= _anchors(page)


def test_anchors_are_unique_per_page() -> None:
    for rel in ("hangzhou/rules.md", "shanghai/rules.md"):
        found = re.findall(r"\{ #([\w-]+) \}", _page(rel))
        assert len(found) == len(set(found)), rel


# ------------------------------------------------------------------------------- cut-offs


def test_cutoff_table_has_every_round() -> None:
    text = _page("includes/hangzhou-cutoffs.md")
    for c in rules.CUTOFF_LINES:
        value = "未找到" if c.points is None else f"{c.points} 分"
        assert re.search(rf"^\| {re.escape(c.label)} \| {value} \|", text, re.MULTILINE), c.label


def test_cutoff_chart_bars_follow_the_data() -> None:
    svg = br.cutoff_chart_svg(rules.CUTOFF_LINES)
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    known = [c.points for c in rules.CUTOFF_LINES if c.points is not None]
    assert len(widths) == len(known)
    # Longest bar = highest line (160 in 2021 round 2); 100/160 of it for 2023 onward.
    assert widths[known.index(max(known))] == max(widths)
    for w, p in zip(widths, known, strict=True):
        assert w == pytest.approx(max(widths) * p / max(known), abs=0.1)
    assert "<script" not in svg


# ------------------------------------------------------------------------------- materials


@pytest.mark.parametrize("material", materials.ALL_MATERIALS, ids=lambda m: m.id)
def test_every_material_is_listed_for_its_city(material: materials.Material) -> None:
    include = _page(f"includes/{material.city}-materials.md")
    rules_page = _page(CITY_PAGE[material.city])
    row = f"| **{br.cell(material.name)}** |"
    assert row in include
    assert row in rules_page


# ------------------------------------------------------------------------------- sources


def test_every_cited_source_exists_and_is_listed() -> None:
    page = _page("sources.md")
    known = {s.id for s in sources.SOURCES}
    cited = br.cited_source_ids()
    assert cited <= known, sorted(cited - known)
    for s in sources.SOURCES:
        shown = s.title.replace("[", "【").replace("]", "】")
        assert (f"[{br.cell(shown)}]({s.url})" if s.url else br.cell(shown)) in page, s.id


def test_sources_page_explains_how_to_report_an_error_without_an_email_address() -> None:
    page = _page("sources.md")
    assert "## 发现错误怎么办" in page
    assert "issue" in page
    assert "@" not in page


def _footnotes(text: str) -> dict[str, str]:
    return {m["id"]: m["text"] for m in br.FOOTNOTE_RE.finditer(text)}


@pytest.mark.parametrize("rel", HAND_WRITTEN)
def test_guide_footnotes_are_defined_used_and_match_the_source_list(rel: str) -> None:
    text = (DOCS / rel).read_text(encoding="utf-8")
    defined = _footnotes(text)
    body = br.FOOTNOTE_RE.sub("", text)
    used = set(re.findall(r"\[\^([^\]]+)\]", body))
    assert used == set(defined), (sorted(used - set(defined)), sorted(set(defined) - used))
    for sid, note in defined.items():
        try:
            src = sources.source(sid)
        except KeyError:
            continue
        if src.url:
            assert src.url in note, f"{rel}: footnote {sid} cites another URL than sources.py"


@pytest.mark.parametrize("rel", HAND_WRITTEN)
def test_guide_footnotes_are_defined_in_order_of_first_use(rel: str) -> None:
    """Python-Markdown numbers footnotes by definition order; this keeps [1], [2], ... rising."""
    text = (DOCS / rel).read_text(encoding="utf-8")
    defined = list(_footnotes(text))
    first_use: list[str] = []
    for sid in re.findall(r"\[\^([^\]]+)\]", br.FOOTNOTE_RE.sub("", text)):
        if sid not in first_use:
            first_use.append(sid)
    assert defined == first_use


def test_extra_guide_sources_are_on_the_sources_page() -> None:
    page = _page("sources.md")
    for fn in br.extra_guide_sources(DOCS):
        assert f"- {fn.text}" in page


# ------------------------------------------------------------------------------- hand-written


@pytest.mark.parametrize("rel", HAND_WRITTEN)
def test_hand_written_pages_hold_no_point_values(rel: str) -> None:
    """Points and thresholds come from generated includes, never typed into prose."""
    text = (DOCS / rel).read_text(encoding="utf-8")
    assert not re.search(r"\d\s*分(?!钟)", text), re.findall(r".{10}\d\s*分.{5}", text)


@pytest.mark.parametrize(
    ("rel", "include"),
    [
        ("index.md", "includes/home-cities.md"),
        ("hangzhou/guide.md", "includes/hangzhou-materials.md"),
        ("hangzhou/guide.md", "includes/hangzhou-cutoffs.md"),
        ("shanghai/guide.md", "includes/shanghai-materials.md"),
        ("shanghai/guide.md", "includes/shanghai-gate.md"),
        ("shanghai/guide.md", "includes/shanghai-threshold.md"),
    ],
)
def test_hand_written_pages_include_the_generated_snippets(rel: str, include: str) -> None:
    assert f'--8<-- "{include}"' in (DOCS / rel).read_text(encoding="utf-8")
    assert include in OUTPUTS


def _admonitions(text: str) -> list[tuple[str, str]]:
    """(title line, body) of every `!!!` block."""
    blocks = []
    for m in re.finditer(r"^!!! (?P<head>.*)\n(?P<body>(?:(?: {4}.*)?\n)+)", text, re.MULTILINE):
        blocks.append((m["head"], m["body"]))
    return blocks


@pytest.mark.parametrize(
    "claim",
    [
        "6 到 18 位",  # password length
        "只能注册申请一次",  # one registration per ID
        "2017 年 1 月 22 日",  # online endorsement since
        "40 个工作日",  # total duration
    ],
)
def test_unconfirmed_shanghai_claims_appear_only_as_reported_experience(claim: str) -> None:
    text = (DOCS / "shanghai/guide.md").read_text(encoding="utf-8")
    body = br.FOOTNOTE_RE.sub("", text)
    assert claim in body
    inside = [head for head, block in _admonitions(body) if claim in block]
    outside = body
    for _head, block in _admonitions(body):
        outside = outside.replace(block, "")
    assert claim not in outside, f"{claim} appears outside a reported-experience box"
    assert inside and all("申请者经验" in h or "不同说法" in h for h in inside)


# ------------------------------------------------------------------------------- profile format


@pytest.mark.parametrize("city", br.CITIES)
def test_profile_format_documents_every_field(city: str) -> None:
    page = _page("profile-format.md")
    for fd in br.field_docs(city):
        assert f"\n`{fd.name}` · {fd.label}\n:   类型：{fd.type}；" in page


@pytest.mark.parametrize("city", br.CITIES)
def test_profile_format_example_is_accepted_by_the_calculator(city: str) -> None:
    page = _page("profile-format.md")
    section = page[page.index(f"{{ #{city} }}") :]
    example = json.loads(section.split("```json\n", 1)[1].split("```", 1)[0])
    assert example == br.EXAMPLE_PROFILES[city]
    profile = parse_profile(example)
    assert profile.city == city


def test_schema_file_is_written() -> None:
    data = json.loads(OUTPUTS["profile.schema.json"])
    assert "$schema" in data
    assert "(profile.schema.json)" in _page("profile-format.md")


# ------------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("value", "text"),
    [(30.0, "30"), (0.25, "0.25"), (0.5, "0.5"), (120, "120"), (None, "")],
)
def test_fmt_num(value: float | None, text: str) -> None:
    assert br.fmt_num(value) == text


@given(st.text())
def test_cell_never_breaks_a_table_row(text: str) -> None:
    out = br.cell(text)
    assert "|" not in out
    assert "\n" not in out and "\r" not in out
    assert "<" not in out


def test_rendering_is_deterministic() -> None:
    assert br.render_all(DOCS) == OUTPUTS
