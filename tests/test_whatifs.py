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
from calculator.planning.candidate import (
    EFFORT_LABELS,
    EFFORT_ORDER,
    LIFE,
    PAPERWORK,
    WAIT,
    Candidate,
)
from calculator.planning.whatifs import WhatIf, rank_key, time_text, whatifs
from calculator.surfaces.report import whatif_groups
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
    ("overrides", "option", "gained", "months", "earliest", "effort"),
    [
        # 30 months = 2 full years; 6 more months make 3 years: +3, wait.
        ({"si_months_total": 30}, "si_years", 3, 6, date(2027, 5, 1), WAIT),
        # Exactly 24 months: the next full year needs 12 months: +3, wait.
        ({"si_months_total": 24}, "si_years", 3, 12, date(2027, 11, 1), WAIT),
        # Not paying now: the same +3 needs a job paying Shanghai insurance first: life, at least
        # the 12 months to the next full year (12 -> 24 months = 1 -> 2 years).
        ({"paying_now": False}, "si_years", 3, 12, date(2027, 11, 1), LIFE),
        # 本科 60 -> 本科+学士 90: +30, life, 因人而异 (no study time in the rules).
        ({"education": "benke"}, "education.benke_degree", 30, None, None, LIFE),
        # 本科 60 -> 博士 110: +50, life, 因人而异.
        ({"education": "benke"}, "education.doctor", 50, None, None, LIFE),
        # 大专 50 -> 博士 110: +60, life, 因人而异 (never "不需等待").
        ({"education": "dazhuan"}, "education.doctor", 60, None, None, LIFE),
        # mid_title (100) needs 6 months of base >= 1x in the last 12; 2 so far -> at least 4
        # months; it replaces 本科's 60: +40, life (a certificate not held yet).
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
            LIFE,
        ),
        # The held mid_title does not count yet (base 2 of 6): 4 more months at that base
        # unlock 100 - 0 = +100, wait.
        (
            {"title_skill": "mid_title", "base_1x_months_last_12": 2},
            "title_skill.mid_title",
            100,
            4,
            date(2027, 3, 1),
            WAIT,
        ),
        # Base 0 of 6: no month at 1x yet, a higher wage first: +100, life, at least 6 months.
        ({"title_skill": "mid_title"}, "title_skill.mid_title", 100, 6, date(2027, 5, 1), LIFE),
        # Held but not matching the post (base 6 of 6 met): another post: +100, life, 因人而异.
        (
            {"title_skill": "mid_title", "title_matches_post": False, "base_1x_months_last_12": 6},
            "title_skill.mid_title",
            100,
            None,
            None,
            LIFE,
        ),
        # Base >= 1x: 10 of 36 months -> 26 more for 50 points. 36 months at that base need 36
        # months of SI, so si_months_total moves 12 -> 36 with it: 1 -> 3 years = +6. 50+6 = 56,
        # wait (already paying at that base).
        (
            {"si_months_total": 12, "base_months_48_080": 10, "base_months_48_100": 10},
            "si_base_100",
            56,
            26,
            date(2029, 1, 1),
            WAIT,
        ),
        # Base 3x: 24 of the last 36 months -> 120 points, with 48 months at 0.8/1/2x already:
        # 120 - 100 = +20, wait (20 months at 3x so far).
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
            WAIT,
        ),
        # No month at 1x in 48, but 3 of the last 12 at >= 1x (the title's count): already paid
        # at that base, so 36 - 0 = 36 months of waiting; 25 (0.8x) -> 50 = +25, wait.
        (
            {
                "si_months_total": 48,
                "base_months_48_080": 40,
                "base_1x_months_last_12": 3,
                "title_skill": "mid_title",
            },
            "si_base_100",
            25,
            36,
            date(2029, 11, 1),
            WAIT,
        ),
        # No month at 2x yet: 100 - 50 (1x band) = +50 needs a higher wage: life, at least 36.
        (
            {"si_months_total": 60, "base_months_48_080": 48, "base_months_48_100": 48},
            "si_base_200",
            50,
            36,
            date(2029, 11, 1),
            LIFE,
        ),
        # Married 2022-03-15 with a Shanghai-hukou spouse: 4 full years on 2026-11-01; the 5th
        # comes on 2027-03-15 (4 months 14 days -> 5 months of waiting): +4, wait.
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
            WAIT,
        ),
        # 临港 since 2024-08-21 counts from the first full year: 1 year = 2 points; moving
        # there is a life change of at least 12 months.
        ({}, "remote_area.lingang", 2, 12, date(2027, 11, 1), LIFE),
        # Already 3 years in 临港 (6 points): one more year +2, wait.
        (
            {"remote_area": "lingang", "remote_area_years": 3},
            "remote_area",
            2,
            12,
            date(2027, 11, 1),
            WAIT,
        ),
        # Sanitation: 3 years count nothing until 5 years; then 5*4 = 20 at once, 24 months away.
        (
            {"si_months_total": 120, "public_service_years": 3},
            "public_service",
            20,
            24,
            date(2028, 11, 1),
            WAIT,
        ),
        # A post matching a listed major: +30, life, 因人而异.
        ({}, "shortage_major", 30, None, None, LIFE),
    ],
)
def test_shanghai_options(
    overrides: dict[str, Any],
    option: str,
    gained: float,
    months: int | None,
    earliest: date | None,
    effort: str,
) -> None:
    profile = sh(**overrides)
    found = by_id(whatifs(profile))
    assert option in found, sorted(found)
    w = found[option]
    assert (w.points_gained, w.months_needed, w.earliest, w.effort) == (
        gained,
        months,
        earliest,
        effort,
    )
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
    ("overrides", "option", "gained", "months", "effort"),
    [
        # Renting 20 months = 1 full year (6); 4 more months make 2 years: +6, wait.
        ({"rent_months": 20}, "housing.rent", 6, 4, WAIT),
        # Not renting: moving into a legal rental, 12 months to the first full year: +6, life.
        ({}, "housing.rent", 6, 12, LIFE),
        # V4: a home is 80 points; renting 2 years (12) is replaced: 80 - 12 = +68, life, 因人而异.
        ({"rent_months": 24}, "housing.owned", 68, None, LIFE),
        # 0.5 per month: 12 more months = +6, wait.
        ({"si_months": 30}, "social_insurance", 6, 12, WAIT),
        # 236 months = 118 points; the cap 120 is reached after 4 months: +2, wait.
        ({"si_months": 236, "birth_date": "1980-01-01"}, "social_insurance", 2, 4, WAIT),
        # 40 months = 3 full years (15); 8 more months make 4: +5, wait.
        ({"residence_months": 40}, "residence_years", 5, 8, WAIT),
        # 250 ml = 1 point; 300 ml = 1.5: +0.5 for 100 ml, can be done now.
        ({"blood_ml": 250}, "blood", 0.5, 0, PAPERWORK),
        # 15.5 hours = 0 points; 20 hours = 2: 4.5 more hours, can be done now.
        ({"volunteer_hours": 15.5}, "volunteer", 2, 0, PAPERWORK),
        # 300 yuan = 0; 1000 yuan = 2: 700 more, can be done now.
        ({"donation_yuan": 300}, "donation", 2, 0, PAPERWORK),
        # 本科 with the diploma only: 50 - 10 = 40; with the degree 50: +10, life, 因人而异.
        ({"education": "benke", "degree_status": "diploma_only"}, "education.both", 10, None, LIFE),
        # 本科 (50) -> 硕士 (70): +20, life, 因人而异.
        ({"education": "benke"}, "education.master", 20, None, LIFE),
        # 大专 (30) -> 本科 (50): +20, life, 因人而异.
        ({"education": "dazhuan"}, "education.benke", 20, None, LIFE),
        # mid_title 60 over 大专 30: +30, life, 因人而异.
        ({"education": "dazhuan"}, "title_skill.mid_title", 30, None, LIFE),
    ],
)
def test_hangzhou_options(
    overrides: dict[str, Any], option: str, gained: float, months: int | None, effort: str
) -> None:
    profile = hz(**overrides)
    found = by_id(whatifs(profile))
    assert option in found, sorted(found)
    w = found[option]
    assert (w.points_gained, w.months_needed, w.effort) == (gained, months, effort)
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


def test_ranking_by_effort_then_points_per_month() -> None:
    # 大专 renter with 15.5 volunteer hours: paperwork (volunteer +2), then waits, then life.
    options = whatifs(
        hz(
            education="dazhuan",
            si_months=30,
            rent_months=20,
            residence_months=40,
            volunteer_hours=15.5,
        )
    )
    assert options == sorted(options, key=rank_key)
    efforts = [w.effort for w in options]
    assert efforts == sorted(efforts, key=EFFORT_ORDER.__getitem__)
    assert efforts[0] == PAPERWORK and efforts[-1] == LIFE
    waits = [w for w in options if w.effort == WAIT]
    rates = [w.points_gained / (w.months_needed or 1) for w in waits]
    assert rates == sorted(rates, reverse=True)
    # rent +6 in 4 months (1.5/month) comes before residence +5 in 8 and SI +6 in 12.
    assert [w.id for w in waits] == ["housing.rent", "residence_years", "social_insurance"]
    # Life changes by points, largest first: 正高 100 - 30 = +70 before a home 80 - 6 = +74?
    # The home's +74 comes first, then the title's +70.
    life = [w.points_gained for w in options if w.effort == LIFE]
    assert [w.id for w in options if w.effort == LIFE][:2] == [
        "housing.owned",
        "title_skill.full_senior",
    ]
    assert life == sorted(life, reverse=True)


@pytest.mark.parametrize(
    ("effort", "months", "earliest", "text"),
    [
        (PAPERWORK, 0, date(2026, 11, 1), "不需等待，办好即可"),
        (WAIT, 6, date(2027, 5, 1), "约6个月后（最早2027-05-01）"),
        (LIFE, 12, date(2027, 11, 1), "至少12个月（最早2027-11-01），实际所需时间因人而异"),
        (LIFE, None, None, "所需时间因人而异"),
    ],
)
def test_time_text(effort: str, months: int | None, earliest: date | None, text: str) -> None:
    assert time_text(effort, months, earliest) == text


@pytest.mark.parametrize(
    ("effort", "months"),
    [(PAPERWORK, 3), (PAPERWORK, None), (WAIT, 0), (WAIT, None), (LIFE, 0), ("soon", 0)],
)
def test_candidate_refuses_an_effort_that_contradicts_its_months(
    effort: str, months: int | None
) -> None:
    with pytest.raises(ValueError):
        Candidate("x", "x", {}, months, effort)


def test_to_dict_shape() -> None:
    d = by_id(whatifs(sh(si_months_total=30)))["si_years"].to_dict()
    assert d == {
        "id": "si_years",
        "change": "继续缴纳本市职工社保6个月",
        "points_gained": 3,
        "new_total": d["new_total"],
        "earliest": "2027-05-01",
        "months_needed": 6,
        "time_text": "约6个月后（最早2027-05-01）",
        "prerequisites": d["prerequisites"],
        "rule": ["si_years"],
        "basis": [{"indicator": "si_years", "label": "社保缴费年限"}],
        "effort": "wait",
        "effort_label": "等时间累积",
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
        assert w.earliest is None or w.earliest >= profile.assessment_date
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


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_groups_in_order_and_a_life_change_is_never_immediate(raw: dict[str, Any]) -> None:
    options = whatifs(parse_profile(without_veto(raw)))
    order = [EFFORT_ORDER[w.effort] for w in options]
    assert order == sorted(order)
    dicts = [w.to_dict() for w in options]
    # The rendered groups (CLI, Markdown, batch reports) follow the same order, once each.
    labels = [label for label, _ in whatif_groups(dicts)]
    assert labels == [
        EFFORT_LABELS[e] for e in EFFORT_LABELS if any(w.effort == e for w in options)
    ]
    for w, d in zip(options, dicts, strict=True):
        if w.effort == LIFE:
            assert w.months_needed != 0
            assert "不需等待" not in d["time_text"]
            assert (w.months_needed is None) == (w.earliest is None)
        elif w.effort == WAIT:
            assert w.months_needed is not None and w.months_needed > 0 and w.earliest
        else:
            assert w.months_needed == 0
