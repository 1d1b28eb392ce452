"""When to apply: the date a person can act on, one Chinese sentence, and the timetable from it.

Shanghai accepts applications all year, through the employer. Reached: the outcome comes after the
document and personnel-file check (about 20 working days, applicants' accounts) and the scoring (at
most 20 working days after the materials are verified, 实施细则第七条). Not reached: the month the
projection first reaches the line, or plainly that waiting alone does not get there.

Hangzhou works in rounds: the settlement round (points in September, settlement in November, as the
2022 and 2023 calendars show; March under the trial rules), and points for school admission (a
spring window, any working day from 2024, by 10 April for that year's admission). The next round's
window is said to be unpublished when the sources show no calendar for its year, and the score is
projected to that round's cut-off date.

Every number comes from calculator/data/deadlines.toml (``rules.period``); the working-day counts
are ``planning.deadlines``'. The sentence always names the date it counts from: "按今天（…）" when
that is today (the page fills the field with today), otherwise the date given. "today" is passed in
by the caller; everything here is a pure function of its arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..core.dates import months_between
from ..core.profile import Profile
from ..core.result import Result, num
from ..core.scoring import score
from ..rules import period
from .deadlines import add_working_days, calendar_covers, deadlines, is_covered
from .projection import HORIZON_MONTHS, Projection, advance, first_month

(SH_CHECK_DAYS,) = period("shanghai", "document_check")
(SH_SCORING_DAYS,) = period("shanghai", "scoring")
SETTLE_POINTS = period("hangzhou", "settle_points_window")  # (month, day, month, day)
SETTLE_APPLY = period("hangzhou", "settle_apply_window")
SETTLE_YEARS = period("hangzhou", "settle_calendar_years")
V1_WINDOW = period("hangzhou", "settle_window_v1")
V1_YEARS = period("hangzhou", "settle_v1_years")
SCHOOL_SPRING = period("hangzhou", "school_window_spring")
(SCHOOL_ANY_DAY_FROM,) = period("hangzhou", "school_any_working_day_from")
SCHOOL_DEADLINE = period("hangzhou", "school_deadline")  # (month, day)
HORIZON_YEARS = HORIZON_MONTHS // 12

# What a Shanghai profile below the line gets when no projection is passed in: "search" scores
# month by month until the line is reached (the CLI without a plan, comparisons), "pending" says
# the date is being worked out (the page: its plan call brings the projection, so a keystroke
# does not pay for it twice), "off" says no projection was computed (batch --no-plan).
Without = Literal["search", "pending", "off"]


@dataclass(frozen=True)
class WhenStep:
    date: dt.date | None
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": _iso(self.date), "label": self.label}


@dataclass(frozen=True)
class When:
    """``date``: when the person can act (None when unknown); ``steps``: the timetable from it."""

    date: dt.date | None
    sentence: str
    steps: tuple[WhenStep, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": _iso(self.date),
            "sentence": self.sentence,
            "steps": [s.to_dict() for s in self.steps],
        }


def _iso(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def _md(month: int, day: int) -> str:
    return f"{month}月{day}日"


def _window(w: tuple[int, ...]) -> str:
    """(9, 1, 9, 30) -> 9月1日至30日; (3, 1, 4, 10) -> 3月1日至4月10日."""
    end = f"{w[3]}日" if w[0] == w[2] else _md(w[2], w[3])
    return f"{_md(w[0], w[1])}至{end}"


def _years(ys: tuple[int, ...]) -> str:
    return "、".join(str(y) for y in ys) + "年"


def basis(on: dt.date, today: dt.date | None) -> str:
    """The date the answer counts from, said out loud: never a silent default."""
    if today is not None and on == today:
        return f"按今天（{on.isoformat()}）计算"
    return f"按所填日期（{on.isoformat()}）计算"


def _calendar_note(steps: Iterable[WhenStep]) -> str:
    """Said when a step falls in a year the holiday calendar does not know yet."""
    covers = calendar_covers()
    years = {s.date.year for s in steps if s.date is not None and not is_covered(s.date, covers)}
    if not years:
        return ""
    return f"（{_years(tuple(sorted(years)))}的放假安排未知，按周一至周五估算）"


def when(
    profile: Profile,
    result: Result | None = None,
    today: dt.date | None = None,
    projection: Projection | None = None,
    without: Without = "search",
) -> When:
    """When ``profile`` can apply, and what happens after; ``result`` is its score if known.
    A Shanghai profile below the line takes its date from ``projection`` (the month it first
    becomes eligible) when given, else as ``without`` says."""
    base = score(profile) if result is None else result
    head = basis(profile.assessment_date, today)
    if profile.city == "shanghai":
        return _shanghai(profile, base, head, projection, without)
    if base.vetoed:
        return When(
            None, f"{head}：存在一票否决的情形（见“一票否决”），不能申请，所以没有申请日期。", ()
        )
    if not base.gate_passed:
        return When(
            None,
            f"{head}：目前不符合申请条件（见“申请资格”），先满足条件才能申请，暂时给不出日期。",
            (),
        )
    return _hangzhou(profile, base, head, today)


def _unsure(r: Result) -> str:
    return "（其中有不确定的部分，见上方结论）" if r.verdict.status == "uncertain" else ""


# --- Shanghai -------------------------------------------------------------------------------


def shanghai_steps(start: dt.date) -> tuple[WhenStep, ...]:
    """From the employer's submission: the document check, then the scoring."""
    check = add_working_days(start, SH_CHECK_DAYS)
    plan = deadlines("shanghai", check.date)
    steps = [WhenStep(start, "用人单位递交积分申请（全年受理）")]
    steps.append(
        WhenStep(check.date, f"学历和档案审核完成（约{SH_CHECK_DAYS}个工作日，申请者经验）")
    )
    steps.extend(WhenStep(s.date, s.label) for s in plan.steps if s.working_days is not None)
    return tuple(steps)


def _eligible_on(profile: Profile, base: Result, projection: Projection | None) -> dt.date | None:
    """The first month the profile is eligible if nothing but time changes (within the horizon)."""
    if projection is not None:
        return projection.eligible_on
    hit = first_month(profile, lambda r: r.eligible, HORIZON_MONTHS, base)
    return None if hit is None else hit[0].assessment_date


def _shanghai(
    profile: Profile, base: Result, head: str, projection: Projection | None, without: Without
) -> When:
    line = num(base.threshold) if base.threshold is not None else ""
    process = f"学历和档案审核约{SH_CHECK_DAYS}个工作日、积分核定最多{SH_SCORING_DAYS}个工作日"
    if base.eligible:
        steps = shanghai_steps(profile.assessment_date)
        return When(
            profile.assessment_date,
            f"{head}：估算已达到{line}分{_unsure(base)}，上海全年都可以通过用人单位申请；"
            f"从单位递交材料算起，{process}，预计{_iso(steps[-1].date)}前后收到结果"
            f"{_calendar_note(steps)}。",
            steps,
        )
    if base.vetoed:
        now = "现在有一票否决的情形（见“一票否决”）"
    elif not base.gate_passed:
        now = "现在不符合申请条件（见“申请资格”）"
    else:
        now = f"现在估算{num(base.total)}分，还差{num(base.gap or 0)}分"
    if projection is None and without == "off":
        return When(
            None, f"{head}：{now}；本次没有计算积分预测，所以没有给出预计可以申请的日期。", ()
        )
    if projection is None and without == "pending":
        return When(None, f"{head}：{now}；正在按五年预测推算预计可以申请的日期……", ())
    reached = _eligible_on(profile, base, projection)
    if reached is None:
        return When(
            None,
            f"{head}：{now}；只靠继续缴社保和等待，{HORIZON_YEARS}年内达不到申请要求，"
            "需要先改变情况或增加积分项目（见“怎样提高分数”）。",
            (),
        )
    steps = shanghai_steps(reached)
    return When(
        reached,
        f"{head}：{now}；如一切照旧，预计{reached.isoformat()}起符合条件并达到{line}分，"
        f"届时可通过用人单位申请，{process}，预计{_iso(steps[-1].date)}前后收到结果"
        f"{_calendar_note(steps)}。",
        steps,
    )


# --- Hangzhou -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    """One settlement round: the window for applying for points, and whether sources show it."""

    start: dt.date
    end: dt.date
    trial: bool  # the March round of the trial rules (points and settlement together)
    published: bool

    @property
    def year(self) -> int:
        return self.start.year


def _round(year: int, w: tuple[int, ...], trial: bool, published: bool) -> Round:
    return Round(dt.date(year, w[0], w[1]), dt.date(year, w[2], w[3]), trial, published)


def rounds_from(on: dt.date) -> list[Round]:
    """The settlement rounds whose window ends on or after ``on``, over the horizon."""
    out = [_round(y, V1_WINDOW, True, True) for y in V1_YEARS]
    first = min(SETTLE_YEARS)
    out += [
        _round(y, SETTLE_POINTS, False, y in SETTLE_YEARS)
        for y in range(first, max(first, on.year) + HORIZON_YEARS + 1)
    ]
    return [r for r in out if r.end >= on]


def at_date(profile: Profile, base: Result, on: dt.date) -> tuple[Profile, Result]:
    """The profile moved to ``on`` (time passes, nothing else changes) and its score."""
    if on == profile.assessment_date:
        return profile, base
    moved = advance(profile, max(0, months_between(profile.assessment_date, on)))
    moved = replace(moved, assessment_date=on)
    return moved, score(moved)


def _working_day_from(day: dt.date) -> dt.date:
    return add_working_days(day - dt.timedelta(days=1), 1).date


def _round_words(r: Round, today: dt.date | None) -> str:
    if r.trial:
        return f"{r.year}年积分落户在{_window(V1_WINDOW)}受理"
    if r.published:
        return (
            f"{r.year}年积分落户{_window(SETTLE_POINTS)}申请积分、{_window(SETTLE_APPLY)}申请落户"
        )
    if today is None or r.end >= today:
        state = f"{r.year}年积分落户的受理时间尚未公布"
    else:
        state = f"没有找到{r.year}年积分落户公布的受理时间"
    return (
        f"{state}，按往年（{_years(SETTLE_YEARS)}）{_window(SETTLE_POINTS)}申请积分、"
        f"{_window(SETTLE_APPLY)}申请落户推算"
    )


def _settle(
    profile: Profile, base: Result, today: dt.date | None
) -> tuple[dt.date | None, str, list[WhenStep]]:
    rounds = rounds_from(profile.assessment_date)
    first = rounds[0]
    apply_on = max(profile.assessment_date, first.start)
    _, r = at_date(profile, base, apply_on)
    words = (
        f"{_round_words(first, today)}；本轮积分截止日{r.cutoff_date.isoformat()}，"
        f"按现状届时约{num(r.total)}分"
    )
    target: tuple[Round, dt.date] | None = (first, apply_on)
    if r.threshold is None:
        words += "，当年按名额排序划线，没有固定分数线"
    elif r.eligible and first.trial:
        words += f"，高于当年公布的分数线{num(r.threshold)}分（按名额划线，仅供参考）"
    elif r.eligible:
        words += f"，达到{num(r.threshold)}分的落户申请条件{_unsure(r)}"
    else:
        target = None
        words += f"，还差{num(r.threshold - r.total)}分"
        for later in rounds[1:]:
            _, lr = at_date(profile, base, later.start)
            if lr.eligible:
                target = (later, later.start)
                words += (
                    f"；如一切照旧，{later.year}年那一轮（积分截止日{lr.cutoff_date.isoformat()}）"
                    f"约{num(lr.total)}分，可以达到"
                )
                break
        else:
            words += f"；只靠等待，{HORIZON_YEARS}年内的轮次都达不到{num(r.threshold)}分"
    if target is None:
        return None, words, []
    rnd, on = target
    guess = "" if rnd.published else "（按往年推算）"
    window = _window(V1_WINDOW if rnd.trial else SETTLE_POINTS)
    steps = [WhenStep(on, f"{rnd.year}年积分落户：申请积分（{window}）{guess}")]
    steps += _process(on, "settle")
    if not rnd.trial:
        steps.append(
            WhenStep(
                dt.date(rnd.year, SETTLE_APPLY[0], SETTLE_APPLY[1]),
                f"{rnd.year}年积分落户：申请落户（{_window(SETTLE_APPLY)}）{guess}",
            )
        )
    return on, words, steps


def _process(on: dt.date, purpose: str) -> list[WhenStep]:
    """The working-day steps after submitting points (planning.deadlines), labelled."""
    return [WhenStep(s.date, s.label) for s in deadlines("hangzhou", on, purpose).steps[1:]]


def _school(
    profile: Profile, base: Result, said: dt.date | None = None
) -> tuple[dt.date | None, str, list[WhenStep]]:
    """``said``: the date whose cut-off and score the sentence already gave (settlement)."""
    on = profile.assessment_date
    month, day = SCHOOL_DEADLINE
    year = on.year if on <= dt.date(on.year, month, day) else on.year + 1
    if year >= SCHOOL_ANY_DAY_FROM:
        apply_on = _working_day_from(max(on, dt.date(SCHOOL_ANY_DAY_FROM, 1, 1)))
        window = f"{SCHOOL_ANY_DAY_FROM}年起工作日都可以申请积分"
    else:
        apply_on = _working_day_from(max(on, dt.date(year, SCHOOL_SPRING[0], SCHOOL_SPRING[1])))
        window = f"{year}年{_window(SCHOOL_SPRING)}受理积分申请"
    if apply_on > dt.date(year, month, day):  # the start itself fell after this year's deadline
        year += 1
    _, r = at_date(profile, base, apply_on)
    score_words = (
        ""
        if apply_on == said
        else f"{apply_on.isoformat()}申请的积分截止日{r.cutoff_date.isoformat()}、"
        f"按现状约{num(r.total)}分，"
    )
    words = (
        f"积分入学：{window}，{score_words}用于{year}年入学须在{_md(month, day)}前申请"
        "（入学按积分排序，没有分数线）"
    )
    steps = [WhenStep(apply_on, "申请积分（积分入学）")] + _process(apply_on, "school")
    return apply_on, words, steps


def _hangzhou(profile: Profile, base: Result, head: str, today: dt.date | None) -> When:
    purpose = getattr(profile, "purpose", "settle")
    parts: list[tuple[dt.date | None, str, list[WhenStep]]] = []
    if purpose in ("settle", "both"):
        parts.append(_settle(profile, base, today))
    if purpose in ("school", "both"):
        said = max(profile.assessment_date, rounds_from(profile.assessment_date)[0].start)
        parts.append(_school(profile, base, said if parts else None))
    dates = [d for d, _, _ in parts if d is not None]
    steps: list[WhenStep] = []
    for _, _, more in parts:
        steps.extend(s for s in more if s not in steps)
    steps.sort(key=lambda s: s.date or dt.date.max)
    return When(
        min(dates) if dates else None,
        f"{head}：" + "；".join(words for _, words, _ in parts) + f"{_calendar_note(steps)}。",
        tuple(steps),
    )


__all__ = ["Round", "When", "WhenStep", "basis", "rounds_from", "shanghai_steps", "when"]
