"""The TOML rule data loader: lookups by date, the checks it runs once, and its purity."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculator.planning import deadlines
from calculator.rules import DATA_FOLDER, RuleDataError, default, load, load_path, lookup, period

PACKAGE_DATA = Path(str(DATA_FOLDER))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the package's data folder that a test may edit."""
    folder = tmp_path / "data"
    shutil.copytree(PACKAGE_DATA, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- lookup(city, indicator, on_date) ------------------------------------------------------


@pytest.mark.parametrize(
    ("city", "indicator", "on", "rule_id", "param", "value"),  # ids are the same in every version
    [
        # the 临港 overlays replace the remote-area wait on their start dates: 5 -> 3 -> 0 years
        ("shanghai", "remote_area", date(2019, 11, 19), "remote_area", "wait_years", 5),
        ("shanghai", "remote_area", date(2019, 11, 20), "lingang_2019", "wait_years", 3),
        ("shanghai", "remote_area", date(2021, 2, 22), "lingang_2019", "wait_years", 3),
        # the five new towns (2021-02-23) start later: the latest start wins; the city module
        # picks among the place-specific rules by where the person works and lives
        ("shanghai", "remote_area", date(2021, 2, 23), "new_city_2021", "wait_years", 5),
        ("shanghai", "remote_area", date(2024, 8, 21), "lingang_2024", "wait_years", 0),
        ("shanghai", "standard_score", date(2013, 7, 1), "standard_score", "points", 120),
        # Hangzhou age: V1/V2 anchor 56 years = 5 points; V3 (2023-05-08) 30 points up to 40
        ("hangzhou", "age", date(2023, 5, 7), "age", "anchor_points", 5),
        ("hangzhou", "age", date(2023, 5, 8), "age", "full_until_age", 40),
        # housing: owned home 30 points until 2024-06-30, 80 from 2024-07-01 (V4)
        ("hangzhou", "housing", date(2024, 6, 30), "housing", "owned", 30),
        ("hangzhou", "housing", date(2024, 7, 1), "housing", "owned", 80),
        # social insurance: 0.25 per month under V1, 0.5 from V2 (2021-10-15)
        (
            "hangzhou",
            "social_insurance",
            date(2021, 10, 14),
            "social_insurance",
            "per_month",
            0.25,
        ),
        (
            "hangzhou",
            "social_insurance",
            date(2021, 10, 15),
            "social_insurance",
            "per_month",
            0.5,
        ),
    ],
)
def test_lookup_returns_the_rule_in_force_on_the_date(
    city: str, indicator: str, on: date, rule_id: str, param: str, value: float
) -> None:
    rule = lookup(city, indicator, on)
    assert rule.id == rule_id
    assert rule.params[param] == value
    assert rule.effective_from <= on and (rule.effective_to is None or on <= rule.effective_to)


@pytest.mark.parametrize(
    ("city", "indicator", "on"),
    [
        ("shanghai", "age", date(2017, 12, 31)),  # the 2013 trial is not scored
        ("hangzhou", "age", date(2017, 12, 31)),  # before V1
        ("hangzhou", "age", date(2025, 6, 16)),  # V5 has no rules of its own
        ("hangzhou", "no_such_indicator", date(2022, 1, 1)),
    ],
)
def test_lookup_outside_any_rule_raises_key_error(city: str, indicator: str, on: date) -> None:
    with pytest.raises(KeyError):
        lookup(city, indicator, on)


@given(st.dates(min_value=date(2013, 1, 1), max_value=date(2030, 12, 31)))
def test_every_rule_found_is_in_force_on_the_date(on: date) -> None:
    rs = default()
    for r in rs.rules:
        try:
            found = rs.lookup(r.city, r.indicator, on)
        except KeyError:
            assert not rs.rules_on(r.city, r.indicator, on)
            continue
        assert found.effective_from <= on
        assert found.effective_to is None or on <= found.effective_to


def test_a_rule_spans_the_versions_whose_files_state_it_identically() -> None:
    rs = default()
    honours = rs.rule("hangzhou", "honours", "V3")
    assert honours.versions == ("V1", "V2", "V3", "V4")
    # V1 starts 2018-01-01, V4 ends 2025-06-15
    assert (honours.effective_from, honours.effective_to) == (date(2018, 1, 1), date(2025, 6, 15))
    assert rs.rule("hangzhou", "tax_employee", "V3").cap == 80  # 33号 raised the cap 20 -> 80
    assert rs.rule("hangzhou", "tax_employee", "V2").cap == 20
    # one id, two rules: V1-V2 and V3-V4
    assert rs.rule("hangzhou", "age", "V2").versions == ("V1", "V2")
    assert rs.rule("hangzhou", "age", "V4").versions == ("V3", "V4")


def test_versions_show_their_document_title_and_number() -> None:
    assert (
        default().version("V2").document
        == "《杭州市居住证积分管理办法》（杭发改社会〔2021〕177号）"
    )
    assert default().version("V4").document == "《优化调整“杭州市居住证积分管理指标体系”的公告》"


def test_every_rule_cites_a_known_document_and_page() -> None:
    rs = default()
    docs = {d.id for d in rs.documents}
    pages = {s.id for s in rs.sources}
    for r in rs.rules:
        assert r.citation.document in docs, r.id
        assert r.citation.source in pages, r.id
        assert r.citation.article, r.id


@pytest.mark.parametrize(
    ("city", "period_id", "value"),
    [
        ("hangzhou", "query", (20,)),  # HZ-S11: query from the 20th working day
        ("hangzhou", "objection", (7,)),  # HZ-S11: object within 7 working days
        ("hangzhou", "verification", (15,)),  # HZ-S11: answered within 15 working days
        ("hangzhou", "school_deadline", (4, 10)),  # HZ-S34: by 10 April
        ("shanghai", "scoring", (20,)),  # SH-S23: points set within 20 working days
        ("shanghai", "endorse_before_expiry", (30,)),  # SH-S34: 签注 in the last 30 days
        ("shanghai", "endorse_grace", (60,)),  # SH-S34: 60-day grace period
    ],
)
def test_deadline_periods_come_from_the_data(
    city: str, period_id: str, value: tuple[int, ...]
) -> None:
    assert period(city, period_id) == value


def test_the_deadline_planner_uses_the_periods_of_the_data() -> None:
    assert deadlines.HZ_QUERY_WORKING_DAYS == period("hangzhou", "query")[0]
    assert deadlines.HZ_SCHOOL_DEADLINE == period("hangzhou", "school_deadline")
    assert deadlines.SH_ENDORSE_GRACE_DAYS == period("shanghai", "endorse_grace")[0]


# --- purity and immutability ---------------------------------------------------------------


def test_loading_is_pure_and_the_default_is_loaded_once(data: Path) -> None:
    assert load_path(data) == load_path(data) == default()
    assert default() is default()


def test_loaded_data_cannot_be_changed() -> None:
    rule = default().rule("shanghai", "age", "SH2018")
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.cap = 99  # type: ignore[misc]
    with pytest.raises(TypeError):
        rule.params["anchor_age"] = 1  # type: ignore[index]
    assert rule.params["anchor_age"] == 56


# --- the checks run at load ------------------------------------------------------------------

V2 = "hangzhou/v2.toml"
SH = "shanghai/2018.toml"


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        # a param the text does not state: V2 says 每月0.5分, the param says 0.6
        (
            V2,
            "params = { per_month = 0.5 }",
            "params = { per_month = 0.6 }",
            "params.per_month = 0.6",
        ),
        # the points text states a number no param, cap or mention has (每满1年5分 -> 7分)
        (V2, 'points = "每满1年5分"', 'points = "每满1年7分"', "the text states 7"),
        # a 分 amount in the condition that is no value of the rule (最高100分 -> 最高110分)
        (V2, "每满12个月5分，最高100分", "每满12个月5分，最高110分", "the text states 110"),
        # words stated for a param must appear in the text
        (
            V2,
            'params_in_words = { other_coowner = "减半" }',
            'params_in_words = { other_coowner = "三成" }',
            "'三成' is not in the text",
        ),
        (SH, 'article = "第六条（年龄）"', 'article = ""', "article must be a non-empty string"),
        (SH, 'source = "SH-S11"\n', 'source = "SH-S999"\n', "unknown source page 'SH-S999'"),
        (SH, 'document = "sh-2017-98"\n', 'document = "sh-1999"\n', "unknown document 'sh-1999'"),
        (
            SH,
            'confidence = "official-reprint"',
            'confidence = "official-ish"',
            "confidence 'official-ish'",
        ),
        (SH, "effective_from = 2024-08-21", 'effective_from = "2024-08-21"', "must be a date"),
        (SH, 'group = "basic"', 'group = "basics"', "group 'basics'"),
        (SH, 'label = "年龄"', 'lable = "年龄"', "missing label"),
        (SH, 'label = "年龄"', 'label = "年龄"\npoint = "x"', "unknown field(s) point"),
        ("cutoffs.toml", 'version = "V1"', 'version = "V9"', "unknown version 'V9'"),
        ("deadlines.toml", "value = 20", "value = 20.5", "whole number"),
        ("materials.toml", 'source = "SH-S27"', 'source = "SH-S0"', "unknown source page 'SH-S0'"),
    ],
)
def test_a_defect_in_the_data_is_refused_with_an_english_message_naming_it(
    data: Path, name: str, old: str, new: str, message: str
) -> None:
    edit(data, name, old, new)
    with pytest.raises(RuleDataError) as caught:
        load(data)
    text = str(caught.value)
    assert message in text
    assert text.isascii() or "'" in text  # English; Chinese only inside a quoted value


def test_the_error_names_the_file_and_the_rule(data: Path) -> None:
    edit(data, V2, "params = { per_month = 0.5 }", "params = { per_month = 0.6 }")
    with pytest.raises(RuleDataError, match=r"hangzhou/v2.toml \[rules.social_insurance\]"):
        load(data)


def test_a_file_that_is_not_toml_is_refused(data: Path) -> None:
    (data / "cutoffs.toml").write_bytes(b"[[hangzhou]\n")
    with pytest.raises(RuleDataError, match="cutoffs.toml: not valid UTF-8 TOML"):
        load(data)


def test_a_number_written_in_wan_matches_the_yuan_value(data: Path) -> None:
    # 5万元 is base_yuan = 50000; 6万元 is no value of the rule
    edit(data, "hangzhou/v4.toml", "满5万元1分", "满6万元1分")
    edit(data, "hangzhou/v4.toml", 'points = "5万元1分', 'points = "6万元1分')
    with pytest.raises(RuleDataError, match="params.base_yuan = 50000"):
        load(data)


# --- the family rule: [family.<city>] in cities.toml ------------------------------------------

_CITIES = (PACKAGE_DATA / "cities.toml").read_text(encoding="utf-8")
FAMILY_SH_TABLE = _CITIES[_CITIES.index("[family.shanghai]") : _CITIES.index("[family.hangzhou]")]
FAMILY_HZ = "cities.toml [family.hangzhou]"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # a use the calculator does not know (sum the parents' points?)
        ('use = "higher"', 'use = "sum"', f"{FAMILY_HZ}: use must be one of higher, either"),
        # a city without a rule: the comparison could not say who should apply
        (FAMILY_SH_TABLE, "", "cities.toml: no [family.<city>] for shanghai"),
        ("[family.hangzhou]", "[family.beijing]", "[family.beijing]: unknown city 'beijing'"),
        ('source = "HZ-S01"', 'source = "HZ-S999"', f"{FAMILY_HZ}: unknown source page 'HZ-S999'"),
        (
            'also_sources = ["HZ-S36"]',
            'also_sources = ["HZ-S36", "HZ-S0"]',
            f"{FAMILY_HZ}: unknown source page 'HZ-S0'",
        ),
        (
            'document = "hz-2021-177"',
            'document = "hz-none"',
            f"{FAMILY_HZ}: unknown document 'hz-none'",
        ),
        # official, but the only pages left (HZ-S36 twice) are a reprint site, not a government one
        (
            'source = "HZ-S01"',
            'source = "HZ-S36"',
            f"{FAMILY_HZ}: confidence official needs a page on a government site",
        ),
        ('confidence = "official"', 'confidence = "sure"', f"{FAMILY_HZ}: confidence 'sure'"),
        ('use = "higher"\n', 'use = "higher"\nurl = "x"\n', f"{FAMILY_HZ}: unknown field(s) url"),
        ('use = "higher"\n', "", f"{FAMILY_HZ}: missing use"),
    ],
)
def test_a_defect_in_a_family_rule_is_refused_naming_it(
    data: Path, old: str, new: str, message: str
) -> None:
    edit(data, "cities.toml", old, new)
    with pytest.raises(RuleDataError) as caught:
        load(data)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("city", "use", "document", "pages", "confidence"),
    [
        # Hangzhou: a child under 16 uses the higher parent's points, read on the police site
        ("hangzhou", "higher", "hz-2021-177", ("HZ-S01", "HZ-S36"), "official"),
        # Shanghai: either parent at the standard score; one parent being enough is our reading
        ("shanghai", "either", "sh-2017-98", ("SH-S1", "SH-S32", "SH-S6"), "inference"),
    ],
)
def test_each_city_has_its_family_rule_cited(
    city: str, use: str, document: str, pages: tuple[str, ...], confidence: str
) -> None:
    rule = default().family(city)
    assert (rule.use, rule.citation.document, rule.confidence) == (use, document, confidence)
    assert (rule.citation.source, *rule.also_sources) == pages
    assert rule.citation.article and rule.sentence
    assert [f.city for f in default().families] == [c for c, _ in default().cities]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.use = "either"  # type: ignore[misc]
    with pytest.raises(KeyError):
        default().family("beijing")


# --- a new policy version is a data file ---------------------------------------------------


def add_version_v6(data: Path) -> None:
    """Write hangzhou/v6.toml: V4 with the owned-home points 80 -> 90, from 2030-01-01."""
    v4 = (data / "hangzhou" / "v4.toml").read_text(encoding="utf-8")
    v6 = (
        v4.replace('id = "V4"', 'id = "V6"')
        .replace('label = "V4 2024 调整"', 'label = "V6 测试版"')
        .replace(
            "effective_from = 2024-07-01\neffective_to = 2025-06-15", "effective_from = 2030-01-01"
        )
        .replace("实际居住80分", "实际居住90分")
        .replace('points = "购房80分', 'points = "购房90分')
        .replace("owned = 80", "owned = 90")
        .replace("cap = 80\nparams = { owned = 90", "cap = 90\nparams = { owned = 90")
    )
    assert v6.count("owned = 90") == 1 and "2030-01-01" in v6
    (data / "hangzhou" / "v6.toml").write_text(v6, encoding="utf-8")
    edit(
        data,
        "hangzhou/v5.toml",
        "effective_from = 2025-06-16",
        "effective_from = 2025-06-16\neffective_to = 2029-12-31",
    )
    edit(data, "cities.toml", '"v5.toml"]', '"v5.toml", "v6.toml"]')


def test_a_new_version_file_is_picked_up_without_touching_python(data: Path) -> None:
    add_version_v6(data)
    rs = load(data)
    assert rs.lookup("hangzhou", "housing", date(2030, 1, 1)).params["owned"] == 90
    assert rs.lookup("hangzhou", "housing", date(2025, 6, 15)).params["owned"] == 80
    # an unchanged rule in V6 is a new run (V5 between has no rules), valid from 2030-01-01
    age = rs.lookup("hangzhou", "age", date(2030, 1, 1) + timedelta(days=1))
    assert age.versions == ("V6",)


def _score(package_root: Path, profile: dict[str, object]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "calculator", "score", "-", "--format", "json"],
        input=json.dumps(profile),
        capture_output=True,
        text=True,
        cwd=package_root,
        env={**os.environ, "PYTHONPATH": str(package_root)},
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_a_profile_is_scored_with_a_new_version_file_alone(tmp_path: Path) -> None:
    """Copy the package, add a version file to its data folder, score through the CLI."""
    package = tmp_path / "calculator"
    shutil.copytree(PACKAGE_DATA.parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    add_version_v6(package / "data")
    profile = {
        "schema_version": 1,
        "city": "hangzhou",
        "purpose": "settle",
        "birth_date": "1994-01-01",
        "home_owned": True,
    }
    # 2030 round: V6 -> 30 age (under 40) + 90 owned home = 120
    v6 = _score(tmp_path, {**profile, "assessment_date": "2030-03-01"})
    assert v6["policy"]["id"] == "V6"
    assert v6["total"] == 120
    # 2029 round: V5 in force, its values unpublished -> the latest known, V4: 30 + 80 = 110
    v5 = _score(tmp_path, {**profile, "assessment_date": "2029-03-01"})
    assert v5["policy"]["id"] == "V4"
    assert v5["total"] == 110
