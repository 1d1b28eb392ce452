"""What every surface shows for a profile, as plain dicts (the API dumps them, the CLI prints them).

Also the one reader of JSON text from outside (``load_answers``): size-limited, Chinese errors.
"""

from __future__ import annotations

import json
from typing import Any

from ..core.checklist import checklist
from ..core.profile import Profile
from ..core.profile import to_dict as profile_to_dict
from ..core.scoring import score
from ..core.validation import Problem, ProfileError
from ..planning.chart import svg
from ..planning.projection import project
from ..planning.whatifs import whatifs
from . import report

MAX_INPUT_CHARS = 200_000


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


def problem(message: str) -> ProfileError:
    """A ProfileError about the input as a whole (no field)."""
    return ProfileError([Problem("", message)])


def load_answers(answers_json: str) -> Any:
    """Parse JSON text; raise ProfileError (Chinese) for anything that is not JSON."""
    if not isinstance(answers_json, str) or len(answers_json) > MAX_INPUT_CHARS:
        raise problem("输入过长或不是文本，无法读取。")
    try:
        return json.loads(answers_json)
    except json.JSONDecodeError:
        # No parser detail: its wording and even the reported column differ between CPython 3.11
        # and Pyodide's 3.14, and the browser and the CLI must give the same answer.
        raise problem(
            "输入不是有效的 JSON：请检查括号和引号是否成对、逗号是否多余或缺少。"
        ) from None
    except (ValueError, RecursionError):
        raise problem("输入不是有效的 JSON（数字过长或嵌套过深）。") from None
