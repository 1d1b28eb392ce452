"""Shanghai golden cases: one row per indicator boundary; the arithmetic is in the comment."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import line_max, points, sh, warning_ids

# Assessment date for every row: 2026-11-01 (SH_BASE), so a birth date of 1983-11-01 is 43 周岁.
AGE_CASES = [
    ("1983-11-01", 30),  # 43: 5 + 2*(56-43)=31, capped at 30
    ("1982-11-02", 30),  # still 43 the day before the 44th birthday
    ("1982-11-01", 29),  # 44: 5 + 2*12 = 29
    ("1971-11-01", 7),  # 55: 5 + 2*1 = 7
    ("1970-11-01", 5),  # 56: 5
    ("1966-11-01", 5),  # 60: 5
    ("1965-11-01", 0),  # 61: not in the rule -> 0 and a warning
]


@pytest.mark.parametrize(("birth", "expected"), AGE_CASES)
def test_age(birth: str, expected: int) -> None:
    assert points(sh(birth_date=birth), "age") == expected


def test_age_over_60_is_flagged() -> None:
    assert "uncovered.age" in warning_ids(sh(birth_date="1965-11-01"))


EDUCATION_CASES = [
    ("none", 0),
    ("dazhuan", 50),
    ("benke", 60),
    ("benke_degree", 90),
    ("master", 100),
    ("doctor", 110),
]


@pytest.mark.parametrize(("level", "expected"), EDUCATION_CASES)
def test_education(level: str, expected: int) -> None:
    assert points(sh(education=level), "education") == expected


TITLE_CASES: list[tuple[dict[str, Any], float, float]] = [
    # (overrides, title points, education points)
    ({"title_skill": "skill5"}, 15, 0),  # 15, no prerequisite
    ({"title_skill": "skill4"}, 30, 0),
    ({"title_skill": "skill3"}, 60, 0),
    ({"title_skill": "skill2", "base_1x_months_last_12": 6}, 100, 0),  # 6 months at 1x: met
    ({"title_skill": "skill2", "base_1x_months_last_12": 5}, 0, 0),  # 5 < 6: not counted
    ({"title_skill": "mid_title", "base_1x_months_last_12": 6}, 100, 0),
    ({"title_skill": "skill1", "base_1x_months_last_12": 12}, 140, 0),
    ({"title_skill": "senior_title", "base_1x_months_last_12": 6}, 140, 0),
    ({"title_skill": "senior_title", "base_1x_months_last_12": 0}, 0, 0),
    ({"title_skill": "skill3", "title_matches_post": False}, 0, 0),  # not matching the post
    # only the higher of education and title counts
    ({"title_skill": "skill3", "education": "master"}, 0, 100),  # 100 > 60: education kept
    ({"title_skill": "senior_title", "base_1x_months_last_12": 6, "education": "master"}, 140, 0),
    ({"title_skill": "mid_title", "base_1x_months_last_12": 6, "education": "master"}, 0, 100),
    ({"title_skill": "mid_title", "base_1x_months_last_12": 2, "education": "benke"}, 0, 60),
]


@pytest.mark.parametrize(("overrides", "title", "education"), TITLE_CASES)
def test_title_and_education_choice(
    overrides: dict[str, Any], title: float, education: float
) -> None:
    result = sh(**overrides)
    assert (points(result, "title_skill"), points(result, "education")) == (title, education)


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (11, 0),  # 0 full years
        (12, 3),  # 1 * 3
        (35, 6),  # 2 * 3
        (120, 30),  # 10 * 3, no cap
    ],
)
def test_si_years(months: int, expected: int) -> None:
    assert points(sh(si_months_total=months, si_months_last_12=11), "si_years") == expected


def _base(b080: int = 0, b100: int = 0, b200: int = 0, b300: int = 0) -> dict[str, int]:
    return {
        "si_months_total": 60,
        "base_months_48_080": b080,
        "base_months_48_100": b100,
        "base_months_48_200": b200,
        "base_months_36_300": b300,
    }


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (_base(35), 0),  # 35 < 36 months at 0.8x
        (_base(36), 25),  # 36 of 48 at 0.8x
        (_base(48, 35), 25),  # 35 months at 1x is not enough for 50
        (_base(48, 36), 50),  # 36 at 1x
        (_base(48, 48, 35), 50),
        (_base(48, 48, 36), 100),  # 36 at 2x
        (_base(48, 48, 48, 23), 100),  # 23 < 24 months at 3x
        (_base(48, 48, 48, 24), 120),  # 24 of 36 at 3x
        (_base(30, 30, 30, 24), 120),  # the 3x window stands alone
    ],
)
def test_si_base(months: dict[str, int], expected: int) -> None:
    assert points(sh(**months), "si_base") == expected


@pytest.mark.parametrize(
    ("tax", "hires", "expected"),
    [
        (99_999, 0, 0),  # below 10万
        (100_000, 0, 10),  # 1 step of 10万 = 10
        (250_000, 9, 20),  # 2 steps by tax; hires below 10
        (0, 35, 30),  # 3 steps of 10 hires = 30
        (300_000, 50, 50),  # tax 30 vs hires 50: the higher
        (5_000_000, 0, 120),  # 50 steps = 500, capped at 120
    ],
)
def test_invest_tax(tax: int, hires: int, expected: int) -> None:
    result = sh(invest_avg_tax_yuan=tax, invest_avg_hukou_hires=hires)
    assert points(result, "invest_tax") == expected
    assert ("alternative.invest_tax" in warning_ids(result)) == (expected > 100)


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (4, 0),  # waits 5 years
        (5, 20),  # 5 * 4
        (9, 36),  # 9 * 4, no cap found
    ],
)
def test_public_service(years: int, expected: int) -> None:
    assert points(sh(public_service_years=years, si_months_total=120), "public_service") == expected


REMOTE_CASES = [
    # (assessment date, area, years, expected, rule)
    ("2019-11-19", "lingang", 4, 0, "remote_area"),  # before the 2019 overlay: waits 5 years
    ("2019-11-19", "lingang", 5, 10, "remote_area"),  # 5 * 2
    ("2019-11-20", "lingang", 3, 6, "lingang_2019"),  # overlay: counts after 3 years, 3 * 2
    ("2019-11-20", "lingang", 2, 0, "lingang_2019"),  # 2 < 3
    ("2024-08-20", "lingang", 2, 0, "lingang_2019"),  # last day of the 3-year wait
    ("2024-08-21", "lingang", 1, 2, "lingang_2024"),  # counted from the first year: 1 * 2
    ("2024-08-21", "lingang", 15, 20, "lingang_2024"),  # 15 * 2 = 30, capped at 20
    ("2024-08-21", "other", 2, 0, "remote_area"),  # other areas still wait 5 years
    ("2026-11-01", "other", 12, 20, "remote_area"),  # 12 * 2 = 24, capped at 20
]


@pytest.mark.parametrize(("on", "area", "years", "expected", "rule"), REMOTE_CASES)
def test_remote_area_and_lingang_switch_dates(
    on: str, area: str, years: int, expected: int, rule: str
) -> None:
    result = sh(
        assessment_date=on, birth_date="1980-01-01", remote_area=area, remote_area_years=years
    )
    line = next(line for line in result.lines if line.id == "remote_area")
    assert (line.points, line.rule) == (expected, rule)


@pytest.mark.parametrize(
    ("award", "expected"),
    [
        ("none", 0),
        ("city_special", 30),
        ("city_comprehensive", 60),
        ("provincial", 110),
    ],
)
def test_award(award: str, expected: int) -> None:
    assert points(sh(award=award), "award") == expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {
                "marital_status": "married",
                "spouse_shanghai_hukou": True,
                "marriage_date": "2023-11-02",
            },
            8,
        ),  # 2 full years (3rd anniversary tomorrow) * 4
        (
            {
                "marital_status": "married",
                "spouse_shanghai_hukou": True,
                "marriage_date": "2023-11-01",
            },
            12,
        ),  # 3 * 4
        (
            {
                "marital_status": "married",
                "spouse_shanghai_hukou": True,
                "marriage_date": "2012-01-01",
            },
            40,
        ),  # 14 * 4 = 56, capped at 40
        (
            {
                "marital_status": "married",
                "spouse_shanghai_hukou": False,
                "marriage_date": "2012-01-01",
            },
            0,
        ),
        (
            {
                "marital_status": "single",
                "spouse_shanghai_hukou": True,
                "marriage_date": "2012-01-01",
            },
            0,
        ),  # spouse answers ignored unless married
    ],
)
def test_spouse(overrides: dict[str, Any], expected: int) -> None:
    assert points(sh(**overrides), "spouse_hukou") == expected


@pytest.mark.parametrize(
    ("flag", "line_id", "expected"),
    [
        ("startup_talent", "startup_talent", 120),
        ("intermediary_talent", "intermediary_talent", 120),
        ("shortage_major", "shortage_major", 30),
        ("fresh_graduate", "fresh_graduate", 10),
    ],
)
def test_flags(flag: str, line_id: str, expected: int) -> None:
    assert points(sh(**{flag: True}), line_id) == expected
    assert points(sh(), line_id) == 0


DEDUCTION_CASES = [
    # assessment 2026-11-01: 3-year window starts 2023-11-01, 5-year window 2021-11-01 (exclusive)
    ([{"date": "2023-11-02", "kinds": ["false_material"]}], "false_material", -150),
    ([{"date": "2023-11-01", "kinds": ["false_material"]}], "false_material", 0),  # 3 years ago
    (
        [
            {"date": "2025-01-01", "kinds": ["detention"]},
            {"date": "2022-01-01", "kinds": ["detention"]},
        ],
        "detention",
        -100,
    ),  # 2 * -50
    ([{"date": "2021-11-01", "kinds": ["detention"]}], "detention", 0),  # exactly 5 years ago
    ([{"date": "2024-05-01", "kinds": ["crime_general", "detention"]}], "crime_general", -150),
]


@pytest.mark.parametrize(("offences", "line_id", "expected"), DEDUCTION_CASES)
def test_deductions(offences: list[dict[str, Any]], line_id: str, expected: int) -> None:
    result = sh(offences=offences)
    assert points(result, line_id) == expected
    assert line_max(result, line_id) == 0


def test_detention_window_disagreement_is_flagged() -> None:
    # 2022-01-01 is inside the 5-year window but outside the 3-year one some sources give
    result = sh(offences=[{"date": "2022-01-01", "kinds": ["detention"]}])
    assert "alternative.detention" in warning_ids(result)


def test_whole_profile_total() -> None:
    result = sh(
        birth_date="1992-05-01",
        education="master",
        si_months_total=60,
        base_months_48_080=48,
        base_months_48_100=40,
    )
    # 30 age (34) + 100 master + 15 si_years (5 * 3) + 50 si_base (40 months at 1x) = 195
    assert result.total == 195
    assert result.eligible and result.gap == 0


@pytest.mark.parametrize(
    ("overrides", "gate_id"),
    [
        ({"has_residence_permit": False}, "gate_permit"),
        ({"si_months_last_12": 5}, "gate_social_insurance"),  # 5 < 6 months
        ({"paying_now": False}, "gate_social_insurance"),
    ],
)
def test_gate(overrides: dict[str, Any], gate_id: str) -> None:
    result = sh(education="doctor", **overrides)  # 140 points, but the gate fails
    failed = [g.id for g in result.gate if not g.passed]
    assert failed == [gate_id]
    assert not result.eligible


@pytest.mark.parametrize("flag", ["veto_family_planning", "veto_serious_crime"])
def test_veto(flag: str) -> None:
    result = sh(education="doctor", **{flag: True})
    assert result.vetoed and not result.eligible and result.veto_reasons


def test_threshold_gap() -> None:
    result = sh(education="benke")  # 30 age (36) + 60 + 3 si_years = 93
    assert (result.total, result.threshold, result.gap, result.eligible) == (93, 120, 27, False)
