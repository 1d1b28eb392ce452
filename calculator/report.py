"""Readable renderings (plain text for a WeChat message, Markdown for files) of a score."""

from __future__ import annotations

from typing import Any

from .sources import CONFIDENCE_LABELS

DISCLAIMER = "本结果为自测估算，以受理部门的审核结果为准。"


def _n(x: Any) -> str:
    return "不限" if x is None else (f"{x:g}" if isinstance(x, float) else str(x))


def _headline(result: dict[str, Any]) -> list[str]:
    out = [f"{result['city_label']}居住证积分自测：{_n(result['total'])}分"]
    if result["threshold"] is not None:
        gap = result["gap"]
        status = "已达到" if gap == 0 else f"还差{_n(gap)}分"
        out.append(f"{result['threshold_label']}：{_n(result['threshold'])}分，{status}")
    else:
        out.append(result["threshold_label"])
    if result["vetoed"]:
        out.append("一票否决：" + "、".join(result["veto_reasons"]) + "，不能申请。")
    failed = [g for g in result["gate"] if not g["passed"]]
    for g in failed:
        out.append(f"未满足申请条件：{g['label']}（{g['message']}）")
    policy = result["policy"]
    out.append(f"政策版本：{policy['label']}，{policy['document']}（{policy['effective']}起）")
    out.append(f"评估日期：{result['assessment_date']}；指标截止日：{result['cutoff_date']}")
    return out


def text(result: dict[str, Any], items: list[dict[str, Any]]) -> str:
    """Plain text, short lines, for pasting into a chat message."""
    out = _headline(result)
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
    out.append("")
    out.append(DISCLAIMER)
    return "\n".join(out) + "\n"


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown(result: dict[str, Any], items: list[dict[str, Any]]) -> str:
    head = _headline(result)
    out = [f"# {head[0]}", ""]
    out.extend(f"- {line}" for line in head[1:])
    out += [
        "",
        "## 得分明细",
        "",
        "| 指标 | 得分 | 上限 | 说明 | 来源 | 可信度 |",
        "|---|---:|---:|---|---|---|",
    ]
    for line in result["lines"]:
        src = line["source"]
        link = f"[{_cell(src['id'])}]({src['url']})" if src["url"] else _cell(src["id"])
        out.append(
            f"| {_cell(line['label'])} | {_n(line['points'])} | {_n(line['max'])} | "
            f"{_cell(line['explanation'])} | {link} {_cell(src['article'])} | "
            f"{CONFIDENCE_LABELS[line['confidence']]} |"
        )
    if result["warnings"]:
        out += ["", "## 提示", ""]
        out.extend(f"- {w['message']}" for w in result["warnings"])
    out += ["", checklist_markdown(items).rstrip(), "", f"> {DISCLAIMER}", ""]
    return "\n".join(out)


def checklist_markdown(items: list[dict[str, Any]]) -> str:
    out = ["## 材料清单", ""]
    group = None
    for item in items:
        if item["group"] != group:
            group = item["group"]
            out += [f"### {item['group_label']}", ""]
        mark = " **（要求未证实）**" if item["unconfirmed"] else ""
        out.append(
            f"- [ ] **{_cell(item['name'])}**{mark}：{_cell(item['why'])}"
            f" 形式：{_cell(item['original'])}；获取：{_cell(item['where'])}。"
        )
        if item["note"]:
            out.append(f"  {_cell(item['note'])}")
    return "\n".join(out) + "\n"
