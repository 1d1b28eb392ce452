"""What-ifs: changes a person can make, each measured by re-scoring a modified copy of the profile.

Nothing here knows a point value. Each candidate is a ``dataclasses.replace`` of the profile; the
points it gains are ``score(changed).total - score(profile).total``, at the same assessment date
(the effect of time alone, such as age, is the projection's job). A candidate changes only the
fields of its own indicator, plus those that must move with them for the profile to stay
consistent (for example the social-insurance months that a longer base window implies). Changed
profiles that would not pass validation, and changes that gain nothing (caps, exclusions, the
higher of education and title), are dropped.

Waiting times come from the rules' own periods (full years, months of a base band, the 6 months of
base a title needs); the time it takes to obtain a degree, a certificate or a home is personal and
is not counted: such options are ``kind == "action"`` and say so in their prerequisites.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import add_months, add_years, full_years, months_between
from .profile import (
    HZ_DEGREE_LEVELS,
    HZ_EDUCATION,
    HZ_TITLE,
    SH_EDUCATION,
    SH_TITLE,
    SH_TITLE_NEEDS_BASE,
    HangzhouProfile,
    Profile,
    ShanghaiProfile,
)
from .profile import to_dict as profile_to_dict
from .result import Result, num
from .rules import rule_by_id
from .scoring import score
from .validation import ProfileError, parse_profile

WAIT = "wait"  # only time has to pass (keep paying, keep living there, stay married)
ACTION = "action"  # something has to be obtained or done first; its own duration is not counted

PERSONAL_TIME = "所需时间因人而异，未计入等待月数。"


@dataclass(frozen=True)
class WhatIf:
    id: str
    change: str
    points_gained: float
    new_total: float
    earliest: date
    months_needed: int
    prerequisites: tuple[str, ...]
    rule: tuple[str, ...]
    kind: str
    changes: dict[str, Any]
    reaches_threshold: bool | None

    @property
    def per_month(self) -> float | None:
        return None if self.months_needed == 0 else self.points_gained / self.months_needed

    def apply(self, profile: Profile) -> Profile:
        """The changed profile this option was scored with."""
        return dataclasses.replace(profile, **self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "change": self.change,
            "points_gained": num(self.points_gained),
            "new_total": num(self.new_total),
            "earliest": self.earliest.isoformat(),
            "months_needed": self.months_needed,
            "prerequisites": list(self.prerequisites),
            "rule": list(self.rule),
            "kind": self.kind,
            "changes": {k: _jsonable(v) for k, v in self.changes.items()},
            "reaches_threshold": self.reaches_threshold,
        }


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True)
class Candidate:
    id: str
    change: str
    changes: dict[str, Any]
    months_needed: int
    kind: str
    prerequisites: tuple[str, ...] = ()
    earliest: date | None = None  # defaults to assessment date + months_needed


# --- the public function -----------------------------------------------------------------------


def whatifs(profile: Profile, base: Result | None = None) -> list[WhatIf]:
    """Every change that raises the score, ranked by points per month of waiting.

    Options needing no waiting come first, by points; then the others by points per month.
    A vetoed profile gets none: no change to the points can lift a veto.
    """
    base = score(profile) if base is None else base
    if base.vetoed:
        return []
    found: dict[str, WhatIf] = {}
    for cand in candidates(profile, base):
        option = evaluate(profile, base, cand)
        if option is not None and option.id not in found:
            found[option.id] = option
    return sorted(found.values(), key=rank_key)


def rank_key(w: WhatIf) -> tuple[int, float, float, str]:
    if w.months_needed == 0:
        return (0, -w.points_gained, 0.0, w.id)
    return (1, -w.points_gained / w.months_needed, -w.points_gained, w.id)


def evaluate(profile: Profile, base: Result, cand: Candidate) -> WhatIf | None:
    """Re-score one candidate; None when it gains nothing or leaves an invalid profile."""
    changed = _changed(profile, cand.changes)
    if changed is None:
        return None
    new = score(changed)
    gained = round(new.total - base.total, 2)
    if gained <= 0 or new.vetoed:
        return None
    rules = changed_rules(base, new)
    prereqs = list(cand.prerequisites)
    for rid in changed_rules(base, new, raised_only=True):
        for text in rule_by_id(rid).prerequisites:
            if text not in prereqs:
                prereqs.append(text)
    earliest = cand.earliest or add_months(profile.assessment_date, cand.months_needed)
    return WhatIf(
        id=cand.id,
        change=cand.change,
        points_gained=gained,
        new_total=new.total,
        earliest=earliest,
        months_needed=cand.months_needed,
        prerequisites=tuple(prereqs),
        rule=rules,
        kind=cand.kind,
        changes=dict(cand.changes),
        reaches_threshold=None if new.threshold is None else new.total >= new.threshold,
    )


def changed_rules(before: Result, after: Result, *, raised_only: bool = False) -> tuple[str, ...]:
    """Rule ids of the breakdown lines whose points differ (in the changed result's order)."""
    old = {line.id: line.points for line in before.lines}
    out: list[str] = []
    for line in after.lines:
        was = old.get(line.id, 0)
        moved = line.points > was if raised_only else line.points != was
        if moved and line.rule not in out:
            out.append(line.rule)
    return tuple(out)


def _changed(profile: Profile, changes: dict[str, Any]) -> Profile | None:
    if all(getattr(profile, k) == v for k, v in changes.items()):
        return None
    changed = dataclasses.replace(profile, **changes)
    try:
        parse_profile(profile_to_dict(changed))
    except ProfileError:
        return None
    return changed


def _first_gain(
    profile: Profile,
    base_total: float,
    make: Callable[[int], dict[str, Any]],
    max_k: int,
    block: int = 1,
) -> tuple[int, dict[str, Any]] | None:
    """The smallest k (searched in blocks) whose changes raise the total; None if none does.

    Within the first block that gains, k is reduced to the smallest value with the same gain.
    """
    k = block
    while k <= max_k:
        gain = _gain(profile, base_total, make(k))
        if gain > 0:
            best = k
            for j in range(k - 1, k - block, -1):
                if j >= 1 and _gain(profile, base_total, make(j)) == gain:
                    best = j
            return best, make(best)
        k += block
    return None


def _gain(profile: Profile, base_total: float, changes: dict[str, Any]) -> float:
    changed = _changed(profile, changes)
    if changed is None:
        return 0.0
    return round(score(changed).total - base_total, 2)


# --- candidates --------------------------------------------------------------------------------


def candidates(profile: Profile, base: Result) -> Iterator[Candidate]:
    if isinstance(profile, ShanghaiProfile):
        yield from _shanghai(profile, base)
    else:
        yield from _hangzhou(profile, base)


def _higher(order: dict[str, str], current: str, *, include_current: bool = False) -> list[str]:
    keys = list(order)
    start = keys.index(current) + (0 if include_current else 1)
    return [k for k in keys[start:] if k != "none"]


# Shanghai ---------------------------------------------------------------------------------------

SH_BASE_BANDS = (
    # (id, label, field, months required, the lower-band fields that move with it)
    ("si_base_080", "80%", "base_months_48_080", 36, ()),
    ("si_base_100", "1倍", "base_months_48_100", 36, ("base_months_48_080",)),
    ("si_base_200", "2倍", "base_months_48_200", 36, ("base_months_48_080", "base_months_48_100")),
    (
        "si_base_300",
        "3倍",
        "base_months_36_300",
        24,
        ("base_months_48_080", "base_months_48_100", "base_months_48_200"),
    ),
)


def _sh_months(p: ShanghaiProfile, *, last_12: int = 0, total: int = 0) -> dict[str, Any]:
    """Raise the social-insurance counts to at least these values (for consistency only)."""
    out: dict[str, Any] = {}
    if last_12 > p.si_months_last_12:
        out["si_months_last_12"] = min(12, last_12)
    need_total = max(total, out.get("si_months_last_12", 0))
    if need_total > p.si_months_total:
        out["si_months_total"] = need_total
    return out


def _shanghai(p: ShanghaiProfile, base: Result) -> Iterator[Candidate]:
    for level in _higher(SH_EDUCATION, p.education):
        yield Candidate(
            f"education.{level}",
            f"学历学位提升到：{SH_EDUCATION[level]}",
            {"education": level},
            0,
            ACTION,
            (f"取得国家承认的学历学位（{SH_EDUCATION[level]}）；{PERSONAL_TIME}",),
        )

    need = int(rule_by_id("sh.title_skill").params["base_1x_months_required"])
    for level in _higher(SH_TITLE, p.title_skill, include_current=True):
        changes: dict[str, Any] = {"title_skill": level, "title_matches_post": True}
        prereqs = []
        months = 0
        if level != p.title_skill:
            prereqs.append(f"取得{SH_TITLE[level]}证书；{PERSONAL_TIME}")
        if level in SH_TITLE_NEEDS_BASE and p.base_1x_months_last_12 < need:
            months = need - p.base_1x_months_last_12
            changes["base_1x_months_last_12"] = need
            changes.update(_sh_months(p, last_12=need))
            prereqs.append(f"社保缴费基数不低于社平工资的月数还差{months}个月")
        title = "取得" + SH_TITLE[level] if level != p.title_skill else "让现有" + SH_TITLE[level]
        if level == p.title_skill:
            title += "计分"
        yield Candidate(
            f"title_skill.{level}",
            title,
            changes,
            months,
            ACTION if level != p.title_skill or not p.title_matches_post else WAIT,
            tuple(prereqs),
        )

    found = _first_gain(
        p,
        base.total,
        lambda k: {
            "si_months_total": p.si_months_total + k,
            "paying_now": True,
            "si_months_last_12": min(12, p.si_months_last_12 + k),
        },
        max_k=12,
    )
    if found:
        k, changes = found
        yield Candidate(
            "si_years",
            f"继续缴纳本市职工社保{k}个月",
            changes,
            k,
            WAIT,
            ("按月正常缴纳，补缴月份不计",),
        )

    for band_id, label, field, required, lower in SH_BASE_BANDS:
        current = getattr(p, field)
        if current >= required:
            continue
        months = required - current
        changes = {field: required}
        for f in lower:
            changes[f] = max(getattr(p, f), required)
        changes.update(_sh_months(p, total=required))
        window = "近3年内累计24个月" if band_id == "si_base_300" else "近4年内累计36个月"
        yield Candidate(
            band_id,
            f"社保缴费基数达到社平工资{label}（{window}）",
            changes,
            months,
            WAIT,
            (
                f"此后每月按不低于上年度社平工资{label}的基数缴纳，还需{months}个月；"
                "补缴、缴费单位与合同单位不一致的月份不计",
            ),
        )

    if not p.shortage_major:
        yield Candidate(
            "shortage_major",
            "在所学紧缺急需专业对应的岗位工作",
            {"shortage_major": True},
            0,
            ACTION,
        )

    if p.public_service_years > 0:
        found = _first_gain(
            p, base.total, lambda k: {"public_service_years": p.public_service_years + k}, 10
        )
        if found:
            k, changes = found
            yield Candidate(
                "public_service", f"在特定公共服务领域（环卫）继续工作{k}年", changes, 12 * k, WAIT
            )

    if p.remote_area != "none":
        found = _first_gain(
            p, base.total, lambda k: {"remote_area_years": p.remote_area_years + k}, 10
        )
        if found:
            k, changes = found
            where = "临港新片区" if p.remote_area == "lingang" else "远郊重点区域"
            yield Candidate("remote_area", f"在{where}继续工作并居住{k}年", changes, 12 * k, WAIT)
    else:
        found = _first_gain(
            p, base.total, lambda k: {"remote_area": "lingang", "remote_area_years": k}, 10
        )
        if found:
            k, changes = found
            yield Candidate(
                "remote_area.lingang",
                f"到临港新片区工作并居住满{k}年",
                changes,
                12 * k,
                ACTION,
                ("在临港新片区工作并居住",),
            )

    if p.marital_status == "married" and p.spouse_shanghai_hukou and p.marriage_date:
        yield _next_anniversary(p, p.marriage_date)


def _next_anniversary(p: ShanghaiProfile, married: date) -> Candidate:
    """Stay married to the next full year: modelled by an earlier marriage date, same assessment."""
    years = full_years(married, p.assessment_date)
    anniversary = add_years(married, years + 1)
    months = max(1, _months_ceil(p.assessment_date, anniversary))
    return Candidate(
        "spouse_hukou",
        f"结婚满{years + 1}年（配偶为本市户籍）",
        {"marriage_date": add_years(p.assessment_date, -(years + 1))},
        months,
        WAIT,
        earliest=anniversary,
    )


def _months_ceil(start: date, end: date) -> int:
    m = months_between(start, end)
    return m if add_months(start, m) >= end else m + 1


# Hangzhou ---------------------------------------------------------------------------------------


def _hangzhou(p: HangzhouProfile, base: Result) -> Iterator[Candidate]:
    for level in _higher(HZ_EDUCATION, p.education):
        changes: dict[str, Any] = {"education": level, "education_completed": True}
        if level in HZ_DEGREE_LEVELS:
            changes["degree_status"] = "both"
        both = "（学历证书和学位证书）" if level in HZ_DEGREE_LEVELS else ""
        yield Candidate(
            f"education.{level}",
            f"学历提升到：{HZ_EDUCATION[level]}{both}",
            changes,
            0,
            ACTION,
            (f"正常毕业取得{HZ_EDUCATION[level]}学历{both}；{PERSONAL_TIME}",),
        )
    if p.education in HZ_DEGREE_LEVELS and p.degree_status != "both" and p.education_completed:
        missing = "学位证书" if p.degree_status == "diploma_only" else "学历证书"
        yield Candidate(
            "education.both",
            f"补齐{missing}",
            {"degree_status": "both"},
            0,
            ACTION,
            (f"取得与现有学历同一层次的{missing}；{PERSONAL_TIME}",),
        )
    for level in _higher(HZ_TITLE, p.title_skill):
        yield Candidate(
            f"title_skill.{level}",
            f"取得{HZ_TITLE[level]}",
            {"title_skill": level},
            0,
            ACTION,
            (f"取得{HZ_TITLE[level]}证书；{PERSONAL_TIME}",),
        )

    found = _first_gain(p, base.total, lambda k: {"si_months": p.si_months + k}, 12, block=12)
    if found:
        k, changes = found
        yield Candidate(
            "social_insurance",
            f"在杭州市区继续缴纳社保{k}个月",
            changes,
            k,
            WAIT,
            ("同时参加养老和医疗保险，按月缴纳；转入和补缴的月份不计",),
        )

    if not p.employed:
        yield Candidate("employment", "签订劳动合同或自主就业", {"employed": True}, 0, ACTION)

    found = _first_gain(p, base.total, lambda k: {"residence_months": p.residence_months + k}, 12)
    if found:
        k, changes = found
        yield Candidate("residence_years", f"在杭州市区继续居住登记{k}个月", changes, k, WAIT)

    if not p.home_owned:
        yield Candidate(
            "housing.owned",
            "在市区购买住宅并实际居住",
            {"home_owned": True, "home_co_owned": False},
            0,
            ACTION,
            (f"购房{PERSONAL_TIME}",),
        )
    found = _first_gain(p, base.total, lambda k: {"rent_months": p.rent_months + k}, 12)
    if found:
        k, changes = found
        if p.rent_months > 0:
            yield Candidate("housing.rent", f"继续合法租住{k}个月", changes, k, WAIT)
        else:
            yield Candidate(
                "housing.rent",
                f"合法租房并租住满{k}个月",
                changes,
                k,
                ACTION,
                ("租住的房屋须符合杭州市房屋租赁和出租安全管理的规定",),
            )

    found = _first_gain(p, base.total, lambda k: {"blood_ml": p.blood_ml + 100 * k}, 4)
    if found:
        k, changes = found
        yield Candidate(
            "blood",
            f"在杭州无偿献血{100 * k}毫升",
            changes,
            0,
            ACTION,
            ("须符合献血的健康要求和间隔规定",),
        )

    hours = p.volunteer_hours
    found = _first_gain(p, base.total, lambda k: {"volunteer_hours": float(int(hours) + k)}, 20)
    if found:
        k, changes = found
        added = changes["volunteer_hours"] - hours
        yield Candidate(
            "volunteer",
            f"再做{added:g}小时志愿服务",
            changes,
            0,
            ACTION,
            (f"服务时长须有记录；只计积分截止日前5年内的时长；{PERSONAL_TIME}",),
        )

    found = _first_gain(
        p, base.total, lambda k: {"donation_yuan": float(p.donation_yuan + 100 * k)}, 10
    )
    if found:
        k, changes = found
        yield Candidate(
            "donation",
            f"通过政府认可的渠道捐赠{100 * k}元",
            changes,
            0,
            ACTION,
            ("只计积分截止日前5年内的捐赠",),
        )
