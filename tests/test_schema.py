"""The JSON Schema is generated from the profile dataclasses and matches them and the examples."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from calculator.core.profile import PROFILE_TYPES
from calculator.core.schema import json_schema

ROOT = Path(__file__).resolve().parent.parent


def _branch(city: str) -> dict[str, Any]:
    return next(b for b in json_schema()["oneOf"] if b["properties"]["city"]["const"] == city)


@pytest.mark.parametrize("city", sorted(PROFILE_TYPES))
def test_schema_lists_exactly_the_profile_fields(city: str) -> None:
    branch = _branch(city)
    fields = {f.name: f for f in dataclasses.fields(PROFILE_TYPES[city])}
    assert set(branch["properties"]) == set(fields) | {"schema_version"}
    assert branch["additionalProperties"] is False
    assert set(branch["required"]) == {"city", "assessment_date", "birth_date"}
    for name, f in fields.items():
        if f.metadata["choices"] and name != "city":
            assert branch["properties"][name]["enum"] == list(f.metadata["choices"])


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.json")), ids=lambda p: p.name)
def test_examples_fit_the_schema(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    branch = _branch(data["city"])
    assert set(branch["required"]) <= set(data)
    for key, value in data.items():
        prop = branch["properties"][key]
        if "enum" in prop:
            assert value in prop["enum"]
        if prop.get("type") == "integer":
            assert isinstance(value, int) and prop["minimum"] <= value <= prop["maximum"]
