"""Validation: every problem at once, in Chinese, naming the field, value and what is allowed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import SH_BASE
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.core.validation import ProfileError, parse_profile
from calculator.surfaces import api

BAD_CASES: list[tuple[Any, str, str]] = [
    # (input, field named, a phrase the message must contain)
    ([1, 2], "", "JSON 对象"),
    ({"city": "beijing"}, "city", "允许：“上海”、“杭州”"),  # labels only, never the key
    ({"city": None}, "city", "字段「城市」：没有填写"),  # never "值 None"
    ({**SH_BASE, "favourite_colour": "red"}, "favourite_colour", "未知字段"),
    ({**SH_BASE, "si_months_total": "many"}, "si_months_total", "不是整数"),
    ({**SH_BASE, "si_months_total": -3}, "si_months_total", "负数"),
    ({**SH_BASE, "si_months_total": 12.5}, "si_months_total", "不是整数"),
    ({**SH_BASE, "invest_avg_tax_yuan": -1}, "invest_avg_tax_yuan", "负数"),
    ({**SH_BASE, "birth_date": "1990-02-30"}, "birth_date", "不是有效日期"),
    ({**SH_BASE, "birth_date": "30/01/1990"}, "birth_date", "“年-月-日”写法"),
    ({**SH_BASE, "birth_date": "2030-01-01"}, "birth_date", "不早于评估日期"),
    ({**SH_BASE, "assessment_date": "2017-06-01"}, "assessment_date", "2018-01-01"),
    ({**SH_BASE, "education": "phd"}, "education", "“博士研究生”"),
    ({**SH_BASE, "paying_now": "maybe"}, "paying_now", "允许：是或否"),
    ({**SH_BASE, "education": True}, "education", "值 “是” 不在可选范围内"),  # never "True"
    (
        {**SH_BASE, "birth_date": "2000-01-01", "si_months_total": 200, "si_months_last_12": 12},
        "si_months_total",
        "16周岁以来",
    ),  # 26 y: at most 130 months
    (
        {**SH_BASE, "base_months_48_100": 20, "base_months_48_080": 10},
        "base_months_48_100",
        "基数≥80%",
    ),
    (
        {**SH_BASE, "marital_status": "married", "spouse_shanghai_hukou": True},
        "marriage_date",
        "必须填写",
    ),
    ({**SH_BASE, "offences": [{"date": "2024-01-01", "kinds": ["speeding"]}]}, "offences", "类型"),
    ({**SH_BASE, "offences": "none"}, "offences", "格式不对"),
    (
        {
            "city": "hangzhou",
            "assessment_date": "2024-09-01",
            "birth_date": "1990-01-01",
            "policy_version": "V9",
        },
        "policy_version",
        "“2024年调整”",
    ),
    ({"city": "hangzhou", "assessment_date": "2024-09-01"}, "birth_date", "缺少必填字段"),
]


@pytest.mark.parametrize(("raw", "field", "phrase"), BAD_CASES)
def test_bad_input_names_field_and_allowed_values(raw: Any, field: str, phrase: str) -> None:
    with pytest.raises(ProfileError) as info:
        parse_profile(raw)
    problems = info.value.problems
    assert any(p.field == field and phrase in p.message for p in problems), problems


def test_every_problem_is_reported_at_once() -> None:
    raw = {
        **SH_BASE,
        "education": "phd",
        "si_months_total": -1,
        "colour": "red",
        "paying_now": "perhaps",
    }
    with pytest.raises(ProfileError) as info:
        parse_profile(raw)
    assert {p.field for p in info.value.problems} == {
        "education",
        "si_months_total",
        "colour",
        "paying_now",
    }


def test_form_strings_are_accepted() -> None:
    typed = parse_profile(
        {**SH_BASE, "si_months_total": 36, "paying_now": False, "invest_avg_tax_yuan": 1.5}
    )
    as_form = parse_profile(
        {
            **SH_BASE,
            "si_months_total": "36",
            "paying_now": "false",
            "invest_avg_tax_yuan": "1.5",
            "marriage_date": "",
        }
    )
    assert typed == as_form


def test_evaluate_reports_invalid_json_without_raising() -> None:
    out = json.loads(api.evaluate("{not json"))
    assert out["ok"] is False and "JSON" in out["errors"][0]["message"]
    deep = "[" * 100_000 + "]" * 100_000
    assert json.loads(api.evaluate(deep))["ok"] is False


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
FIELDS = sorted(
    {
        *SH_BASE.keys() - {"city"},
        "education",
        "offences",
        "si_months_total",
        "marriage_date",
        "policy_version",
        "tax_yuan",
        "remote_area_years",
        "birth_date",
    }
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        JSON,
        st.fixed_dictionaries(
            {"city": st.sampled_from(["shanghai", "hangzhou", "x"])},
            optional={k: JSON | st.text(max_size=12) for k in FIELDS},
        ),
    )
)
def test_validation_only_ever_raises_its_own_error(raw: Any) -> None:
    try:
        parse_profile(raw)
    except ProfileError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_evaluate_never_raises_on_any_text(text: str) -> None:
    assert json.loads(api.evaluate(text))["ok"] in (True, False)


@pytest.mark.parametrize(
    ("given", "field", "kept"),
    [
        # a choice may be written as its key or as the label the messages show
        ({"city": "上海"}, "city", "shanghai"),
        ({"education": "博士研究生"}, "education", "doctor"),
        ({"education": "doctor"}, "education", "doctor"),
        ({"offences": [{"date": "2024-01-01", "kinds": ["行政拘留"]}]}, "offences", "detention"),
    ],
)
def test_a_choice_is_accepted_by_its_chinese_label(
    given: dict[str, Any], field: str, kept: str
) -> None:
    profile = parse_profile({**SH_BASE, **given})
    value = getattr(profile, field)
    assert (value[0].kinds[0] if field == "offences" else value) == kept
