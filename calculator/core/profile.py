"""The profile types of both cities, and a profile as JSON.

Each city declares its own profile dataclass (``calculator/cities/``); this module is the registry
the city-independent code (validation, schema, form, planning) reads. Profiles hold dates rather
than ages so that the same profile can be re-scored at a later date.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from ..cities.hangzhou import HangzhouProfile
from ..cities.shanghai import ShanghaiProfile
from .fields import Offence

SCHEMA_VERSION = 1

Profile = ShanghaiProfile | HangzhouProfile
PROFILE_TYPES: dict[str, type[ShanghaiProfile] | type[HangzhouProfile]] = {
    "shanghai": ShanghaiProfile,
    "hangzhou": HangzhouProfile,
}

__all__ = [
    "PROFILE_TYPES",
    "SCHEMA_VERSION",
    "HangzhouProfile",
    "Offence",
    "Profile",
    "ShanghaiProfile",
    "profile_fields",
    "to_dict",
]


def profile_fields(city: str) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(PROFILE_TYPES[city])


def to_dict(profile: Profile) -> dict[str, Any]:
    """JSON-ready dict of a profile (dates as ISO strings)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(profile):
        out[f.name] = _jsonable(getattr(profile, f.name))
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Offence):
        return {"date": value.date.isoformat(), "kinds": list(value.kinds)}
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value
