"""Planning subcommands of ``python -m calculator``: ``deadlines`` and ``batch``.

``calculator/cli.py`` calls :func:`register` with its subparsers and then runs ``args.func(args)``,
which returns the exit code (0 ok, 2 bad input).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from calculator.deadlines import CITIES, PURPOSES, DeadlineInputError, deadlines_from_raw
from calculator.ics import deadlines_ics

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
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


EXIT_ROW_ERRORS = 1


def run_batch(args: argparse.Namespace, today: dt.date | None = None) -> int:
    from calculator import batch  # the scoring engine is only needed here

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
