"""JSON-string boundary used by the browser worker (Pyodide) and shared by the CLI.

Every function takes and returns ``str`` so the worker only passes strings across. Nothing here
raises on bad input: problems come back as ``{"ok": false, "errors": [...]}``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from . import report, share
from .checklist import checklist
from .deadlines import DeadlineInputError, deadlines_from_raw
from .ics import deadlines_ics
from .profile import PROFILE_TYPES, Profile
from .profile import to_dict as profile_to_dict
from .projection import project, svg
from .scoring import score
from .validation import Problem, ProfileError, parse_profile
from .whatifs import whatifs

MAX_INPUT_CHARS = 200_000


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)


def _field_spec(f: dataclasses.Field[Any]) -> dict[str, Any]:
    m = f.metadata
    kind = str(f.type)
    if m["choices"]:
        ftype = "choice"
    elif kind.startswith("date"):
        ftype = "date"
    elif kind.startswith("tuple[Offence"):
        ftype = "offences"
    else:
        ftype = {"bool": "bool", "int": "int", "float": "number"}[kind]
    default = f.default if f.default is not dataclasses.MISSING else None
    show_if = m["show_if"]
    return {
        "id": f.name,
        "label": m["label"],
        "hint": m["hint"],
        "type": ftype,
        "choices": [{"value": k, "label": v} for k, v in (m["choices"] or {}).items()],
        "min": m["min"],
        "max": m["max"],
        "unit": m["unit"],
        "required": m["required"],
        "show_if": None if show_if is None else {"field": show_if[0], "in": list(show_if[1])},
        "rule": m["rule"],
        "default": list(default) if isinstance(default, tuple) else default,
        "offence_kinds": [{"value": k, "label": v} for k, v in (m["offence_kinds"] or {}).items()],
    }


def form_spec() -> str:
    """The fields of each city's form, in display order, from the profile dataclasses."""
    return _dump(
        {
            "cities": {
                city: [_field_spec(f) for f in dataclasses.fields(cls)]
                for city, cls in PROFILE_TYPES.items()
            }
        }
    )


def build_report(profile: Profile) -> dict[str, Any]:
    """Everything the page and the CLI show for a valid profile."""
    result = score(profile).to_dict()
    items = [item.to_dict() for item in checklist(profile)]
    return {
        "ok": True,
        "profile": profile_to_dict(profile),
        "result": result,
        "checklist": items,
        "text": report.text(result, items),
    }


def build_plan(profile: Profile) -> dict[str, Any]:
    """What-ifs and the five-year projection (slower: many re-scorings, so a separate call)."""
    result = score(profile)
    proj = project(profile, base=result)
    return {
        "ok": True,
        "whatifs": [w.to_dict() for w in whatifs(profile, result)],
        "projection": proj.to_dict(),
        "projection_svg": svg(proj),
    }


def errors_of(exc: ProfileError) -> list[dict[str, str]]:
    return [{"field": p.field, "message": p.message} for p in exc.problems]


def load_answers(answers_json: str) -> Any:
    """Parse JSON text; raise ProfileError (Chinese) for anything that is not JSON."""
    if not isinstance(answers_json, str) or len(answers_json) > MAX_INPUT_CHARS:
        raise ProfileError([_problem("输入过长或不是文本，无法读取。")])
    try:
        return json.loads(answers_json)
    except json.JSONDecodeError:
        # No parser detail: its wording and even the reported column differ between CPython 3.11
        # and Pyodide's 3.14, and the browser and the CLI must give the same answer.
        raise ProfileError(
            [_problem("输入不是有效的 JSON：请检查括号和引号是否成对、逗号是否多余或缺少。")]
        ) from None
    except (ValueError, RecursionError):
        raise ProfileError([_problem("输入不是有效的 JSON（数字过长或嵌套过深）。")]) from None


def _problem(message: str) -> Problem:
    return Problem("", message)


def _for_profile(answers_json: str, build: Callable[[Profile], dict[str, Any]]) -> str:
    try:
        profile = parse_profile(load_answers(answers_json))
    except ProfileError as exc:
        return _dump({"ok": False, "errors": errors_of(exc)})
    return _dump(build(profile))


def evaluate(answers_json: str) -> str:
    """Validate answers (typed JSON or form strings) and return score, checklist and text."""
    return _for_profile(answers_json, build_report)


def plan(answers_json: str) -> str:
    """What-ifs and projection for answers, or the validation errors."""
    return _for_profile(answers_json, build_plan)


def deadlines(request_json: str) -> str:
    """Working-day deadlines and an .ics calendar for ``{"city", "from", "purpose", ...}``."""
    try:
        raw = load_answers(request_json)
    except ProfileError as exc:
        return _dump({"ok": False, "errors": errors_of(exc)})
    if not isinstance(raw, dict):
        return _dump({"ok": False, "errors": [{"field": "", "message": "请求必须是 JSON 对象。"}]})
    try:
        result = deadlines_from_raw(
            raw.get("city"),
            raw.get("from"),
            raw.get("purpose"),
            raw.get("permit_expiry"),
            today=date.today(),
        )
    except DeadlineInputError as exc:
        return _dump({"ok": False, "errors": exc.problems})
    return _dump({"ok": True, "deadlines": result.to_dict(), "ics": deadlines_ics(result)})


def encode_link(answers_json: str) -> str:
    """``{"ok": true, "fragment": "p=v1…"}`` for answers that pass validation."""
    try:
        answers = load_answers(answers_json)
        parse_profile(answers)
    except ProfileError as exc:
        return _dump({"ok": False, "errors": errors_of(exc)})
    return _dump({"ok": True, "fragment": share.fragment(answers)})


def decode_link(fragment: str) -> str:
    """``{"ok": true, "answers": {...}}`` or ``{"ok": false, "errors": [...]}`` (never raises)."""
    try:
        answers = share.decode(fragment)
    except share.ShareLinkError as exc:
        return _dump({"ok": False, "errors": [{"field": "", "message": exc.message}]})
    return _dump({"ok": True, "answers": answers})
