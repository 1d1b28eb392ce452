"""Score over time: the months at which age steps down and accruals step up.

Shanghai age points: 5 at 56–60, +2 per year younger, max 30 (so 43 -> 30, 44 -> 29, 45 -> 27).
Hangzhou V3/V4 age points: 30 up to 40, then -2 per year; age is taken on the round's cut-off
date (the 1st of the month before the round opens).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from calculator.core.profile import HangzhouProfile, Profile
from calculator.core.scoring import score
from calculator.core.validation import parse_profile
from calculator.planning.chart import svg
from calculator.planning.projection import HORIZON_MONTHS, advance, project, table
from calculator.surfaces.report import reach_sentence
from tests.helpers import HZ_BASE, SH_BASE
from tests.strategies import profiles


def sh(**overrides: Any) -> Profile:
    return parse_profile({**SH_BASE, **overrides})


def hz(**overrides: Any) -> Profile:
    return parse_profile({**HZ_BASE, **overrides})


def events(profile: Profile, rule: str) -> list[tuple[int, date, float, float]]:
    return [(e.month, e.date, e.before, e.after) for e in project(profile).events if e.rule == rule]


@pytest.mark.parametrize(
    ("overrides", "rule", "expected"),
    [
        # Born 1982-03-10, assessed 2026-01-01 (43: 30 points). Turns 44 on 2026-03-10: the first
        # monthly date at 44 is 2026-04-01 (month 3) -> 29; 45 from 2027-04-01 (month 15) -> 27;
        # 46 from 2028-04-01 -> 25; 47 from 2029-04-01 -> 23; 48 from 2030-04-01 -> 21.
        (
            {
                "assessment_date": "2026-01-01",
                "birth_date": "1982-03-10",
                "paying_now": False,
                "si_months_total": 0,
                "si_months_last_12": 0,
            },
            "age",
            [
                (3, date(2026, 4, 1), 30, 29),
                (15, date(2027, 4, 1), 29, 27),
                (27, date(2028, 4, 1), 27, 25),
                (39, date(2029, 4, 1), 25, 23),
                (51, date(2030, 4, 1), 23, 21),
            ],
        ),
        # 30 months of SI (2 years, 6 points) while paying: 36 at month 6 -> 9, 48 at month 18
        # -> 12, then every 12 months.
        (
            {"si_months_total": 30},
            "si_years",
            [
                (6, date(2027, 5, 1), 6, 9),
                (18, date(2028, 5, 1), 9, 12),
                (30, date(2029, 5, 1), 12, 15),
                (42, date(2030, 5, 1), 15, 18),
                (54, date(2031, 5, 1), 18, 21),
            ],
        ),
        # Not paying now: the SI months do not accrue.
        ({"si_months_total": 30, "paying_now": False}, "si_years", []),
        # Married 2022-03-15 to a Shanghai-hukou spouse: 4 years (16) on 2026-11-01; 5 years from
        # 2027-03-15, first seen 2027-04-01 (month 5); the cap of 40 (10 years) from 2032-04-01,
        # beyond the 60 months.
        (
            {
                "marital_status": "married",
                "spouse_shanghai_hukou": True,
                "marriage_date": "2022-03-15",
            },
            "spouse_hukou",
            [
                (5, date(2027, 4, 1), 16, 20),
                (17, date(2028, 4, 1), 20, 24),
                (29, date(2029, 4, 1), 24, 28),
                (41, date(2030, 4, 1), 28, 32),
                (53, date(2031, 4, 1), 32, 36),
            ],
        ),
        # Sanitation, 4 full years on 2026-11-01: counted only from 5 years, i.e. 12 months later
        # -> 5*4 = 20; then one more year every 12 months.
        (
            {
                "si_months_total": 0,
                "si_months_last_12": 0,
                "paying_now": False,
                "public_service_years": 4,
            },
            "public_service",
            [
                (12, date(2027, 11, 1), 0, 20),
                (24, date(2028, 11, 1), 20, 24),
                (36, date(2029, 11, 1), 24, 28),
                (48, date(2030, 11, 1), 28, 32),
                (60, date(2031, 11, 1), 32, 36),
            ],
        ),
        # An administrative detention on 2023-06-10 costs 50 while within 5 years: it leaves the
        # window when the assessment date passes 2028-06-10 -> first at 2028-07-01 (month 20).
        (
            {"offences": [{"date": "2023-06-10", "kinds": ["detention"]}]},
            "detention",
            [(20, date(2028, 7, 1), -50, 0)],
        ),
    ],
)
def test_shanghai_steps(
    overrides: dict[str, Any], rule: str, expected: list[tuple[int, date, float, float]]
) -> None:
    assert events(sh(**overrides), rule) == expected


@pytest.mark.parametrize(
    ("overrides", "rule", "expected"),
    [
        # Born 1985-05-20; round 2025-07-01 has cut-off 2025-06-01: 40 -> 30 points. 41 on the
        # cut-off date first for the round 2026-07-01 (cut-off 2026-06-01): month 12 -> 28;
        # then -2 every 12 months.
        (
            {"assessment_date": "2025-07-01", "birth_date": "1985-05-20"},
            "age",
            [
                (12, date(2026, 7, 1), 30, 28),
                (24, date(2027, 7, 1), 28, 26),
                (36, date(2028, 7, 1), 26, 24),
                (48, date(2029, 7, 1), 24, 22),
                (60, date(2030, 7, 1), 22, 20),
            ],
        ),
        # 10 months of residence registration: 12 at month 2 -> 5 points, 24 at month 14 -> 10.
        (
            {"residence_months": 10},
            "residence_years",
            [
                (2, date(2024, 11, 1), 0, 5),
                (14, date(2025, 11, 1), 5, 10),
                (26, date(2026, 11, 1), 10, 15),
                (38, date(2027, 11, 1), 15, 20),
                (50, date(2028, 11, 1), 20, 25),
            ],
        ),
        # Without an urban residence permit nothing accrues.
        ({"residence_months": 10, "has_urban_permit": False}, "residence_years", []),
        # SI at 236 months (118) reaches the cap of 120 after 4 months (0.5 per month).
        (
            {"si_months": 236, "birth_date": "1975-01-01"},
            "social_insurance",
            [
                (1, date(2024, 10, 1), 118, 118.5),
                (2, date(2024, 11, 1), 118.5, 119),
                (3, date(2024, 12, 1), 119, 119.5),
                (4, date(2025, 1, 1), 119.5, 120),
            ],
        ),
        # Renting 20 months (6): 24 at month 4 -> 12 ... capped at 30 from 60 months (month 40).
        (
            {"rent_months": 20},
            "housing",
            [
                (4, date(2025, 1, 1), 6, 12),
                (16, date(2026, 1, 1), 12, 18),
                (28, date(2027, 1, 1), 18, 24),
                (40, date(2028, 1, 1), 24, 30),
            ],
        ),
        # A detention on 2023-05-01 (-60) counts while after the cut-off minus 5 years: the
        # round 2028-06-01 (cut-off 2028-05-01) is the first without it: month 45.
        (
            {"offences": [{"date": "2023-05-01", "kinds": ["detention"]}]},
            "detention",
            [(45, date(2028, 6, 1), -60, 0)],
        ),
    ],
)
def test_hangzhou_steps(
    overrides: dict[str, Any], rule: str, expected: list[tuple[int, date, float, float]]
) -> None:
    assert events(hz(**overrides), rule) == expected


def test_reaches_threshold_when_si_completes_a_year() -> None:
    # 33 months (2 years = 6) with a master's degree (100) and age 30: 136 already.
    reached = project(sh(si_months_total=33, education="master"))
    assert reached.reaches_threshold_on == date(2026, 11, 1) and reached.already_reached
    # benke 60 + age 30 + 6 (2 years) = 96. In 60 months SI reaches 93 months (7 years, 21) and
    # the age points stay 30 (born 1990: 43 only in 2033): 111 < 120, never within the horizon.
    proj = project(sh(si_months_total=33, education="benke"))
    assert proj.reaches_threshold_on is None and not proj.already_reached
    assert proj.points[-1].total == 60 + 30 + 3 * ((33 + 60) // 12)


def test_reached_later_while_paying() -> None:
    # dazhuan 50 + age 30 + base >= 80% for 40 of 48 months (25) + 57 months of SI (4 years,
    # 12) = 117; 60 months at month 3 -> 5 years, 15 -> 120.
    profile = sh(education="dazhuan", si_months_total=57, base_months_48_080=40)
    proj = project(profile)
    assert proj.points[0].total == 117
    assert proj.reaches_threshold_on == date(2027, 2, 1)
    assert proj.eligible_on == date(2027, 2, 1)
    assert not proj.already_reached
    assert reach_sentence(proj.to_dict()) == "如一切照旧，预计2027-02-01达到120分。"


def test_no_date_promised_for_a_line_already_reached() -> None:
    # master 100 + age 30 + 2 years of SI 6 = 136 >= 120 at the start: no date, "already".
    proj = project(sh(si_months_total=33, education="master"))
    assert reach_sentence(proj.to_dict()) == "现在已达到120分。"


def test_gate_can_delay_eligibility() -> None:
    # 120 points already but only 2 months of SI in the last 12 (6 needed): paying, the gate
    # passes 4 months later.
    profile = sh(education="benke_degree", si_months_total=2, si_months_last_12=2)
    proj = project(profile)
    assert proj.reaches_threshold_on == date(2026, 11, 1)
    assert proj.eligible_on == date(2027, 3, 1)


def test_no_threshold_for_school() -> None:
    proj = project(hz(purpose="school", residence_months=10))
    assert proj.threshold is None
    assert proj.reaches_threshold_on is None
    assert proj.to_dict()["reaches_threshold_on"] is None


def test_shape_and_renderings() -> None:
    profile = sh(si_months_total=30)
    proj = project(profile)
    assert len(proj.points) == HORIZON_MONTHS + 1
    assert proj.points[0].total == score(profile).total
    assert proj.points[12].date == date(2027, 11, 1)
    d = proj.to_dict()
    assert set(d) == {
        "start",
        "months",
        "threshold",
        "threshold_label",
        "reaches_threshold_on",
        "already_reached",
        "sentence",
        "eligible_on",
        "points",
        "events",
        "assumptions",
    }
    assert d["points"][0] == {
        "date": "2026-11-01",
        "total": proj.points[0].total,
        "eligible": False,
    }
    rows = table(proj)
    assert rows[0][0] == "2026-11-01" and rows[-1][0] == "2031-11-01"
    picture = svg(proj)
    assert picture.startswith("<svg") and picture.endswith("</svg>")
    assert "<script" not in picture and "href" not in picture


def test_advance_clamps_to_field_limits() -> None:
    profile = hz(si_months=598, birth_date="1955-01-01")
    later = advance(profile, 10)
    assert isinstance(later, HangzhouProfile)
    assert later.si_months == 600  # the field's maximum (validation limit)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_projection_matches_rescoring(raw: dict[str, Any]) -> None:
    profile = parse_profile(raw)
    proj = project(profile, months=24)
    assert len(proj.points) == 25
    for n in (0, 7, 24):
        assert proj.points[n].total == score(advance(profile, n)).total
    dates = [p.date for p in proj.points]
    assert dates == sorted(dates)
    if proj.reaches_threshold_on is not None:
        # The line can change over time (Hangzhou V1 yearly lines, then 100 from V2): compare
        # with the threshold in force in the month it is reached.
        n = dates.index(proj.reaches_threshold_on)
        threshold = score(advance(profile, n)).threshold
        assert threshold is not None and proj.points[n].total >= threshold
