"""Command line: ``python -m calculator score|checklist|schema|link|deadlines|batch``.

Exit 0 on success, 2 with Chinese messages on stderr for bad input (invalid JSON, unreadable file,
validation problems, bad arguments).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn, TextIO

from . import cli_planning, report, share
from .api import build_plan, build_report, errors_of, load_answers
from .schema import json_schema
from .validation import Problem, ProfileError, parse_profile

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese error messages and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"命令行参数有误：{message}\n（用 --help 查看用法）\n")


def read_source(path: str, stdin: TextIO) -> str:
    """The text of FILE, or of standard input for ``-``; ProfileError if unreadable."""
    if path == "-":
        return stdin.read()
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        reason = "文件不存在"
    except IsADirectoryError:
        reason = "这是一个目录，不是文件"
    except PermissionError:
        reason = "没有读取权限"
    except UnicodeDecodeError:
        reason = "不是 UTF-8 编码的文本"
    except OSError as exc:
        reason = f"系统错误（{exc.errno}）"
    raise ProfileError([Problem("", f"无法读取文件 {path}：{reason}。")])


def _report_for(path: str, stdin: TextIO, *, with_plan: bool = False) -> dict[str, Any]:
    profile = parse_profile(load_answers(read_source(path, stdin)))
    rep = build_report(profile)
    if with_plan:
        rep.update(build_plan(profile))
    return rep


def _score(args: argparse.Namespace) -> int:
    rep = _report_for(args.file, sys.stdin, with_plan=True)
    result, items = rep["result"], rep["checklist"]
    if args.format == "text":
        sys.stdout.write(rep["text"] + report.plan_text(rep["whatifs"], rep["projection"]))
    elif args.format == "markdown":
        sys.stdout.write(
            report.markdown(result, items) + report.plan_markdown(rep["whatifs"], rep["projection"])
        )
    else:
        out = dict(result)
        out["checklist"] = items
        out["whatifs"] = rep["whatifs"]
        out["projection"] = rep["projection"]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _checklist(args: argparse.Namespace) -> int:
    rep = _report_for(args.file, sys.stdin)
    items = rep["checklist"]
    if args.format == "markdown":
        sys.stdout.write(report.checklist_markdown(items))
    else:
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m calculator", description="上海、杭州居住证积分自测（命令行）")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("score", help="测算积分并列出明细和材料清单")
    p.add_argument("file", help="档案 JSON 文件，- 表示标准输入")
    p.add_argument("--format", choices=("json", "text", "markdown"), default="json")
    p.set_defaults(func=_score)
    p = sub.add_parser("checklist", help="只输出材料清单")
    p.add_argument("file", help="档案 JSON 文件，- 表示标准输入")
    p.add_argument("--format", choices=("json", "markdown"), default="json")
    p.set_defaults(func=_checklist)
    p = sub.add_parser("schema", help="输出档案的 JSON Schema")
    p.set_defaults(func=_schema)
    p = sub.add_parser("link", help="输出可在网页中打开的分享链接")
    share.add_link_arguments(p)
    p.set_defaults(func=share.link_command)
    cli_planning.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except ProfileError as exc:
        for problem in errors_of(exc):
            sys.stderr.write(problem["message"] + "\n")
        return EXIT_BAD_INPUT
    return code
