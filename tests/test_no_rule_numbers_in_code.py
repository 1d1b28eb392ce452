"""No number that belongs to a rule is written in the city modules: they read it from the data.

The scan reads the source of ``calculator/cities/*.py``. A numeric literal is allowed only when it
is one of these, none of which is a rule value:
  (a) 0 or 1;
  (b) 12, the months of a year (calendar arithmetic);
  (c) the ndigits argument of ``round()``;
  (d) an index or slice bound (inside ``x[...]``);
  (e) the value of a keyword argument named ``min`` or ``max`` (bounds of an input field) or
      ``block`` or ``max_k`` (how a what-if search steps);
  (f) the second positional argument of ``first_gain`` (how many steps a what-if search tries);
  (g) the value assigned to a module-level name ending in ``_SEARCH_STEP`` (the step of a what-if
      search, not of a rule);
  (h) 10000 as the right side of a division (yuan to 万, a unit, as in "10万元").
A string literal (or literal part of an f-string) must not state a points amount: a non-zero
number directly followed by 分 ("计10分", "160分", "V4分值" all fail).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

CITY_MODULES = sorted((Path(__file__).parent.parent / "calculator" / "cities").glob("*.py"))
POINTS_IN_TEXT = re.compile(r"(?<![\d.])(?!0分)\d+(?:\.\d+)?分")
ALLOWED_KEYWORDS = {"min", "max", "block", "max_k"}


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _allowed(node: ast.Constant, parents: dict[ast.AST, ast.AST]) -> bool:
    value = node.value
    if value in (0, 1, 12):  # (a), (b)
        return True
    parent = parents.get(node)
    if isinstance(parent, ast.UnaryOp):  # -3 is written as -(3)
        parent = parents.get(parent)
    if (
        value == 10000
        and isinstance(parent, ast.BinOp)
        and isinstance(parent.op, ast.Div)
        and parent.right is node
    ):  # (h)
        return True
    if isinstance(parent, ast.keyword):
        return parent.arg in ALLOWED_KEYWORDS  # (e)
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name):
        args = parent.args
        if parent.func.id == "round" and len(args) == 2 and args[1] is node:  # (c)
            return True
        if parent.func.id == "first_gain" and len(args) >= 2 and args[1] is node:  # (f)
            return True
    if isinstance(parent, ast.Slice) or (
        isinstance(parent, ast.Subscript) and parent.slice is node
    ):  # (d)
        return True
    if isinstance(parent, ast.Assign) and all(
        isinstance(t, ast.Name) and t.id.endswith("_SEARCH_STEP") for t in parent.targets
    ):  # (g)
        return True
    return False


def offending(source: str) -> list[str]:
    tree = ast.parse(source)
    parents = _parents(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant):
            continue
        if isinstance(node.value, bool):
            continue
        if isinstance(node.value, int | float) and not _allowed(node, parents):
            found.append(f"line {node.lineno}: number {node.value!r}")
        if isinstance(node.value, str) and POINTS_IN_TEXT.search(node.value):
            found.append(f"line {node.lineno}: points in text {node.value!r}")
    return found


@pytest.mark.parametrize("path", CITY_MODULES, ids=lambda p: p.name)
def test_city_modules_write_no_rule_number(path: Path) -> None:
    assert offending(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('x = "有就业，计10分。"', ["line 1: points in text '有就业，计10分。'"]),
        ('x = f"按{v}分值"', []),  # the number comes from a variable
        ('x = "按V4分值"', ["line 1: points in text '按V4分值'"]),
        ('x = "按0分计"', []),  # zero points is no rule value
        ("x = points > 100", ["line 1: number 100"]),
        ("x = add_years(d, -3)", ["line 1: number 3"]),
        ("x = 0.5 * k", ["line 1: number 0.5"]),
        ("x = round(t, 2)", []),
        ("x = months // 12", []),
        ("x = parts[2:]", []),
        ('x = optional(0, "a", "b", min=0, max=600)', []),
        ("x = first_gain(f, 20, block=12)", []),
        ("DONATION_SEARCH_STEP = 100", []),
        ("LIMIT = 100", ["line 1: number 100"]),
        ("x = yuan / 10000", []),
        ("x = yuan * 10000", ["line 1: number 10000"]),
    ],
)
def test_the_scan_flags_rule_numbers_and_allows_the_listed_cases(
    source: str, found: list[str]
) -> None:
    assert offending(source) == found
