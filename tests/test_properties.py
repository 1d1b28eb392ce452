"""Hypothesis properties of scoring over generated valid profiles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import hangzhou_profiles, profiles, shanghai_profiles, working_months

from calculator.core.result import Result
from calculator.core.scoring import score
from calculator.core.validation import parse_profile
from calculator.rules import ALL_RULES


def _score(raw: dict[str, Any]) -> Result:
    return score(parse_profile(raw))


@settings(max_examples=300, deadline=None)
@given(profiles())
def test_total_is_the_sum_of_lines_and_never_exceeds_the_caps(raw: dict[str, Any]) -> None:
    result = _score(raw)
    assert round(sum(line.points for line in result.lines), 2) == result.total
    for line in result.lines:
        if line.max is not None:
            assert line.points <= line.max, line
    capped = [line for line in result.lines if line.max is not None]
    uncapped = [line for line in result.lines if line.max is None]
    assert result.total <= sum(line.max or 0 for line in capped) + sum(
        max(0.0, line.points) for line in uncapped
    )


@settings(max_examples=300, deadline=None)
@given(profiles())
def test_every_line_cites_a_known_rule(raw: dict[str, Any]) -> None:
    known = {r.id for r in ALL_RULES}
    for line in _score(raw).lines:
        assert line.rule in known and line.source["evidence"] and line.confidence
        # a rule always names its document; a field the sources do not state is null, never ""
        assert line.source["document"]["title"]
        assert "" not in line.source["document"].values()


@settings(max_examples=200, deadline=None)
@given(profiles())
def test_a_vetoed_profile_is_never_eligible(raw: dict[str, Any]) -> None:
    result = _score(raw)
    if result.vetoed or not result.gate_passed:
        assert not result.eligible


@pytest.mark.parametrize(
    ("city_profiles", "key"),
    [(shanghai_profiles, "si_months_total"), (hangzhou_profiles, "si_months")],
    ids=["shanghai", "hangzhou"],
)
@settings(max_examples=200, deadline=None)
@given(data=st.data(), extra=st.integers(1, 60))
def test_more_social_insurance_months_never_lower_the_score(
    city_profiles: Callable[[], st.SearchStrategy[dict[str, Any]]],
    key: str,
    data: st.DataObject,
    extra: int,
) -> None:
    raw = data.draw(city_profiles())
    on, birth = date.fromisoformat(raw["assessment_date"]), date.fromisoformat(raw["birth_date"])
    more = {**raw, key: min(working_months(birth, on), raw[key] + extra)}
    assert _score(more).total >= _score(raw).total


@settings(max_examples=100, deadline=None)
@given(profiles())
def test_scoring_is_pure(raw: dict[str, Any]) -> None:
    assert _score(raw).to_dict() == _score(dict(raw)).to_dict()
