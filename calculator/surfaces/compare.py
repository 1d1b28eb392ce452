"""Two or three scenarios side by side: one table, and who should apply.

``build`` scores each scenario (``payload.build_report``, so a scenario carries exactly what the
page shows for it: total, lines, verdict and, when the payload has it, when to apply), aligns the
breakdown lines by indicator, and says in plain Chinese which scenario scores highest and, with
the city's family rule (``calculator.family``), who of two parents should apply for the child.
Pure: no file or network access; the CLI and the browser API (``api.compare``) render its dict.
Every conclusion is independent of the order the scenarios are given in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..core import jsonin
from ..core.profile import Profile
from ..core.validation import ProfileError, field_names, parse_profile
from ..family import family_json, family_rule
from . import report
from .payload import build_report, errors_of

MIN_SCENARIOS = 2
MAX_SCENARIOS = 3
MAX_NAME_CHARS = 30
WHO = "父母双方"


class CompareError(ValueError):
    """Scenarios that cannot be compared; ``problems`` as ``[{field, message}]`` (Chinese)."""

    def __init__(self, problems: list[dict[str, str]]) -> None:
        super().__init__("; ".join(p["message"] for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Scenario:
    name: str
    profile: Profile


def _fail(message: str, field: str = "") -> CompareError:
    return CompareError([{"field": field, "message": message}])


def clean_name(raw: Any, index: int) -> str:
    """A scenario's name as a person gave it (trimmed, bounded, no invisible characters)."""
    where = f"第 {index + 1} 个方案的名称"
    if raw is None or raw == "":
        return f"方案{index + 1}"
    if not isinstance(raw, str):
        raise _fail(f"{where}应为文字。", "name")
    name = raw.strip()
    if len(name) > MAX_NAME_CHARS:
        raise _fail(f"{where}太长，最多 {MAX_NAME_CHARS} 个字。", "name")
    try:
        jsonin.check_text(name, where)
    except jsonin.JsonInputError as exc:
        raise _fail(exc.message, "name") from None
    return name or f"方案{index + 1}"


def distinct(names: Sequence[str]) -> list[str]:
    """The names with repeats told apart: 我, 我（2）."""
    out: list[str] = []
    for name in names:
        candidate, n = name, 1
        while candidate in out:
            n += 1
            candidate = f"{name}（{n}）"
        out.append(candidate)
    return out


def check_count(count: int) -> None:
    if not MIN_SCENARIOS <= count <= MAX_SCENARIOS:
        raise _fail(
            f"一次可以比较 {MIN_SCENARIOS} 到 {MAX_SCENARIOS} 个方案；收到的是 {count} 个。",
            "scenarios",
        )


# How the request's own keys read in a message (with the profile fields' names).
REQUEST_NAMES = {"scenarios": "「方案列表」", "name": "「方案名称」", "answers": "「答案」"}


def load_request(text: str | bytes, where: str = "输入") -> Any:
    """Parse the untrusted request text (bounded, strict: ``core.jsonin``); CompareError."""
    try:
        return jsonin.loads(text, where, names={**field_names(), **REQUEST_NAMES})
    except jsonin.JsonInputError as exc:
        raise _fail(exc.message, exc.field) from None


def scenarios_from_raw(raw: Any) -> list[Scenario]:
    """``{"scenarios": [{"name": ..., "answers": {...}}, ...]}`` (already parsed JSON) as
    validated scenarios; ``CompareError`` naming the scenario and field otherwise."""
    items = raw.get("scenarios") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise _fail("请求里应列出要比较的方案。", "scenarios")
    check_count(len(items))
    names, profiles = [], []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise _fail(f"第 {i + 1} 个方案应为对象（名称和答案）。", "scenarios")
        name = clean_name(item.get("name"), i)
        try:
            profiles.append(parse_profile(item.get("answers")))
        except ProfileError as exc:
            raise CompareError(
                [
                    {"field": p["field"], "message": f"方案“{name}”：{p['message']}"}
                    for p in errors_of(exc)
                ]
            ) from None
        names.append(name)
    return [Scenario(n, p) for n, p in zip(distinct(names), profiles, strict=True)]


# --------------------------------------------------------------------------------------------
# The comparison


def build(scenarios: Sequence[Scenario]) -> dict[str, Any]:
    """The comparison as a plain dict (see ARCHITECTURE.md, ``api.compare``)."""
    check_count(len(scenarios))
    names = distinct([s.name for s in scenarios])
    reports = [build_report(s.profile) for s in scenarios]
    results = [r["result"] for r in reports]
    cities = {r["city"] for r in results}
    if len(cities) != 1:
        labels = "、".join(dict.fromkeys(r["city_label"] for r in results))
        raise _fail(f"只能比较同一个城市的方案；这几个方案分别是{labels}的。", "city")
    city = results[0]["city"]
    rule = family_json(city)
    columns = [_column(name, rep) for name, rep in zip(names, reports, strict=True)]
    rows, zero_rows = _rows(results)
    same = len({_fingerprint(c, rows, i) for i, c in enumerate(columns)}) == 1
    return {
        "city": city,
        "city_label": results[0]["city_label"],
        "columns": columns,
        "rows": rows,
        "zero_rows": zero_rows,
        "same": same,
        "table": table(columns, rows),
        "conclusion": {
            "best": _best(columns, same),
            "family": _family(city, columns),
        },
        "family": {**rule, "cited": source_line(rule)},
    }


def _column(name: str, rep: dict[str, Any]) -> dict[str, Any]:
    result = rep["result"]
    verdict = result["verdict"]
    when = rep.get("when")
    return {
        "name": name,
        "total": result["total"],
        "threshold": result["threshold"],
        "threshold_label": result["threshold_label"],
        "gap": result["gap"],
        "assessment_date": result["assessment_date"],
        "policy": result["policy"]["label"],
        "can_apply": not result["vetoed"] and all(g["passed"] for g in result["gate"]),
        "verdict": {k: verdict[k] for k in ("status", "tone", "headline", "gap_text", "short")},
        "when": when if isinstance(when, dict) else None,
    }


def _rows(results: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """One row per indicator any scenario scores (in the order the lines come), its points in
    each scenario (``None`` where a scenario has no such line); and how many rows are zero in
    every scenario (left out)."""
    labels: dict[str, str] = {}
    points: dict[str, list[float | None]] = {}
    for i, result in enumerate(results):
        for line in result["lines"]:
            labels.setdefault(line["id"], line["label"])
            points.setdefault(line["id"], [None] * len(results))[i] = line["points"]
    rows, zero = [], 0
    for indicator, values in points.items():
        if not any(values):
            zero += 1
            continue
        rows.append(
            {
                "indicator": indicator,
                "label": labels[indicator],
                "points": values,
                "differs": len({v or 0 for v in values}) > 1,
            }
        )
    return rows, zero


def _fingerprint(column: dict[str, Any], rows: list[dict[str, Any]], i: int) -> tuple[Any, ...]:
    return (
        column["total"],
        column["verdict"]["status"],
        tuple(r["points"][i] or 0 for r in rows),
    )


def _ranked(columns: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Highest total first; equal totals by name (so the order given never matters)."""
    return sorted(columns, key=lambda c: (-c["total"], c["name"]))


def _names(columns: Sequence[dict[str, Any]]) -> str:
    return "和".join(f"“{c['name']}”" for c in sorted(columns, key=lambda c: c["name"]))


def _best(columns: Sequence[dict[str, Any]], same: bool) -> str:
    if same:
        return f"这几个方案的结果相同：都是 {columns[0]['total']} 分，没有差别。"
    ranked = _ranked(columns)
    top = ranked[0]["total"]
    leaders = [c for c in ranked if c["total"] == top]
    rest = [c for c in ranked if c["total"] != top]
    if not rest:
        return f"{_names(leaders)}总分相同，都是 {top} 分；差别在各项得分或结论上，见下表。"
    others = "，".join(f"“{c['name']}” {c['total']} 分" for c in rest)
    lead = f"{_names(leaders)}，都是" if len(leaders) > 1 else f"“{leaders[0]['name']}”，"
    return f"总分最高的是{lead}{top} 分；{others}。"


def _family(city: str, columns: Sequence[dict[str, Any]]) -> str:
    """Who of the parents should apply, by the city's family rule (if these are two parents)."""
    rule = family_rule(city)
    if len(columns) != 2:
        # Three scenarios cannot all be the two parents (often they are one person's options).
        return (
            f"家庭积分规则只比较{WHO}两个人：要看由谁为子女申请，请只比较两个方案（父母各一个）。"
        )
    lead = f"如果这两个方案分别是{WHO}的情况："
    able = [c for c in columns if c["can_apply"]]
    if not able:
        return lead + "目前没有一方满足申请条件（见各方案的结论），还不能为子女使用积分。"
    if rule.use == "higher":
        top = max(c["total"] for c in able)
        leaders = [c for c in able if c["total"] == top]
        if len(leaders) > 1:
            return lead + f"{_names(leaders)}积分相同（{top} 分），由哪一方申请积分都可以。"
        return lead + (
            f"子女用积分较高一方的积分，也就是“{leaders[0]['name']}”的 {top} 分，"
            f"由“{leaders[0]['name']}”申请积分。"
        )
    reached = [c for c in able if c["verdict"]["status"] == "reached"]
    unsure = [c for c in able if c["verdict"]["status"] == "uncertain"]
    if len(reached) > 1:
        return lead + f"{_names(reached)}都已达到标准分值，由任一方申请都可以。"
    if reached:
        name = reached[0]["name"]
        return lead + f"“{name}”已达到标准分值，由“{name}”申请就够了。"
    if unsure:
        return lead + (
            f"{_names(unsure)}可能达到标准分值，但结果还不确定（见该方案的结论）；"
            "其他方案还没有达到。"
        )
    closest = min(able, key=lambda c: (c["gap"] or 0, c["name"]))
    return lead + (
        f"还没有一方达到标准分值；最接近的是“{closest['name']}”，还差 {closest['gap']} 分。"
    )


# --------------------------------------------------------------------------------------------
# Text and Markdown


def _cell(value: Any) -> str:
    return "—" if value is None else str(value)


def _when(column: dict[str, Any]) -> str:
    when = column.get("when") or {}
    return str(when.get("sentence") or "—")


def table(columns: Sequence[dict[str, Any]], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The comparison as the table every surface shows: a header (the scenarios' names) and rows
    of display strings, each with its ``kind`` (line, total, verdict, gap, when) and whether the
    scenarios differ in it; the verdict row carries each verdict's tone."""
    body: list[dict[str, Any]] = [
        {
            "kind": "line",
            "label": r["label"],
            "cells": [_cell(p) for p in r["points"]],
            "differs": r["differs"],
        }
        for r in rows
    ]

    def row(kind: str, label: str, cells: list[str]) -> dict[str, Any]:
        return {"kind": kind, "label": label, "cells": cells, "differs": len(set(cells)) > 1}

    body.append(row("total", "总分", [str(c["total"]) for c in columns]))
    verdicts = row("verdict", "结论", [_verdict_cell(c["verdict"]) for c in columns])
    verdicts["tones"] = [c["verdict"]["tone"] for c in columns]
    body.append(verdicts)
    body.append(row("gap", "分数线", [c["verdict"]["gap_text"] for c in columns]))
    if any(c.get("when") for c in columns):
        body.append(row("when", "什么时候申请", [_when(c) for c in columns]))
    return {"header": [c["name"] for c in columns], "rows": body}


# A headline that points to a section of the one-result page ("见下面的…") has no such section
# beside it in a comparison: there it says which scenario to open instead.
TABLE_HEADLINES = {"gate_failed": "还不满足申请条件（打开这个方案，看“申请资格”缺了哪一项）。"}


def _verdict_cell(verdict: dict[str, Any]) -> str:
    return str(TABLE_HEADLINES.get(verdict["status"], verdict["headline"]))


def source_line(fam: dict[str, Any]) -> str:
    """Where the family rule comes from, in one line: document, article, confidence."""
    doc = fam["document"]
    title = doc["title"] + (f"（{doc['number']}）" if doc["number"] else "")
    return f"依据：{title} {fam['article']}；可信程度：{fam['confidence_label']}。"


def _page(page: dict[str, Any]) -> str:
    """A page we read, with its kind of site; its address only when it is a government site
    (reprint and content-farm addresses are never printed, as in every report)."""
    url = f" {page['url']}" if page["kind"] == "government" and page["url"] else ""
    return f"{page['title']}（{page['kind_label']}）{url}"


def text(cmp: dict[str, Any]) -> str:
    header, body = cmp["table"]["header"], cmp["table"]["rows"]
    lines = [f"{cmp['city_label']}：{len(cmp['columns'])} 个方案的比较", ""]
    for row in body:
        cells = [f"{h} {v}" for h, v in zip(header, row["cells"], strict=True)]
        lines.append(f"{row['label']}：" + " ｜ ".join(cells))
    if cmp["zero_rows"]:
        lines.append(f"（另有 {cmp['zero_rows']} 项在各方案中都不得分，未列出）")
    lines += ["", cmp["conclusion"]["best"], cmp["conclusion"]["family"], ""]
    lines += [cmp["family"]["sentence"], cmp["family"]["cited"]]
    lines += [f"  {_page(e)}" for e in cmp["family"]["evidence"]]
    return "\n".join(lines) + "\n"


def markdown(cmp: dict[str, Any]) -> str:
    esc = report.md_escape
    header, body = ["", *cmp["table"]["header"]], cmp["table"]["rows"]
    out = [f"# {esc(cmp['city_label'])}：{len(cmp['columns'])} 个方案的比较", ""]
    out.append("| " + " | ".join(esc(h) for h in header) + " |")
    out.append("|" + "---|" * len(header))
    out += ["| " + " | ".join(esc(v) for v in [row["label"], *row["cells"]]) + " |" for row in body]
    if cmp["zero_rows"]:
        out += ["", f"另有 {cmp['zero_rows']} 项在各方案中都不得分，未列出。"]
    out += ["", "## 结论", "", f"- {esc(cmp['conclusion']['best'])}"]
    out += [f"- {esc(cmp['conclusion']['family'])}", "", "## 家庭积分规则", ""]
    out += [esc(cmp["family"]["sentence"]), "", esc(cmp["family"]["cited"]), ""]
    out += [f"- {esc(_page(e))}" for e in cmp["family"]["evidence"]]
    return "\n".join(out) + "\n"
