"""Hangzhou golden cases per version; the arithmetic is in the comments.

HZ_BASE assesses a round opening 2024-09-01 (V4), so the cut-off date is 2024-08-01.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers import hz, points, warning_ids

VERSION_CASES = [
    ("2018-01-01", "V1"),
    ("2021-10-14", "V1"),
    ("2021-10-15", "V2"),
    ("2023-05-07", "V2"),
    ("2023-05-08", "V3"),
    ("2024-06-30", "V3"),
    ("2024-07-01", "V4"),
    ("2025-06-15", "V4"),
    ("2025-06-16", "V4"),  # V5 in force, its values unknown: scored on V4
]


@pytest.mark.parametrize(("on", "version"), VERSION_CASES)
def test_version_switch_dates(on: str, version: str) -> None:
    assert hz(assessment_date=on).policy.id == version


def test_2025_adjustment_flags_the_four_changed_indicators() -> None:
    before, after = hz(assessment_date="2025-06-15"), hz(assessment_date="2025-06-16")
    changed = {
        "uncovered.social_insurance",
        "uncovered.housing",
        "uncovered.residence_years",
        "uncovered.volunteer",
    }
    assert not changed & warning_ids(before)
    assert changed <= warning_ids(after)
    assert "V4" in after.policy_note or "2025-06-16" in after.policy_note


@pytest.mark.parametrize(
    ("on", "cutoff"),
    [
        ("2023-09-01", "2023-08-01"),  # the 2023 settlement round
        ("2024-03-01", "2024-02-01"),
        ("2024-01-10", "2023-12-01"),  # January: previous December
    ],
)
def test_cutoff_date_is_first_of_previous_month(on: str, cutoff: str) -> None:
    assert hz(assessment_date=on).cutoff_date.isoformat() == cutoff


# V1 round 2021-03-01: cut-off 2021-02-01
V1_AGE_CASES = [
    ("1978-02-01", 30),  # 43: 5 + 2*13 = 31, capped at 30
    ("1977-02-01", 29),  # 44: 5 + 2*12
    ("1966-02-01", 7),  # 55: 5 + 2*1
    ("1965-02-01", 5),  # 56
    ("1961-02-01", 5),  # 60
    ("1960-02-01", 0),  # 61: not in the rule
]


@pytest.mark.parametrize(("birth", "expected"), V1_AGE_CASES)
def test_age_v1_v2_scale(birth: str, expected: int) -> None:
    assert points(hz(assessment_date="2021-03-01", birth_date=birth), "age") == expected


# V4 round 2024-09-01: cut-off 2024-08-01
V3_AGE_CASES = [
    ("1984-08-01", 30),  # 40: 30
    ("1984-08-02", 30),  # 39
    ("1983-08-01", 28),  # 41: 30 - 2*1
    ("1970-08-01", 2),  # 54: 30 - 2*14
    ("1969-08-01", 0),  # 55: 30 - 2*15 = 0
    ("1965-08-01", 0),  # 59: floor at 0
]


@pytest.mark.parametrize(("birth", "expected"), V3_AGE_CASES)
def test_age_v3_scale(birth: str, expected: int) -> None:
    assert points(hz(birth_date=birth), "age") == expected


EDU_CASES: list[tuple[dict[str, Any], float, float]] = [
    # (overrides, education, title)
    ({"education": "high_school"}, 10, 0),
    ({"education": "dazhuan"}, 30, 0),
    ({"education": "benke"}, 50, 0),
    ({"education": "benke", "degree_status": "diploma_only"}, 40, 0),  # 50 - 10
    ({"education": "benke", "degree_status": "degree_only"}, 40, 0),
    ({"education": "master", "degree_status": "diploma_only"}, 60, 0),  # 70 - 10
    ({"education": "doctor"}, 90, 0),
    ({"education": "benke", "education_completed": False}, 0, 0),  # 结业/肄业
    ({"education": "dazhuan", "title_skill": "skill3"}, 0, 40),  # 40 > 30
    ({"education": "benke", "title_skill": "mid_title"}, 0, 60),  # 60 > 50
    ({"education": "master", "title_skill": "skill2"}, 70, 0),  # 70 > 60
    ({"education": "doctor", "title_skill": "full_senior"}, 0, 100),  # 100 > 90
    ({"title_skill": "deputy_senior"}, 0, 80),
    ({"title_skill": "skill1"}, 0, 80),
    ({"title_skill": "skill4"}, 0, 0),  # value not found: 0 with a warning
]


@pytest.mark.parametrize(("overrides", "education", "title"), EDU_CASES)
def test_education_and_title(overrides: dict[str, Any], education: float, title: float) -> None:
    result = hz(**overrides)
    assert (points(result, "education"), points(result, "title_skill")) == (education, title)


def test_unknown_title_value_is_flagged() -> None:
    assert "uncovered.title_skill" in warning_ids(hz(title_skill="junior_title"))


@pytest.mark.parametrize(
    ("on", "months", "expected"),
    [
        ("2020-03-01", 100, 25),  # V1: 100 * 0.25
        ("2020-03-01", 300, 75),  # V1: 300 * 0.25 = 75, the cap
        ("2020-03-01", 310, 75),  # capped
        ("2022-09-01", 100, 50),  # V2: 100 * 0.5
        ("2022-09-01", 240, 120),  # V2: 240 * 0.5 = 120, the cap
        ("2022-09-01", 250, 120),
        ("2024-09-01", 1, 0.5),
    ],
)
def test_social_insurance(on: str, months: int, expected: float) -> None:
    assert (
        points(
            hz(assessment_date=on, birth_date="1960-01-01", si_months=months), "social_insurance"
        )
        == expected
    )


def test_employment_only_in_v1() -> None:
    assert points(hz(assessment_date="2020-03-01", employed=True), "employment") == 10
    assert "employment" not in {line.id for line in hz(employed=True).lines}


@pytest.mark.parametrize(
    ("on", "months", "expected"),
    [
        ("2020-03-01", 11, 0),  # under 12 months
        ("2020-03-01", 36, 9),  # V1: 3 * 3
        ("2020-03-01", 200, 45),  # V1: 16 * 3 = 48, capped at 45
        ("2022-09-01", 36, 15),  # V2: 3 * 5
        ("2022-09-01", 250, 100),  # V2: 20 * 5 = 100
    ],
)
def test_residence_years(on: str, months: int, expected: int) -> None:
    assert (
        points(
            hz(assessment_date=on, birth_date="1960-01-01", residence_months=months),
            "residence_years",
        )
        == expected
    )


@pytest.mark.parametrize(
    ("on", "overrides", "expected"),
    [
        ("2024-06-30", {"home_owned": True}, 30),  # V3: 30
        ("2024-07-01", {"home_owned": True}, 80),  # V4: 80
        ("2024-07-01", {"rent_months": 40}, 18),  # 3 full years * 6
        ("2024-07-01", {"rent_months": 100}, 30),  # 8 * 6 = 48, capped at 30
        ("2024-06-30", {"home_owned": True, "rent_months": 100}, 30),  # V3: 30 vs 30
        ("2024-07-01", {"home_owned": True, "rent_months": 100}, 80),  # only the higher
    ],
)
def test_housing(on: str, overrides: dict[str, Any], expected: int) -> None:
    assert points(hz(assessment_date=on, **overrides), "housing") == expected


def test_honours_and_bone_marrow() -> None:
    result = hz(honours_national=1, honours_district=2, bone_marrow=True)
    assert points(result, "honours") == 100  # 80 + 2 * 10
    assert points(result, "bone_marrow") == 80
    assert "uncovered.honours_cap" in warning_ids(result)


@pytest.mark.parametrize(
    ("on", "ml", "expected"),
    [
        ("2024-09-01", 199, 0),
        ("2024-09-01", 200, 1),  # 200 ml = 1
        ("2024-09-01", 299, 1),
        ("2024-09-01", 300, 1.5),  # 1 + 0.5
        ("2020-03-01", 4000, 10),  # V1: 1 + 0.5*38 = 20, capped at 10
        ("2024-09-01", 4000, 20),  # V2+: 20, the cap
        ("2024-09-01", 5000, 20),  # 25 capped at 20
    ],
)
def test_blood(on: str, ml: int, expected: float) -> None:
    assert points(hz(assessment_date=on, blood_ml=ml), "blood") == expected


@pytest.mark.parametrize(
    ("on", "hours", "expected"),
    [
        ("2024-09-01", 19, 0),
        ("2024-09-01", 20, 2),  # 1 * 2
        ("2024-09-01", 45, 4),  # 2 * 2
        ("2020-03-01", 250, 10),  # V1: 12 * 2 = 24, capped at 10
        ("2024-09-01", 250, 20),  # V2+: capped at 20
    ],
)
def test_volunteer(on: str, hours: float, expected: int) -> None:
    assert points(hz(assessment_date=on, volunteer_hours=hours), "volunteer") == expected


@pytest.mark.parametrize(("yuan", "expected"), [(999, 0), (1000, 2), (4999, 8), (7000, 10)])
def test_donation(yuan: int, expected: int) -> None:
    # 2 per full 1000 yuan, capped at 10
    assert points(hz(donation_yuan=yuan), "donation") == expected


TAX_CASES = [
    ("2024-09-01", "investor", 49_999, 0),
    ("2024-09-01", "investor", 50_000, 1),  # 1
    ("2024-09-01", "investor", 80_000, 2),  # 1 + 30000/30000
    ("2024-09-01", "investor", 1_000_000, 20),  # 1 + 31 = 32, capped at 20
    ("2024-09-01", "employee", 9_999, 0),
    ("2024-09-01", "employee", 10_000, 1),
    ("2024-09-01", "employee", 15_000, 2),  # 1 + 5000/5000
    ("2022-09-01", "employee", 500_000, 20),  # V2: 1 + 98 = 99, capped at 20
    ("2024-09-01", "employee", 500_000, 80),  # V3+: capped at 80
    ("2024-09-01", "none", 500_000, 0),
]


@pytest.mark.parametrize(("on", "role", "yuan", "expected"), TAX_CASES)
def test_tax(on: str, role: str, yuan: int, expected: int) -> None:
    assert points(hz(assessment_date=on, tax_role=role, tax_yuan=yuan), "tax") == expected


@pytest.mark.parametrize(
    ("on", "role", "titles", "expected"),
    [
        ("2024-09-01", "director", "one", 40),
        ("2024-09-01", "supervisor", "both", 80),
        ("2020-03-01", "legal_rep", "both", 10),  # V1: max 10, legal representative only
        ("2020-03-01", "director", "one", 0),
    ],
)
def test_enterprise_credit(on: str, role: str, titles: str, expected: int) -> None:
    result = hz(assessment_date=on, credit_role=role, credit_titles=titles)
    assert points(result, "enterprise_credit") == expected


def test_patents() -> None:
    result = hz(patents_sole=2, patents_first_coowner=1, patents_other_coowner=1)
    assert points(result, "invention_patent") == 70  # 2*20 + 20 + 10
    assert "confidence.invention_patent" in warning_ids(result)


DEDUCTION_CASES: list[tuple[list[dict[str, Any]], dict[str, int]]] = [
    # cut-off 2024-08-01: the 5-year window starts after 2019-08-01
    (
        [{"date": "2022-01-01", "kinds": ["crime", "detention"]}],
        {"crime": -150, "detention": 0},
    ),  # one act: only the largest deduction
    (
        [
            {"date": "2022-01-01", "kinds": ["detention"]},
            {"date": "2023-01-01", "kinds": ["detention"]},
        ],
        {"detention": -120},
    ),  # 2 * -60
    ([{"date": "2019-08-01", "kinds": ["crime"]}], {"crime": 0}),  # exactly 5 years: outside
    ([{"date": "2019-08-02", "kinds": ["drug_rehab"]}], {"drug_rehab": -100}),
]


@pytest.mark.parametrize(("offences", "expected"), DEDUCTION_CASES)
def test_deductions(offences: list[dict[str, Any]], expected: dict[str, int]) -> None:
    result = hz(offences=offences)
    assert {k: points(result, k) for k in expected} == expected


@pytest.mark.parametrize(
    ("on", "purpose", "threshold"),
    [
        ("2018-03-01", "settle", 130),  # V1: the published 2018 line
        ("2019-03-01", "settle", 125),
        ("2020-03-01", "settle", 120),
        ("2021-03-01", "settle", 135),  # 2021 round 1
        ("2022-09-01", "settle", 100),  # V2: 100 to apply
        ("2024-09-01", "settle", 100),  # V3+: 100 settles in principle
        ("2024-09-01", "both", 100),
        ("2024-03-01", "school", None),  # ranking, no line
    ],
)
def test_thresholds(on: str, purpose: str, threshold: int | None) -> None:
    assert hz(assessment_date=on, purpose=purpose).threshold == threshold


@pytest.mark.parametrize(
    ("overrides", "gate_id"),
    [
        ({"has_urban_permit": False}, "gate_permit"),
        ({"hangzhou_urban_hukou": True}, "gate_hukou"),
        ({"birth_date": "2006-08-02"}, "gate_age"),  # 17 on the cut-off date 2024-08-01
    ],
)
def test_gate(overrides: dict[str, Any], gate_id: str) -> None:
    result = hz(home_owned=True, education="doctor", **overrides)
    assert [g.id for g in result.gate if not g.passed] == [gate_id]
    assert not result.eligible


@pytest.mark.parametrize("flag", ["veto_serious_crime", "veto_banned_org"])
def test_veto(flag: str) -> None:
    result = hz(home_owned=True, education="doctor", **{flag: True})
    assert result.vetoed and not result.eligible


def test_whole_profile_total() -> None:
    result = hz(
        birth_date="1988-04-12",
        education="benke",
        si_months=70,
        residence_months=66,
        home_owned=True,
        blood_ml=800,
        volunteer_hours=45,
    )
    # 30 age (36) + 50 benke + 35 si (70*0.5) + 25 residence (5*5) + 80 home
    # + 4 blood (1 + 0.5*6) + 4 volunteer (2*2) = 228
    assert result.total == 228
    assert result.eligible


def test_forced_version() -> None:
    result = hz(policy_version="V2", home_owned=True)
    assert result.policy.id == "V2" and points(result, "housing") == 30
