"""One client's batch report: the data (:func:`build`) and its Markdown and printable HTML.

``plan=False`` leaves out the what-ifs and the projection (the slow part of a report); the report
then says they were not computed.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.checklist import checklist
from ..core.profile import Profile, to_dict
from ..core.result import num
from ..core.scoring import score
from ..planning.chart import svg
from ..planning.projection import Projection, project, table
from ..planning.whatifs import WhatIf, whatifs
from ..planning.when import when
from ..sources import document_text
from . import report, share
from .report import CACHED_CHARS, md_escape


@dataclass(frozen=True)
class Client:
    row: int
    client_id: str
    name: str
    profile: Profile


@dataclass(frozen=True)
class ClientReport:
    client: Client
    result: dict[str, Any]
    checklist: list[dict[str, Any]]
    whatifs: list[WhatIf] | None  # None: not computed (plan=False)
    projection: Projection | None
    today: date
    link: str = ""  # the share link that opens these answers in the live calculator
    when: dict[str, Any] | None = None  # planning.when: {date, sentence, steps}

    @property
    def earliest(self) -> date | None:
        """When the line is reached if nothing changes; without a projection only "now"."""
        if self.projection is not None:
            return self.projection.reaches_threshold_on
        if self.result["verdict"]["status"] == "reached":
            return date.fromisoformat(self.result["assessment_date"])
        return None


def build(
    client: Client, today: date, plan: bool = True, base: str = share.DEFAULT_BASE
) -> ClientReport:
    """``base`` is the calculator page's address that the report's link and QR code open."""
    result = score(client.profile)
    proj = project(client.profile, base=result) if plan else None
    return ClientReport(
        client=client,
        result=result.to_dict(),
        checklist=[item.to_dict() for item in checklist(client.profile)],
        whatifs=whatifs(client.profile, result) if plan else None,
        projection=proj,
        today=today,
        link=share.make_link(to_dict(client.profile), base),
        when=when(client.profile, result, today, proj, without="off").to_dict(),
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
    headline, stands, *more = report.verdict_lines(r)
    out = f"{headline}{stands}。" + "".join(f"{m}。" for m in more)
    proj = rep.projection
    if proj is not None and r["verdict"]["status"] == "not_reached" and r["threshold"] is not None:
        out += report.reach_sentence(proj.to_dict())
    return out


def _whatif_groups(rep: ClientReport) -> list[tuple[str, list[list[str]]]]:
    """Per effort group (report.whatif_groups), its heading and table rows."""
    out = []
    for label, options in report.whatif_groups([w.to_dict() for w in rep.whatifs or ()]):
        rows = [
            [
                w["change"],
                f"+{_n(w['points_gained'])}",
                _n(w["new_total"]),
                w["time_text"],
                "；".join(w["prerequisites"]) or "—",
                "、".join(b["label"] for b in w["basis"]) or "—",
            ]
            for w in options
        ]
        out.append((label, rows))
    return out


WHATIF_HEAD = ["改变", "加分", "新总分", "所需时间", "前提", "规则"]
PROJECTION_HEAD = ["日期", "总分", "说明"]
NO_PLAN = "本次批量测算选择了不计算提分办法和积分预测（命令行 --no-plan）。"
NO_WHATIF = "没有找到能提高积分的改变（已达上限、被一票否决或不适用）。"
WHATIF_NOTE = (
    "每一项都是把档案改动这一处后重新计分得到的；先列马上能办的，再列等时间累积的，"
    "最后是需要生活上改变的（所需时间因人而异）。"
)


QR_HEADING = "用手机打开"
QR_NOTE = (
    "用手机扫描二维码，或打开下面的链接，可在网页计算器中查看和修改这份档案"
    "（答案只在链接里，不经过服务器）。"
)
# the same note when the batch ran without QR codes (--no-qr): the link alone
LINK_NOTE = "打开下面的链接，可在网页计算器中查看和修改这份档案（答案只在链接里，不经过服务器）。"


def markdown(rep: ClientReport, qr_image: str = "") -> str:
    """Headline, breakdown and warnings (report.markdown), what-ifs, projection, checklist;
    ``qr_image`` is the file name of the QR code written beside the report."""
    body = report.markdown(rep.result, rep.checklist, rep.when)
    body = body.split("\n", 1)[1].lstrip("\n") if body.startswith("# ") else body
    marker = "\n## 材料清单"
    cut = body.find(marker)
    head = body if cut < 0 else body[:cut]
    out = [
        f"# {md_escape(_title(rep))}",
        "",
        f"- 报告日期：{rep.today.isoformat()}",
        f"- 结论：{md_escape(_status(rep))}",
        head.rstrip(),
        "",
    ]
    out.extend(_md_qr(rep, qr_image))
    out.extend(_md_plan(rep))
    if cut >= 0:
        out.append(body[cut + 1 :].rstrip())
    else:
        out.append(f"> {report.DISCLAIMER}")
    out.append("")
    return "\n".join(out)


def _md_qr(rep: ClientReport, qr_image: str) -> list[str]:
    if not rep.link:
        return []
    out = [f"## {QR_HEADING}", "", QR_NOTE if qr_image else LINK_NOTE, ""]
    if qr_image:
        out += [f"![二维码](<{qr_image}>)", ""]
    return [*out, f"<{rep.link}>", ""]


def _md_plan(rep: ClientReport) -> list[str]:
    """The what-ifs and projection sections, or one line saying they were not computed."""
    proj = rep.projection
    if rep.whatifs is None or proj is None:
        return ["## 怎样提高积分、积分预测", "", NO_PLAN, ""]
    out = ["## 怎样提高积分", ""]
    if rep.whatifs:
        out.append(WHATIF_NOTE)
        for label, rows in _whatif_groups(rep):
            out += ["", f"### {md_escape(label)}", "", _md_table(WHATIF_HEAD, rows)]
    else:
        out.append(NO_WHATIF)
    out += ["", "## 积分预测（未来5年）", "", md_escape(report.reach_sentence(proj.to_dict())), ""]
    out.append(_md_table(PROJECTION_HEAD, [list(row) for row in table(proj)]))
    out += ["", "假设：", *(f"- {md_escape(a)}" for a in proj.assumptions), ""]
    return out


def _md_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
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
.share-qr{display:flex;gap:1em;align-items:center;break-inside:avoid}
.share-qr svg{width:35mm;height:35mm;flex:none}.share-qr p{overflow-wrap:anywhere;margin:0}
"""


def _e(value: Any) -> str:
    text = str(value)
    return _escaped(text) if len(text) <= CACHED_CHARS else html.escape(text, quote=True)


@functools.lru_cache(maxsize=4096)  # labels, notes and sources repeat on every report of a batch
def _escaped(value: str) -> str:
    return html.escape(value, quote=True)


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


def _html_plan(rep: ClientReport) -> list[str]:
    """The what-ifs and projection sections, or one line saying they were not computed."""
    proj = rep.projection
    if rep.whatifs is None or proj is None:
        return ["<h2>怎样提高积分、积分预测</h2>", f"<p>{_e(NO_PLAN)}</p>"]
    out = ["<h2>怎样提高积分</h2>"]
    if rep.whatifs:
        out.append(f'<p class="muted">{_e(WHATIF_NOTE)}</p>')
        for label, rows in _whatif_groups(rep):
            out += [f"<h3>{_e(label)}</h3>", _html_table(WHATIF_HEAD, rows, numeric=(1, 2))]
    else:
        out.append(f"<p>{_e(NO_WHATIF)}</p>")
    out += ["<h2>积分预测（未来5年）</h2>", svg(proj)]
    out.append(_html_table(PROJECTION_HEAD, [list(row) for row in table(proj)], numeric=(1,)))
    out += ['<ul class="muted">', *(f"<li>{_e(a)}</li>" for a in proj.assumptions), "</ul>"]
    return out


def _html_qr(rep: ClientReport, qr_svg: str) -> list[str]:
    """The QR code (inline SVG from calculator.surfaces.qr, trusted) and the link it holds;
    the link alone when there is no QR code (--no-qr)."""
    if not rep.link:
        return []
    if not qr_svg:
        link = f'<a href="{_e(rep.link)}">{_e(rep.link)}</a>'
        return [f"<h2>{_e(QR_HEADING)}</h2>", f"<p>{_e(LINK_NOTE)}<br>{link}</p>"]
    return [
        f"<h2>{_e(QR_HEADING)}</h2>",
        f'<div class="share-qr">{qr_svg}<p>{_e(QR_NOTE)}<br>'
        f'<a href="{_e(rep.link)}">{_e(rep.link)}</a></p></div>',
    ]


def _html_when(rep: ClientReport) -> list[str]:
    """When to apply: the sentence and the timetable from that date (report.when_lines)."""
    if not rep.when:
        return []
    sentence, *steps = report.when_lines(rep.when)
    out = [f"<p>什么时候申请：{_e(sentence)}</p>"]
    if steps:
        out += ["<ul>", *(f"<li>{_e(s)}</li>" for s in steps), "</ul>"]
    return out


def html_page(rep: ClientReport, qr_svg: str = "") -> str:
    """The printable page; ``qr_svg`` (from calculator.surfaces.qr) is shown with the link."""
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
        *_html_when(rep),
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
            document_text(line["source"]),
        ]
        for line in r["lines"]
    ]
    parts.append(_html_table(["指标", "得分", "上限", "说明", "依据的文件"], rows, numeric=(1, 2)))
    if r["warnings"]:
        parts.append("<h2>提示</h2><ul>")
        parts += [f'<li class="warn">{_e(w["message"])}</li>' for w in r["warnings"]]
        parts.append("</ul>")
    parts.extend(_html_qr(rep, qr_svg))
    parts.extend(_html_plan(rep))
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
            f" 形式：{_e(item['original'])}；获取：{_e(item['where'])}。"
            + (f"<br>{_e(report.alternative_text(item))}" if item.get("alternative") else "")
            + "</li>"
        )
    if group is not None:
        parts.append("</ul>")
    parts.append(f'<p class="muted">{_e(report.DISCLAIMER)}</p></body></html>')
    return "\n".join(parts) + "\n"
