"""What every surface shows for a profile, as plain dicts (the API dumps them, the CLI prints them).

Also the one reader of JSON text from outside (``load_answers``): size-limited, Chinese errors.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..core import jsonin
from ..core.checklist import checklist
from ..core.profile import Profile
from ..core.profile import to_dict as profile_to_dict
from ..core.result import Result
from ..core.scoring import score
from ..core.validation import Problem, ProfileError, field_names
from ..planning.chart import svg
from ..planning.projection import project
from ..planning.whatifs import whatifs
from ..planning.when import when
from . import report


def build_report(
    profile: Profile, today: date | None = None, pending: bool = False
) -> dict[str, Any]:
    """Everything the page and the CLI show for a valid profile; ``today`` lets the ``when``
    sentence say "按今天" when the assessment date is today. ``pending``: a Shanghai profile
    below the line gets its date from ``build_plan`` (which computes the projection anyway), so
    the report only says it is being worked out."""
    scored = score(profile)
    items = [item.to_dict() for item in checklist(profile)]
    apply = when(profile, scored, today, without="pending" if pending else "search")
    told = _told(scored, items, apply.to_dict())
    return {
        "ok": True,
        "profile": profile_to_dict(profile),
        "result": told["result"],
        "when": told["when"],
        "checklist": items,
        "text": told["text"],
    }


def _told(scored: Result, items: list[dict[str, Any]], apply: dict[str, Any]) -> dict[str, Any]:
    """The result, when to apply, and the plain text that says both (copied from the page)."""
    result = scored.to_dict()
    return {"result": result, "when": apply, "text": report.text(result, items, apply)}


def build_plan(profile: Profile, today: date | None = None) -> dict[str, Any]:
    """What-ifs and the five-year projection (slower: many re-scorings, so a separate call), with
    ``when`` and ``text`` as ``build_report`` gives them, the date taken from this projection."""
    result = score(profile)
    proj = project(profile, base=result)
    items = [item.to_dict() for item in checklist(profile)]
    return {
        "ok": True,
        "whatifs": [w.to_dict() for w in whatifs(profile, result)],
        "projection": proj.to_dict(),
        "projection_svg": svg(proj),
        **_told(result, items, when(profile, result, today, proj).to_dict()),
    }


def errors_of(exc: ProfileError) -> list[dict[str, str]]:
    return [{"field": p.field, "message": p.message} for p in exc.problems]


def problem(message: str) -> ProfileError:
    """A ProfileError about the input as a whole (no field)."""
    return ProfileError([Problem("", message)])


def load_answers(answers: str | bytes, where: str = "输入") -> Any:
    """Parse untrusted JSON text or UTF-8 bytes (bounded: see ``calculator.core.jsonin``);
    raise ProfileError with the Chinese message, naming ``where`` and the field."""
    try:
        return jsonin.loads(answers, where, names=field_names())
    except jsonin.JsonInputError as exc:
        raise ProfileError([Problem(exc.field, exc.message)]) from None
