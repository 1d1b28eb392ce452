"""Every rule, version, material and profile field carries what the issue tracker requires."""

from __future__ import annotations

import dataclasses
import re

import pytest

from calculator.core.checklist import CONDITIONS
from calculator.core.profile import PROFILE_TYPES
from calculator.materials import ALL_MATERIALS
from calculator.rules import ALL_RULES, CUTOFF_LINES, EVENTS, VERSIONS
from calculator.sources import CONFIDENCE_LABELS, SOURCES, source

CONFIDENCES = set(CONFIDENCE_LABELS)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_is_complete(rule) -> None:  # type: ignore[no-untyped-def]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", rule.id)  # the same in every version: "age"
    assert rule.indicator and rule.label and rule.condition and rule.points
    assert rule.group in {"gate", "basic", "bonus", "deduction", "veto", "threshold"}
    assert rule.cap is None or rule.cap > 0
    assert isinstance(rule.exclusions, tuple) and isinstance(rule.prerequisites, tuple)
    assert rule.effective_to is None or rule.effective_from <= rule.effective_to
    assert rule.citation.article
    src = source(rule.citation.source)  # KeyError if the source is unknown
    assert src.title and src.kind and src.date
    assert rule.confidence in CONFIDENCES
    assert rule.versions
    for other in rule.also_sources:
        source(other)
    for alt in rule.alternatives:
        assert alt.value and alt.note
        for sid in alt.sources:
            source(sid)


def test_one_rule_per_id_in_each_version_of_a_city() -> None:
    ids = [(r.city, r.id, v) for r in ALL_RULES for v in r.versions]
    assert len(ids) == len(set(ids))


def test_source_ids_are_unique() -> None:
    ids = [s.id for s in SOURCES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("item", VERSIONS + EVENTS + CUTOFF_LINES, ids=str)
def test_versions_events_and_lines_are_cited(item) -> None:  # type: ignore[no-untyped-def]
    source(item.citation.source)
    assert item.confidence in CONFIDENCES


def test_hangzhou_versions_are_contiguous() -> None:
    hz = [v for v in VERSIONS if v.city == "hangzhou"]
    for earlier, later in zip(hz, hz[1:], strict=False):
        assert earlier.effective_to is not None
        assert (later.effective_from - earlier.effective_to).days == 1


def test_the_unknown_2025_adjustment_is_not_scored_and_names_four_indicators() -> None:
    v5 = next(v for v in VERSIONS if v.id == "V5")
    assert not v5.scored
    assert set(v5.uncovered_indicators) == {
        "social_insurance",
        "housing",
        "residence_years",
        "volunteer",
    }


@pytest.mark.parametrize("material", ALL_MATERIALS, ids=lambda m: m.id)
def test_material_is_complete(material) -> None:  # type: ignore[no-untyped-def]
    assert material.name and material.why and material.original and material.where
    source(material.citation.source)
    assert material.confidence in CONFIDENCES
    assert material.when in CONDITIONS
    # a page named in the text, e.g. "（SH-U2）", is one the sources page lists
    text = " ".join((material.why, material.where, material.citation.article, material.note))
    for named in re.findall(r"\b(?:SH|HZ)-[A-Z0-9]+\b", text):
        source(named)


def test_material_ids_are_unique() -> None:
    ids = [m.id for m in ALL_MATERIALS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("city", sorted(PROFILE_TYPES))
def test_every_profile_field_is_documented_and_links_a_real_rule(city: str) -> None:
    indicators = {r.indicator for r in ALL_RULES if r.city == city}
    names = {f.name for f in dataclasses.fields(PROFILE_TYPES[city])}
    for f in dataclasses.fields(PROFILE_TYPES[city]):
        assert f.metadata["label"] and f.metadata["hint"], f.name
        if f.metadata["rule"]:
            assert f.metadata["rule"] in indicators, f.name
        if f.metadata["show_if"]:
            assert f.metadata["show_if"][0] in names, f.name
