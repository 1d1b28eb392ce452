"""The verdict (calculator/core/verdict.py) is decided in Python; surfaces only render it."""

from __future__ import annotations

from typing import Any

import pytest

from calculator.core.validation import parse_profile
from calculator.surfaces import report
from calculator.surfaces.payload import build_report
from tests.helpers import HZ_BASE, SH_BASE, sh


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # master 100 + age 30 (born 1990, 36) + 1 year of SI 3 = 133 >= 120
        (
            {"education": "master"},
            {
                "status": "reached",
                "tone": "good",
                "headline": "按你填写的情况，估算可以达到要求。",
                "gap_text": "已达到标准分值",
                "short": "估算 133 / 120 分",
            },
        ),
        # benke 60 + age 30 + SI 3 = 93: 27 short of 120
        (
            {"education": "benke"},
            {
                "status": "not_reached",
                "tone": "warn",
                "headline": "估算还没有达到要求。",
                "gap_text": "距离标准分值还差 27 分",
                "short": "估算 93 / 120 分",
            },
        ),
        # 133 points but only 3 of the last 12 months of SI (6 needed): the gate fails first
        (
            {"education": "master", "si_months_last_12": 3},
            {
                "status": "gate_failed",
                "tone": "bad",
                "headline": "还不满足申请条件，见下面的“申请资格”。",
                "gap_text": "已达到标准分值",
                "short": "估算 133 / 120 分",
            },
        ),
        # a veto outranks everything, even a failed gate
        (
            {"education": "master", "si_months_last_12": 3, "veto_serious_crime": True},
            {
                "status": "vetoed",
                "tone": "bad",
                "headline": "有一票否决情形，不能申请。",
                "gap_text": "已达到标准分值",
                "short": "估算 133 / 120 分",
            },
        ),
    ],
)
def test_shanghai_verdicts(overrides: dict[str, Any], expected: dict[str, str]) -> None:
    result = sh(**overrides)
    assert result.to_dict()["verdict"] == expected
    assert result.verdict.status == expected["status"]


def test_no_line_for_school_ranking() -> None:
    # Hangzhou 积分入学 ranks by points: no line, so no gap, and "reached" means "can be ranked".
    result = parse_profile({**HZ_BASE, "purpose": "school", "residence_months": 24})
    verdict = build_report(result)["result"]["verdict"]
    assert verdict["status"] == "reached"
    assert verdict["gap_text"] == "积分入学按积分高低排序，没有固定分数线"
    assert verdict["short"].startswith("估算 ") and "/" not in verdict["short"]


def test_text_report_renders_the_verdict() -> None:
    rep = build_report(parse_profile({**SH_BASE, "education": "benke"}))
    lines = rep["text"].splitlines()
    # benke 60 + age 30 + SI 3 = 93
    assert lines[:3] == [
        "上海居住证积分自测：93分",
        "估算还没有达到要求。",
        "距离标准分值还差 27 分（估算 93 / 120 分）",
    ]
    assert report.markdown(rep["result"], rep["checklist"]).startswith(
        "# 上海居住证积分自测：93分\n\n- 估算还没有达到要求。\n"
    )
