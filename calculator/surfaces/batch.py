"""Consultant batch reports: one CSV row per client in, one report per client out.

CSV format (UTF-8, a BOM is fine; GB18030 as saved by Excel or WPS is also read):

- The first row is the header. Columns are ``client_id`` (required, the file name of the report),
  ``name`` (optional, shown in the report) and the profile field ids of ``calculator/cities/``
  (the same ids as the profile JSON; ``city``, ``assessment_date`` and ``birth_date`` are
  required). ``python -m calculator batch --template`` prints a header with every column.
- An empty cell means "not given" (the field's default). Values are written as on the form:
  ``true``/``false`` (or 是/否), numbers, ``YYYY-MM-DD`` dates, choice ids such as ``benke``.
- Shanghai and Hangzhou rows can share one file: a row leaves the other city's columns empty.
- ``offences`` holds a JSON list, e.g. ``[{"date": "2022-05-01", "kinds": ["detention"]}]``.

For each good row the output folder gets ``<client_id>.md`` and ``<client_id>.html`` (printable:
score, breakdown, what-ifs, projection, materials checklist, report date, policy version); for
every row, good or bad, ``summary.csv`` (UTF-8 with BOM) gets one line; its ``warnings`` and
``errors`` cells hold one message per line. A bad row is reported with its row number (the header
is row 1) and every reason, and the other rows are still processed.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.checklist import checklist
from ..core.profile import PROFILE_TYPES, Profile
from ..core.result import num
from ..core.scoring import score
from ..core.validation import ProfileError, parse_profile
from ..planning.chart import svg
from ..planning.projection import Projection, project, table
from ..planning.whatifs import WhatIf, whatifs
from . import report

ID_COLUMNS = ("client_id", "name")
SUMMARY_COLUMNS = (
    "row",
    "client_id",
    "name",
    "status",
    "city",
    "total",
    "threshold",
    "gap",
    "earliest_date",
    "eligible",
    "vetoed",
    "warnings",
    "report",
    "errors",
)
MAX_ROWS = 10_000


def template_columns() -> list[str]:
    """Every column a client CSV may have: the id columns, then each city's fields once."""
    columns = list(ID_COLUMNS)
    for cls in PROFILE_TYPES.values():
        for f in dataclasses.fields(cls):
            if f.name not in columns:
                columns.append(f.name)
    return columns


def template_csv() -> str:
    return _csv_text([template_columns()])


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Client:
    row: int
    client_id: str
    name: str
    profile: Profile


@dataclass(frozen=True)
class RowError:
    row: int
    client_id: str
    name: str
    reasons: tuple[str, ...]


class BatchInputError(ValueError):
    """The file as a whole cannot be read (no header, no client_id column, …)."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (Excel and WPS on Chinese systems)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise BatchInputError("文件既不是 UTF-8 也不是 GB18030 编码的 CSV。") from None


def read_clients(text: str) -> Iterator[Client | RowError]:
    """Parse the CSV text, yielding a Client or a RowError per data row, in file order."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise BatchInputError(
            "文件是空的：第1行应为表头（client_id、name 和档案字段名）。"
        ) from None
    except csv.Error as e:
        raise BatchInputError(f"第1行不是有效的 CSV：{e}") from None
    header = [h.strip() for h in header]
    if "client_id" not in header:
        raise BatchInputError("表头缺少 client_id 列（客户编号，也用作报告文件名）。")
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise BatchInputError("表头有重复的列：" + "、".join(dupes) + "。")
    row_no = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            row_no += 1
            yield RowError(row_no, "", "", (f"不是有效的 CSV：{e}",))
            continue
        row_no += 1
        if not any(c.strip() for c in cells):
            continue  # blank line
        if row_no - 1 > MAX_ROWS:
            yield RowError(row_no, "", "", (f"超过{MAX_ROWS}行，其余的行未处理。",))
            return
        yield _parse_row(row_no, header, cells)


def _parse_row(row_no: int, header: list[str], cells: list[str]) -> Client | RowError:
    values = dict(zip(header, (c.strip() for c in cells), strict=False))
    client_id = values.get("client_id", "")
    name = values.get("name", "")
    reasons: list[str] = []
    if len(cells) > len(header):
        reasons.append(f"这一行有{len(cells)}个单元格，比表头多{len(cells) - len(header)}个。")
    if not client_id:
        reasons.append("client_id（客户编号）为空。")
    raw: dict[str, Any] = {}
    for key, value in values.items():
        if key in ID_COLUMNS or not key or value == "":
            continue
        if key == "offences":
            try:
                raw[key] = json.loads(value)
            except ValueError:
                reasons.append(
                    "offences（不良记录）应为 JSON 列表，例如 "
                    '[{"date": "2022-05-01", "kinds": ["detention"]}]。'
                )
                continue
        else:
            raw[key] = value
    profile: Profile | None = None
    try:
        profile = parse_profile(raw)
    except ProfileError as e:
        reasons.extend(p.message for p in e.problems)
    if reasons or profile is None:
        return RowError(row_no, client_id, name, tuple(reasons))
    return Client(row_no, client_id, name, profile)


# --- one client's report ----------------------------------------------------------------------


@dataclass(frozen=True)
class ClientReport:
    client: Client
    result: dict[str, Any]
    checklist: list[dict[str, Any]]
    whatifs: list[WhatIf]
    projection: Projection
    today: date

    @property
    def earliest(self) -> date | None:
        return self.projection.reaches_threshold_on


def build(client: Client, today: date) -> ClientReport:
    result = score(client.profile)
    return ClientReport(
        client=client,
        result=result.to_dict(),
        checklist=[item.to_dict() for item in checklist(client.profile)],
        whatifs=whatifs(client.profile, result),
        projection=project(client.profile, base=result),
        today=today,
    )


def _n(x: Any) -> str:
    if x is None:
        return "—"
    return f"{num(x)}" if isinstance(x, (int, float)) and not isinstance(x, bool) else str(x)


def _title(rep: ClientReport) -> str:
    who = rep.client.name or rep.client.client_id
    return f"{who}（{rep.client.client_id}）· {rep.result['city_label']}居住证积分评估"


def _status(rep: ClientReport) -> str:
    """The result's verdict, and when the line is reached if nothing changes."""
    r = rep.result
    headline, stands = report.verdict_lines(r)
    out = f"{headline}{stands}。"
    if r["verdict"]["status"] == "not_reached" and r["threshold"] is not None:
        out += report.reach_sentence(rep.projection.to_dict())
    return out


def _whatif_rows(rep: ClientReport) -> list[list[str]]:
    rows = []
    for w in rep.whatifs:
        wait = "不需等待" if w.months_needed == 0 else f"{w.months_needed}个月"
        rows.append(
            [
                w.change,
                f"+{_n(w.points_gained)}",
                _n(w.new_total),
                wait,
                w.earliest.isoformat(),
                "；".join(w.prerequisites) or "—",
                "、".join(w.rule),
            ]
        )
    return rows


WHATIF_HEAD = ["改变", "加分", "新总分", "等待", "最早", "前提", "规则"]
PROJECTION_HEAD = ["日期", "总分", "说明"]


def markdown(rep: ClientReport) -> str:
    """Headline, breakdown and warnings (report.markdown), what-ifs, projection, checklist."""
    body = report.markdown(rep.result, rep.checklist)
    body = body.split("\n", 1)[1].lstrip("\n") if body.startswith("# ") else body
    marker = "\n## 材料清单"
    cut = body.find(marker)
    head = body if cut < 0 else body[:cut]
    out = [
        f"# {_title(rep)}",
        "",
        f"- 报告日期：{rep.today.isoformat()}",
        f"- 结论：{_status(rep)}",
        head.rstrip(),
        "",
        "## 怎样提高积分",
        "",
    ]
    if rep.whatifs:
        out.append("每一项都是把档案改动这一处后重新计分得到的；按每等待一个月多得的分数排序。")
        out.append("")
        out.append(_md_table(WHATIF_HEAD, _whatif_rows(rep)))
    else:
        out.append("没有找到能提高积分的改变（已达上限、被一票否决或不适用）。")
    proj = rep.projection
    out += ["", "## 积分预测（未来5年）", ""]
    out.append(report.reach_sentence(proj.to_dict()))
    out.append("")
    out.append(_md_table(PROJECTION_HEAD, [list(row) for row in table(proj)]))
    out.append("")
    out.append("假设：")
    out.extend(f"- {a}" for a in proj.assumptions)
    out.append("")
    if cut >= 0:
        out.append(body[cut + 1 :].rstrip())
    else:
        out.append(f"> {report.DISCLAIMER}")
    out.append("")
    return "\n".join(out)


def _md_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _md_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


PRINT_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
  margin:2em auto;max-width:60em;padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.6em 0}
th,td{border:1px solid #ccc;padding:.25em .4em;vertical-align:top;text-align:left}
th{background:#f3f3f3}td.n{text-align:right;white-space:nowrap}
.status{font-weight:bold}.warn{color:#8a4b00}.muted{color:#666;font-size:.9em}
ul.check{list-style:none;padding-left:0}ul.check li:before{content:"\\2610\\00a0"}
@media print{body{margin:0;max-width:none;font-size:10.5pt}a{color:inherit;text-decoration:none}
  h2{break-after:avoid}tr,li,svg{break-inside:avoid}@page{size:A4;margin:15mm}}
svg{display:block;max-width:36em}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _html_table(head: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> str:
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            cls = ' class="n"' if i in numeric else ""
            out.append(f"<td{cls}>{_e(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def html_page(rep: ClientReport) -> str:
    r = rep.result
    policy = r["policy"]
    title = _title(rep)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{PRINT_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="status">总分 {_e(_n(r["total"]))} 分。{_e(_status(rep))}</p>',
        "<ul>",
        f"<li>报告日期：{_e(rep.today.isoformat())}</li>",
        f"<li>评估日期：{_e(r['assessment_date'])}；指标截止日：{_e(r['cutoff_date'])}</li>",
        f"<li>政策版本：{_e(policy['label'])}，{_e(policy['document'])}"
        f"（{_e(policy['effective'])}起）。{_e(policy['note'])}</li>",
        "</ul>",
    ]
    failed = [g for g in r["gate"] if not g["passed"]]
    if failed:
        parts.append("<h2>申请资格</h2><ul>")
        parts += [
            f'<li class="warn">未满足：{_e(g["label"])}（{_e(g["message"])}）</li>' for g in failed
        ]
        parts.append("</ul>")
    parts.append("<h2>得分明细</h2>")
    rows = [
        [
            line["label"],
            _n(line["points"]),
            _n(line["max"]) if line["max"] is not None else "不限",
            line["explanation"],
            f"{line['source']['id']} {line['source']['article']}",
        ]
        for line in r["lines"]
    ]
    parts.append(_html_table(["指标", "得分", "上限", "说明", "来源"], rows, numeric=(1, 2)))
    if r["warnings"]:
        parts.append("<h2>提示</h2><ul>")
        parts += [f'<li class="warn">{_e(w["message"])}</li>' for w in r["warnings"]]
        parts.append("</ul>")
    parts.append("<h2>怎样提高积分</h2>")
    if rep.whatifs:
        parts.append(
            '<p class="muted">每一项都是把档案改动这一处后重新计分得到的；'
            "按每等待一个月多得的分数排序。</p>"
        )
        parts.append(_html_table(WHATIF_HEAD, _whatif_rows(rep), numeric=(1, 2)))
    else:
        parts.append("<p>没有找到能提高积分的改变（已达上限、被一票否决或不适用）。</p>")
    proj = rep.projection
    parts.append("<h2>积分预测（未来5年）</h2>")
    parts.append(svg(proj))
    parts.append(_html_table(PROJECTION_HEAD, [list(row) for row in table(proj)], numeric=(1,)))
    parts.append('<ul class="muted">')
    parts += [f"<li>{_e(a)}</li>" for a in proj.assumptions]
    parts.append("</ul>")
    parts.append("<h2>材料清单</h2>")
    group = None
    for item in rep.checklist:
        if item["group"] != group:
            if group is not None:
                parts.append("</ul>")
            group = item["group"]
            parts.append(f'<h3>{_e(item["group_label"])}</h3><ul class="check">')
        mark = "（要求未证实）" if item["unconfirmed"] else ""
        parts.append(
            f"<li><strong>{_e(item['name'])}</strong>{_e(mark)}：{_e(item['why'])}"
            f" 形式：{_e(item['original'])}；获取：{_e(item['where'])}。</li>"
        )
    if group is not None:
        parts.append("</ul>")
    parts.append(f'<p class="muted">{_e(report.DISCLAIMER)}</p></body></html>')
    return "\n".join(parts) + "\n"


# --- the whole batch ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchResult:
    reports: tuple[ClientReport, ...]
    errors: tuple[RowError, ...]
    summary_rows: tuple[dict[str, str], ...]
    files: tuple[str, ...]  # report file names written, in row order


def safe_name(client_id: str) -> str:
    """A file-name stem from a client id: letters, digits, CJK, '-', '_' and '.' kept."""
    stem = re.sub(r"[^\w.\-]+", "_", client_id, flags=re.UNICODE).strip("._")
    return stem[:80] or "client"


def summary_row(item: ClientReport | RowError, report_name: str = "") -> dict[str, str]:
    if isinstance(item, RowError):
        return {
            "row": str(item.row),
            "client_id": item.client_id,
            "name": item.name,
            "status": "error",
            "city": "",
            "total": "",
            "threshold": "",
            "gap": "",
            "earliest_date": "",
            "eligible": "",
            "vetoed": "",
            "warnings": "",
            "report": "",
            "errors": "\n".join(item.reasons),
        }
    r = item.result
    earliest = item.earliest
    return {
        "row": str(item.client.row),
        "client_id": item.client.client_id,
        "name": item.client.name,
        "status": "ok",
        "city": r["city"],
        "total": _n(r["total"]),
        "threshold": "" if r["threshold"] is None else _n(r["threshold"]),
        "gap": "" if r["gap"] is None else _n(r["gap"]),
        "earliest_date": earliest.isoformat() if earliest else "",
        "eligible": "true" if r["eligible"] else "false",
        "vetoed": "true" if r["vetoed"] else "false",
        "warnings": "\n".join(w["message"] for w in r["warnings"]),
        "report": report_name,
        "errors": "",
    }


def run(
    text: str,
    out_dir: str,
    today: date,
    progress: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Write every report and ``summary.csv`` into ``out_dir`` (created if missing)."""
    items = list(read_clients(text))
    os.makedirs(out_dir, exist_ok=True)
    used: set[str] = set()
    reports: list[ClientReport] = []
    errors: list[RowError] = []
    rows: list[dict[str, str]] = []
    files: list[str] = []
    for i, item in enumerate(items, start=1):
        if isinstance(item, RowError):
            errors.append(item)
            rows.append(summary_row(item))
        else:
            rep = build(item, today)
            stem = safe_name(item.client_id)
            if stem in used:
                stem = f"{stem}-row{item.row}"
            used.add(stem)
            _write(os.path.join(out_dir, stem + ".md"), markdown(rep))
            _write(os.path.join(out_dir, stem + ".html"), html_page(rep))
            reports.append(rep)
            files.append(stem)
            rows.append(summary_row(rep, stem + ".html"))
        if progress is not None:
            progress(i, len(items))
    summary = _csv_text([list(SUMMARY_COLUMNS)] + [[r[c] for c in SUMMARY_COLUMNS] for r in rows])
    with open(os.path.join(out_dir, "summary.csv"), "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(summary)
    return BatchResult(tuple(reports), tuple(errors), tuple(rows), tuple(files))


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(rows)
    return buf.getvalue()
