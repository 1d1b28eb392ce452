"""``score(profile)``: a pure function returning the total with a per-line breakdown.

The per-city arithmetic lives in ``calculator/cities/``; this module only dispatches.
"""

from __future__ import annotations

from ..cities import CITIES
from .profile import Profile
from .result import Line, Result

__all__ = ["Line", "Result", "score"]


def score(profile: Profile) -> Result:
    """Score a validated profile. Pure: same profile, same result."""
    return CITIES[profile.city].score(profile)
