"""One module per city: its profile fields, scoring, what-if candidates and checklist conditions.

``calculator.core`` and ``calculator.planning`` reach a city only through :data:`CITIES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..core.result import Result
from ..planning.candidate import Candidate, FirstGain
from . import hangzhou, shanghai


@dataclass(frozen=True)
class City:
    id: str
    profile_type: type
    score: Callable[[Any], Result]
    candidates: Callable[[Any, Result, FirstGain], Iterator[Candidate]]
    conditions: Mapping[str, Callable[[Any], bool]]


CITIES: dict[str, City] = {
    "shanghai": City(
        "shanghai",
        shanghai.ShanghaiProfile,
        shanghai.score,
        shanghai.candidates,
        shanghai.CONDITIONS,
    ),
    "hangzhou": City(
        "hangzhou",
        hangzhou.HangzhouProfile,
        hangzhou.score,
        hangzhou.candidates,
        hangzhou.CONDITIONS,
    ),
}
