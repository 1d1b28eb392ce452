"""The verdict: can this person apply, decided once here and only rendered elsewhere.

Every surface (the page, the text and Markdown reports, the batch reports and summary) shows
``Verdict`` as it is; none of them works out the outcome again. Statuses, most severe first:
``vetoed`` (a veto item applies), ``gate_failed`` (a basic condition is not met), ``not_reached``
(below the line) and ``reached`` (at or above the line, or no line and eligible to be ranked).
Later statuses (such as an uncertain outcome) and fields are additions to this type.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["reached", "not_reached", "vetoed", "gate_failed"]
Tone = Literal["good", "warn", "bad"]

# status -> (tone, headline): the headline is one plain sentence a person reads first.
OUTCOMES: dict[Status, tuple[Tone, str]] = {
    "vetoed": ("bad", "有一票否决情形，不能申请。"),
    "gate_failed": ("bad", "还不满足申请条件，见下面的“申请资格”。"),
    "reached": ("good", "按你填写的情况，估算可以达到要求。"),
    "not_reached": ("warn", "估算还没有达到要求。"),
}


@dataclass(frozen=True)
class Verdict:
    status: Status
    tone: Tone
    headline: str  # one plain Chinese sentence: the outcome
    gap_text: str  # where the total stands against the line, e.g. 距离落户分数线还差 12 分
    short: str  # the total in a few characters, e.g. 估算 136 / 120 分

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def decide(
    *,
    vetoed: bool,
    gate_passed: bool,
    reached: bool,
    total: str,
    threshold: str | None,
    threshold_label: str,
    gap: str | None,
) -> Verdict:
    """The verdict from a result's facts; ``total``, ``threshold`` and ``gap`` as shown to people
    (``gap`` is None when there is no line or nothing is missing)."""
    status: Status
    if vetoed:
        status = "vetoed"
    elif not gate_passed:
        status = "gate_failed"
    elif reached:
        status = "reached"
    else:
        status = "not_reached"
    if threshold is None:
        gap_text, short = threshold_label, f"估算 {total} 分"
    else:
        short = f"估算 {total} / {threshold} 分"
        gap_text = f"距离{threshold_label}还差 {gap} 分" if gap else f"已达到{threshold_label}"
    tone, headline = OUTCOMES[status]
    return Verdict(status, tone, headline, gap_text, short)
