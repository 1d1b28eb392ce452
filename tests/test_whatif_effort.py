"""What-ifs grouped by effort, as people read them: the CLI's text and Markdown, batch reports.

The Shanghai 大专 example (examples/shanghai-skilled-lingang.json, 211 points) is the case the issue
was filed about: a doctorate listed as if it could be had now. Its options, by group:
- 等时间累积: base >= 1x 30 -> 36 of 48 months (+25), the 8th marriage year (+4), 10 more months of
  insurance to 9 full years (+3), one more year in 临港 (+2);
- 需要生活上的改变: base 3x and 2x (no month at those bases yet), 高级职称 and 技能一级 (140 - 100 =
  +40), a shortage-major post (+30), 博士 (110 - 100 技能二级 = +10).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from calculator.core.validation import parse_profile
from calculator.planning.candidate import EFFORT_LABELS, LIFE, WAIT
from calculator.surfaces import batch_report
from calculator.surfaces.cli import main

ROOT = Path(__file__).resolve().parent.parent
DAZHUAN = ROOT / "examples" / "shanghai-skilled-lingang.json"
RENTER = ROOT / "examples" / "hangzhou-2025-round.json"
HEADINGS = list(EFFORT_LABELS.values())  # 马上能办, 等时间累积, 需要生活上的改变


def cli(path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["score", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


def sections(text: str, marks: list[str]) -> dict[str, str]:
    """The text between each heading mark and the next one (or the projection)."""
    found = [(text.index(m), m) for m in marks if m in text]
    assert [m for _, m in found] == [m for m in marks if m in text]  # in order
    end = text.index("分数随时间的变化")
    bounds = [pos for pos, _ in found[1:]] + [end]
    return {m: text[pos:stop] for (pos, m), stop in zip(found, bounds, strict=True)}


@pytest.mark.parametrize(
    ("path", "groups"),
    [
        # 大专 example: no paperwork option; waits first, then life changes.
        (DAZHUAN, [HEADINGS[1], HEADINGS[2]]),
        # Hangzhou renter: a donation 3500 -> 4000 yuan (2 per full 1000: 6 -> 8) is paperwork;
        # rent, residence and insurance months are waits; a home, degrees, titles are life.
        (RENTER, HEADINGS),
    ],
)
def test_cli_text_groups_in_order(
    path: Path, groups: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = cli(path, "text", capsys)
    marks = [f"【{h}】" for h in HEADINGS]
    assert [m for m in marks if m in text] == [f"【{g}】" for g in groups]
    parts = sections(text, marks)
    life = parts[f"【{HEADINGS[2]}】"]
    assert "不需等待" not in life
    assert "因人而异" in life
    for line in parts.get(f"【{HEADINGS[1]}】", "").splitlines()[1:]:
        assert re.search(r"约\d+个月后（最早\d{4}-\d{2}-\d{2}）$", line), line


def test_cli_text_dazhuan_doctorate_is_a_life_change(capsys: pytest.CaptureFixture[str]) -> None:
    text = cli(DAZHUAN, "text", capsys)
    waits = sections(text, [f"【{h}】" for h in HEADINGS])[f"【{HEADINGS[1]}】"]
    # The largest wait per month comes first: base 1x, 6 months for +25 (25 / 6 = 4.2 a month).
    first = waits.splitlines()[1]
    assert first.startswith("· 社保缴费基数达到社平工资1倍")
    assert "+25分，达到236分；约6个月后（最早2027-05-01）" in first
    # Five life changes are listed (3x, 2x, 高级职称, 技能一级, 紧缺专业); the doctorate is the
    # sixth, named in the "more" line that points to the full list.
    assert "……另有1项" in text


def test_markdown_tables_per_group_with_chinese_basis(capsys: pytest.CaptureFixture[str]) -> None:
    md = cli(DAZHUAN, "markdown", capsys)
    heads = [h for h in re.findall(r"^### (.+)$", md, flags=re.M) if h in HEADINGS]
    assert heads == [HEADINGS[1], HEADINGS[2]]
    life = md[md.index(f"### {HEADINGS[2]}") :]
    # 大专 50 < 技能二级 100 counts now; 博士 110: 110 - 100 = +10, life, 因人而异.
    row = (
        "| 学历学位提升到：博士研究生 | 10 | 221 | 所需时间因人而异 "
        "| 教育背景、专业技术职称和技能等级 |"
    )
    assert row in life
    assert "不需等待" not in md


def test_json_carries_effort_and_label(capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(cli(DAZHUAN, "json", capsys))
    got = {w["id"]: (w["effort"], w["effort_label"], w["months_needed"]) for w in out["whatifs"]}
    # base 1x: 36 - 30 = 6 months, wait; base 3x: 24 of 36 months at 3x, none yet, life.
    assert got["si_base_100"] == (WAIT, HEADINGS[1], 6)
    assert got["si_base_300"] == (LIFE, HEADINGS[2], 24)
    assert got["education.doctor"] == (LIFE, HEADINGS[2], None)


def test_batch_report_lists_the_doctorate_under_life_never_no_waiting() -> None:
    # The 大专 client: "博士研究生 +60 | 不需等待". 大专 50 -> 博士 110 = +60 (no title).
    profile = parse_profile(
        {
            "city": "shanghai",
            "assessment_date": "2026-11-01",
            "birth_date": "1990-01-01",
            "si_months_last_12": 12,
            "si_months_total": 36,
            "education": "dazhuan",
        }
    )
    client = batch_report.Client(row=2, client_id="SH-9", name="王芳", profile=profile)
    rep = batch_report.build(client, date(2026, 11, 30))
    md = batch_report.markdown(rep)
    life = md[md.index(f"### {HEADINGS[2]}") : md.index("## 积分预测")]
    row = next(line for line in life.splitlines() if "博士研究生" in line)
    assert "| +60 |" in row and "所需时间因人而异" in row
    assert "不需等待" not in md
    # The printable page: the same groups, in order, each its own table.
    page = batch_report.html_page(rep)
    assert page.index(f"<h3>{HEADINGS[1]}</h3>") < page.index(f"<h3>{HEADINGS[2]}</h3>")
    assert "不需等待" not in page
