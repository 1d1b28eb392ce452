"""Working-day deadlines of each city's points process.

Chinese administrative periods count working days from the day after the start date: the 20th
working day after submission is the deadline. Working days come from the pure-Python
``chinesecalendar`` package (it knows the official holidays and the 调休 working weekends). For a
date in a year the package does not cover, the count falls back to Monday–Friday and the result
carries a warning that names the years covered.

Everything here is a pure function of its arguments; "today" is always passed in by the caller.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..rules import period

try:  # pragma: no branch - the package is a declared dependency
    import chinese_calendar as _cc
except ImportError:  # pragma: no cover - only when the dependency is missing
    _cc = None

CITIES: dict[str, str] = {"hangzhou": "杭州", "shanghai": "上海"}
PURPOSES: dict[str, str] = {"settle": "积分落户", "school": "积分入学"}

# Periods as the guides state them, with their sources: calculator/data/deadlines.toml.
(HZ_QUERY_WORKING_DAYS,) = period("hangzhou", "query")
(HZ_OBJECTION_WORKING_DAYS,) = period("hangzhou", "objection")
(HZ_VERIFICATION_WORKING_DAYS,) = period("hangzhou", "verification")
HZ_SCHOOL_DEADLINE: tuple[int, ...] = period("hangzhou", "school_deadline")  # (month, day)
(SH_SCORING_WORKING_DAYS,) = period("shanghai", "scoring")
(SH_ENDORSE_DAYS_BEFORE_EXPIRY,) = period("shanghai", "endorse_before_expiry")  # calendar days
(SH_ENDORSE_GRACE_DAYS,) = period("shanghai", "endorse_grace")  # calendar days

MIN_YEAR, MAX_YEAR = 2000, 2099  # accepted input range (sanity bound, not a policy value)


class DeadlineInputError(ValueError):
    """Bad input; ``problems`` lists ``{"field": id, "message": 中文}`` for every problem."""

    def __init__(self, problems: list[dict[str, str]]) -> None:
        self.problems = problems
        super().__init__("；".join(p["message"] for p in problems))


@dataclass(frozen=True)
class Step:
    id: str
    label: str
    date: dt.date
    working_days: int | None
    note: str
    source: str  # id in calculator/sources.py
    after: str | None = None  # id of the step whose date ``working_days`` count from

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "date": self.date.isoformat(),
            "working_days": self.working_days,
            "after": self.after,
            "note": self.note,
            "source": self.source,
        }


@dataclass(frozen=True)
class DeadlineWarning:
    id: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "message": self.message}


@dataclass(frozen=True)
class Deadlines:
    city: str
    start: dt.date
    purpose: str
    steps: tuple[Step, ...]
    warnings: tuple[DeadlineWarning, ...]
    calendar_covers: tuple[int, int] | None

    @property
    def city_label(self) -> str:
        return CITIES[self.city]

    def to_dict(self) -> dict[str, Any]:
        return {
            "city": self.city,
            "city_label": self.city_label,
            "from": self.start.isoformat(),
            "purpose": self.purpose,
            "steps": [s.to_dict() for s in self.steps],
            "warnings": [w.to_dict() for w in self.warnings],
            "calendar_covers": list(self.calendar_covers) if self.calendar_covers else None,
        }


# --- working-day calendar -------------------------------------------------------------------


def calendar_covers() -> tuple[int, int] | None:
    """First and last year the holiday calendar knows, or None if the package is missing."""
    if _cc is None:  # pragma: no cover
        return None
    years = [d.year for d in _cc.holidays] + [d.year for d in _cc.workdays]
    return min(years), max(years)


def is_covered(day: dt.date, covers: tuple[int, int] | None) -> bool:
    return covers is not None and covers[0] <= day.year <= covers[1]


def is_working_day(day: dt.date, covers: tuple[int, int] | None = None) -> bool:
    """Official working day (with 调休) where covered; Monday–Friday elsewhere."""
    covers = calendar_covers() if covers is None else covers
    if _cc is not None and is_covered(day, covers):
        return _official_workday(day)
    return day.weekday() < 5


@functools.lru_cache(maxsize=4096)
def _official_workday(day: dt.date) -> bool:
    """chinesecalendar's answer, remembered: it validates every date it is asked about, which
    made counting working days for each client of a batch a visible share of the run."""
    return bool(_cc.is_workday(day)) if _cc is not None else day.weekday() < 5


@dataclass(frozen=True)
class Count:
    """A date reached by counting working days, and the uncovered years the count relied on."""

    date: dt.date
    uncovered_years: frozenset[int]


def add_working_days(start: dt.date, n: int, covers: tuple[int, int] | None = None) -> Count:
    """The n-th working day after ``start`` (``start`` itself never counts; n >= 1)."""
    if n < 1:
        raise ValueError("n must be >= 1")
    covers = calendar_covers() if covers is None else covers
    day, counted, uncovered = start, 0, set()
    while counted < n:
        day += dt.timedelta(days=1)
        if not is_covered(day, covers):
            uncovered.add(day.year)
        if is_working_day(day, covers):
            counted += 1
    return Count(day, frozenset(uncovered))


def last_working_day_on_or_before(day: dt.date, covers: tuple[int, int] | None = None) -> Count:
    covers = calendar_covers() if covers is None else covers
    uncovered = set()
    while True:
        if not is_covered(day, covers):
            uncovered.add(day.year)
        if is_working_day(day, covers):
            return Count(day, frozenset(uncovered))
        day -= dt.timedelta(days=1)


def coverage_warning(
    years: Iterable[int], covers: tuple[int, int] | None
) -> DeadlineWarning | None:
    ys = sorted(set(years))
    if not ys:
        return None
    listed = "、".join(f"{y}年" for y in ys)
    if covers is None:  # pragma: no cover - dependency missing
        known = "节假日日历（chinesecalendar）不可用"
    else:
        known = f"节假日日历只覆盖{covers[0]}—{covers[1]}年"
    return DeadlineWarning(
        "calendar_not_covered",
        f"{known}；{listed}的日期按周一至周五为工作日估算，未计入法定节假日和调休，"
        "实际日期可能推后，请以国务院办公厅公布的放假安排为准。",
    )


# --- per-city steps ---------------------------------------------------------------------------


def _hangzhou(
    start: dt.date, purpose: str, covers: tuple[int, int] | None
) -> tuple[list[Step], set[int], list[DeadlineWarning]]:
    uncovered: set[int] = set()
    warnings: list[DeadlineWarning] = []
    query = add_working_days(start, HZ_QUERY_WORKING_DAYS, covers)
    objection = add_working_days(query.date, HZ_OBJECTION_WORKING_DAYS, covers)
    feedback = add_working_days(objection.date, HZ_VERIFICATION_WORKING_DAYS, covers)
    uncovered |= query.uncovered_years | objection.uncovered_years | feedback.uncovered_years
    steps = [
        Step(
            "submit",
            "提交积分申请",
            start,
            None,
            "起算日。工作日从次日开始计算，当天不计入。",
            "HZ-S11",
        ),
        Step(
            "query",
            "可查询积分结果",
            query.date,
            HZ_QUERY_WORKING_DAYS,
            f"提交申请后第{HZ_QUERY_WORKING_DAYS}个工作日起可查询积分，结果另有短信通知。",
            "HZ-S11",
            "submit",
        ),
        Step(
            "objection_deadline",
            "异议申请截止",
            objection.date,
            HZ_OBJECTION_WORKING_DAYS,
            f"对积分有异议的，在得到积分后{HZ_OBJECTION_WORKING_DAYS}个工作日内持《居住证》到积分窗口或区级流口办提出；"
            "这里假设在可查询积分当天得到积分。",
            "HZ-S11",
            "query",
        ),
        Step(
            "objection_feedback",
            "异议核查反馈（最晚）",
            feedback.date,
            HZ_VERIFICATION_WORKING_DAYS,
            "假设在异议期的最后一天提出异议：流动人口管理部门在"
            f"{HZ_VERIFICATION_WORKING_DAYS}个工作日内完成核查并反馈。"
            "提早提出的，反馈也相应提前。",
            "HZ-S11",
            "objection_deadline",
        ),
    ]
    if purpose == "school":
        month, day = HZ_SCHOOL_DEADLINE
        year = start.year
        deadline = last_working_day_on_or_before(dt.date(year, month, day), covers)
        note = (
            f"积分用于子女入学的，须在当年{month}月{day}日前申请积分；"
            f"{month}月{day}日不是工作日的，截止到此前最后一个工作日。"
        )
        if deadline.date < start:
            year += 1
            deadline = last_working_day_on_or_before(dt.date(year, month, day), covers)
            note += f"{start.year}年的截止日已过，这里给出{year}年的截止日。"
            warnings.append(
                DeadlineWarning(
                    "school_deadline_passed",
                    f"起算日晚于{start.year}年积分入学的申请截止日，"
                    f"本次申请的积分只能用于{year}年及以后的入学。",
                )
            )
        uncovered |= deadline.uncovered_years
        steps.append(
            Step(
                "school_deadline", f"{year}年积分入学申请截止", deadline.date, None, note, "HZ-S34"
            )
        )
    return steps, uncovered, warnings


def _shanghai(
    start: dt.date, permit_expiry: dt.date | None, covers: tuple[int, int] | None
) -> tuple[list[Step], set[int], list[DeadlineWarning]]:
    warnings: list[DeadlineWarning] = []
    scored = add_working_days(start, SH_SCORING_WORKING_DAYS, covers)
    steps = [
        Step(
            "materials_verified",
            "材料审核通过",
            start,
            None,
            f"起算日：积分在材料审核属实后的{SH_SCORING_WORKING_DAYS}个工作日内核定。"
            "单位提交材料到审核通过之间的时间（含调取人事档案）不在此计算内。",
            "SH-S23",
        ),
        Step(
            "scored",
            "积分核定完成（最晚）",
            scored.date,
            SH_SCORING_WORKING_DAYS,
            "核定结果以短信告知持证人和单位；积分通知书可在区人才服务中心领取，"
            "或在受理点自助打印。",
            "SH-S23",
            "materials_verified",
        ),
    ]
    if permit_expiry is not None:
        remind = permit_expiry - dt.timedelta(days=SH_ENDORSE_DAYS_BEFORE_EXPIRY)
        steps.append(
            Step(
                "endorse_window_opens",
                "居住证签注（可开始办理）",
                remind,
                None,
                f"居住证{permit_expiry.isoformat()}到期；到期前{SH_ENDORSE_DAYS_BEFORE_EXPIRY}日内到社区事务受理服务中心办理签注，"
                f"积分随签注重新确认。逾期{SH_ENDORSE_GRACE_DAYS}日内签注的，居住年限仍连续计算。",
                "SH-S34",
            )
        )
        if permit_expiry < start:
            warnings.append(
                DeadlineWarning(
                    "permit_expired",
                    f"居住证有效期（{permit_expiry.isoformat()}）早于起算日：超过到期日60日未签注的，"
                    "居住年限重新起算，需重新申领居住证。",
                )
            )
    return steps, set(scored.uncovered_years), warnings


def deadlines(
    city: str,
    start: dt.date,
    purpose: str = "settle",
    permit_expiry: dt.date | None = None,
) -> Deadlines:
    """All process steps of ``city`` from ``start`` (submission / verified materials)."""
    if city not in CITIES:
        raise ValueError(f"unknown city {city!r}")
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    covers = calendar_covers()
    warnings: list[DeadlineWarning] = []
    if not is_working_day(start, covers):
        warnings.append(
            DeadlineWarning(
                "start_not_working_day",
                f"起算日{start.isoformat()}不是工作日：窗口不受理，线上提交的通常也在下一个工作日处理；"
                "这里仍从次日开始计算。",
            )
        )
    if city == "hangzhou":
        steps, uncovered, extra = _hangzhou(start, purpose, covers)
    else:
        steps, uncovered, extra = _shanghai(start, permit_expiry, covers)
    if not is_covered(start, covers):
        uncovered.add(start.year)
    warnings.extend(extra)
    cov = coverage_warning(uncovered, covers)
    if cov is not None:
        warnings.insert(0, cov)
    ordered = sorted(steps, key=lambda s: s.date)  # stable: same-day steps keep process order
    return Deadlines(city, start, purpose, tuple(ordered), tuple(warnings), covers)


# --- input parsing shared by the CLI and the browser boundary ----------------------------------


def _problem(field: str, message: str) -> DeadlineInputError:
    return DeadlineInputError([{"field": field, "message": message}])


def parse_date(value: object, field: str, label: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` (or a ``date``) or raise DeadlineInputError naming the field."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    else:
        text = str(value).strip() if value is not None else ""
        try:
            day = dt.date.fromisoformat(text.replace("/", "-"))
        except ValueError:
            example = "例如 2025-03-03"
            raise _problem(
                field,
                f"{label}（{field}）应为 YYYY-MM-DD 格式的日期，{example}；收到的是“{text}”。",
            ) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise _problem(
            field, f"{label}（{field}）应在{MIN_YEAR}—{MAX_YEAR}年之间；收到的是{day.isoformat()}。"
        )
    return day


def deadlines_from_raw(
    city: object,
    start: object,
    purpose: object = None,
    permit_expiry: object = None,
    *,
    today: dt.date,
) -> Deadlines:
    """Validate loose input (form or CLI strings) and compute the deadlines.

    Empty ``start`` means ``today``; empty ``purpose`` means settlement. Raises
    DeadlineInputError listing every problem.
    """
    problems: list[dict[str, str]] = []
    city_s = str(city or "").strip().lower()
    if city_s not in CITIES:
        allowed = "、".join(f"{k}（{v}）" for k, v in CITIES.items())
        problems.append(
            {"field": "city", "message": f"城市（city）只能是 {allowed}；收到的是“{city_s}”。"}
        )
    purpose_s = str(purpose or "settle").strip().lower()
    if purpose_s not in PURPOSES:
        allowed = "、".join(f"{k}（{v}）" for k, v in PURPOSES.items())
        problems.append(
            {
                "field": "purpose",
                "message": f"用途（purpose）只能是 {allowed}；收到的是“{purpose_s}”。",
            }
        )
    day: dt.date | None = None
    try:
        day = today if start in (None, "") else parse_date(start, "from", "起算日期")
    except DeadlineInputError as e:
        problems.extend(e.problems)
    expiry: dt.date | None = None
    if permit_expiry not in (None, ""):
        try:
            expiry = parse_date(permit_expiry, "permit_expiry", "居住证有效期至")
        except DeadlineInputError as e:
            problems.extend(e.problems)
    if problems or day is None:
        raise DeadlineInputError(problems)
    return deadlines(city_s, day, purpose_s, expiry)
