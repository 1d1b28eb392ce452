"""The CLI's exit paths: 0 with output, 2 with Chinese messages on stderr."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import run_cli as run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_score_json_has_the_promised_keys(path: Path) -> None:
    out = run("score", str(path))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in (
        "city",
        "policy",
        "total",
        "threshold",
        "eligible",
        "vetoed",
        "lines",
        "checklist",
        "warnings",
    ):
        assert key in data
    for line in data["lines"]:
        assert {"id", "label", "points", "max", "source", "confidence"} <= set(line)
    for item in data["checklist"]:
        assert {"id", "name", "why"} <= set(item)


def test_score_from_stdin_text_and_markdown() -> None:
    profile = EXAMPLES[0].read_text(encoding="utf-8")
    text = run("score", "-", "--format", "text", stdin=profile)
    assert text.returncode == 0 and "分" in text.stdout and "材料清单" in text.stdout
    md = run("score", "-", "--format", "markdown", stdin=profile)
    assert md.returncode == 0 and md.stdout.startswith("# ") and "| 指标 |" in md.stdout


def test_checklist_markdown() -> None:
    out = run("checklist", str(EXAMPLES[0]), "--format", "markdown")
    assert out.returncode == 0 and "- [ ]" in out.stdout


def test_schema() -> None:
    out = run("schema")
    assert out.returncode == 0 and json.loads(out.stdout)["oneOf"]


@pytest.mark.parametrize(
    ("args", "stdin", "phrase"),
    [
        (("score", "-"), "{oops", "不是有效的 JSON"),
        (("score", "/no/such/file.json"), "", "文件不存在"),
        (("score", "."), "", "目录"),
        (("score", "-"), '{"city": "beijing"}', "不是支持的城市"),
        (("score", "-"), '{"city": "shanghai", "birth_date": "x"}', "「评估日期」"),
        (("checklist", "-"), "[]", "JSON 对象"),
        (("frobnicate",), "", "命令行参数有误：子命令 的值 'frobnicate' 不可用；可选：'score'"),
        ((), "", "命令行参数有误：缺少参数 子命令。"),
        (("score",), "", "命令行参数有误：缺少参数 档案文件。"),
        (("score", "-", "--format", "pdf"), "{}", "--format 的值 'pdf' 不可用；可选：'json'"),
        (("score", "-", "--format"), "{}", "--format 后面要跟一个值"),
        (("score", "-", "--colour"), "{}", "无法识别的参数 --colour"),
        (("link", "-"), "[]", "JSON 对象"),
    ],
)
def test_bad_input_exits_2_with_a_chinese_message(
    args: tuple[str, ...], stdin: str, phrase: str
) -> None:
    out = run(*args, stdin=stdin)
    assert out.returncode == 2
    assert phrase in out.stderr
    assert "Traceback" not in out.stderr and "usage:" not in out.stderr
    assert not re.search(r"required|invalid|expected|unrecognized", out.stderr)
