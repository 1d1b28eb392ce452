"""When to apply (calculator/planning/when.py): the date, the sentence and the timetable.

Working days come from chinesecalendar (it knows 2026 and earlier: holidays and 调休 weekends);
later years are counted Monday to Friday and the sentence says so. Counting starts the day after
the start date. Shanghai: document check 20 working days, then scoring 20 working days
(deadlines.toml: shanghai.document_check, shanghai.scoring). Hangzhou settlement rounds: points
1–30 September and settlement 1–30 November (2022, 2023 published; later years "往年"), March under
the trial rules (2020, 2021); the cut-off is the 1st of the month before the round opens.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from calculator.core.scoring import score
from calculator.core.validation import parse_profile
from calculator.planning.projection import project
from calculator.planning.when import when
from calculator.surfaces import batch
from tests.helpers import HZ_BASE, SH_BASE, run_cli
from tests.strategies import profiles
from tests.test_batch import GOOD_HZ, GOOD_SH, TODAY, Run, csv_text

TODAY_2026 = date(2026, 11, 30)


def _when(base: dict[str, Any], today: date = TODAY_2026, **overrides: Any) -> Any:
    profile = parse_profile({**base, **overrides})
    return when(profile, score(profile), today)


# --- Shanghai: reached → submit, +20 working days check, +20 working days scoring -------------

SH_REACHED = {"education": "master", "si_months_total": 24}  # master 100 + age 30 + SI 6 = 136


@pytest.mark.parametrize(
    ("start", "steps", "note"),
    [
        # 2026-11-02 (Mon) + 20 working days: Nov 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19),
        # Nov 30 (20) = 2026-11-30; + 20: Dec 1–4 (4), 7–11 (9), 14–18 (14), 21–25 (19),
        # Dec 28 (20) = 2026-12-28. No holiday in between.
        ("2026-11-02", ["2026-11-02", "2026-11-30", "2026-12-28"], False),
        # 2026-09-21 (Mon) + 20: Sep 22–24 (3; 25–27 中秋 off), Sep 28–30 (6; Oct 1–7 国庆 off),
        # Oct 8–9 (8), Sat Oct 10 调休 workday (9), Oct 12–16 (14), 19–23 (19), Oct 26 (20)
        # = 2026-10-26; + 20: Oct 27–30 (4), Nov 2–6 (9), 9–13 (14), 16–20 (19), Nov 23 (20).
        ("2026-09-21", ["2026-09-21", "2026-10-26", "2026-11-23"], False),
        # 2027 is beyond the holiday calendar: Monday–Friday. 2027-03-01 (Mon) + 20: Mar 2–5 (4),
        # 8–12 (9), 15–19 (14), 22–26 (19), Mar 29 (20); + 20: Mar 30–Apr 2 (4), Apr 5–9 (9),
        # 12–16 (14), 19–23 (19), Apr 26 (20) = 2027-04-26, and the sentence says it is estimated.
        ("2027-03-01", ["2027-03-01", "2027-03-29", "2027-04-26"], True),
    ],
)
def test_shanghai_reached_timetable(start: str, steps: list[str], note: bool) -> None:
    w = _when(SH_BASE, assessment_date=start, **SH_REACHED)
    assert w.date == date.fromisoformat(start)
    assert [s.date.isoformat() for s in w.steps] == steps
    assert f"预计{steps[-1]}前后收到结果" in w.sentence
    assert w.sentence.startswith(f"按所填日期（{start}）计算：估算已达到120分")
    assert ("2027年的放假安排未知，按周一至周五估算" in w.sentence) is note


def test_shanghai_gate_waits_for_the_month_it_passes() -> None:
    # benke_degree 90 + age 30 = 120 already, but only 2 of the last 12 months paid (6 needed):
    # paying on, the gate passes 4 months later, 2027-03-01; + 20 + 20 working days (2027,
    # Monday–Friday as above) = 2027-03-29, 2027-04-26.
    w = _when(SH_BASE, education="benke_degree", si_months_total=2, si_months_last_12=2)
    assert w.date == date(2027, 3, 1)
    assert [s.date.isoformat() for s in w.steps] == ["2027-03-01", "2027-03-29", "2027-04-26"]
    assert "现在不符合申请条件" in w.sentence and "预计2027-03-01起符合条件" in w.sentence


def test_shanghai_never_by_waiting_alone() -> None:
    # dazhuan 50 + age 30 + 1 year of SI 3 = 83; SI years add 3 a year: 83 + 5 * 3 = 98 < 120
    # after five years (age stays at 30 until 43 on a 1990 birth date).
    w = _when(SH_BASE, education="dazhuan", si_months_total=12)
    assert w.date is None and w.steps == ()
    assert "现在估算83分，还差37分" in w.sentence
    assert "5年内达不到申请要求" in w.sentence


WITHOUT_PROJECTION = [
    # (overrides, date with the projection, phrase without it)
    # benke_degree 90 + age 30 = 120, gate passes 2027-03-01 (above): a projected date
    (
        {"education": "benke_degree", "si_months_total": 2, "si_months_last_12": 2},
        "2027-03-01",
        "现在不符合申请条件（见“申请资格”）；本次没有计算积分预测",
    ),
    # dazhuan 50 + age 30 + 3 = 83 < 120: never by waiting alone; without it, no claim at all
    (
        {"education": "dazhuan", "si_months_total": 12},
        None,
        "现在估算83分，还差37分；本次没有计算积分预测",
    ),
]


@pytest.mark.parametrize(("overrides", "projected", "phrase"), WITHOUT_PROJECTION)
def test_shanghai_below_the_line_without_the_projection(
    overrides: dict[str, Any], projected: str | None, phrase: str
) -> None:
    # batch --no-plan: the consultant chose no projection, so no projected date is given
    profile = parse_profile({**SH_BASE, **overrides})
    full = when(profile, score(profile), TODAY_2026)
    assert (full.date.isoformat() if full.date else None) == projected
    bare = when(profile, score(profile), TODAY_2026, without="off")
    assert bare.date is None and bare.steps == ()
    assert phrase in bare.sentence and "没有给出预计可以申请的日期" in bare.sentence


@pytest.mark.parametrize(("overrides", "projected", "phrase"), WITHOUT_PROJECTION)
def test_the_page_gets_the_date_from_the_plan_not_from_every_keystroke(
    overrides: dict[str, Any], projected: str | None, phrase: str, monkeypatch: Any
) -> None:
    # api.evaluate runs on every form change: it says the date is being worked out, and
    # api.plan (which computes the five-year projection anyway) gives the date from it.
    from calculator.planning import when as when_module
    from calculator.surfaces import api

    profile = parse_profile({**SH_BASE, **overrides})
    searched = when(profile, score(profile), TODAY_2026).to_dict()
    answers = json.dumps({**SH_BASE, **overrides})

    def no_search(*_: Any, **__: Any) -> None:
        raise AssertionError("evaluate searched month by month")

    monkeypatch.setattr(when_module, "first_month", no_search)
    evaluated = json.loads(api.evaluate(answers))
    assert evaluated["when"]["date"] is None and evaluated["when"]["steps"] == []
    assert phrase.split("；")[0] in evaluated["when"]["sentence"]
    assert "正在按五年预测推算预计可以申请的日期" in evaluated["when"]["sentence"]
    assert "正在按五年预测推算" in evaluated["text"]
    planned = json.loads(api.plan(answers))
    # the same date, steps and sentence as the month-by-month search (here at today's date)
    assert planned["when"]["date"] == projected
    assert planned["when"]["sentence"].split("：", 1)[1] == searched["sentence"].split("：", 1)[1]
    assert planned["when"]["steps"] == searched["steps"]
    assert planned["when"]["sentence"] in planned["text"]


def test_a_reached_profile_needs_no_projection() -> None:
    profile = parse_profile({**SH_BASE, **SH_REACHED})
    for without in ("off", "pending"):
        assert when(profile, None, TODAY_2026, without=without) == when(profile, None, TODAY_2026)


# --- Hangzhou: rounds, the cut-off, unpublished windows ---------------------------------------

HZ_ENOUGH = {"education": "benke", "si_months": 24, "residence_months": 24}
# age 30 + benke 50 + 24 months SI × 0.5 = 12 + 2 years residence × 5 = 10 → 102 (V4)


@pytest.mark.parametrize(
    ("start", "date_", "phrases"),
    [
        # Inside the published 2023 window: apply on the day, cut-off 2023-08-01.
        # Query: 2023-09-15 (Fri) + 20 working days = Sep 18–22 (5), 25–28 (9; Sep 29–Oct 6
        # holiday), Sat Oct 7 and Sun Oct 8 调休 (11), Oct 9–13 (16), Oct 16–19 (20) = 2023-10-19.
        (
            "2023-09-15",
            "2023-09-15",
            ["2023年积分落户9月1日至30日申请积分", "本轮积分截止日2023-08-01", "约102分"],
        ),
        # The day the form fills in: the 2027 round is unpublished; 往年 dates are used.
        # Cut-off 2027-08-01; 9 more months of SI (+4.5) = 106.5.
        (
            "2026-11-30",
            "2027-09-01",
            ["按今天（2026-11-30）计算", "2027年积分落户的受理时间尚未公布", "约106.5分"],
        ),
        # The trial rules' March round of 2020, line 120 (published for that year): age 30 +
        # benke 50 + 24 months SI × 0.25 = 6 + 2 years residence × 3 = 6 → 92, 28 short. 2021
        # (line 135) is not enough either; the 2022 round (30 months later) under the 2021 rules
        # (minimum 100): 30 + 50 + 54 months SI × 0.5 = 27 + 4 years residence × 5 = 20 → 127.
        (
            "2020-03-01",
            "2022-09-01",
            [
                "2020年积分落户在3月1日至31日受理",
                "本轮积分截止日2020-02-01，按现状届时约92分，还差28分",
                "2022年那一轮（积分截止日2022-08-01）约127分",
            ],
        ),
    ],
)
def test_hangzhou_settle_round(start: str, date_: str, phrases: list[str]) -> None:
    w = _when(HZ_BASE, assessment_date=start, purpose="settle", **HZ_ENOUGH)
    assert w.date == date.fromisoformat(date_)
    for phrase in phrases:
        assert phrase in w.sentence
    if start == "2023-09-15":
        assert [(s.date.isoformat(), s.label) for s in w.steps][:2] == [
            ("2023-09-15", "2023年积分落户：申请积分（9月1日至30日）"),
            ("2023-10-19", "可查询积分结果"),
        ]


def test_hangzhou_past_unpublished_round_and_a_later_round() -> None:
    # dazhuan 30 + age 30 + 12 months SI 6 + 1 year residence 5 = 71 on 2024-10-15. The next
    # round is 2025-09-01 (past on 2026-11-30, no calendar found), 10 whole months later: SI 22
    # months × 0.5 = 11, residence 22 months = 1 year = 5 → 76, 24 short of 100. The 2028
    # round, 46 months later: SI 58 × 0.5 = 29, residence 58 months = 4 years = 20 → 109.
    w = _when(
        HZ_BASE,
        assessment_date="2024-10-15",
        education="dazhuan",
        si_months=12,
        residence_months=12,
    )
    assert "没有找到2025年积分落户公布的受理时间" in w.sentence
    assert "约76分，还差24分" in w.sentence
    assert "2028年那一轮（积分截止日2028-08-01）约109分" in w.sentence
    assert w.date == date(2028, 9, 1)
    assert w.steps[0].label.endswith("（按往年推算）")


@pytest.mark.parametrize(
    ("start", "apply", "year"),
    [
        # Before 2024 the window was 1 March – 10 April: 2022-02-15 waits for 2022-03-01 (Tue).
        ("2022-02-15", "2022-03-01", 2022),
        # After 10 April 2023: the next admission is 2024, when any working day counts; 1 January
        # 2024 is a holiday → 2024-01-02.
        ("2023-05-01", "2024-01-02", 2024),
        # 2025-04-11 (Fri) is a working day after 10 April: points serve the 2026 admission.
        ("2025-04-11", "2025-04-11", 2026),
    ],
)
def test_hangzhou_school(start: str, apply: str, year: int) -> None:
    w = _when(HZ_BASE, assessment_date=start, purpose="school")
    assert w.date == date.fromisoformat(apply)
    assert f"用于{year}年入学须在4月10日前申请" in w.sentence
    assert w.steps[0].date == date.fromisoformat(apply)
    assert any(s.label == f"{year}年积分入学申请截止" for s in w.steps)


def test_vetoed_and_gate_failed_hangzhou_have_no_date() -> None:
    w = _when(HZ_BASE, has_urban_permit=False)
    assert w.date is None and w.steps == ()
    assert "目前不符合申请条件" in w.sentence


def test_shape() -> None:
    d = _when(SH_BASE, **SH_REACHED).to_dict()
    assert set(d) == {"date", "sentence", "steps"}
    assert d["date"] == "2026-11-01"
    assert all(set(s) == {"date", "label"} for s in d["steps"])


# --- properties ---------------------------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_when_is_never_before_the_given_date(raw: dict[str, Any]) -> None:
    profile = parse_profile(raw)
    w = when(profile, score(profile))
    on = profile.assessment_date
    assert f"（{on.isoformat()}）计算" in w.sentence
    if w.date is not None:
        assert w.date >= on
    assert all(s.date is None or s.date >= on for s in w.steps)
    dated = [s.date for s in w.steps if s.date is not None]
    assert dated == sorted(dated)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_a_reached_profile_is_never_promised_a_date(raw: dict[str, Any]) -> None:
    profile = parse_profile(raw)
    result = score(profile)
    proj = project(profile, months=12, base=result)
    if proj.already_reached:
        assert proj.reach_date is None
        assert "预计" not in proj.sentence
    if result.eligible and profile.city == "shanghai":
        w = when(profile, result)
        assert w.date == profile.assessment_date
        assert "预计" not in w.sentence.split("；")[0]
        assert "起符合条件" not in w.sentence


def test_projection_sentence_for_a_line_already_reached() -> None:
    # master 100 + age 30 + SI 6 = 136 >= 120 at the start: no date, "already".
    proj = project(parse_profile({**SH_BASE, **SH_REACHED}), months=12)
    assert proj.already_reached and proj.reach_date is None
    assert proj.sentence == "现在已达到120分。"
    assert proj.to_dict()["sentence"] == proj.sentence


# --- surfaces -----------------------------------------------------------------------------


def test_cli_json_text_markdown_carry_when(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({**SH_BASE, **SH_REACHED}), encoding="utf-8")
    data = json.loads(run_cli("score", str(path)).stdout)
    sentence = data["when"]["sentence"]
    assert data["when"]["date"] == "2026-11-01"
    text = run_cli("score", str(path), "--format", "text").stdout
    assert f"什么时候申请：\n{sentence}\n" in text
    assert "· 2026-11-27  学历和档案审核完成" in text
    md = run_cli("score", str(path), "--format", "markdown").stdout
    assert "## 什么时候申请" in md
    assert "- 2026-12-25  积分核定完成（最晚）" in md


def test_cli_says_today_when_the_date_is_today() -> None:
    today = date.today().isoformat()
    out = run_cli("score", "-", stdin=json.dumps({**SH_BASE, "assessment_date": today}))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["when"]["sentence"].startswith(f"按今天（{today}）计算")


def test_batch_summary_and_reports_carry_the_sentence(tmp_path: Path) -> None:
    Run(csv_text(GOOD_SH, GOOD_HZ), tmp_path, plan=False)
    raw = (tmp_path / "summary.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw)))
    header = batch.SUMMARY_HEADERS["when"]
    assert header == "何时可以申请"
    for row, stem in zip(rows, ("c1", "c2"), strict=True):
        sentence = row[header]
        assert "计算：" in sentence
        assert sentence in (tmp_path / f"{stem}.md").read_text(encoding="utf-8").replace("\\", "")
        assert "什么时候申请：" in (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    assert TODAY.isoformat() not in rows[0][header]  # the assessment date is not the report date
