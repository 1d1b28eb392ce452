"""Result types shared by both cities: breakdown lines, gate checks, warnings, the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..rules import CITY_LABELS, NOT_CONFIRMED, PolicyVersion, Rule
from ..sources import cite
from .verdict import Reading, Unsure, Verdict, decide


@dataclass(frozen=True)
class Line:
    id: str
    rule: str
    label: str
    group: str
    points: float
    max: float | None
    explanation: str
    source: dict[str, Any]  # {document, article, evidence} (sources.cite)
    confidence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule,
            "label": self.label,
            "group": self.group,
            "points": num(self.points),
            "max": None if self.max is None else num(self.max),
            "explanation": self.explanation,
            "source": dict(self.source),
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class GateCheck:
    id: str
    label: str
    passed: bool
    message: str


@dataclass(frozen=True)
class Warning:
    id: str
    message: str


@dataclass(frozen=True)
class Result:
    city: str
    assessment_date: date
    cutoff_date: date
    policy: PolicyVersion
    policy_note: str
    total: float
    threshold: float | None
    threshold_label: str
    gate: tuple[GateCheck, ...]
    vetoed: bool
    veto_reasons: tuple[str, ...]
    lines: tuple[Line, ...]
    warnings: tuple[Warning, ...] = field(default=())
    # line ids whose values under the version in force are unpublished (scored with older values)
    uncovered: tuple[str, ...] = ()
    uncovered_since: str = ""  # when those unpublished values took effect, e.g. 2025年
    # the totals under other values sources give, and the line ids those readings re-score
    readings: tuple[Reading, ...] = ()
    disputed: tuple[str, ...] = ()

    @property
    def gate_passed(self) -> bool:
        return all(g.passed for g in self.gate)

    @property
    def gap(self) -> float | None:
        if self.threshold is None:
            return None
        return max(0.0, round(self.threshold - self.total, 2))

    @property
    def eligible(self) -> bool:
        """Gate passed, not vetoed and (where a threshold applies) the threshold reached."""
        if self.vetoed or not self.gate_passed:
            return False
        return self.threshold is None or self.total >= self.threshold

    @property
    def unsure(self) -> tuple[Unsure, ...]:
        """The lines whose points are not certain, and why, in plain Chinese."""
        out = []
        for line in self.lines:
            if not line.points:
                continue
            if line.id in self.uncovered:
                why = f"{self.uncovered_since}调整后新分值尚未公布"
            elif line.confidence in NOT_CONFIRMED:
                why = "来源尚未证实"
            elif line.id in self.disputed:
                why = "各来源说法不一"
            else:
                continue
            out.append(Unsure(line.label, line.points, why))
        return tuple(out)

    @property
    def sure_points(self) -> float:
        """The part of the total that is certain: the total less the points of lines whose rule is
        unconfirmed, uncovered or disputed. An uncertain deduction stays in (the total can only be
        higher than this), so the certain part is never above the total; the other reading of
        such a deduction is in ``readings``."""
        return round(self.total - sum(u.points for u in self.unsure if u.points > 0), 2)

    @property
    def verdict(self) -> Verdict:
        return decide(
            vetoed=self.vetoed,
            gate_passed=self.gate_passed,
            total=self.total,
            threshold=self.threshold,
            threshold_label=self.threshold_label,
            sure_points=self.sure_points,
            unsure=self.unsure,
            readings=self.readings,
        )

    def to_dict(self) -> dict[str, Any]:
        gap = self.gap
        return {
            "city": self.city,
            "city_label": CITY_LABELS[self.city],
            "assessment_date": self.assessment_date.isoformat(),
            "cutoff_date": self.cutoff_date.isoformat(),
            "policy": {
                "id": self.policy.id,
                "label": self.policy.label,
                "document": self.policy.document,
                "effective": self.policy.effective_from.isoformat(),
                "note": self.policy_note,
            },
            "total": num(self.total),
            "threshold": None if self.threshold is None else num(self.threshold),
            "threshold_label": self.threshold_label,
            "gap": None if gap is None else num(gap),
            "eligible": self.eligible,
            "vetoed": self.vetoed,
            "veto_reasons": list(self.veto_reasons),
            "gate": [
                {"id": g.id, "label": g.label, "passed": g.passed, "message": g.message}
                for g in self.gate
            ],
            "lines": [line.to_dict() for line in self.lines],
            "warnings": [{"id": w.id, "message": w.message} for w in self.warnings],
            "verdict": self.verdict.to_dict(),
        }


def num(x: float) -> int | float:
    """Integral values as int, others rounded to 2 decimals, so JSON stays short and stable."""
    x = round(float(x), 2)
    return int(x) if x.is_integer() else x


def make_line(
    rule: Rule,
    points: float,
    explanation: str,
    *,
    cap: float | None = None,
    use_rule_cap: bool = True,
) -> Line:
    """A breakdown line for ``rule``; ``max`` is the rule's cap unless given."""
    if rule.group == "deduction":
        max_points: float | None = 0
    else:
        max_points = cap if cap is not None else (rule.cap if use_rule_cap else None)
    return Line(
        id=rule.indicator,
        rule=rule.id,
        label=rule.label,
        group=rule.group,
        points=round(points, 2),
        max=max_points,
        explanation=explanation,
        source=cite(rule.citation, rule.also_sources),
        confidence=rule.confidence,
    )
