"""``checklist(profile)``: the basic materials plus those for every indicator the profile claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..cities import CITIES
from ..materials import ALL_MATERIALS, Material
from ..rules import ALL_RULES, NOT_CONFIRMED
from ..sources import cite, source
from .profile import Profile


def _always(profile: Profile) -> bool:
    return True


def _in_city(city: str, test: Callable[[Any], bool]) -> Callable[[Profile], bool]:
    return lambda p: p.city == city and test(p)


# Every material's ``when``: "" (always) or a condition its city declares.
CONDITIONS: dict[str, Callable[[Profile], bool]] = {
    "": _always,
    **{name: _in_city(c.id, test) for c in CITIES.values() for name, test in c.conditions.items()},
}

GROUP_LABELS = {"basic": "基本材料", "school": "积分入学另需"}


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    group: str
    group_label: str
    name: str
    why: str
    original: str
    where: str
    note: str
    source: dict[str, Any]  # {document, article, evidence} (sources.cite)
    confidence: str
    unconfirmed: bool
    # another, unconfirmed reading of the rules about this item ("另有说法"): {text, source}
    # where source is the title of the page that says so; None when there is none
    alternative: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        # Same as dataclasses.asdict (every field is a str, a bool or a flat dict of str) but
        # without its deep copy, which was a quarter of a batch row's time.
        alt = None if self.alternative is None else dict(self.alternative)
        return {**vars(self), "source": dict(self.source), "alternative": alt}


def checklist(profile: Profile) -> list[ChecklistItem]:
    """Materials for this profile: basic first, then per indicator, in data order."""
    names = dict(GROUP_LABELS)
    for rule in ALL_RULES:
        if rule.city == profile.city:
            names.setdefault(rule.indicator, rule.label)
    return [
        _item(m, names)
        for m in ALL_MATERIALS
        if m.city == profile.city and CONDITIONS[m.when](profile)
    ]


def _item(m: Material, names: dict[str, str]) -> ChecklistItem:
    return ChecklistItem(
        id=m.id,
        group=m.indicator,
        group_label=names.get(m.indicator, m.indicator),
        name=m.name,
        why=m.why,
        original=m.original,
        where=m.where,
        note=m.note,
        source=cite(m.citation, m.also_sources),
        confidence=m.confidence,
        unconfirmed=m.confidence in NOT_CONFIRMED,
        alternative=(
            None
            if m.alternative is None
            else {"text": m.alternative.text, "source": source(m.alternative.source).title}
        ),
    )
