"""Pieces both cities' scoring share (pure functions)."""

from __future__ import annotations

from ..core.result import Line, Warning, make_line
from ..rules import Rule


def take_higher(
    edu: tuple[Rule, float, str], title: tuple[Rule, float, str], edu_word: str
) -> tuple[Line, Line]:
    """Education and title/skill count only the higher of the two (择高): the lower one scores 0.

    Each argument is (rule, points, explanation); ``edu_word`` names the education indicator in the
    sentence the title line gets when education wins.
    """
    (edu_rule, edu_points, edu_text), (title_rule, title_points, title_text) = edu, title
    if title_points > edu_points:
        edu_text += f"低于职称（技能）的{title_points:g}分，按择高原则不计。"
        edu_points = 0
    elif title_points:
        title_text += f"不高于{edu_word}的{edu_points:g}分，按择高原则不计。"
        title_points = 0
    return make_line(edu_rule, edu_points, edu_text), make_line(
        title_rule, title_points, title_text
    )


def unconfirmed(line: Line, what: str) -> list[Warning]:
    """A warning when ``line`` scores points under a rule whose ``what`` is unconfirmed."""
    if line.confidence != "unconfirmed" or line.points == 0:
        return []
    return [
        Warning(
            f"confidence.{line.id}",
            f"“{line.label}”的{what}未证实（单一来源或来源冲突），请以受理部门的审核为准。",
        )
    ]
