"""Readable renderings (plain text for a WeChat message, Markdown for files) of a score.

The outcome is the result's ``verdict`` (decided in ``calculator.core.verdict``), shown as is.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..core.jsonin import INVISIBLE_RE
from ..sources import CONFIDENCE_LABELS, document_text

DISCLAIMER = "本结果为自测估算，以受理部门的审核结果为准。"


def _n(x: Any) -> str:
    return "不限" if x is None else (f"{x:g}" if isinstance(x, float) else str(x))


def verdict_lines(result: dict[str, Any]) -> list[str]:
    """The verdict in two lines: the outcome, then where the total stands against the line."""
    v = result["verdict"]
    stands = v["gap_text"] if result["threshold"] is None else f"{v['gap_text']}（{v['short']}）"
    return [v["headline"], stands, *certainty_lines(result)]


def certainty_lines(result: dict[str, Any]) -> list[str]:
    """The certain part, when it differs from the total, and the other readings with sources."""
    v = result["verdict"]
    out = []
    if v["sure_points"] != result["total"]:
        out.append(f"确定的部分：{_n(v['sure_points'])}分（只计来源已证实、分值已公布的项目）")
    out.extend(
        f"另一种说法：{r['label']}，合计{_n(r['total'])}分（来源：{r['source']}）"
        for r in v["readings"]
    )
    return out


def _headline(result: dict[str, Any]) -> list[str]:
    out = [f"{result['city_label']}居住证积分自测：{_n(result['total'])}分"]
    out.extend(verdict_lines(result))
    if result["vetoed"]:
        out.append("一票否决：" + "、".join(result["veto_reasons"]) + "。")
    failed = [g for g in result["gate"] if not g["passed"]]
    for g in failed:
        out.append(f"申请资格未满足：{g['label']}（{g['message']}）")
    policy = result["policy"]
    out.append(f"政策版本：{policy['label']}，{policy['document']}（{policy['effective']}起）")
    if policy.get("note"):
        out.append(f"版本说明：{policy['note']}")
    out.append(f"评估日期：{result['assessment_date']}；指标截止日：{result['cutoff_date']}")
    return out


def when_lines(when: dict[str, Any] | None) -> list[str]:
    """When to apply (``planning.when``): the sentence, then the timetable from that date."""
    if not when:
        return []
    out = [when["sentence"]]
    out.extend(f"{s['date'] or '日期未定'}  {s['label']}" for s in when["steps"])
    return out


def text(
    result: dict[str, Any], items: list[dict[str, Any]], when: dict[str, Any] | None = None
) -> str:
    """Plain text, short lines, for pasting into a chat message."""
    out = _headline(result)
    if when:
        head, *steps = when_lines(when)
        out += ["", "什么时候申请：", head]
        out.extend(f"· {s}" for s in steps)
    out.append("")
    out.append("得分明细：")
    for line in result["lines"]:
        if line["points"] != 0:
            out.append(f"· {line['label']}：{_n(line['points'])}分（上限{_n(line['max'])}）")
    if result["warnings"]:
        out.append("")
        out.append("提示：")
        out.extend(f"· {w['message']}" for w in result["warnings"])
    out.append("")
    out.append("材料清单：")
    for item in items:
        mark = "（要求未证实）" if item["unconfirmed"] else ""
        out.append(f"□ {item['name']}{mark}——{item['original']}")
        if item.get("alternative"):
            out.append(f"  {alternative_text(item)}")
    out.append("")
    out.append(DISCLAIMER)
    return "\n".join(out) + "\n"


_LINE_BREAK_RE = re.compile("[\r\n\v\f\x85\u2028\u2029]+")
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]#!|~])")


def md_escape(value: Any) -> str:
    """``value`` as inert inline Markdown text, safe in a heading, list item or table cell.

    Line breaks become one space (a name cannot start a new block), invisible control and
    bidirectional characters are dropped, ``& < >`` become HTML entities (no raw HTML reaches the
    renderer) and Markdown punctuation (emphasis, code, links, images, headings, table pipes) is
    backslash-escaped.
    """
    text = str(value)
    return _md_escaped_short(text) if len(text) <= CACHED_CHARS else _md_escaped(text)


CACHED_CHARS = 300  # with 4,096 entries a cache stays a few MB, whatever a hostile cell holds


@functools.lru_cache(maxsize=4096)  # rule labels and sources repeat on every report of a batch
def _md_escaped_short(value: str) -> str:
    return _md_escaped(value)


def _md_escaped(value: str) -> str:
    text = INVISIBLE_RE.sub("", _LINE_BREAK_RE.sub(" ", value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL_RE.sub(r"\\\1", text)


def markdown(
    result: dict[str, Any], items: list[dict[str, Any]], when: dict[str, Any] | None = None
) -> str:
    head = _headline(result)
    out = [f"# {md_escape(head[0])}", ""]
    out.extend(f"- {md_escape(line)}" for line in head[1:])
    if when:
        sentence, *steps = when_lines(when)
        out += ["", "## 什么时候申请", "", md_escape(sentence), ""]
        out.extend(f"- {md_escape(s)}" for s in steps)
    out += [
        "",
        "## 得分明细",
        "",
        "| 指标 | 得分 | 上限 | 说明 | 依据的文件 | 可信度 |",
        "|---|---:|---:|---|---|---|",
    ]
    for line in result["lines"]:
        out.append(
            f"| {md_escape(line['label'])} | {_n(line['points'])} | {_n(line['max'])} | "
            f"{md_escape(line['explanation'])} | {source_markdown(line['source'])} | "
            f"{CONFIDENCE_LABELS[line['confidence']]} |"
        )
    if result["warnings"]:
        out += ["", "## 提示", ""]
        out.extend(f"- {md_escape(w['message'])}" for w in result["warnings"])
    out += ["", checklist_markdown(items).rstrip(), "", f"> {DISCLAIMER}", ""]
    return "\n".join(out)


def government_pages(src: dict[str, Any]) -> list[str]:
    """The urls of the evidence pages on government sites: the only links a report prints."""
    return [e["url"] for e in src.get("evidence", []) if e["kind"] == "government" and e["url"]]


def source_markdown(src: dict[str, Any]) -> str:
    """The document a line implements (title, 文号, issuer, date, article), plus a link to the
    government page when we read it on one; reprint pages are never printed."""
    links = "".join(f" [政府网站原文]({url})" for url in government_pages(src))
    return f"{md_escape(document_text(src))}{links}"


def checklist_markdown(items: list[dict[str, Any]]) -> str:
    out = ["## 材料清单", ""]
    group = None
    for item in items:
        if item["group"] != group:
            if group is not None:
                out.append("")
            group = item["group"]
            out += [f"### {md_escape(item['group_label'])}", ""]
        mark = " **（要求未证实）**" if item["unconfirmed"] else ""
        out.append(
            f"- [ ] **{md_escape(item['name'])}**{mark}：{md_escape(item['why'])}"
            f" 形式：{md_escape(item['original'])}；获取：{md_escape(item['where'])}。"
        )
        if item["note"]:
            out.append(f"  {md_escape(item['note'])}")
        if item.get("alternative"):
            out.append(f"  {md_escape(alternative_text(item))}")
    return "\n".join(out) + "\n"


def alternative_text(item: dict[str, Any]) -> str:
    """A checklist item's other reading, as a person reads it (empty when it has none)."""
    alt = item.get("alternative")
    if not alt:
        return ""
    return f"另有说法：{alt['text']}（依据：{alt['source']}）"


def _projection_rows(projection: dict[str, Any], every: int = 6) -> list[tuple[str, str]]:
    points = projection["points"]
    reach = projection["reaches_threshold_on"]
    rows = [(p["date"], _n(p["total"])) for i, p in enumerate(points) if i % every == 0]
    if reach and all(reach != d for d, _ in rows):
        rows.append((reach, _n(next(p["total"] for p in points if p["date"] == reach))))
    return sorted(rows)


def reach_sentence(projection: dict[str, Any]) -> str:
    """When the line is reached if nothing changes; never a date for a line already reached
    (the sentence is the projection's own: ``Projection.sentence``)."""
    return str(projection["sentence"])


def whatif_groups(whatifs: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The what-ifs (already in group order) as (group heading, options) runs."""
    groups: list[tuple[str, list[dict[str, Any]]]] = []
    for w in whatifs:
        if not groups or groups[-1][0] != w["effort_label"]:
            groups.append((w["effort_label"], []))
        groups[-1][1].append(w)
    return groups


def plan_text(whatifs: list[dict[str, Any]], projection: dict[str, Any], per_group: int = 5) -> str:
    out = ["", "怎样提高分数（先列马上能办的，再列等时间累积的，最后是需要生活上改变的）："]
    if not whatifs:
        out.append("· 没有找到能提高分数的可行改变。")
    for label, options in whatif_groups(whatifs):
        out.append(f"【{label}】")
        for w in options[:per_group]:
            out.append(
                f"· {w['change']}：+{_n(w['points_gained'])}分，达到{_n(w['new_total'])}分；"
                f"{w['time_text']}"
            )
        if len(options) > per_group:
            out.append(f"· ……另有{len(options) - per_group}项（加 --format markdown 可看完整列表）")
    out += ["", "分数随时间的变化：", reach_sentence(projection)]
    out.extend(f"  {d}  {t}分" for d, t in _projection_rows(projection))
    return "\n".join(out) + "\n"


def plan_markdown(whatifs: list[dict[str, Any]], projection: dict[str, Any]) -> str:
    out = ["", "## 怎样提高分数", ""]
    if not whatifs:
        out.append("没有找到能提高分数的可行改变。")
    for i, (label, options) in enumerate(whatif_groups(whatifs)):
        out += [*([""] if i else []), f"### {md_escape(label)}", ""]
        out += ["| 改变 | 加分 | 新总分 | 所需时间 | 依据 |", "|---|---:|---:|---|---|"]
        for w in options:
            basis = "、".join(b["label"] for b in w["basis"])
            out.append(
                f"| {md_escape(w['change'])} | {_n(w['points_gained'])} | {_n(w['new_total'])} | "
                f"{md_escape(w['time_text'])} | {md_escape(basis)} |"
            )
    out += [
        "",
        "## 分数随时间的变化",
        "",
        md_escape(reach_sentence(projection)),
        "",
        "| 日期 | 总分 |",
        "|---|---:|",
    ]
    out.extend(f"| {d} | {t} |" for d, t in _projection_rows(projection))
    return "\n".join(out) + "\n"
