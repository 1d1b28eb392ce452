"""The November 2026 policy update (issue 11 item 5), end to end in Python.

Shanghai: the five new towns as 远郊重点区域, the revised 实施细则 as an unconfirmed reading (the
key transition areas, and the family-planning commitment it drops from the checklist). Hangzhou:
a co-owner with Hangzhou hukou removes the housing points; an investor who also earns wages.
Every expected number has its arithmetic in the comment.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import hz, line_max, points, sh, warning_ids
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import hangzhou_profiles, profiles

from calculator.core.checklist import checklist
from calculator.core.schema import json_schema
from calculator.core.scoring import score
from calculator.core.validation import parse_profile
from calculator.surfaces import api, report


def _line(result: Any, indicator: str) -> Any:
    return next(line for line in result.lines if line.id == indicator)


# --- Shanghai: five new towns ----------------------------------------------------------------

NEW_CITY_CASES = [
    # (assessment date, years, points, rule)
    ("2021-02-22", 6, 0, "new_city_2021"),  # the day before the new-town opinion: not counted
    ("2026-11-01", 4, 0, "new_city_2021"),  # 4 < 5: waits 5 years
    ("2026-11-01", 5, 10, "new_city_2021"),  # 新城 5 full years × 2 = 10, enters after 5 years
    ("2026-11-01", 6, 12, "new_city_2021"),  # 新城 6 full years × 2 = 12, enters after 5 → 12
    ("2026-11-01", 12, 20, "new_city_2021"),  # 12 × 2 = 24, capped at 20
]


@pytest.mark.parametrize(("on", "years", "expected", "rule"), NEW_CITY_CASES)
def test_new_city(on: str, years: int, expected: int, rule: str) -> None:
    result = sh(
        assessment_date=on,
        birth_date="1980-01-01",
        remote_area="new_city",
        remote_area_years=years,
    )
    line = _line(result, "remote_area")
    assert (line.points, line.rule, line.max) == (expected, rule, 20)


def test_new_city_years_before_the_opinion_are_flagged() -> None:
    # 2026-11-01 is 5 full years after 2021-02-23: 6 years reach back before it -> warned
    before = sh(remote_area="new_city", remote_area_years=6, birth_date="1980-01-01")
    assert "uncovered.new_city_years" in warning_ids(before)
    # 5 years all fall after the opinion: no warning
    after = sh(remote_area="new_city", remote_area_years=5, birth_date="1980-01-01")
    assert "uncovered.new_city_years" not in warning_ids(after)


# --- Shanghai: the revised 实施细则 as a reading -----------------------------------------------

# Assessed 2026-11-01, born 1990-01-01 (36 → age 30), 12 months of social insurance (1 year × 3 = 3)
TRANSITION_CASES = [
    # (years in a 南北地区重点转型区域, main points, the reading's total or None)
    (6, 0, 30 + 3 + 12),  # main 0; revised: 6 × 2 = 12 after 5 years → 33 + 12 = 45
    (4, 0, None),  # 4 < 5: 0 under both readings, so no reading is listed
    (15, 0, 30 + 3 + 20),  # 15 × 2 = 30, capped at 20 → 53
]


@pytest.mark.parametrize(("years", "main", "reading"), TRANSITION_CASES)
def test_transition_area_is_a_reading(years: int, main: int, reading: int | None) -> None:
    result = sh(remote_area="transition", remote_area_years=years)
    assert points(result, "remote_area") == main
    totals = [r.total for r in result.readings if "转型" in r.label]
    assert totals == ([] if reading is None else [reading])
    if reading is not None:
        assert result.verdict.readings and "未证实" in result.verdict.readings[0].label


def test_transition_reading_decides_an_uncertain_verdict() -> None:
    # examples/shanghai-transition-area.json: 30 age + 60 benke + 6 years × 3 = 108 < 120;
    # the revised 实施细则 adds 6 × 2 = 12 → 120: the outcome differs, so it is uncertain
    raw = json.loads(open("examples/shanghai-transition-area.json", encoding="utf-8").read())
    verdict = score(parse_profile(raw)).verdict
    assert verdict.status == "uncertain"
    assert [r.total for r in verdict.readings] == [120]
    assert "合计120分" in verdict.headline


def test_lingang_keeps_one_three_year_reading() -> None:
    # 临港 after 2024-08-21, 2 years: counted at once (2 × 2 = 4); the 3-year reading gives 0.
    # The revised 实施细则 says 3 years too: the same reading, listed once.
    result = sh(remote_area="lingang", remote_area_years=2, birth_date="1980-01-01")
    assert points(result, "remote_area") == 4
    assert [r.label for r in result.readings].count(result.readings[0].label) == 1
    assert len([r for r in result.readings if "临港" in r.label or "转型" in r.label]) == 1


# --- Shanghai: the checklist item the revised 实施细则 drops -------------------------------------


def test_family_planning_commitment_is_listed_with_its_other_reading() -> None:
    items = [i.to_dict() for i in checklist(parse_profile({**_SH, "remote_area": "none"}))]
    item = next(i for i in items if i["id"] == "sh.basic.family_planning_commitment")
    assert item["unconfirmed"] is True
    assert "不再要求" in item["alternative"]["text"] and item["alternative"]["source"]
    # every other item says it has no other reading
    assert all(i["alternative"] is None for i in items if i is not item)
    # shown as 另有说法 in text and Markdown, never silently dropped
    assert "另有说法" in report.checklist_markdown(items)
    assert report.alternative_text(item).startswith("另有说法：")


_SH = {
    "city": "shanghai",
    "assessment_date": "2026-11-01",
    "birth_date": "1990-01-01",
    "si_months_last_12": 12,
    "si_months_total": 12,
}


# --- Hangzhou: co-owned home ---------------------------------------------------------------

CO_OWNER_CASES: list[tuple[str, dict[str, Any], int]] = [
    # (round date, answers, housing points)
    ("2024-09-01", {"home_co_owned": True, "co_owner_hangzhou_hukou": False}, 80),  # V4 owned 80
    # co-owner has Hangzhou urban hukou → housing 0
    ("2024-09-01", {"home_co_owned": True, "co_owner_hangzhou_hukou": True}, 0),
    # co-owner has Hangzhou hukou, rented 36 months: 3 full years × 6 = 18 is what is left
    (
        "2024-09-01",
        {"home_co_owned": True, "co_owner_hangzhou_hukou": True, "rent_months": 36},
        18,
    ),
    # the hukou answer only matters for a co-owned home: sole owner → 80
    ("2024-09-01", {"home_co_owned": False, "co_owner_hangzhou_hukou": True}, 80),
    # V3 (2024-03-01): the co-ownership rule is only known from the 2024 notice → still 30
    ("2024-03-01", {"home_co_owned": True, "co_owner_hangzhou_hukou": True}, 30),
    # V5 rounds (2025-09-01) score with V4's values: co-owner with hukou → 0
    ("2025-09-01", {"home_co_owned": True, "co_owner_hangzhou_hukou": True}, 0),
]


@pytest.mark.parametrize(("on", "answers", "expected"), CO_OWNER_CASES)
def test_co_owner_with_hangzhou_hukou(on: str, answers: dict[str, Any], expected: int) -> None:
    result = hz(assessment_date=on, home_owned=True, **answers)
    assert points(result, "housing") == expected


def test_co_owner_rule_unknown_before_2024_is_flagged() -> None:
    result = hz(
        assessment_date="2024-03-01",
        home_owned=True,
        home_co_owned=True,
        co_owner_hangzhou_hukou=True,
    )
    assert "uncovered.housing_co_owner" in warning_ids(result)


@settings(max_examples=150, deadline=None)
@given(hangzhou_profiles())
def test_a_co_owner_with_hangzhou_hukou_never_scores_the_purchase(raw: dict[str, Any]) -> None:
    raw = {**raw, "home_owned": True, "home_co_owned": True, "co_owner_hangzhou_hukou": True}
    result = score(parse_profile(raw))
    if result.policy.id not in ("V4",):  # V5 rounds are scored with V4
        return
    # whatever is left comes from renting: at most 6 per full year, never the purchase's 80
    housing = _line(result, "housing")
    assert housing.points <= 6 * (raw["rent_months"] // 12)
    assert housing.points <= 30


# --- Hangzhou: investor and wage earner at once ----------------------------------------------

TAX_CASES: list[tuple[str, dict[str, Any], int]] = [
    # investor 110000: 1 + (110000-50000)//30000 = 3; wage 30000: 1 + (30000-10000)//5000 = 5
    ("2024-09-01", {"tax_yuan": 110000, "tax_wage_yuan": 30000}, 3 + 5),
    # investor 2,000,000 → 66, capped at 20; wage 1,000,000 → 199, capped at 80: 20 + 80 = 100
    ("2024-09-01", {"tax_yuan": 2_000_000, "tax_wage_yuan": 1_000_000}, 20 + 80),
    # V2 (2022-09-01): the wage cap is 20 → 20 + 20 = 40
    ("2022-09-01", {"tax_yuan": 2_000_000, "tax_wage_yuan": 1_000_000}, 20 + 20),
    # below both starting amounts: 40000 < 50000 and 9000 < 10000 → 0
    ("2024-09-01", {"tax_yuan": 40000, "tax_wage_yuan": 9000}, 0),
    # only the wage part: 0 + (1 + (25000-10000)//5000 = 4) = 4
    ("2024-09-01", {"tax_yuan": 0, "tax_wage_yuan": 25000}, 4),
]


@pytest.mark.parametrize(("on", "answers", "expected"), TAX_CASES)
def test_investor_and_wage_tax_together(on: str, answers: dict[str, Any], expected: int) -> None:
    result = hz(assessment_date=on, tax_role="both", **answers)
    line = _line(result, "tax")
    assert line.points == expected
    if expected:
        # how the two parts combine is not stated by the sources: our inference, never "sure"
        assert line.confidence == "inference"
        assert "inference.tax_both" in warning_ids(result)
        assert (line.label, expected) in {(u.label, u.points) for u in result.unsure}


def test_one_tax_role_is_unchanged() -> None:
    # investor only, 110000: 1 + 60000 // 30000 = 3 (cap 20)
    result = hz(tax_role="investor", tax_yuan=110000, tax_wage_yuan=30000)
    assert points(result, "tax") == 3
    assert line_max(result, "tax") == 20


# --- readings never exceed the caps -----------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(profiles())
def test_readings_totals_never_exceed_the_caps(raw: dict[str, Any]) -> None:
    result = score(parse_profile(raw))
    capped = sum(line.max or 0 for line in result.lines if line.max is not None)
    uncapped = sum(max(0.0, line.points) for line in result.lines if line.max is None)
    for reading in result.readings:
        assert reading.total <= capped + uncapped, reading


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["none", "lingang", "new_city", "transition", "other"]),
    st.integers(0, 30),
)
def test_remote_area_readings_stay_within_twenty(area: str, years: int) -> None:
    result = sh(remote_area=area, remote_area_years=years, birth_date="1980-01-01")
    main = points(result, "remote_area")
    assert 0 <= main <= 20
    for reading in result.readings:
        assert 0 <= reading.total - (result.total - main) <= 20


# --- the new questions reach the form, the schema and the batch columns ---------------------


def test_new_questions_in_form_schema_and_batch() -> None:
    from calculator.surfaces import batch

    spec = json.loads(api.form_spec())["cities"]
    hz_fields = {f["id"]: f for f in spec["hangzhou"]}
    sh_fields = {f["id"]: f for f in spec["shanghai"]}
    assert hz_fields["co_owner_hangzhou_hukou"]["show_if"] == {
        "field": "home_co_owned",
        "in": [True],
    }
    assert hz_fields["tax_wage_yuan"]["show_if"] == {"field": "tax_role", "in": ["both"]}
    assert "both" in {c["value"] for c in hz_fields["tax_role"]["choices"]}
    assert {"new_city", "transition"} <= {c["value"] for c in sh_fields["remote_area"]["choices"]}
    schema = json.dumps(json_schema(), ensure_ascii=False)
    assert "co_owner_hangzhou_hukou" in schema and "tax_wage_yuan" in schema
    columns = batch.template_csv().strip().split(",")
    assert {"co_owner_hangzhou_hukou", "tax_wage_yuan"} <= set(columns)


# --- Hangzhou: lower title and skill tiers as a reading ---------------------------------------

# Round 2024-09-01, born 1990-01-01: age 30, nothing else; the tier scores 0 (values not found)
LOWER_TIER_CASES = [
    ("skill5", 30 + 10),  # 五级: third-party 10 → 40
    ("yuan_title", 30 + 20),  # 员级: third-party 20 → 50
    ("skill4", 30 + 20),  # 四级: third-party 20 → 50
    ("junior_title", 30 + 40),  # 助理级（初级职称）: third-party 40 → 70
]


@pytest.mark.parametrize(("tier", "reading"), LOWER_TIER_CASES)
def test_lower_tiers_are_a_reading_not_the_score(tier: str, reading: int) -> None:
    result = hz(title_skill=tier)
    assert points(result, "title_skill") == 0
    assert "uncovered.title_skill" in warning_ids(result)
    assert [r.total for r in result.readings] == [reading]


def test_v1_both_roles_flag_the_unconfirmed_caps() -> None:
    # V1 round (2020-03-01): investor 110000 → 1 + 60000 // 30000 = 3; wage 30000 →
    # 1 + 20000 // 5000 = 5; 3 + 5 = 8, and the V1 caps are flagged as unconfirmed
    result = hz(assessment_date="2020-03-01", tax_role="both", tax_yuan=110000, tax_wage_yuan=30000)
    assert points(result, "tax") == 8
    assert "uncovered.tax_cap_v1" in warning_ids(result)
