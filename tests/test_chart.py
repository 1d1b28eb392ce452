"""The projection chart (calculator/planning/chart.py): readable on a phone, round ticks, the line
labelled, nothing cut off, well-formed and escaped, never a date for a line already reached."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from calculator.core.validation import parse_profile
from calculator.planning.chart import FONT, HEIGHT, WIDTH, summary, svg, ticks
from calculator.planning.projection import project
from tests.helpers import HZ_BASE, SH_BASE
from tests.strategies import profiles

NS = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [
        # span 215: 50 is the smallest round step giving at most 6 ticks (215 / 50 = 4.3 gaps)
        (0, 215, [0, 50, 100, 150, 200, 250]),
        # span 108: 20 would need 6 gaps (6 > 5), 25 needs 5 (0..125)
        (0, 108, [0, 25, 50, 75, 100, 125]),
        # span 120 (a Shanghai line): 120 / 25 = 4.8 gaps
        (0, 120, [0, 25, 50, 75, 100, 125]),
        # span 12: step 5, 0..15
        (0, 12, [0, 5, 10, 15]),
        # a deduction below zero: span 140 -> step 50 from -50
        (-10, 130, [-50, 0, 50, 100, 150]),
        # span 0 (nothing scored): one step of 5 above zero
        (0, 0, [0, 5]),
        # span 900: 200 gives 4.5 gaps
        (0, 900, [0, 200, 400, 600, 800, 1000]),
    ],
)
def test_ticks_are_round(lo: float, hi: float, expected: list[float]) -> None:
    assert ticks(lo, hi) == expected


def _texts(picture: str) -> list[ET.Element]:
    root = ET.fromstring(picture)
    return list(root.iter(NS + "text"))


def _width(text: str) -> float:
    """A generous estimate of rendered width at FONT px: CJK full width, others ~0.6 em."""
    return sum(FONT if ord(c) > 0x2E80 else 0.6 * FONT for c in text)


def _check_layout(picture: str) -> None:
    root = ET.fromstring(picture)  # well-formed XML: every text was escaped
    assert root.get("role") == "img" and root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
    title = root.find(NS + "title")
    assert title is not None and title.text and root.get("aria-label") == title.text
    # One font size for the whole chart: at a 360 px column it renders at FONT (12) px.
    assert WIDTH <= 360 and FONT >= 12
    assert re.findall(r'font-size="(\d+)"', picture) == [str(FONT)]
    for node in _texts(picture):
        text, x, y = node.text or "", float(node.get("x", 0)), float(node.get("y", 0))
        w = _width(text)
        left = {"start": x, "middle": x - w / 2, "end": x - w}[node.get("text-anchor", "start")]
        assert 0 <= left and left + w <= WIDTH, (text, x)
        assert FONT <= y <= HEIGHT, (text, y)
    assert "<script" not in picture and "href" not in picture


def test_shanghai_chart_labels_the_line_and_the_years() -> None:
    # dazhuan 50 + age 30 + base >= 80% (25) + 4 years of SI (12) = 117, 120 reached in 3 months
    profile = parse_profile(
        {**SH_BASE, "education": "dazhuan", "si_months_total": 57, "base_months_48_080": 40}
    )
    proj = project(profile)
    picture = svg(proj)
    _check_layout(picture)
    labels = [t.text for t in _texts(picture)]
    assert "分数线 120 分" in labels
    assert labels.count("现在") == 1 and "5年后" in labels
    assert summary(proj) == (
        "未来5年的积分预测：现在117分，5年后" + f"{proj.points[-1].total:g}分"
        "；如一切照旧，预计2027年2月达到120分。"
    )


def test_chart_never_promises_a_date_for_a_line_already_reached() -> None:
    # master 100 + age 30 + 2 years of SI 6 = 136 >= 120 at the start
    proj = project(parse_profile({**SH_BASE, "education": "master", "si_months_total": 33}))
    assert summary(proj).endswith("；现在已达到120分。")
    assert "预计" not in svg(proj)


def test_chart_without_a_line() -> None:
    proj = project(parse_profile({**HZ_BASE, "purpose": "school", "residence_months": 10}))
    picture = svg(proj)
    _check_layout(picture)
    assert "分数线" not in picture and summary(proj).endswith("分。")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_every_chart_fits(raw: dict[str, Any]) -> None:
    _check_layout(svg(project(parse_profile(raw), months=24)))
