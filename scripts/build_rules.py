"""Render the generated documentation pages from the rule data in ``calculator/``.

Run from the repository root (the Makefile does this before ``mkdocs build``)::

    python scripts/build_rules.py          # (re)write every generated file
    python scripts/build_rules.py --check  # exit 1 if any generated file is missing or stale

Inputs: ``calculator.rules`` (rules, versions, events, cut-off lines, materials),
``calculator.family`` (how parents' points serve a child),
``calculator.sources`` (titles, URLs, confidence labels),
``calculator.core.profile`` (field metadata)
and ``calculator.core.schema`` (JSON Schema). Templates: ``templates/*.j2`` (Jinja2).
Hand-written guide pages are only read, to list the extra sources their footnotes cite.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import json
import re
import sys
import typing
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # allow `python scripts/build_rules.py` without installing
    sys.path.insert(0, str(ROOT))

import jinja2  # noqa: E402

from calculator import family as family_mod  # noqa: E402
from calculator import materials as materials_mod  # noqa: E402
from calculator import rules as rules_mod  # noqa: E402
from calculator import sources as sources_mod  # noqa: E402
from calculator.core import fields as fields_mod  # noqa: E402
from calculator.core import profile as profile_mod  # noqa: E402
from calculator.core.schema import json_schema  # noqa: E402
from calculator.hosts import KIND_LABELS, KINDS, host_kind  # noqa: E402
from calculator.planning import when as when_mod  # noqa: E402

GENERATED_MARK = "<!-- 此文件由 scripts/build_rules.py 生成，请勿手工编辑 -->"
JSON_MARK = "此文件由 scripts/build_rules.py 生成，请勿手工编辑"
TEMPLATES = ROOT / "templates"
DOCS = ROOT / "docs"
CITIES = (rules_mod.HANGZHOU, rules_mod.SHANGHAI)
GUIDE_PAGES = ("hangzhou/guide.md", "shanghai/guide.md")

GROUPS: tuple[tuple[str, str], ...] = (
    ("gate", "申请条件"),
    ("basic", "基础指标"),
    ("bonus", "加分指标"),
    ("deduction", "减分指标"),
    ("veto", "一票否决"),
    ("threshold", "门槛分值"),
)
NO_CAP_GROUPS = ("gate", "veto", "deduction", "threshold")
BADGE_CLASSES = {
    "official": "badge-official",
    "official-reprint": "badge-official-reprint",
    "third-party": "badge-third-party",
    "unconfirmed": "badge-unconfirmed",
    "inference": "badge-inference",
}
FOOTNOTE_RE = re.compile(r"^\[\^(?P<id>[^\]]+)\]:\s*(?P<text>.+)$", re.MULTILINE)


# --------------------------------------------------------------------------------------------
# Small formatting helpers (pure; used as Jinja2 filters)
# --------------------------------------------------------------------------------------------


def fmt_num(value: float | int | None) -> str:
    """30.0 -> '30', 0.25 -> '0.25', None -> ''."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def cell(text: object) -> str:
    """Make any text safe inside one Markdown table cell (no pipes, no line breaks, no raw HTML)."""
    s = html.escape(str(text), quote=False)
    return s.replace("|", "&#124;").replace("\r", " ").replace("\n", " ")


def badge(confidence: str) -> str:
    """A small styled span with the confidence label in words (colour is only a hint)."""
    label = sources_mod.CONFIDENCE_LABELS[confidence]
    tip = html.escape(sources_mod.CONFIDENCE_EXPLAINED[confidence], quote=True)
    return f'<span class="badge {BADGE_CLASSES[confidence]}" title="{tip}">{label}</span>'


def date_range(start: date, end: date | None) -> str:
    if end is None:
        return f"{start.isoformat()} 起"
    return f"{start.isoformat()} 至 {end.isoformat()}"


def page_link(source_id: str) -> str:
    """'[title](url)（kind）': a page we read and what kind of site it is on (calculator.hosts);
    the title alone when the page has no public url. Never the page's id."""
    src = sources_mod.source(source_id)
    title = cell(src.title).replace("[", "【").replace("]", "】")
    kind = KIND_LABELS[host_kind(src.url)]
    return f"[{title}]({src.url})（{kind}）" if src.url else f"{title}（无公开网址）"


def source_link(source_id: str, article: str = "") -> str:
    """'article，见 [title](url)（kind）': where a statement is and the page we read it on."""
    return f"{cell(article)}，见 {page_link(source_id)}" if article else page_link(source_id)


def source_ids(ids: Iterable[str]) -> str:
    """Several pages we read: each as ``page_link``, joined by '；'."""
    return "；".join(page_link(sid) for sid in dict.fromkeys(ids))


def document_cite(citation: rules_mod.Citation) -> str:
    """The document a rule implements, as the sources state it, with the article: 《title》
    （文号，issuer，date）article; the article alone when no document is named."""
    src = {
        "document": sources_mod.document_json(citation.document),
        "article": citation.article,
    }
    return cell(sources_mod.document_text(src))


def cap_text(rule: rules_mod.Rule) -> str:
    if rule.group in NO_CAP_GROUPS:
        return "—"
    if rule.cap is None:
        return "资料中未见上限"
    return f"{fmt_num(rule.cap)} 分"


def applies_text(rule: rules_mod.Rule) -> str:
    """Versions and dates a rule applies to; an end date that only marks the start of an
    uncovered (unscored) version is shown as open with a warning instead of as an end."""
    labels = version_labels(rule)
    if rule.effective_to is not None:
        for v in rules_mod.VERSIONS:
            if (
                v.city == rule.city
                and not v.scored
                and (v.effective_from - rule.effective_to).days == 1
            ):
                return (
                    f"{labels}（{rule.effective_from.isoformat()} 起；"
                    f"{v.effective_from.isoformat()} 的调整尚未覆盖）"
                )
    return f"{labels}（{date_range(rule.effective_from, rule.effective_to)}）"


def version_span(v: rules_mod.PolicyVersion) -> str:
    """Dates of a version; an end that only marks an uncovered successor is left open."""
    if v.effective_to is not None:
        for nxt in rules_mod.VERSIONS:
            if (
                nxt.city == v.city
                and not nxt.scored
                and (nxt.effective_from - v.effective_to).days == 1
            ):
                return (
                    f"{v.effective_from.isoformat()} 起；"
                    f"{nxt.effective_from.isoformat()} 的调整尚未覆盖"
                )
    return date_range(v.effective_from, v.effective_to)


def anchor(city: str, indicator: str) -> str:
    """Id of an indicator's section on its city's rule page: the indicator id itself, so links
    built from profile field metadata (``rule``) land on it (e.g. ``rules/#si_base``)."""
    del city  # ids are per page; the city is implied by the page
    return indicator


# --------------------------------------------------------------------------------------------
# Data shaping (pure)
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Indicator:
    id: str
    anchor: str
    title: str
    group: str
    rules: tuple[rules_mod.Rule, ...]


@dataclasses.dataclass(frozen=True)
class Group:
    id: str
    title: str
    indicators: tuple[Indicator, ...]


def city_rules(city: str) -> tuple[rules_mod.Rule, ...]:
    return tuple(r for r in rules_mod.ALL_RULES if r.city == city)


def indicator_title(rules: Sequence[rules_mod.Rule]) -> str:
    if not rules:
        raise ValueError("indicator without rules")
    labels = {r.label for r in rules}
    if len(labels) == 1:
        return rules[0].label
    return rules[0].label.split("（")[0]


def indicator_label(city: str, indicator: str) -> str:
    """Heading of an indicator; the indicator id itself if no rule uses it."""
    rs = [r for r in city_rules(city) if r.indicator == indicator]
    return indicator_title(rs) if rs else indicator


def group_rules(city: str) -> tuple[Group, ...]:
    """Rules of a city grouped by group, then by indicator, keeping the data's order."""
    out = []
    for gid, gtitle in GROUPS:
        by_indicator: dict[str, list[rules_mod.Rule]] = {}
        for r in city_rules(city):
            if r.group == gid:
                by_indicator.setdefault(r.indicator, []).append(r)
        indicators = tuple(
            Indicator(ind, anchor(city, ind), indicator_title(rs), gid, tuple(rs))
            for ind, rs in by_indicator.items()
        )
        if indicators:
            out.append(Group(gid, gtitle, indicators))
    unknown = {r.group for r in city_rules(city)} - {g for g, _ in GROUPS}
    if unknown:
        raise ValueError(f"rules with unknown group(s) {sorted(unknown)} in {city}")
    return tuple(out)


def city_versions(city: str) -> tuple[rules_mod.PolicyVersion, ...]:
    return tuple(
        sorted((v for v in rules_mod.VERSIONS if v.city == city), key=lambda v: v.effective_from)
    )


def current_version(city: str) -> rules_mod.PolicyVersion:
    """The newest version the calculator scores with."""
    return [v for v in city_versions(city) if v.scored][-1]


def uncovered_versions(city: str) -> tuple[rules_mod.PolicyVersion, ...]:
    """Versions newer than the current scored one whose values are unknown (not covered)."""
    cur = current_version(city)
    return tuple(
        v for v in city_versions(city) if not v.scored and v.effective_from > cur.effective_from
    )


def rules_in_force(city: str, version_id: str) -> tuple[rules_mod.Rule, ...]:
    """Rules applying under a version (Shanghai: rules in force today within the version)."""
    found = []
    for r in city_rules(city):
        if version_id not in r.versions:
            continue
        if r.city == rules_mod.SHANGHAI and r.effective_to is not None:
            continue  # superseded dated overlay (e.g. 临港 2019 rule)
        found.append(r)
    return tuple(found)


def version_labels(rule: rules_mod.Rule) -> str:
    return "、".join(rules_mod.version(v).label for v in rule.versions)


def city_events(city: str) -> tuple[rules_mod.PolicyEvent, ...]:
    return tuple(sorted((e for e in rules_mod.EVENTS if e.city == city), key=lambda e: e.on))


def cited_source_ids() -> set[str]:
    """Every source id the rule data refers to."""
    ids: set[str] = set()
    for r in rules_mod.ALL_RULES:
        ids.add(r.citation.source)
        ids.update(r.also_sources)
        for alt in r.alternatives:
            ids.update(alt.sources)
    for v in rules_mod.VERSIONS:
        ids.add(v.citation.source)
    for e in rules_mod.EVENTS:
        ids.add(e.citation.source)
    for c in rules_mod.CUTOFF_LINES:
        ids.add(c.citation.source)
        for alt in c.alternatives:
            ids.update(alt.sources)
    for m in materials():
        ids.update(_material_sources(m))
    for city in CITIES:
        f = family_mod.family_rule(city)
        ids.update((f.citation.source, *f.also_sources))
    return ids


PAGE_CITIES = {"SH-": "上海", "HZ-": "杭州"}


def evidence_kinds() -> list[dict[str, Any]]:
    """The pages we read, grouped by the kind of site (calculator.hosts), each with its city."""
    out = []
    for kind in KINDS:
        pages = [s for s in sources_mod.SOURCES if host_kind(s.url) == kind]
        cities = [
            next((c for p, c in PAGE_CITIES.items() if s.id.startswith(p)), "—") for s in pages
        ]
        out.append({"kind": kind, "label": KIND_LABELS[kind], "pages": pages, "cities": cities})
    return out


def materials() -> tuple[materials_mod.Material, ...]:
    return materials_mod.ALL_MATERIALS


def _material_sources(m: materials_mod.Material) -> tuple[str, ...]:
    """The pages a material cites: its source and the other pages that say the same."""
    return (m.citation.source, *m.also_sources)


@dataclasses.dataclass(frozen=True)
class MaterialSection:
    indicator: str
    title: str
    anchor: str
    items: tuple[materials_mod.Material, ...]


MATERIAL_SECTION_TITLES = {"basic": "基本材料（每个人都要交）", "school": "积分入学另需的材料"}


def material_sections(city: str) -> tuple[MaterialSection, ...]:
    """A city's materials grouped by indicator: basic first, then in rule order, then the rest."""
    by_ind: dict[str, list[materials_mod.Material]] = {}
    for m in materials():
        if m.city == city:
            by_ind.setdefault(m.indicator, []).append(m)
    rule_order = [r.indicator for r in city_rules(city)]
    order = sorted(
        by_ind,
        key=lambda ind: (
            0 if ind == "basic" else 1 if ind in rule_order else 2,
            rule_order.index(ind) if ind in rule_order else 0,
        ),
    )
    out = []
    for ind in order:
        if ind in MATERIAL_SECTION_TITLES:
            title = MATERIAL_SECTION_TITLES[ind]
        else:
            title = indicator_label(city, ind)
        out.append(
            MaterialSection(ind, title, f"{anchor(city, ind)}-materials", tuple(by_ind[ind]))
        )
    return tuple(out)


@dataclasses.dataclass(frozen=True)
class GuideSource:
    id: str
    text: str
    page: str


def guide_footnotes(docs: Path) -> tuple[GuideSource, ...]:
    """Footnote definitions of the hand-written guides (id, text, page), in page order."""
    out = []
    for page in GUIDE_PAGES:
        path = docs / page
        if not path.exists():
            continue
        for m in FOOTNOTE_RE.finditer(path.read_text(encoding="utf-8")):
            out.append(GuideSource(m["id"], m["text"].strip(), page))
    return tuple(out)


def extra_guide_sources(docs: Path) -> tuple[GuideSource, ...]:
    """Sources the guides cite that are not in calculator.sources (deduplicated by id)."""
    known = {s.id for s in sources_mod.SOURCES}
    seen: set[str] = set()
    out = []
    for fn in guide_footnotes(docs):
        if fn.id in known or fn.id in seen:
            continue
        seen.add(fn.id)
        out.append(fn)
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Profile format (from the dataclass field metadata)
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FieldDoc:
    name: str
    label: str
    hint: str
    type: str
    allowed: str
    default: str
    required: bool
    show_if: str
    rule: str
    rule_anchor: str
    rule_label: str


def _json_value(value: Any) -> str:
    if isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value, ensure_ascii=False)


def field_docs(city: str) -> tuple[FieldDoc, ...]:
    cls = profile_mod.PROFILE_TYPES[city]
    hints = typing.get_type_hints(cls)
    indicators = {r.indicator: r for r in reversed(city_rules(city))}
    labels = {f.name: f.metadata.get("label", f.name) for f in dataclasses.fields(cls)}
    out = []
    for f in dataclasses.fields(cls):
        md = f.metadata
        choices: dict[str, str] | None = md.get("choices")
        kinds: dict[str, str] | None = md.get("offence_kinds")
        allowed: list[str] = []
        if choices:
            allowed.append("；".join(f"`{k}`（{v}）" for k, v in choices.items()))
        if md.get("min") is not None or md.get("max") is not None:
            lo, hi = fmt_num(md.get("min")), fmt_num(md.get("max"))
            unit = md.get("unit") or ""
            allowed.append(f"{lo}—{hi}{(' ' + unit) if unit else ''}")
        if hints[f.name] is date or date in typing.get_args(hints[f.name]):
            allowed.append("`YYYY-MM-DD`")
        if kinds:
            allowed.append(
                '每项为 `{"date": "YYYY-MM-DD", "kinds": [...]}`，kinds 取值：'
                + "；".join(f"`{k}`（{v}）" for k, v in kinds.items())
            )
        if f.default is not dataclasses.MISSING:
            default = f"`{_json_value(f.default)}`"
        elif f.default_factory is not dataclasses.MISSING:
            default = f"`{_json_value(f.default_factory())}`"
        else:
            default = "必填"
        rule = md.get("rule") or ""
        linked = indicators.get(rule)
        show_if = ""
        if md.get("show_if"):
            dep, values = md["show_if"]
            shown = "、".join(f"`{_json_value(v)}`" for v in values)
            show_if = f"仅当 `{dep}`（{labels.get(dep, dep)}）为 {shown} 时填写"
        out.append(
            FieldDoc(
                name=f.name,
                label=md.get("label", f.name),
                hint=md.get("hint", ""),
                type=fields_mod.type_text(f),
                allowed="；".join(allowed),
                default=default,
                required=bool(md.get("required")) or default == "必填",
                show_if=show_if,
                rule=rule,
                rule_anchor=anchor(city, rule) if linked else "",
                rule_label=indicator_label(city, rule) if linked else "",
            )
        )
    return tuple(out)


EXAMPLE_PROFILES: dict[str, dict[str, Any]] = {
    # Illustrative answers only; tests check that calculator.validation accepts them.
    rules_mod.SHANGHAI: {
        "city": "shanghai",
        "assessment_date": "2025-03-01",
        "birth_date": "1992-05-20",
        "si_months_last_12": 12,
        "si_months_total": 60,
        "education": "benke_degree",
    },
    rules_mod.HANGZHOU: {
        "city": "hangzhou",
        "assessment_date": "2024-09-01",
        "birth_date": "1990-08-15",
        "purpose": "settle",
        "education": "benke",
        "si_months": 72,
        "residence_months": 84,
        "rent_months": 60,
    },
}


def schema_json() -> str:
    """The profile JSON Schema (from ``calculator.core.schema``), marked as generated."""
    data = json_schema()
    data = {"$comment": JSON_MARK, **data}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------------------------
# Cut-off chart (inline SVG, no JavaScript)
# --------------------------------------------------------------------------------------------


def cutoff_chart_svg(lines: Sequence[rules_mod.CutoffLine]) -> str:
    """A horizontal bar chart of the published cut-off lines; rows without a value say so."""
    row_h, top, label_w, bar_w, value_w = 30, 8, 150, 170, 60
    width = label_w + bar_w + value_w
    height = top * 2 + row_h * len(lines)
    known = [c.points for c in lines if c.points is not None]
    scale_max = max(known) if known else 1
    parts = [
        f'<svg class="cutoff-chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="cutoff-chart-title" preserveAspectRatio="xMinYMin meet" '
        f'style="max-width:{width * 2}px;height:auto;font-size:14px">',
        '<title id="cutoff-chart-title">杭州积分落户历年分数线（条形越长分数线越高）</title>',
    ]
    for i, c in enumerate(lines):
        y = top + i * row_h
        cy = y + row_h / 2
        label = html.escape(c.label.split("（")[0])
        parts.append(
            f'<text x="0" y="{cy:g}" dominant-baseline="middle" '
            f'style="fill:currentColor">{label}</text>'
        )
        if c.points is None:
            parts.append(
                f'<text x="{label_w}" y="{cy:g}" dominant-baseline="middle" '
                f'style="fill:currentColor;opacity:.7">未找到</text>'
            )
            continue
        w = round(bar_w * c.points / scale_max, 1)
        parts.append(
            f'<rect x="{label_w}" y="{y + 6}" width="{w:g}" height="{row_h - 12}" rx="3" '
            f'style="fill:var(--md-primary-fg-color, #4051b5)"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 6:g}" y="{cy:g}" dominant-baseline="middle" '
            f'style="fill:currentColor">{c.points} 分</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown output; table text goes through the `cell` filter
    )
    env.filters.update(
        num=fmt_num,
        cell=cell,
        badge=badge,
        date_range=date_range,
        source_link=source_link,
        source_ids=source_ids,
        page_link=page_link,
        document_cite=document_cite,
        cap_text=cap_text,
        version_labels=version_labels,
        applies=applies_text,
    )
    env.globals.update(
        GENERATED_MARK=GENERATED_MARK,
        CITY_LABELS=rules_mod.CITY_LABELS,
        CONFIDENCE_LABELS=sources_mod.CONFIDENCE_LABELS,
        CONFIDENCE_EXPLAINED=sources_mod.CONFIDENCE_EXPLAINED,
        badge=badge,
        date_range=date_range,
        version_span=version_span,
        source=sources_mod.source,
        version=rules_mod.version,
        anchor=anchor,
    )
    return env


def _tidy(text: str) -> str:
    """Collapse runs of blank lines and end with exactly one newline."""
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.rstrip() + "\n"


def city_context(city: str) -> dict[str, Any]:
    cur = current_version(city)
    return {
        "city": city,
        "city_label": rules_mod.CITY_LABELS[city],
        "groups": group_rules(city),
        "versions": city_versions(city),
        "current": cur,
        "current_rules": rules_in_force(city, cur.id),
        "uncovered": uncovered_versions(city),
        "events": city_events(city),
        "materials": material_sections(city),
        "family": family_mod.family_rule(city),
        "cutoffs": rules_mod.CUTOFF_LINES if city == rules_mod.HANGZHOU else (),
        "cutoff_chart": cutoff_chart_svg(rules_mod.CUTOFF_LINES),
        "indicator_label": lambda ind: indicator_label(city, ind),
    }


WHEN_EXAMPLE_START = date(2026, 11, 2)  # the worked example's submission date (a Monday)


def _window_text(w: tuple[int, ...]) -> str:
    return f"{w[0]} 月 {w[1]} 日—{w[2]} 月 {w[3]} 日"


def _years_text(ys: Sequence[int]) -> str:
    return "、".join(str(y) for y in ys)


def when_context(city: str) -> dict[str, Any]:
    """The "什么时候申请" section's facts, all from deadlines.toml (planning/when.py reads the
    same entries)."""
    rec = rules_mod.period_record
    if city == rules_mod.SHANGHAI:
        check, scoring = rec(city, "document_check"), rec(city, "scoring")
        return {
            "city": city,
            "periods": [
                {**vars(check), "label": "学历和档案审核（单位递交后）", "about": "约 "},
                {**vars(scoring), "label": "积分核定（材料审核属实后，最长）", "about": ""},
            ],
            "example": when_mod.shanghai_steps(WHEN_EXAMPLE_START),
        }
    v1, v1_years = rec(city, "settle_window_v1"), rec(city, "settle_v1_years")
    points, apply = rec(city, "settle_points_window"), rec(city, "settle_apply_window")
    years = rec(city, "settle_calendar_years")
    spring, deadline = rec(city, "school_window_spring"), rec(city, "school_deadline")
    rows = [
        {
            "years": _years_text(v1_years.value),
            "points": f"{_window_text(v1.value)}（积分和落户一起受理）",
            "settle": "同左",
            "sources": v1.sources,
            "confidence": v1.confidence,
        },
        {
            "years": _years_text(years.value),
            "points": _window_text(points.value),
            "settle": _window_text(apply.value),
            "sources": tuple(dict.fromkeys(points.sources + apply.sources)),
            "confidence": points.confidence,
        },
        {
            "years": f"{max(years.value) + 1} 年以后",
            "points": f"未找到公布的时间，往年在 {_window_text(points.value)}",
            "settle": f"未找到公布的时间，往年在 {_window_text(apply.value)}",
            "sources": years.sources,
            "confidence": years.confidence,
        },
    ]
    return {
        "city": city,
        "settle_rows": rows,
        "cutoff": rec(city, "cutoff_months_before"),
        "school_any": rec(city, "school_any_working_day_from").value[0],
        "school_spring": _window_text(spring.value),
        "school_deadline": f"{deadline.value[0]} 月 {deadline.value[1]} 日",
        "school_confidence": deadline.confidence,
        "query_days": rec(city, "query").value[0],
    }


def render_all(docs: Path = DOCS, templates: Path = TEMPLATES) -> dict[str, str]:
    """Every generated file: path relative to ``docs`` -> its full content."""
    env = environment(templates)
    hz = city_context(rules_mod.HANGZHOU)
    sh = city_context(rules_mod.SHANGHAI)
    unconfirmed = [r for r in rules_mod.ALL_RULES if r.confidence == "unconfirmed"]
    disputed = [r for r in rules_mod.ALL_RULES if r.alternatives and r.confidence != "unconfirmed"]
    cited = cited_source_ids()
    schema = schema_json()

    def md(template: str, **ctx: Any) -> str:
        return _tidy(env.get_template(template).render(**ctx))

    out: dict[str, str] = {
        "hangzhou/rules.md": md("rules.md.j2", **hz),
        "shanghai/rules.md": md("rules.md.j2", **sh),
        "sources.md": md(
            "sources.md.j2",
            evidence_kinds=evidence_kinds(),
            cited=cited,
            extra=extra_guide_sources(docs),
            unconfirmed=unconfirmed,
            disputed=disputed,
            hz=hz,
            sh=sh,
            confidences=tuple(sources_mod.CONFIDENCE_LABELS),
        ),
        "profile-format.md": md(
            "profile-format.md.j2",
            cities=[
                {
                    "id": c,
                    "label": rules_mod.CITY_LABELS[c],
                    "fields": field_docs(c),
                    "example": json.dumps(EXAMPLE_PROFILES[c], ensure_ascii=False, indent=2),
                }
                for c in CITIES
            ],
            schema_version=profile_mod.SCHEMA_VERSION,
        ),
        "includes/home-cities.md": md(
            "home-cities.md.j2",
            hz=hz,
            sh=sh,
            settle=rules_mod.HANGZHOU_SETTLE_MINIMUM,
            standard=rules_mod.SHANGHAI_STANDARD_SCORE,
        ),
        "includes/hangzhou-cutoffs.md": md(
            "hangzhou-cutoffs.md.j2",
            cutoffs=rules_mod.CUTOFF_LINES,
            chart=cutoff_chart_svg(rules_mod.CUTOFF_LINES),
        ),
        "includes/hangzhou-materials.md": md("materials.md.j2", **hz, heading_level=3),
        "includes/shanghai-materials.md": md("materials.md.j2", **sh, heading_level=3),
        "includes/shanghai-gate.md": md(
            "gate.md.j2", gates=[r for r in sh["current_rules"] if r.group == "gate"]
        ),
        "includes/shanghai-when.md": md("when.md.j2", **when_context(rules_mod.SHANGHAI)),
        "includes/hangzhou-when.md": md("when.md.j2", **when_context(rules_mod.HANGZHOU)),
        "includes/shanghai-threshold.md": md(
            "threshold.md.j2", standard=rules_mod.SHANGHAI_STANDARD_SCORE
        ),
    }
    out["profile.schema.json"] = schema
    return out


def stale_files(outputs: dict[str, str], docs: Path = DOCS) -> list[str]:
    """Relative paths whose file on disk is missing or differs from what would be written."""
    stale = []
    for rel, content in sorted(outputs.items()):
        path = docs / rel
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            stale.append(rel)
    return stale


def write_files(outputs: dict[str, str], docs: Path = DOCS) -> list[str]:
    """Write the files that changed; return their relative paths."""
    changed = stale_files(outputs, docs)
    for rel in changed:
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(outputs[rel], encoding="utf-8")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成积分规则、材料、来源和档案格式页面。")
    parser.add_argument(
        "--check", action="store_true", help="只检查：生成文件缺失或过期时以状态码 1 退出，不写文件"
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="docs 目录（默认：仓库的 docs/）")
    args = parser.parse_args(argv)
    outputs = render_all(args.docs)
    if args.check:
        stale = stale_files(outputs, args.docs)
        for rel in stale:
            print(f"过期或缺失：docs/{rel}（请运行 scripts/build_rules.py）", file=sys.stderr)
        return 1 if stale else 0
    for rel in write_files(outputs, args.docs):
        print(f"已写入 docs/{rel}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
