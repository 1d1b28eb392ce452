"""JSON-string boundary used by the browser worker (Pyodide).

Every function takes and returns ``str`` so the worker only passes strings across. Nothing here
raises on bad input: problems come back as ``{"ok": false, "errors": [...]}``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from ..core.fields import field_spec
from ..core.profile import PROFILE_TYPES, Profile
from ..core.validation import ProfileError, parse_profile
from ..planning.deadlines import DeadlineInputError, deadlines_from_raw
from ..planning.ics import deadlines_ics
from . import compare as comparison
from . import qr as qr_code
from . import share
from .payload import build_plan, build_report, errors_of, load_answers


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)


def _failed(errors: list[dict[str, str]]) -> str:
    return _dump({"ok": False, "errors": errors})


def form_spec() -> str:
    """The fields of each city's form, in display order, from the profile dataclasses."""
    return _dump(
        {
            "cities": {
                city: [field_spec(f) for f in dataclasses.fields(cls)]
                for city, cls in PROFILE_TYPES.items()
            }
        }
    )


def _for_profile(answers_json: str, build: Callable[[Profile], dict[str, Any]]) -> str:
    try:
        profile = parse_profile(load_answers(answers_json))
    except ProfileError as exc:
        return _failed(errors_of(exc))
    return _dump(build(profile))


def _evaluation(profile: Profile) -> dict[str, Any]:
    return build_report(profile, date.today(), pending=True)


def evaluate(answers_json: str) -> str:
    """Validate answers (typed JSON or form strings) and return score, checklist and text.
    A Shanghai date that needs the projection says it is being worked out: ``plan`` brings it."""
    return _for_profile(answers_json, _evaluation)


def plan(answers_json: str) -> str:
    """What-ifs and projection for answers, with ``when`` and ``text`` dated by that projection,
    or the validation errors."""
    return _for_profile(answers_json, lambda profile: build_plan(profile, date.today()))


def deadlines(request_json: str) -> str:
    """Working-day deadlines and an .ics calendar for ``{"city", "from", "purpose", ...}``."""
    try:
        raw = load_answers(request_json)
    except ProfileError as exc:
        return _failed(errors_of(exc))
    if not isinstance(raw, dict):
        return _failed([{"field": "", "message": "请求必须是 JSON 对象。"}])
    try:
        result = deadlines_from_raw(
            raw.get("city"),
            raw.get("from"),
            raw.get("purpose"),
            raw.get("permit_expiry"),
            today=date.today(),
        )
    except DeadlineInputError as exc:
        return _failed(exc.problems)
    return _dump({"ok": True, "deadlines": result.to_dict(), "ics": deadlines_ics(result)})


def encode_link(answers_json: str) -> str:
    """``{"ok": true, "fragment": "p=v1…"}`` for answers that pass validation."""
    try:
        answers = load_answers(answers_json)
        parse_profile(answers)
    except ProfileError as exc:
        return _failed(errors_of(exc))
    return _dump({"ok": True, "fragment": share.fragment(answers)})


def decode_link(fragment: str) -> str:
    """``{"ok": true, "answers": {...}}`` or ``{"ok": false, "errors": [...]}`` (never raises)."""
    try:
        answers = share.decode(fragment)
    except share.ShareLinkError as exc:
        return _failed([{"field": exc.field, "message": exc.message}])
    return _dump({"ok": True, "answers": answers})


def open_link(fragment: str) -> str:
    """A share link read and its answers evaluated, in one call (the page asks before its own
    scripts have run, so the first score takes one trip to the engine, not two):
    ``{"ok": true, "answers": {...}, "evaluation": <what evaluate returns for them>}``, or
    ``decode_link``'s errors. A link whose answers do not validate is still ``ok``; its
    ``evaluation`` carries the errors (never raises)."""
    try:
        answers = share.decode(fragment)
    except share.ShareLinkError as exc:
        return _failed([{"field": exc.field, "message": exc.message}])
    try:
        evaluation = _evaluation(parse_profile(answers))
    except ProfileError as exc:
        evaluation = {"ok": False, "errors": errors_of(exc)}
    return _dump({"ok": True, "answers": answers, "evaluation": evaluation})


def qr(link_json: str) -> str:
    """``{"ok": true, "svg": "<svg…"}`` for ``{"link": "https://…#p=v1…"}`` (never raises)."""
    try:
        request = load_answers(link_json)
    except ProfileError as exc:
        return _failed(errors_of(exc))
    link = request.get("link") if isinstance(request, dict) else None
    try:
        svg = qr_code.svg_of(link)
    except qr_code.QrError as exc:
        return _failed([{"field": "link", "message": exc.message}])
    except Exception:  # segno missing or broken: the page keeps working without the code
        return _failed([{"field": "link", "message": "二维码暂时无法生成，请直接复制链接。"}])
    return _dump({"ok": True, "svg": svg})


def compare(request_json: str) -> str:
    """``{"ok": true, "comparison": {...}}`` for ``{"scenarios": [{"name", "answers"}, ...]}``
    (two or three, one city; see ``surfaces/compare.py``), or the errors (never raises)."""
    try:
        request = comparison.load_request(request_json)
        built = comparison.build(comparison.scenarios_from_raw(request))
    except comparison.CompareError as exc:
        return _failed(exc.problems)
    return _dump({"ok": True, "comparison": built})
