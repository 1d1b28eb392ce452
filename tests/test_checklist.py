"""Checklist: basic items always, per-indicator items when claimed, special cases, marks."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import HZ_BASE, SH_BASE

from calculator.core.checklist import checklist
from calculator.core.validation import parse_profile

SH_BASIC = {
    "sh.basic.hr_letter",
    "sh.basic.permit",
    "sh.basic.form",
    "sh.basic.id",
    "sh.basic.hukou",
    "sh.basic.contract",
    "sh.basic.licence",
}


def ids(raw: dict[str, Any]) -> set[str]:
    return {item.id for item in checklist(parse_profile(raw))}


def test_shanghai_basic_items_always_present() -> None:
    assert SH_BASIC <= ids(SH_BASE)


CASES: list[tuple[dict[str, Any], set[str], set[str]]] = [
    # (profile, must include, must not include)
    ({**SH_BASE, "collective_hukou": True}, {"sh.basic.hukou_collective"}, {"sh.basic.hukou"}),
    ({**SH_BASE, "dispatched_worker": True}, {"sh.basic.dispatch"}, set()),
    (
        {**SH_BASE, "education": "master", "education_foreign": True},
        {"sh.education.certificates", "sh.education.foreign"},
        {"sh.education.chsi"},
    ),
    (
        {**SH_BASE, "education": "benke", "education_full_time": False},
        {"sh.education.non_full_time", "sh.education.chsi"},
        set(),
    ),
    ({**SH_BASE}, set(), {"sh.education.certificates", "sh.title.certificate"}),
    (
        {**SH_BASE, "title_skill": "skill3"},
        {"sh.title.certificate", "sh.title.other_province"},
        set(),
    ),
    (
        {**SH_BASE, "remote_area": "lingang", "remote_area_years": 2},
        {"sh.lingang.window"},
        {"sh.remote.other"},
    ),
    (
        {
            **SH_BASE,
            "marital_status": "married",
            "spouse_shanghai_hukou": True,
            "marriage_date": "2020-01-01",
        },
        {"sh.spouse.documents"},
        set(),
    ),
    (
        {**HZ_BASE, "education": "benke"},
        {"hz.education.chsi", "hz.education.degree"},
        {"hz.education.foreign"},
    ),
    (
        {**HZ_BASE, "education": "master", "education_origin": "foreign"},
        {"hz.education.foreign"},
        {"hz.education.chsi"},
    ),
    (
        {**HZ_BASE, "home_owned": True, "home_co_owned": True},
        {"hz.housing.title", "hz.housing.co_owned"},
        {"hz.housing.rent"},
    ),
    ({**HZ_BASE, "rent_months": 24}, {"hz.housing.rent"}, {"hz.housing.title"}),
    ({**HZ_BASE, "purpose": "school"}, {"hz.school.extra"}, set()),
    ({**HZ_BASE, "tax_role": "employee", "tax_yuan": 20000}, {"hz.tax.record"}, set()),
    # Married, spouse not a Shanghai hukou: the seed's marriage documents, not the spouse item
    (
        {**SH_BASE, "marital_status": "married", "marriage_date": "2020-01-01"},
        {"sh.family.marriage"},
        {"sh.spouse.documents"},
    ),
    # Married to a Shanghai hukou: the spouse item already asks for them, so not listed twice
    (
        {
            **SH_BASE,
            "marital_status": "married",
            "spouse_shanghai_hukou": True,
            "marriage_date": "2020-01-01",
        },
        {"sh.spouse.documents"},
        {"sh.family.marriage"},
    ),
    ({**SH_BASE}, set(), {"sh.family.marriage", "sh.spouse.documents"}),
    # 就业 exists only in V1: listed for a 2020 round (V1 by date) or V1 chosen by hand ...
    (
        {**HZ_BASE, "assessment_date": "2020-03-01", "employed": True},
        {"hz.employment.contract"},
        set(),
    ),
    ({**HZ_BASE, "policy_version": "V1", "employed": True}, {"hz.employment.contract"}, set()),
    # ... but not for a 2024 round (V4) even when employed, nor in V1 when not employed
    ({**HZ_BASE, "employed": True}, set(), {"hz.employment.contract"}),
    ({**HZ_BASE, "assessment_date": "2020-03-01"}, set(), {"hz.employment.contract"}),
]


@pytest.mark.parametrize(("raw", "present", "absent"), CASES)
def test_items_follow_the_profile(raw: dict[str, Any], present: set[str], absent: set[str]) -> None:
    got = ids(raw)
    assert present <= got
    assert not absent & got


def test_every_item_says_why_and_where_and_unconfirmed_ones_are_marked() -> None:
    raw = {**HZ_BASE, "volunteer_hours": 40, "home_owned": True, "bone_marrow": True}
    items = checklist(parse_profile(raw))
    for item in items:
        assert item.why and item.original and item.where and item.source["evidence"]
        assert item.unconfirmed == (item.confidence in ("unconfirmed", "inference"))
    assert any(item.unconfirmed for item in items)
    # our own inferences are marked too: 志愿服务 and 骨髓 materials are inferred
    assert {"hz.volunteer.record", "hz.bone_marrow.proof"} <= {
        item.id for item in items if item.confidence == "inference" and item.unconfirmed
    }
    assert items[0].group == "basic"
