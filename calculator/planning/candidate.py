"""What a city proposes as a what-if, before it is measured (``planning.whatifs`` measures it).

A city's ``candidates(profile, base, first_gain)`` yields :class:`Candidate` values; ``first_gain``
is handed in by the what-if engine so that a city can search "the fewest more months that gain a
point" without importing the scoring dispatch (which imports the cities).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

WAIT = "wait"  # only time has to pass (keep paying, keep living there, stay married)
ACTION = "action"  # something has to be obtained or done first; its own duration is not counted

PERSONAL_TIME = "所需时间因人而异，未计入等待月数。"

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
    months_needed: int
    kind: str
    prerequisites: tuple[str, ...] = ()
    earliest: date | None = None  # defaults to assessment date + months_needed


def higher(order: dict[str, str], current: str, *, include_current: bool = False) -> list[str]:
    """The choices after ``current`` in ``order`` (listed low to high), never "none"."""
    keys = list(order)
    start = keys.index(current) + (0 if include_current else 1)
    return [k for k in keys[start:] if k != "none"]
