"""What a city proposes as a what-if, before it is measured (``planning.whatifs`` measures it).

A city's ``candidates(profile, base, first_gain)`` yields :class:`Candidate` values; ``first_gain``
is handed in by the what-if engine so that a city can search "the fewest more months that gain a
point" without importing the scoring dispatch (which imports the cities).

Every candidate says what it asks of the person (its *effort*), read from its city's one effort
table: ``paperwork`` (can be done now: claim what one already qualifies for, or a small act such
as a donation), ``wait`` (months that accrue by themselves: social insurance, residence, marriage
years) or ``life`` (a degree, a title, a home, another job or district). The groups are shown in
that order. ``months_needed`` is 0 for paperwork, the months still missing for a wait, and for a
life change only the minimum the rules impose (``None`` when they impose none: then the time is
personal and shown as such, never as "no waiting").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

PAPERWORK = "paperwork"
WAIT = "wait"
LIFE = "life"

# The groups in the order they are shown, each with the heading a person reads.
EFFORT_LABELS: dict[str, str] = {
    PAPERWORK: "马上能办",
    WAIT: "等时间累积",
    LIFE: "需要生活上的改变",
}
EFFORT_ORDER: dict[str, int] = {token: i for i, token in enumerate(EFFORT_LABELS)}

Changes = dict[str, Any]


class FirstGain(Protocol):
    """The smallest k (searched in blocks) whose ``make(k)`` raises the total, with its changes;
    None when no k up to ``max_k`` does."""

    def __call__(
        self, make: Callable[[int], Changes], max_k: int, block: int = 1
    ) -> tuple[int, Changes] | None: ...


@dataclass(frozen=True)
class Candidate:
    id: str
    change: str
    changes: Changes
    months_needed: int | None
    effort: str
    prerequisites: tuple[str, ...] = ()
    earliest: date | None = None  # defaults to assessment date + months_needed

    def __post_init__(self) -> None:
        months = self.months_needed
        fits = {
            PAPERWORK: months == 0,
            WAIT: months is not None and months > 0,
            LIFE: months is None or months > 0,
        }
        if not fits.get(self.effort, False):
            raise ValueError(f"what-if {self.id}: effort {self.effort!r} with months {months!r}")


def higher(order: dict[str, str], current: str, *, include_current: bool = False) -> list[str]:
    """The choices after ``current`` in ``order`` (listed low to high), never "none"."""
    keys = list(order)
    start = keys.index(current) + (0 if include_current else 1)
    return [k for k in keys[start:] if k != "none"]
