"""``checklist(profile)``: the basic materials plus those for every indicator the profile claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .materials import ALL_MATERIALS, Material
from .profile import HZ_DEGREE_LEVELS, HangzhouProfile, Profile, ShanghaiProfile
from .rules import ALL_RULES
from .sources import source


def _sh(test: Callable[[ShanghaiProfile], bool]) -> Callable[[Profile], bool]:
    return lambda p: isinstance(p, ShanghaiProfile) and test(p)


def _hz(test: Callable[[HangzhouProfile], bool]) -> Callable[[Profile], bool]:
    return lambda p: isinstance(p, HangzhouProfile) and test(p)


CONDITIONS: dict[str, Callable[[Profile], bool]] = {
    "": lambda p: True,
    # Shanghai
    "collective_hukou": _sh(lambda p: p.collective_hukou),
    "not_collective_hukou": _sh(lambda p: not p.collective_hukou),
    "dispatched_worker": _sh(lambda p: p.dispatched_worker),
    "claims_education": _sh(lambda p: p.education != "none"),
    "claims_domestic_education": _sh(lambda p: p.education != "none" and not p.education_foreign),
    "non_full_time_education": _sh(lambda p: p.education != "none" and not p.education_full_time),
    "foreign_education": _sh(lambda p: p.education != "none" and p.education_foreign),
    "claims_title": _sh(lambda p: p.title_skill != "none"),
    "claims_skill_level": _sh(lambda p: p.title_skill in ("skill3", "skill2", "skill1")),
    "claims_si_base": _sh(lambda p: p.base_months_48_080 > 0),
    "claims_invest": _sh(lambda p: p.invest_avg_tax_yuan > 0 or p.invest_avg_hukou_hires > 0),
    "claims_award": _sh(lambda p: p.award != "none"),
    "claims_spouse": _sh(lambda p: p.marital_status == "married" and p.spouse_shanghai_hukou),
    "claims_lingang": _sh(lambda p: p.remote_area == "lingang" and p.remote_area_years > 0),
    "claims_other_remote": _sh(lambda p: p.remote_area == "other" and p.remote_area_years > 0),
    "claims_shortage": _sh(lambda p: p.shortage_major),
    "claims_public_service": _sh(lambda p: p.public_service_years > 0),
    "claims_fresh_graduate": _sh(lambda p: p.fresh_graduate),
    "claims_talent": _sh(lambda p: p.startup_talent or p.intermediary_talent),
    # Hangzhou
    "hz_domestic_education": _hz(
        lambda p: p.education != "none" and p.education_origin == "domestic"
    ),
    "hz_degree": _hz(
        lambda p: (
            p.education in HZ_DEGREE_LEVELS
            and p.education_origin == "domestic"
            and p.degree_status != "diploma_only"
        )
    ),
    "hz_hmt_education": _hz(lambda p: p.education != "none" and p.education_origin == "hmt"),
    "hz_foreign_education": _hz(
        lambda p: p.education != "none" and p.education_origin == "foreign"
    ),
    "hz_claims_title": _hz(lambda p: p.title_skill != "none"),
    "hz_claims_si": _hz(lambda p: p.si_months > 0),
    "hz_claims_employment": _hz(lambda p: p.employed),
    "hz_claims_residence": _hz(lambda p: p.residence_months > 0),
    "hz_owned": _hz(lambda p: p.home_owned),
    "hz_co_owned": _hz(lambda p: p.home_owned and p.home_co_owned),
    "hz_rent": _hz(lambda p: p.rent_months >= 12),
    "hz_honours": _hz(
        lambda p: (
            (p.honours_national + p.honours_provincial + p.honours_municipal + p.honours_district)
            > 0
        )
    ),
    "hz_bone_marrow": _hz(lambda p: p.bone_marrow),
    "hz_blood": _hz(lambda p: p.blood_ml > 0),
    "hz_volunteer": _hz(lambda p: p.volunteer_hours > 0),
    "hz_donation": _hz(lambda p: p.donation_yuan > 0),
    "hz_tax": _hz(lambda p: p.tax_role != "none" and p.tax_yuan > 0),
    "hz_credit": _hz(lambda p: p.credit_role != "none"),
    "hz_patent": _hz(
        lambda p: (p.patents_sole + p.patents_first_coowner + p.patents_other_coowner) > 0
    ),
    "hz_school": _hz(lambda p: p.purpose in ("school", "both")),
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
    source: dict[str, str]
    confidence: str
    unconfirmed: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "group_label": self.group_label,
            "name": self.name,
            "why": self.why,
            "original": self.original,
            "where": self.where,
            "note": self.note,
            "source": dict(self.source),
            "confidence": self.confidence,
            "unconfirmed": self.unconfirmed,
        }


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
    src = source(m.citation.source)
    return ChecklistItem(
        id=m.id,
        group=m.indicator,
        group_label=names.get(m.indicator, m.indicator),
        name=m.name,
        why=m.why,
        original=m.original,
        where=m.where,
        note=m.note,
        source={"id": src.id, "title": src.title, "url": src.url, "article": m.citation.article},
        confidence=m.confidence,
        unconfirmed=m.confidence == "unconfirmed",
    )
