"""Profile fields: the metadata every field carries and the one table of field kinds.

A city's profile is a frozen dataclass whose fields are declared with :func:`optional` or
:func:`required`; the metadata (label, hint, choices, limits, when it is shown, which rule it feeds)
is the single source for validation, the JSON Schema, the profile-format page and the browser form.
What kind of value a field holds is decided once, by :func:`kind_of`, from :data:`KINDS`; every
consumer (validation, schema, form spec, the docs page) reads the kind, never the annotation.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Field = dataclasses.Field[Any]


@dataclass(frozen=True)
class Offence:
    """One act on the applicant's record; ``kinds`` lists every deduction item it falls under."""

    date: date
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class FieldKind:
    """What a field holds. ``form`` is the form/API type name, ``doc`` its Chinese name."""

    form: str  # date | int | number | bool | choice | offences
    doc: str
    nullable: bool = False


CHOICE = FieldKind("choice", "字符串")
# Annotation text (``from __future__ import annotations`` keeps it a string) -> kind. A field with
# choices is a CHOICE whatever its annotation.
KINDS: dict[str, FieldKind] = {
    "bool": FieldKind("bool", "布尔值"),
    "int": FieldKind("int", "整数"),
    "float": FieldKind("number", "数字"),
    "date": FieldKind("date", "日期"),
    "date | None": FieldKind("date", "日期，可为 null", nullable=True),
    "tuple[Offence, ...]": FieldKind("offences", "数组"),
}


def kind_of(f: Field) -> FieldKind:
    """The kind of a profile field; KeyError for an annotation the table lacks (a code error)."""
    if f.metadata["choices"]:
        return CHOICE
    return KINDS[str(f.type)]


def meta(
    label: str,
    hint: str,
    *,
    choices: dict[str, str] | None = None,
    min: float | None = None,
    max: float | None = None,
    show_if: tuple[str, tuple[Any, ...]] | None = None,
    rule: str | None = None,
    required: bool = False,
    unit: str = "",
    offence_kinds: dict[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "label": label,
        "hint": hint,
        "choices": choices,
        "min": min,
        "max": max,
        "show_if": show_if,
        "rule": rule,
        "required": required,
        "unit": unit,
        "offence_kinds": offence_kinds,
    }


def optional(default: Any, label: str, hint: str, **kw: Any) -> Any:
    """A field with a default (the value an unanswered question takes)."""
    return field(default=default, metadata=meta(label, hint, **kw))


def required(label: str, hint: str, **kw: Any) -> Any:
    """A field the profile must give."""
    return field(metadata=meta(label, hint, required=True, **kw))


def default_of(f: Field) -> Any:
    """The field's default as JSON would carry it (tuples as lists), or None."""
    if f.default is dataclasses.MISSING:
        return None
    return list(f.default) if isinstance(f.default, tuple) else f.default


def field_spec(f: Field) -> dict[str, Any]:
    """One field of the browser form (``api.form_spec``)."""
    m = f.metadata
    show_if = m["show_if"]
    return {
        "id": f.name,
        "label": m["label"],
        "hint": m["hint"],
        "type": kind_of(f).form,
        "choices": [{"value": k, "label": v} for k, v in (m["choices"] or {}).items()],
        "min": m["min"],
        "max": m["max"],
        "unit": m["unit"],
        "required": m["required"],
        "show_if": None if show_if is None else {"field": show_if[0], "in": list(show_if[1])},
        "rule": m["rule"],
        "default": default_of(f),
        "offence_kinds": [{"value": k, "label": v} for k, v in (m["offence_kinds"] or {}).items()],
    }


def type_text(f: Field) -> str:
    """The field's type in Chinese, for the profile-format page (``scripts/build_rules.py``)."""
    return kind_of(f).doc
