"""JSON Schema (draft 2020-12) generated from the profile dataclasses."""

from __future__ import annotations

import dataclasses
from typing import Any

from .fields import default_of, kind_of
from .profile import PROFILE_TYPES, SCHEMA_VERSION

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def _property(f: dataclasses.Field[Any]) -> dict[str, Any]:
    m = f.metadata
    kind = kind_of(f)
    prop: dict[str, Any] = {"title": m["label"], "description": m["hint"]}
    if kind.form == "choice":
        prop["enum"] = list(m["choices"])
    elif kind.form == "date":
        prop.update({"anyOf": [_DATE, {"type": "null"}]} if kind.nullable else _DATE)
    elif kind.form == "bool":
        prop["type"] = "boolean"
    elif kind.form in ("int", "number"):
        prop["type"] = "integer" if kind.form == "int" else "number"
        if m["min"] is not None:
            prop["minimum"] = m["min"]
        if m["max"] is not None:
            prop["maximum"] = m["max"]
    else:
        prop.update(_offences(m["offence_kinds"]))
    if f.default is not dataclasses.MISSING:
        prop["default"] = default_of(f)
    return prop


def _offences(kinds: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "array",
        "maxItems": 50,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["date", "kinds"],
            "properties": {
                "date": _DATE,
                "kinds": {"type": "array", "minItems": 1, "items": {"enum": list(kinds)}},
            },
        },
    }


def _city_schema(city: str) -> dict[str, Any]:
    fields = dataclasses.fields(PROFILE_TYPES[city])
    props = {f.name: _property(f) for f in fields}
    props["schema_version"] = {"const": SCHEMA_VERSION, "title": "档案格式版本"}
    props["city"] = {"const": city, "title": "城市"}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.metadata["required"]],
        "properties": props,
    }


def json_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "profile.schema.json",
        "title": "居住证积分自测档案",
        "description": "上海或杭州居住证积分自测的输入档案；用日期而不是年龄，便于日后重新测算。",
        "oneOf": [_city_schema(city) for city in PROFILE_TYPES],
    }
