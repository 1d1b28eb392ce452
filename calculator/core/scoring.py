"""``score(profile)``: a pure function returning the total with a per-line breakdown.

The per-city arithmetic lives in ``shanghai.py`` and ``hangzhou.py``.
"""

from __future__ import annotations

from . import hangzhou, shanghai
from .profile import HangzhouProfile, Profile, ShanghaiProfile
from .result import Line, Result

__all__ = ["Line", "Result", "score"]


def score(profile: Profile) -> Result:
    """Score a validated profile. Pure: same profile, same result."""
    if isinstance(profile, ShanghaiProfile):
        return shanghai.score(profile)
    if isinstance(profile, HangzhouProfile):
        return hangzhou.score(profile)
    raise TypeError(type(profile).__name__)
