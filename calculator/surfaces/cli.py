"""Command line: ``python -m calculator score|checklist|schema|link|deadlines|batch``.

Every subcommand lives here. Exit 0 on success, 2 with Chinese messages on stderr for bad input
(invalid JSON, unreadable file, validation problems, bad arguments); ``batch`` exits 1 when some
rows had problems (their reports are missing, the others were written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TextIO

from ..core.schema import json_schema
from ..core.validation import ProfileError, parse_profile
from ..planning.deadlines import CITIES, PURPOSES, DeadlineInputError, deadlines_from_raw
from ..planning.ics import deadlines_ics
from . import report, share
from .payload import build_plan, build_report, errors_of, load_answers, problem

EXIT_OK = 0
EXIT_ROW_ERRORS = 1
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
    raise problem(f"无法读取文件 {path}：{reason}。")


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


def _link(args: argparse.Namespace) -> int:
    """Print the share link for a valid profile (the answers as given, defaults dropped)."""
    answers = load_answers(read_source(args.file, sys.stdin))
    parse_profile(answers)  # raises ProfileError (exit 2) for anything the page would reject
    sys.stdout.write(share.make_link(answers, args.base) + "\n")
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
    p.add_argument("file", help="档案 JSON 文件，- 表示标准输入")
    p.add_argument(
        "--base",
        default=share.DEFAULT_BASE,
        help=f"计算器页面的网址，例如 https://example.org/calculator/（默认：{share.DEFAULT_BASE}）",
    )
    p.set_defaults(func=_link)
    register_planning(sub)
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


# --- planning: deadlines and batch ------------------------------------------------------------


def register_planning(subparsers: Any) -> None:
    """Add the planning subcommands to an ``argparse`` subparsers object."""
    p = subparsers.add_parser(
        "deadlines",
        help="按工作日推算办理各环节的日期（JSON 或 .ics 日历）",
        description="从提交日（上海：材料审核通过日）起按工作日推算各环节的日期。"
        "工作日从次日开始计算，法定节假日和调休按 chinesecalendar 计算。",
    )
    p.add_argument(
        "--city", required=True, help="城市：" + "、".join(f"{k}（{v}）" for k, v in CITIES.items())
    )
    p.add_argument(
        "--from", dest="start", default="", metavar="DATE", help="起算日期 YYYY-MM-DD，默认今天"
    )
    p.add_argument(
        "--purpose",
        default="settle",
        help="用途（杭州）：" + "、".join(f"{k}（{v}）" for k, v in PURPOSES.items()),
    )
    p.add_argument(
        "--permit-expiry",
        default="",
        metavar="DATE",
        help="居住证有效期至 YYYY-MM-DD（上海：给出时加入签注提醒）",
    )
    p.add_argument("--format", dest="fmt", default="json", help="输出格式：json 或 ics")
    p.add_argument("-o", "--output", default="", metavar="FILE", help="写入文件而不是标准输出")
    p.set_defaults(func=run_deadlines)

    b = subparsers.add_parser(
        "batch",
        help="按客户 CSV 批量生成评估报告（Markdown 和可打印的 HTML）及汇总表",
        description="CSV 第1行为表头：client_id、name 和档案字段名（与档案 JSON 的字段相同），"
        "空单元格表示未填写。每个客户生成 <client_id>.md 和 <client_id>.html，"
        "另有 summary.csv 汇总；有问题的行会给出行号和原因，其余行照常处理。"
        "退出码：0 全部成功，1 有行出错（其余报告已生成），2 文件或参数有误。",
    )
    b.add_argument("csv", nargs="?", default="", help="客户 CSV 文件，- 表示标准输入")
    b.add_argument("--out", default="", metavar="DIR", help="报告输出目录（不存在时自动创建）")
    b.add_argument("--template", action="store_true", help="只输出包含全部列的 CSV 表头模板")
    b.add_argument("--date", default="", metavar="DATE", help="报告日期 YYYY-MM-DD，默认今天")
    b.set_defaults(func=run_batch)


def _fail(message: str, err: TextIO) -> int:
    err.write(f"错误：{message}\n")
    return EXIT_BAD_INPUT


def run_deadlines(args: argparse.Namespace, today: dt.date | None = None) -> int:
    err = sys.stderr
    fmt = str(args.fmt).strip().lower()
    if fmt not in ("json", "ics"):
        return _fail(f"输出格式（--format）只能是 json 或 ics；收到的是“{args.fmt}”。", err)
    try:
        plan = deadlines_from_raw(
            args.city,
            args.start,
            args.purpose,
            args.permit_expiry,
            today=today or dt.date.today(),
        )
    except DeadlineInputError as e:
        for p in e.problems:
            err.write(f"错误：{p['message']}\n")
        return EXIT_BAD_INPUT
    if fmt == "ics":
        data = deadlines_ics(plan).encode("utf-8")
    else:
        text = json.dumps(plan.to_dict(), ensure_ascii=False, indent=2)
        data = (text + "\n").encode("utf-8")
    return _emit(data, args.output, err)


def _emit(data: bytes, output: str, err: TextIO) -> int:
    if output:
        try:
            with open(output, "wb") as fh:
                fh.write(data)
        except OSError as e:
            return _fail(f"无法写入文件 {output}：{e.strerror}", err)
        return EXIT_OK
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data.decode("utf-8"))
    return EXIT_OK


def run_batch(args: argparse.Namespace, today: dt.date | None = None) -> int:
    from . import batch  # the CSV machinery is only needed here

    err = sys.stderr
    if args.template:
        return _emit(batch.template_csv().encode("utf-8"), "", err)
    if not args.csv:
        return _fail("请给出客户 CSV 文件（或用 --template 输出表头模板）。", err)
    if not args.out:
        return _fail("请用 --out 指定报告输出目录。", err)
    day = today or dt.date.today()
    if args.date:
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError:
            return _fail(f"报告日期（--date）应为 YYYY-MM-DD；收到的是“{args.date}”。", err)
    try:
        if args.csv == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.csv, "rb") as fh:
                data = fh.read()
    except FileNotFoundError:
        return _fail(f"无法读取 {args.csv}：文件不存在。", err)
    except IsADirectoryError:
        return _fail(f"无法读取 {args.csv}：这是一个目录，不是文件。", err)
    except OSError as e:
        return _fail(f"无法读取 {args.csv}：{e.strerror}。", err)
    progress = _progress(err) if err.isatty() else None
    try:
        result = batch.run(batch.decode(data), args.out, day, progress)
    except batch.BatchInputError as e:
        return _fail(str(e), err)
    except OSError as e:
        return _fail(f"无法写入输出目录 {args.out}：{e.strerror}。", err)
    for row_error in result.errors:
        who = f"（{row_error.client_id}）" if row_error.client_id else ""
        for reason in row_error.reasons:
            err.write(f"第{row_error.row}行{who}：{reason}\n")
    err.write(
        f"已生成 {len(result.reports)} 份报告，{len(result.errors)} 行有问题；"
        f"汇总见 {args.out}/summary.csv\n"
    )
    return EXIT_ROW_ERRORS if result.errors else EXIT_OK


def _progress(err: TextIO) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        err.write(f"\r处理中 {done}/{total}")
        if done == total:
            err.write("\n")
        err.flush()

    return show
