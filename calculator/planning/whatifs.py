"""What-ifs: changes a person can make, each measured by re-scoring a modified copy of the profile.

Nothing here knows a point value. Each candidate is a ``dataclasses.replace`` of the profile; the
points it gains are ``score(changed).total - score(profile).total``, at the same assessment date
(the effect of time alone, such as age, is the projection's job). A candidate changes only the
fields of its own indicator, plus those that must move with them for the profile to stay
consistent (for example the social-insurance months that a longer base window implies). Changed
profiles that would not pass validation, and changes that gain nothing (caps, exclusions, the
higher of education and title), are dropped.

Each option carries its city's effort class (``planning.candidate``): ``paperwork`` first, then
``wait``, then ``life``. Waiting times come from the rules' own periods (full years, months of a
base band, the 6 months of base a title needs); the time it takes to obtain a degree, a certificate
or a home is personal: a life change has ``months_needed`` only where a rule sets a minimum, else
``None``, shown as "因人而异" and never as "no waiting".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..cities import CITIES
from ..core.dates import add_months
from ..core.profile import Profile
from ..core.profile import to_dict as profile_to_dict
from ..core.result import Result, num
from ..core.scoring import score
from ..core.validation import ProfileError, parse_profile
from ..rules import rule_in
from .candidate import EFFORT_LABELS, EFFORT_ORDER, LIFE, PAPERWORK, WAIT, Candidate, Changes

__all__ = [
    "LIFE",
    "PAPERWORK",
    "WAIT",
    "Candidate",
    "WhatIf",
    "candidates",
    "evaluate",
    "rank_key",
    "time_text",
    "whatifs",
]


@dataclass(frozen=True)
class WhatIf:
    id: str
    change: str
    points_gained: float
    new_total: float
    earliest: date | None  # None: no rule sets a minimum time (a life change)
    months_needed: int | None
    prerequisites: tuple[str, ...]
    rule: tuple[str, ...]
    basis: tuple[tuple[str, str], ...]  # (indicator, Chinese label) of the lines it changes
    effort: str  # planning.candidate: paperwork | wait | life
    changes: dict[str, Any]
    reaches_threshold: bool | None

    @property
    def per_month(self) -> float | None:
        return self.points_gained / self.months_needed if self.months_needed else None

    @property
    def effort_label(self) -> str:
        return EFFORT_LABELS[self.effort]

    def apply(self, profile: Profile) -> Profile:
        """The changed profile this option was scored with."""
        return dataclasses.replace(profile, **self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "change": self.change,
            "points_gained": num(self.points_gained),
            "new_total": num(self.new_total),
            "earliest": None if self.earliest is None else self.earliest.isoformat(),
            "months_needed": self.months_needed,
            "time_text": time_text(self.effort, self.months_needed, self.earliest),
            "prerequisites": list(self.prerequisites),
            "rule": list(self.rule),
            "basis": [{"indicator": i, "label": label} for i, label in self.basis],
            "effort": self.effort,
            "effort_label": self.effort_label,
            "changes": {k: _jsonable(v) for k, v in self.changes.items()},
            "reaches_threshold": self.reaches_threshold,
        }


def time_text(effort: str, months: int | None, earliest: date | None) -> str:
    """How long an option takes, in the words every surface shows."""
    if effort == PAPERWORK:
        return "不需等待，办好即可"
    if months is None or earliest is None:
        return "所需时间因人而异"
    if effort == WAIT:
        return f"约{months}个月后（最早{earliest.isoformat()}）"
    return f"至少{months}个月（最早{earliest.isoformat()}），实际所需时间因人而异"


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# --- the public function -----------------------------------------------------------------------


def whatifs(profile: Profile, base: Result | None = None) -> list[WhatIf]:
    """Every change that raises the score, grouped by effort and ranked within each group.

    Paperwork first (by points), then waits (by points per month), then life changes (by points).
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
    """Effort group first; within a wait, points per month; otherwise points."""
    per_month = w.per_month if w.effort == WAIT else None
    first = -w.points_gained if per_month is None else -per_month
    return (EFFORT_ORDER[w.effort], first, -w.points_gained, w.id)


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
        for text in rule_in(new.city, rid, new.policy.id).prerequisites:
            if text not in prereqs:
                prereqs.append(text)
    earliest = cand.earliest
    if earliest is None and cand.months_needed is not None:
        earliest = add_months(profile.assessment_date, cand.months_needed)
    return WhatIf(
        id=cand.id,
        change=cand.change,
        points_gained=gained,
        new_total=new.total,
        earliest=earliest,
        months_needed=cand.months_needed,
        prerequisites=tuple(prereqs),
        rule=rules,
        basis=changed_lines(base, new),
        effort=cand.effort,
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


def changed_lines(before: Result, after: Result) -> tuple[tuple[str, str], ...]:
    """(indicator, label) of the lines whose points differ: what a person reads as the basis."""
    old = {line.id: line.points for line in before.lines}
    out: list[tuple[str, str]] = []
    for line in after.lines:
        if line.points != old.get(line.id, 0) and (line.id, line.label) not in out:
            out.append((line.id, line.label))
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
    """The city's candidates, with a ``first_gain`` search bound to this profile."""

    def first_gain(
        make: Callable[[int], Changes], max_k: int, block: int = 1
    ) -> tuple[int, Changes] | None:
        return _first_gain(profile, base.total, make, max_k, block)

    return CITIES[profile.city].candidates(profile, base, first_gain)
