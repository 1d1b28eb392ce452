"""The verdict: can this person apply, decided once here and only rendered elsewhere.

Every surface (the page, the text and Markdown reports, the batch reports and summary) shows
``Verdict`` as it is; none of them works out the outcome again. Statuses, most severe first:
``vetoed`` (a veto item applies), ``gate_failed`` (a basic condition is not met), ``uncertain``
(the total, the part that is certain and the other readings the evidence allows do not agree on
reaching the line), ``not_reached`` (below the line) and ``reached`` (at or above the line, or no
line and eligible to be ranked).

``sure_points`` counts only lines whose rule is confirmed and covered; ``readings`` are the totals
under the other values sources give for a rule (each re-scored by the city, never invented).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["reached", "not_reached", "uncertain", "vetoed", "gate_failed"]
Tone = Literal["good", "warn", "bad"]

# status -> (tone, headline): the headline is one plain sentence a person reads first
# (an uncertain outcome gets a sentence built from its numbers, see ``_uncertain_headline``).
OUTCOMES: dict[Status, tuple[Tone, str]] = {
    "vetoed": ("bad", "有一票否决情形，不能申请。"),
    "gate_failed": ("bad", "还不满足申请条件，见下面的“申请资格”。"),
    "uncertain": ("warn", "能否达到要求还不确定。"),
    "reached": ("good", "按你填写的情况，估算可以达到要求。"),
    "not_reached": ("warn", "估算还没有达到要求。"),
}


@dataclass(frozen=True)
class Reading:
    """The total under another value a source gives for a rule (re-scored, never invented)."""

    label: str  # what differs, in plain Chinese, e.g. 投资纳税按100分上限计算
    total: float
    source: str  # the title of the page that gives this value


@dataclass(frozen=True)
class Unsure:
    """A line whose points are not certain: its label, points and why (in plain Chinese)."""

    label: str
    points: float
    why: str  # e.g. 2025年调整后新分值尚未公布 / 来源尚未证实 / 有不同说法


@dataclass(frozen=True)
class Verdict:
    status: Status
    tone: Tone
    headline: str  # one plain Chinese sentence: the outcome
    gap_text: str  # where the total stands against the line, e.g. 距离落户分数线还差 12 分
    short: str  # the total in a few characters, e.g. 估算 136 / 120 分
    sure_points: float  # the total counting only confirmed and covered lines
    readings: tuple[Reading, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "tone": self.tone,
            "headline": self.headline,
            "gap_text": self.gap_text,
            "short": self.short,
            "sure_points": _n(self.sure_points),
            "readings": [
                {"label": r.label, "total": _n(r.total), "source": r.source} for r in self.readings
            ],
        }


def _n(x: float) -> int | float:
    x = round(float(x), 2)
    return int(x) if x.is_integer() else x


def _t(x: float) -> str:
    return str(_n(x))


def outcomes(
    total: float, sure_points: float, readings: tuple[Reading, ...], threshold: float | None
) -> set[bool]:
    """Whether the line is reached, under the total, the certain part and each reading."""
    if threshold is None:
        return {True}
    return {x >= threshold for x in (total, sure_points, *(r.total for r in readings))}


def decide(
    *,
    vetoed: bool,
    gate_passed: bool,
    total: float,
    threshold: float | None,
    threshold_label: str,
    sure_points: float | None = None,
    unsure: tuple[Unsure, ...] = (),
    readings: tuple[Reading, ...] = (),
) -> Verdict:
    """The verdict from a result's facts (``sure_points`` defaults to the total)."""
    sure = total if sure_points is None else sure_points
    reached = threshold is None or total >= threshold
    status: Status
    if vetoed:
        status = "vetoed"
    elif not gate_passed:
        status = "gate_failed"
    elif len(outcomes(total, sure, readings, threshold)) > 1:
        status = "uncertain"
    elif reached:
        status = "reached"
    else:
        status = "not_reached"
    if threshold is None:
        gap_text, short = threshold_label, f"估算 {_t(total)} 分"
    else:
        short = f"估算 {_t(total)} / {_t(threshold)} 分"
        gap = round(threshold - total, 2)
        gap_text = (
            f"距离{threshold_label}还差 {_t(gap)} 分" if gap > 0 else f"已达到{threshold_label}"
        )
        if status == "uncertain":
            # Never a flat "reached" or "not reached" above a sentence saying it is unsure.
            gap_text = f"估算总分{_stand(total, threshold, threshold_label)}，但还不确定"
    tone, headline = OUTCOMES[status]
    if status == "uncertain" and threshold is not None:
        headline = _uncertain_headline(total, threshold, threshold_label, sure, unsure, readings)
    return Verdict(status, tone, headline, gap_text, short, sure, readings)


def _stand(x: float, threshold: float, label: str) -> str:
    return f"达到了{label}" if x >= threshold else f"低于{label}"


def _uncertain_headline(
    total: float,
    threshold: float,
    label: str,
    sure: float,
    unsure: tuple[Unsure, ...],
    readings: tuple[Reading, ...],
) -> str:
    """One sentence: where the doubt comes from, what is certain, and what that means."""
    points = f"{_t(threshold)}分"
    line = label if points in label else f"{label}{points}"
    reached = total >= threshold
    other = next((r for r in readings if (r.total >= threshold) != reached), None)
    if other is None:
        why: dict[str, list[Unsure]] = {}
        for u in unsure:
            why.setdefault(u.why, []).append(u)
        parts = "，以及".join(f"{w}的{'、'.join(u.label for u in us)}" for w, us in why.items())
        doubt = _t(sum(u.points for u in unsure))
        meaning = (
            "这些项目的分值确定之前，还不能确定能否达到。"
            if reached
            else "这些项目按不同说法结果不同，以受理部门的审核为准。"
        )
        return (
            f"估算{_t(total)}分，其中{doubt}分来自{parts}；确定的部分是{_t(sure)}分，"
            f"{_stand(sure, threshold, line)}，{meaning}"
        )
    then = _stand(other.total, threshold, line)
    return (
        f"估算{_t(total)}分，{_stand(total, threshold, line)}；但如果{other.label}"
        f"（{other.source}的说法），合计{_t(other.total)}分，{then}，以受理部门的审核为准。"
    )
