"""Working-day deadlines, the .ics calendar and the ``deadlines`` subcommand.

Holiday facts used below (国务院办公厅 holiday schedules):
- 2024 春节: 2-10..2-17 off; Sun 2-04 and Sun 2-18 are working days (2-09, 除夕, is a working day).
- 2024 国庆: 10-01..10-07 off; Sun 9-29 and Sat 10-12 are working days.
- 2025 春节: 1-28..2-04 off; Sun 1-26 and Sat 2-08 are working days.
- 2025 国庆+中秋: 10-01..10-08 off; Sun 9-28 and Sat 10-11 are working days.
- 2022 清明: 4-03..4-05 off; Sat 4-02 is a working day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import pathlib
import re
from collections.abc import Callable

import pytest

from calculator.planning import deadlines as dl
from calculator.planning.ics import calendar, deadlines_ics, escape_text, fold, unfold
from calculator.sources import source
from calculator.surfaces.cli import register_planning, run_deadlines

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 2024-02-01 Thu. 2-02 Fri =1; Sun 2-04 (调休 working) =2; 2-05..2-09 =3..7;
        # 2-10..2-17 off; Sun 2-18 (working) =8; 2-19..2-23 =9..13; 2-26..3-01 =14..18;
        # 3-04 =19; 3-05 =20.
        ("2024-02-01", 20, "2024-03-05"),
        # 2024-02-08 Thu. 2-09 Fri =1; 2-10..2-17 off; Sun 2-18 =2; 2-19..2-23 =3..7.
        ("2024-02-08", 7, "2024-02-23"),
        # 2024-09-25 Wed. 9-26, 9-27 =1,2; Sun 9-29 (working) =3; 9-30 =4; 10-01..10-07 off;
        # 10-08..10-11 =5..8; Sat 10-12 (working) =9; 10-14..10-18 =10..14;
        # 10-21..10-25 =15..19; 10-28 =20.
        ("2024-09-25", 20, "2024-10-28"),
        # 2025-01-20 Mon. 1-21..1-24 =1..4; Sun 1-26 (working) =5; 1-27 =6; 1-28..2-04 off;
        # 2-05..2-07 =7..9; Sat 2-08 (working) =10; 2-10..2-14 =11..15; 2-17..2-21 =16..20.
        ("2025-01-20", 20, "2025-02-21"),
        # 2025-09-24 Wed. 9-25, 9-26 =1,2; Sun 9-28 (working) =3; 9-29, 9-30 =4,5;
        # 10-01..10-08 off; 10-09, 10-10 =6,7; Sat 10-11 (working) =8; 10-13..10-17 =9..13;
        # 10-20..10-24 =14..18; 10-27 =19; 10-28 =20.
        ("2025-09-24", 20, "2025-10-28"),
        # 2025-09-30 Tue. 10-01..10-08 off; 10-09 =1; 10-10 =2; Sat 10-11 =3; 10-13..10-16 =4..7.
        ("2025-09-30", 7, "2025-10-16"),
        # Start on a holiday: 2024-10-03. 10-08..10-11 =1..4; Sat 10-12 =5; 10-14..10-23 =6..13;
        # 10-24 =14; 10-25 =15.
        ("2024-10-03", 15, "2024-10-25"),
        # The start date never counts: Mon 2024-03-04 + 1 = Tue 3-05.
        ("2024-03-04", 1, "2024-03-05"),
        # Friday + 1 skips the weekend: Fri 2024-03-08 -> Mon 3-11.
        ("2024-03-08", 1, "2024-03-11"),
    ],
)
def test_add_working_days_across_holidays(start: str, n: int, expected: str) -> None:
    count = dl.add_working_days(D(start), n)
    assert count.date == D(expected)
    assert count.uncovered_years == frozenset()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2024-02-04", True),  # Sunday made a working day (春节调休)
        ("2024-02-09", True),  # 除夕 2024 is a working day
        ("2024-02-12", False),  # Monday inside the Spring Festival break
        ("2024-10-12", True),  # Saturday made a working day (国庆调休)
        ("2025-01-28", False),  # 除夕 2025 is a holiday
        ("2025-02-08", True),  # Saturday made a working day
        ("2025-10-08", False),  # Wednesday inside the 国庆+中秋 break
        ("2027-01-02", False),  # uncovered: Saturday, weekends-only
        ("2027-01-01", True),  # uncovered: a Friday counts (no holiday data)
    ],
)
def test_is_working_day(day: str, working: bool) -> None:
    assert dl.is_working_day(D(day)) is working


def test_calendar_covers_the_package_years() -> None:
    assert dl.calendar_covers() == (2004, 2026)


def test_count_into_uncovered_year_falls_back_to_weekdays() -> None:
    # 2026-12-15 Tue. 2026 is covered and has no holiday in late December:
    # 12-16..12-18 =1..3; 12-21..12-25 =4..8; 12-28..12-31 =9..12.
    # 2027 is not covered, weekdays only (1-01 Fri counts although it is surely 元旦):
    # 1-01 =13; 1-04..1-08 =14..18; 1-11 =19; 1-12 =20.
    count = dl.add_working_days(D("2026-12-15"), 20)
    assert count.date == D("2027-01-12")
    assert count.uncovered_years == frozenset({2027})


def _steps(plan: dl.Deadlines) -> dict[str, dl.Step]:
    return {s.id: s for s in plan.steps}


def test_hangzhou_steps_across_spring_festival_2024() -> None:
    plan = dl.deadlines("hangzhou", D("2024-02-01"))
    steps = _steps(plan)
    assert list(steps) == ["submit", "query", "objection_deadline", "objection_feedback"]
    assert steps["submit"].date == D("2024-02-01")
    assert steps["submit"].working_days is None
    # 20 working days: see test_add_working_days_across_holidays -> 2024-03-05.
    assert (steps["query"].date, steps["query"].working_days) == (D("2024-03-05"), 20)
    # 7 after Tue 3-05: 3-06..3-08 =1..3; 3-11..3-14 =4..7 -> Thu 3-14.
    assert (steps["objection_deadline"].date, steps["objection_deadline"].working_days) == (
        D("2024-03-14"),
        7,
    )
    # 15 after Thu 3-14: 3-15 =1; 3-18..3-22 =2..6; 3-25..3-29 =7..11; 4-01..4-03 =12..14;
    # 4-04..4-06 清明 off (Sun 4-07 is a working day) -> 4-07 =15.
    assert (steps["objection_feedback"].date, steps["objection_feedback"].working_days) == (
        D("2024-04-07"),
        15,
    )
    assert steps["query"].after == "submit"
    assert steps["objection_deadline"].after == "query"
    assert steps["objection_feedback"].after == "objection_deadline"
    assert "最后一天" in steps["objection_feedback"].note  # the assumption is stated
    assert plan.warnings == ()
    assert plan.calendar_covers == (2004, 2026)


def test_hangzhou_steps_across_national_day_2025() -> None:
    plan = dl.deadlines("hangzhou", D("2025-09-24"))
    steps = _steps(plan)
    assert steps["query"].date == D("2025-10-28")  # see the table above
    # 7 after Tue 10-28: 10-29..10-31 =1..3; 11-03..11-06 =4..7.
    assert steps["objection_deadline"].date == D("2025-11-06")
    # 15 after Thu 11-06: 11-07 =1; 11-10..11-14 =2..6; 11-17..11-21 =7..11; 11-24..11-27 =12..15.
    assert steps["objection_feedback"].date == D("2025-11-27")


@pytest.mark.parametrize(
    ("start", "deadline", "label_year"),
    [
        ("2024-03-01", "2024-04-10", 2024),  # Wednesday: 4-10 itself
        ("2021-03-01", "2021-04-09", 2021),  # Sat 4-10 -> Fri 4-09
        ("2022-03-01", "2022-04-08", 2022),  # Sun 4-10, Sat 4-09 not working -> Fri 4-08
        ("2026-04-10", "2026-04-10", 2026),  # Friday, and the start day itself is still in time
        ("2025-04-11", "2026-04-10", 2026),  # after 2025's deadline -> next year's (Fri 2026-04-10)
    ],
)
def test_hangzhou_school_deadline(start: str, deadline: str, label_year: int) -> None:
    plan = dl.deadlines("hangzhou", D(start), "school")
    step = _steps(plan)["school_deadline"]
    assert step.date == D(deadline)
    assert step.label == f"{label_year}年积分入学申请截止"
    assert step.source == "HZ-S34"
    passed = any(w.id == "school_deadline_passed" for w in plan.warnings)
    assert passed is (label_year != D(start).year)


def test_school_deadline_on_weekend_beyond_coverage() -> None:
    # 2027-04-10 is a Saturday and 2027 is not covered: weekends-only gives Fri 2027-04-09.
    plan = dl.deadlines("hangzhou", D("2027-03-01"), "school")
    assert _steps(plan)["school_deadline"].date == D("2027-04-09")
    ids = [w.id for w in plan.warnings]
    assert ids[0] == "calendar_not_covered"
    message = plan.warnings[0].message
    assert "2004—2026" in message and "2027年" in message


def test_settle_purpose_has_no_school_step() -> None:
    assert "school_deadline" not in _steps(dl.deadlines("hangzhou", D("2024-03-01")))


def test_crossing_into_uncovered_year_warns() -> None:
    plan = dl.deadlines("hangzhou", D("2026-12-15"))
    steps = _steps(plan)
    assert steps["query"].date == D("2027-01-12")
    assert [w.id for w in plan.warnings] == ["calendar_not_covered"]
    assert "2004—2026" in plan.warnings[0].message


def test_fully_covered_plan_has_no_coverage_warning() -> None:
    # 2026-10-20 + 20 working days stays in 2026, with the feedback step in December.
    plan = dl.deadlines("hangzhou", D("2026-10-20"))
    assert max(s.date for s in plan.steps).year == 2026
    assert plan.warnings == ()


def test_shanghai_steps() -> None:
    plan = dl.deadlines("shanghai", D("2025-01-20"))
    steps = _steps(plan)
    assert list(steps) == ["materials_verified", "scored"]
    assert steps["scored"].date == D("2025-02-21")  # see the table above
    assert steps["scored"].source == "SH-S23"


def test_shanghai_endorsement_reminder() -> None:
    # 30 calendar days before 2025-06-30 is 2025-05-31.
    plan = dl.deadlines("shanghai", D("2025-01-20"), permit_expiry=D("2025-06-30"))
    step = _steps(plan)["endorse_window_opens"]
    assert step.date == D("2025-05-31")
    assert step.working_days is None
    assert step.source == "SH-S34"
    assert [s.id for s in plan.steps][-1] == "endorse_window_opens"  # sorted by date


def test_shanghai_expired_permit_warns() -> None:
    plan = dl.deadlines("shanghai", D("2025-01-20"), permit_expiry=D("2025-01-01"))
    assert "permit_expired" in [w.id for w in plan.warnings]
    assert [s.id for s in plan.steps][0] == "endorse_window_opens"


def test_start_on_rest_day_warns() -> None:
    plan = dl.deadlines("shanghai", D("2024-10-03"))
    assert [w.id for w in plan.warnings] == ["start_not_working_day"]
    assert _steps(plan)["scored"].date == dl.add_working_days(D("2024-10-03"), 20).date


def test_every_step_cites_a_known_source() -> None:
    plans = [
        dl.deadlines("hangzhou", D("2024-03-01"), "school"),
        dl.deadlines("shanghai", D("2024-03-01"), permit_expiry=D("2024-12-31")),
    ]
    for plan in plans:
        for step in plan.steps:
            assert source(step.source).id == step.source
            assert step.label and step.note


def test_to_dict_shape() -> None:
    d = dl.deadlines("hangzhou", D("2024-02-01")).to_dict()
    assert set(d) >= {"city", "from", "steps", "warnings", "calendar_covers"}
    assert d["from"] == "2024-02-01"
    assert d["calendar_covers"] == [2004, 2026]
    assert d["steps"][1] == {
        "id": "query",
        "label": "可查询积分结果",
        "date": "2024-03-05",
        "working_days": 20,
        "after": "submit",
        "note": d["steps"][1]["note"],
        "source": "HZ-S11",
    }
    json.dumps(d, ensure_ascii=False)  # serialisable


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"city": "beijing", "start": "2024-01-01"}, ["city"]),
        ({"city": "hangzhou", "start": "2024-13-01"}, ["from"]),
        ({"city": "hangzhou", "start": "yesterday", "purpose": "x"}, ["purpose", "from"]),
        ({"city": "shanghai", "start": "1999-12-31"}, ["from"]),
        ({"city": "shanghai", "start": "", "permit_expiry": "2025-02-30"}, ["permit_expiry"]),
    ],
)
def test_bad_input_names_every_field(kwargs: dict[str, str], fields: list[str]) -> None:
    with pytest.raises(dl.DeadlineInputError) as e:
        dl.deadlines_from_raw(today=D("2024-05-06"), **kwargs)
    assert [p["field"] for p in e.value.problems] == fields
    for p in e.value.problems:
        assert re.search(r"[\u4e00-\u9fff]", p["message"])


def test_raw_defaults_to_today_and_settle() -> None:
    plan = dl.deadlines_from_raw(" Hangzhou ", "", None, today=D("2024-05-06"))
    assert (plan.city, plan.start, plan.purpose) == ("hangzhou", D("2024-05-06"), "settle")
    plan = dl.deadlines_from_raw("shanghai", "2024/05/06", today=D("2000-01-01"))
    assert plan.start == D("2024-05-06")


# --- ics ----------------------------------------------------------------------------------------


def _check_ics(text: str) -> list[str]:
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line break is CRLF
    physical = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    for chunk in physical:
        chunk.decode("utf-8")  # no UTF-8 sequence split by folding
    logical = unfold(text)
    stack: list[str] = []
    for line in logical:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack and stack.pop() == line[4:]
    assert stack == []
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in logical
    return logical


def test_ics_is_valid_and_reproducible() -> None:
    plan = dl.deadlines("hangzhou", D("2026-12-15"), "school")
    text = deadlines_ics(plan)
    logical = _check_ics(text)
    assert text == deadlines_ics(dl.deadlines("hangzhou", D("2026-12-15"), "school"))
    assert logical.count("BEGIN:VEVENT") == len(plan.steps) == 5
    uids = [line for line in logical if line.startswith("UID:")]
    assert len(set(uids)) == len(uids)
    assert "DTSTART;VALUE=DATE:20270112" in logical  # the query step
    assert "DTEND;VALUE=DATE:20270113" in logical
    assert all(
        line == "DTSTAMP:20261215T000000Z" for line in logical if line.startswith("DTSTAMP:")
    )
    # Long Chinese descriptions were folded, and the warning travels with each event.
    assert any(len(line.encode()) > 75 for line in logical)
    assert all("2004—2026" in line for line in logical if line.startswith("DESCRIPTION:积分"))


def test_ics_uids_change_with_content() -> None:
    a = deadlines_ics(dl.deadlines("shanghai", D("2025-01-20")))
    b = deadlines_ics(dl.deadlines("shanghai", D("2025-01-21")))
    uid = re.compile(r"^UID:.*$", re.M)
    assert set(uid.findall(a)).isdisjoint(uid.findall(b))


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("a,b;c", "a\\,b\\;c"),
        ("back\\slash", "back\\\\slash"),
        ("line1\nline2", "line1\\nline2"),
        ("crlf\r\nx", "crlf\\nx"),
    ],
)
def test_escape_text(value: str, escaped: str) -> None:
    assert escape_text(value) == escaped


@pytest.mark.parametrize("line", ["A" * 75, "A" * 76, "积" * 40, "x" + "积" * 60, "短"])
def test_fold_limits_octets_and_round_trips(line: str) -> None:
    parts = fold(line)
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert unfold("\r\n".join(parts) + "\r\n") == [line]


def test_calendar_escapes_summary() -> None:
    text = calendar([], name="a,b", stamp=D("2024-01-01"), calendar_key="k")
    assert "X-WR-CALNAME:a\\,b" in unfold(text)


# --- CLI ----------------------------------------------------------------------------------------


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="calculator")
    register_planning(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


Run = Callable[[list[str]], tuple[int, bytes, str]]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    def _run(argv: list[str]) -> tuple[int, bytes, str]:
        out, err = io.BytesIO(), io.StringIO()
        wrapper = io.TextIOWrapper(out, encoding="utf-8")
        monkeypatch.setattr("sys.stdout", wrapper)
        monkeypatch.setattr("sys.stderr", err)
        args = _parse(argv)
        code = run_deadlines(args, today=D("2024-02-01"))
        wrapper.flush()
        return code, out.getvalue(), err.getvalue()

    return _run


def test_cli_json(run: Run) -> None:
    code, out, err = run(["deadlines", "--city", "hangzhou", "--from", "2024-02-01"])
    assert (code, err) == (0, "")
    d = json.loads(out)
    assert d["city"] == "hangzhou" and d["from"] == "2024-02-01"
    assert [(s["id"], s["date"], s["working_days"]) for s in d["steps"]] == [
        ("submit", "2024-02-01", None),
        ("query", "2024-03-05", 20),
        ("objection_deadline", "2024-03-14", 7),
        ("objection_feedback", "2024-04-07", 15),
    ]
    assert d["warnings"] == []


def test_cli_defaults_from_to_today(run: Run) -> None:
    code, out, _ = run(["deadlines", "--city", "shanghai"])
    assert code == 0
    assert json.loads(out)["from"] == "2024-02-01"


# The Shanghai plan from 2025-01-20 as a calendar, shared by the two calendar CLI tests.
ICS_ARGV = ["deadlines", "--city", "shanghai", "--from", "2025-01-20", "--format", "ics"]


def test_cli_ics(run: Run) -> None:
    code, out, _ = run([*ICS_ARGV, "--permit-expiry", "2025-06-30"])
    assert code == 0
    logical = _check_ics(out.decode("utf-8"))
    assert logical.count("BEGIN:VEVENT") == 3


def test_cli_writes_file(run: Run, tmp_path: pathlib.Path) -> None:
    target = tmp_path / "plan.ics"
    code, out, _ = run([*ICS_ARGV, "-o", str(target)])
    assert (code, out) == (0, b"")
    _check_ics(target.read_bytes().decode("utf-8"))


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["deadlines", "--city", "beijing"], "城市（city）只能是"),
        (["deadlines", "--city", "hangzhou", "--from", "2024-02-30"], "起算日期（from）"),
        (["deadlines", "--city", "hangzhou", "--format", "pdf"], "输出格式（--format）"),
        (["deadlines", "--city", "hangzhou", "--purpose", "work"], "用途（purpose）"),
    ],
)
def test_cli_bad_input(run: Run, argv: list[str], needle: str) -> None:
    code, out, err = run(argv)
    assert code == 2
    assert out == b""
    assert needle in err and err.startswith("错误：")
    assert "Traceback" not in err
