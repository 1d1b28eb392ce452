"""Score over time: re-score the profile month by month, assuming nothing else changes.

Month n is the assessment date plus n months. What moves by itself:
- age, from the birth date (and, in Hangzhou, the cut-off date of each month's round);
- social-insurance months (Shanghai while paying now; Hangzhou when some are recorded);
- residence-registration months (Hangzhou, while holding an urban permit) and renting months
  (Hangzhou, while renting and not owning);
- whole years in the sanitation sector or a remote area (Shanghai, one more per 12 months);
- marriage years (from the marriage date), deduction windows and waiting periods (from the dates
  the scoring already reads).
Everything else (base bands, hours, donations, tax) is held as it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core.dates import add_months
from ..core.profile import HangzhouProfile, Profile, ShanghaiProfile
from ..core.result import Result, num
from ..core.scoring import score

HORIZON_MONTHS = 60

ASSUMPTIONS_COMMON = (
    "假设除时间外一切不变：每月按现状继续缴纳社保、继续居住，不新增证书、学历、房产或加分项目。",
    "年龄按出生日期逐月计算。",
)
ASSUMPTIONS = {
    "shanghai": ASSUMPTIONS_COMMON
    + (
        "申请当月在缴社保的，累计月数和近12个月月数逐月增加；未在缴的不增加。",
        "社保缴费基数各档的月数保持不变（滚动窗口内的实际变化取决于以后的缴费基数）。",
        "在环卫领域或远郊重点区域工作的，每满12个月多计1年。",
        "应届毕业生等身份按现状计算，实际可能随时间失效。",
    ),
    "hangzhou": ASSUMPTIONS_COMMON
    + (
        "已有社保月数的，每月多计1个月；持有市区居住证的，居住登记每月多计1个月；"
        "正在租房且没有自有住房的，租住每月多计1个月。",
        "志愿服务、捐赠、纳税、表彰只计近5年，本预测没有它们的日期，按现状保持不变。",
        "每个月按当月开始受理的轮次计算（积分截止日为上月1日）；政策版本按日期自动选择。",
    ),
}


@dataclass(frozen=True)
class Point:
    date: date
    total: float
    eligible: bool

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "total": num(self.total), "eligible": self.eligible}


@dataclass(frozen=True)
class Event:
    """A breakdown line whose points changed between two consecutive months."""

    date: date
    month: int
    rule: str
    label: str
    before: float
    after: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "month": self.month,
            "rule": self.rule,
            "label": self.label,
            "before": num(self.before),
            "after": num(self.after),
        }


@dataclass(frozen=True)
class Projection:
    start: date
    months: int
    threshold: float | None
    threshold_label: str
    reaches_threshold_on: date | None
    eligible_on: date | None
    points: tuple[Point, ...]
    events: tuple[Event, ...]
    assumptions: tuple[str, ...]

    @property
    def already_reached(self) -> bool:
        """The total is at or above the line at the start: there is no date to wait for."""
        return self.reaches_threshold_on == self.start

    @property
    def reach_date(self) -> date | None:
        """The date to wait for: never one for a line already reached."""
        return None if self.already_reached else self.reaches_threshold_on

    @property
    def sentence(self) -> str:
        """What the projection says in one Chinese sentence (page, text, Markdown, reports)."""
        if self.threshold is None:
            return "没有固定分数线，下表只显示分数变化。"
        line = num(self.threshold)
        if self.already_reached:
            return f"现在已达到{line}分。"
        if self.reach_date is not None:
            return f"如一切照旧，预计{self.reach_date.isoformat()}达到{line}分。"
        return f"如一切照旧，未来{self.months // 12}年内达不到{line}分。"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "months": self.months,
            "threshold": None if self.threshold is None else num(self.threshold),
            "threshold_label": self.threshold_label,
            "reaches_threshold_on": _iso(self.reaches_threshold_on),
            "already_reached": self.already_reached,
            "sentence": self.sentence,
            "eligible_on": _iso(self.eligible_on),
            "points": [p.to_dict() for p in self.points],
            "events": [e.to_dict() for e in self.events],
            "assumptions": list(self.assumptions),
        }


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def _clamp(profile: Profile, name: str, value: int) -> int:
    field = next(f for f in dataclasses.fields(profile) if f.name == name)
    hi = field.metadata["max"]
    return value if hi is None else min(int(hi), value)


def advance(profile: Profile, n: int) -> Profile:
    """The profile n months later, assuming nothing but time changes."""
    if n == 0:
        return profile
    on = add_months(profile.assessment_date, n)
    changes: dict[str, Any] = {"assessment_date": on}
    if isinstance(profile, ShanghaiProfile):
        if profile.paying_now:
            changes["si_months_total"] = _clamp(
                profile, "si_months_total", profile.si_months_total + n
            )
            changes["si_months_last_12"] = min(12, profile.si_months_last_12 + n)
        if profile.public_service_years > 0:
            changes["public_service_years"] = _clamp(
                profile, "public_service_years", profile.public_service_years + n // 12
            )
        if profile.remote_area != "none":
            changes["remote_area_years"] = _clamp(
                profile, "remote_area_years", profile.remote_area_years + n // 12
            )
    elif isinstance(profile, HangzhouProfile):
        if profile.si_months > 0:
            changes["si_months"] = _clamp(profile, "si_months", profile.si_months + n)
        if profile.has_urban_permit:
            changes["residence_months"] = _clamp(
                profile, "residence_months", profile.residence_months + n
            )
        if profile.rent_months > 0 and not profile.home_owned:
            changes["rent_months"] = _clamp(profile, "rent_months", profile.rent_months + n)
    return dataclasses.replace(profile, **changes)


def at_line(r: Result) -> bool:
    """The total counts as reaching the line: there is a line, no veto, and the total is on it."""
    return r.threshold is not None and not r.vetoed and r.total >= r.threshold


def first_month(
    profile: Profile,
    test: Callable[[Result], bool],
    months: int = HORIZON_MONTHS,
    base: Result | None = None,
) -> tuple[Profile, Result] | None:
    """The first month (0 = the assessment date) whose result passes ``test``, scoring lazily."""
    for n in range(months + 1):
        p = advance(profile, n)
        r = base if (n == 0 and base is not None) else score(p)
        if test(r):
            return p, r
    return None


def project(
    profile: Profile, months: int = HORIZON_MONTHS, base: Result | None = None
) -> Projection:
    """Monthly totals for ``months`` months after the assessment date (month 0 included)."""
    results: list[tuple[date, Result]] = []
    for n in range(months + 1):
        p = advance(profile, n)
        r = base if (n == 0 and base is not None) else score(p)
        results.append((p.assessment_date, r))
    first = results[0][1]
    threshold = first.threshold
    reaches = next((d for d, r in results if at_line(r)), None)
    eligible = next((d for d, r in results if r.eligible), None)
    events: list[Event] = []
    for n in range(1, len(results)):
        before = {line.id: line for line in results[n - 1][1].lines}
        for line in results[n][1].lines:
            old = before.get(line.id)
            old_points = old.points if old is not None else 0.0
            if old_points != line.points:
                events.append(
                    Event(results[n][0], n, line.rule, line.label, old_points, line.points)
                )
    return Projection(
        start=profile.assessment_date,
        months=months,
        threshold=threshold,
        threshold_label=first.threshold_label,
        reaches_threshold_on=reaches,
        eligible_on=eligible,
        points=tuple(Point(d, r.total, r.eligible) for d, r in results),
        events=tuple(events),
        assumptions=ASSUMPTIONS[profile.city],
    )


# --- the table the reports print (the chart is planning/chart.py) ------------------------------


def table(proj: Projection, every: int = 6) -> list[tuple[str, str, str]]:
    """(date, total, mark) rows: every ``every`` months plus the month the threshold is reached."""
    rows = []
    for i, p in enumerate(proj.points):
        hit = proj.reach_date == p.date
        if i % every == 0 or hit or i == len(proj.points) - 1:
            mark = "达到" if proj.threshold is not None and p.total >= proj.threshold else ""
            if hit:
                mark = "首次达到"
            rows.append((p.date.isoformat(), f"{num(p.total)}", mark))
    return rows
