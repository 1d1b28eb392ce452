"""What-ifs: table-driven cases per city, and properties over generated profiles.

Point values in the comments come from calculator/rules.py (the guides' rule tables).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from calculator.core.profile import Profile
from calculator.core.profile import to_dict as profile_to_dict
from calculator.core.scoring import score
from calculator.core.validation import parse_profile
from calculator.planning.whatifs import WhatIf, rank_key, whatifs
from tests.helpers import HZ_BASE, SH_BASE
from tests.strategies import profiles


def sh(**overrides: Any) -> Profile:
    return parse_profile({**SH_BASE, **overrides})


def hz(**overrides: Any) -> Profile:
    return parse_profile({**HZ_BASE, **overrides})


def by_id(options: list[WhatIf]) -> dict[str, WhatIf]:
    return {w.id: w for w in options}


def check_applied(profile: Profile, w: WhatIf) -> None:
    """The stated gain is what re-scoring the changed profile gives."""
    before = score(profile)
    after = score(w.apply(profile))
    assert round(after.total - before.total, 2) == w.points_gained
    assert after.total == w.new_total


# --- Shanghai (SH_BASE: assessed 2026-11-01, born 1990-01-01, 12 months of SI) -----------------


@pytest.mark.parametrize(
    ("overrides", "option", "gained", "months", "earliest"),
    [
        # 30 months = 2 full years; 6 more months make 3 years: +3.
        ({"si_months_total": 30}, "si_years", 3, 6, date(2027, 5, 1)),
        # Exactly 24 months: the next full year needs 12 months.
        ({"si_months_total": 24}, "si_years", 3, 12, date(2027, 11, 1)),
        # benke 60 -> benke_degree 90: +30, nothing to wait for.
        ({"education": "benke"}, "education.benke_degree", 30, 0, date(2026, 11, 1)),
        # benke 60 -> doctor 110: +50.
        ({"education": "benke"}, "education.doctor", 50, 0, date(2026, 11, 1)),
        # mid_title (100) needs 6 months of base >= 1x in the last 12; 2 so far -> 4 months;
        # it replaces benke's 60: +40.
        (
            {
                "education": "benke",
                "title_skill": "skill3",
                "si_months_last_12": 12,
                "base_1x_months_last_12": 2,
            },
            "title_skill.mid_title",
            40,
            4,
            date(2027, 3, 1),
        ),
        # The current mid_title does not count (base 0 of 6): waiting 6 months unlocks 100.
        ({"title_skill": "mid_title"}, "title_skill.mid_title", 100, 6, date(2027, 5, 1)),
        # Base >= 1x: 10 of 36 months -> 26 more for 50 points. 36 months at that base need 36
        # months of SI, so si_months_total moves 12 -> 36 with it: 1 -> 3 years = +6. 50+6 = 56.
        (
            {"si_months_total": 12, "base_months_48_080": 10, "base_months_48_100": 10},
            "si_base_100",
            56,
            26,
            date(2029, 1, 1),
        ),
        # Base 3x: 24 of the last 36 months -> 120 points, with 48 months at 0.8/1/2x already.
        (
            {
                "si_months_total": 60,
                "base_months_48_080": 48,
                "base_months_48_100": 48,
                "base_months_48_200": 48,
                "base_months_36_300": 20,
            },
            "si_base_300",
            20,
            4,
            date(2027, 3, 1),
        ),
        # Married 2022-03-15 with a Shanghai-hukou spouse: 4 full years on 2026-11-01; the 5th
        # comes on 2027-03-15 (4 months 14 days -> 5 months of waiting): +4.
        (
            {
                "marital_status": "married",
                "spouse_shanghai_hukou": True,
                "marriage_date": "2022-03-15",
            },
            "spouse_hukou",
            4,
            5,
            date(2027, 3, 15),
        ),
        # 临港 since 2024-08-21 counts from the first full year: 1 year = 2 points.
        ({}, "remote_area.lingang", 2, 12, date(2027, 11, 1)),
        # Already 3 years in 临港 (6 points): one more year +2.
        (
            {"remote_area": "lingang", "remote_area_years": 3},
            "remote_area",
            2,
            12,
            date(2027, 11, 1),
        ),
        # Sanitation: 3 years count nothing until 5 years; then 5*4 = 20 at once, 24 months away.
        (
            {"si_months_total": 120, "public_service_years": 3},
            "public_service",
            20,
            24,
            date(2028, 11, 1),
        ),
        ({}, "shortage_major", 30, 0, date(2026, 11, 1)),
    ],
)
def test_shanghai_options(
    overrides: dict[str, Any], option: str, gained: float, months: int, earliest: date
) -> None:
    profile = sh(**overrides)
    found = by_id(whatifs(profile))
    assert option in found, sorted(found)
    w = found[option]
    assert (w.points_gained, w.months_needed, w.earliest) == (gained, months, earliest)
    assert w.change and w.rule
    check_applied(profile, w)


def test_lingang_2019_rule_needs_three_years() -> None:
    # Between 2019-11-20 and 2024-08-20 the 临港 points counted after 3 full years: 3*2 = 6.
    w = by_id(whatifs(sh(assessment_date="2021-06-01")))["remote_area.lingang"]
    assert (w.points_gained, w.months_needed) == (6, 36)
    assert w.rule == ("lingang_2019",)


@pytest.mark.parametrize(
    ("overrides", "absent"),
    [
        # Spouse points capped at 40 after 10 years.
        (
            {
                "marital_status": "married",
                "spouse_shanghai_hukou": True,
                "marriage_date": "2010-01-01",
            },
            "spouse_hukou",
        ),
        # Remote-area points capped at 20 (10 years).
        ({"remote_area": "other", "remote_area_years": 12}, "remote_area"),
        # Base already 3x: no band can add anything.
        (
            {
                "si_months_total": 60,
                "base_months_48_080": 48,
                "base_months_48_100": 48,
                "base_months_48_200": 48,
                "base_months_36_300": 30,
            },
            "si_base_200",
        ),
        # A doctorate (110) is above every title except the senior ones, and is the top degree.
        ({"education": "doctor"}, "title_skill.mid_title"),
        ({"education": "doctor"}, "education.doctor"),
        ({"shortage_major": True}, "shortage_major"),
        # Not married to a local: no marriage suggestion is ever made.
        ({}, "spouse_hukou"),
    ],
)
def test_shanghai_options_not_suggested(overrides: dict[str, Any], absent: str) -> None:
    assert absent not in by_id(whatifs(sh(**overrides)))


def test_vetoed_profile_gets_no_options() -> None:
    assert whatifs(sh(veto_serious_crime=True)) == []


def test_senior_title_holder_with_base_gets_no_title_option() -> None:
    profile = sh(title_skill="senior_title", base_1x_months_last_12=12)
    assert not [w for w in whatifs(profile) if w.id.startswith(("title_skill", "education"))]


# --- Hangzhou (HZ_BASE: round opening 2024-09-01, V4, born 1990-01-01) --------------------------


@pytest.mark.parametrize(
    ("overrides", "option", "gained", "months"),
    [
        # Renting 20 months = 1 full year (6); 4 more months make 2 years: +6.
        ({"rent_months": 20}, "housing.rent", 6, 4),
        # Not renting: 12 months to the first full year: +6.
        ({}, "housing.rent", 6, 12),
        # V4: a home is 80 points; renting 2 years (12) is replaced: +68.
        ({"rent_months": 24}, "housing.owned", 68, 0),
        # 0.5 per month: 12 more months = +6.
        ({"si_months": 30}, "social_insurance", 6, 12),
        # 236 months = 118 points; the cap 120 is reached after 4 months: +2.
        ({"si_months": 236, "birth_date": "1980-01-01"}, "social_insurance", 2, 4),
        # 40 months = 3 full years (15); 8 more months make 4: +5.
        ({"residence_months": 40}, "residence_years", 5, 8),
        # 250 ml = 1 point; 300 ml = 1.5: +0.5 for 100 ml.
        ({"blood_ml": 250}, "blood", 0.5, 0),
        # 15.5 hours = 0 points; 20 hours = 2: 4.5 more hours.
        ({"volunteer_hours": 15.5}, "volunteer", 2, 0),
        # 300 yuan = 0; 1000 yuan = 2: 700 more.
        ({"donation_yuan": 300}, "donation", 2, 0),
        # benke only with the diploma: 50 - 10 = 40; with the degree 50: +10.
        ({"education": "benke", "degree_status": "diploma_only"}, "education.both", 10, 0),
        # benke (50) -> master (70): +20.
        ({"education": "benke"}, "education.master", 20, 0),
        # mid_title 60 over dazhuan 30: +30.
        ({"education": "dazhuan"}, "title_skill.mid_title", 30, 0),
    ],
)
def test_hangzhou_options(
    overrides: dict[str, Any], option: str, gained: float, months: int
) -> None:
    profile = hz(**overrides)
    found = by_id(whatifs(profile))
    assert option in found, sorted(found)
    w = found[option]
    assert (w.points_gained, w.months_needed) == (gained, months)
    check_applied(profile, w)


def test_hangzhou_option_texts() -> None:
    found = by_id(whatifs(hz(volunteer_hours=15.5, donation_yuan=300, blood_ml=250)))
    assert found["volunteer"].change == "再做4.5小时志愿服务"
    assert found["donation"].change == "通过政府认可的渠道捐赠700元"
    assert found["blood"].change == "在杭州无偿献血100毫升"


def test_hangzhou_v1_employment() -> None:
    # V1 rounds (before 2021-10-15) give 10 points for employment.
    w = by_id(whatifs(hz(assessment_date="2020-03-01")))["employment"]
    assert w.points_gained == 10
    assert w.rule == ("employment",)
    assert "employment" not in by_id(whatifs(hz()))  # V4 has no employment item


@pytest.mark.parametrize(
    ("overrides", "absent"),
    [
        ({"si_months": 240, "birth_date": "1980-01-01"}, "social_insurance"),  # at the cap 120
        ({"residence_months": 240}, "residence_years"),  # 20 years = 100, the cap
        ({"home_owned": True}, "housing.rent"),  # renting (max 30) never beats owning (80)
        ({"home_owned": True}, "housing.owned"),
        ({"blood_ml": 4000}, "blood"),  # capped at 20
        ({"volunteer_hours": 200}, "volunteer"),  # capped at 20
        ({"donation_yuan": 5000}, "donation"),  # capped at 10
        # Junior titles and skill levels 4 and 5 have no published value: never suggested.
        ({}, "title_skill.junior_title"),
        ({}, "title_skill.skill4"),
    ],
)
def test_hangzhou_options_not_suggested(overrides: dict[str, Any], absent: str) -> None:
    assert absent not in by_id(whatifs(hz(**overrides)))


def test_ranking_immediate_first_then_points_per_month() -> None:
    options = whatifs(hz(education="dazhuan", si_months=30, rent_months=20, residence_months=40))
    assert options == sorted(options, key=rank_key)
    waits = [w.months_needed for w in options]
    first_waiting = next(i for i, m in enumerate(waits) if m > 0)
    assert all(m == 0 for m in waits[:first_waiting])
    assert all(m > 0 for m in waits[first_waiting:])
    immediate = [w.points_gained for w in options[:first_waiting]]
    assert immediate == sorted(immediate, reverse=True)
    rates = [w.points_gained / w.months_needed for w in options[first_waiting:]]
    assert rates == sorted(rates, reverse=True)
    # rent +6 in 4 months (1.5/month) comes before residence +5 in 8 and SI +6 in 12.
    assert [w.id for w in options[first_waiting:]][:3] == [
        "housing.rent",
        "residence_years",
        "social_insurance",
    ]


def test_to_dict_shape() -> None:
    d = by_id(whatifs(sh(si_months_total=30)))["si_years"].to_dict()
    assert d == {
        "id": "si_years",
        "change": "继续缴纳本市职工社保6个月",
        "points_gained": 3,
        "new_total": d["new_total"],
        "earliest": "2027-05-01",
        "months_needed": 6,
        "prerequisites": d["prerequisites"],
        "rule": ["si_years"],
        "basis": [{"indicator": "si_years", "label": "社保缴费年限"}],
        "kind": "wait",
        "changes": {"si_months_total": 36, "paying_now": True, "si_months_last_12": 12},
        "reaches_threshold": False,
    }


# --- properties ---------------------------------------------------------------------------------


def without_veto(raw: dict[str, Any]) -> dict[str, Any]:
    """Vetoed profiles get no options at all (tested above); keep the properties meaningful."""
    return {k: (False if k.startswith("veto_") else v) for k, v in raw.items()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_every_option_really_gains_its_points(raw: dict[str, Any]) -> None:
    profile = parse_profile(without_veto(raw))
    base = score(profile)
    options = whatifs(profile, base)
    assert options == sorted(options, key=rank_key)
    assert len({w.id for w in options}) == len(options)
    for w in options:
        changed = w.apply(profile)
        parse_profile(profile_to_dict(changed))  # still a valid profile
        after = score(changed)
        assert w.points_gained > 0
        assert round(after.total - base.total, 2) == w.points_gained
        assert w.earliest >= profile.assessment_date
        assert w.months_needed >= 0
        # No option is suggested past a cap: every raised line was below its cap before, and
        # no line of the changed profile is above its cap.
        old = {line.id: line for line in base.lines}
        for line in after.lines:
            if line.max is not None and line.group != "deduction":
                assert line.points <= line.max
            before = old.get(line.id)
            if before is not None and line.points > before.points and before.max is not None:
                assert before.points < before.max
        assert set(w.rule) <= {line.rule for line in after.lines}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_options_only_change_profile_fields(raw: dict[str, Any]) -> None:
    profile = parse_profile(without_veto(raw))
    names = {f.name for f in dataclasses.fields(profile)}
    for w in whatifs(profile):
        assert set(w.changes) <= names
        assert "assessment_date" not in w.changes and "birth_date" not in w.changes
