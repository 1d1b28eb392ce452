"""Command line: ``python -m calculator score|checklist|schema|link|deadlines|batch|compare``.

Every subcommand lives here. Exit 0 on success, 2 with Chinese messages on stderr for bad input
(invalid JSON, unreadable file, validation problems, bad arguments); ``batch`` exits 1 when some
rows had problems (their reports are missing, the others were written).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, NoReturn, TextIO

from ..core import jsonin
from ..core.schema import json_schema
from ..core.validation import ProfileError, parse_profile
from ..planning.deadlines import CITIES, PURPOSES, DeadlineInputError, deadlines_from_raw
from ..planning.ics import deadlines_ics
from . import compare, qr, report, share
from .payload import build_plan, build_report, errors_of, load_answers, problem

EXIT_OK = 0
EXIT_ROW_ERRORS = 1
EXIT_BAD_INPUT = 2


# argparse's own (English) error messages and their Chinese wording; {0}, {1} are the parts the
# pattern captures (argument names and values, which stay as typed).
_ARGPARSE_ERRORS = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数 {0}"),
    (
        re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"),
        "{0} 的值 {1} 不可用；可选：{2}",
    ),
    (re.compile(r"argument (\S+): expected one argument"), "{0} 后面要跟一个值"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数 {0}"),
)


# argparse's own words in --help, in Chinese.
_HELP_WORDS = (
    ("usage:", "用法："),
    ("positional arguments:", "参数："),
    ("options:", "选项："),
    ("show this help message and exit", "显示本帮助并退出"),
)


# Positional argument names as a person reads them.
_NAMES = {"command": "子命令", "file": "档案文件"}


def chinese_argparse_error(message: str) -> str:
    """argparse's error ``message`` in Chinese; a message it does not know becomes a general one."""
    for pattern, wording in _ARGPARSE_ERRORS:
        found = pattern.fullmatch(message)
        if found:
            parts = (_NAMES.get(part, part) for part in found.groups())
            return wording.format(*parts)
    return "参数不完整或不正确"


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese error messages and exit code 2."""

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：", 1)

    def format_help(self) -> str:
        text = super().format_help()
        for english, chinese in _HELP_WORDS:
            text = text.replace(english, chinese)
        return text

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = chinese_argparse_error(message)
        write_utf8(sys.stderr, f"命令行参数有误：{text}。\n（用 --help 查看用法）\n")
        self.exit(EXIT_BAD_INPUT)


def write_utf8(stream: TextIO, text: str) -> None:
    """Write ``text`` as UTF-8 whatever the locale (LANG=C, PYTHONIOENCODING=ascii, ...)."""
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8", errors="replace"))
    buffer.flush()


def unreadable(path: str, exc: OSError) -> str:
    """Why the file ``path`` could not be opened, in Chinese."""
    if isinstance(exc, FileNotFoundError):
        reason = "文件不存在"
    elif isinstance(exc, IsADirectoryError):
        reason = "这是一个目录，不是文件"
    elif isinstance(exc, PermissionError):
        reason = "没有读取权限"
    else:
        reason = f"系统错误（错误号 {exc.errno}）"
    return f"无法读取文件 {path}：{reason}。"


def read_source(path: str, stdin: TextIO) -> Source:
    """The bytes of FILE, or of standard input for ``-`` (never decoded by the locale), with
    the place named in Chinese for messages; ProfileError if unreadable or too large."""
    if path == "-":
        where = "标准输入"
        buffer = getattr(stdin, "buffer", None)
        data: str | bytes = (
            buffer.read(jsonin.MAX_BYTES + 1)
            if buffer is not None
            else stdin.read(jsonin.MAX_CHARS + 1)  # a text stream given by a caller
        )
    else:
        where = f"文件 {path} "
        try:
            with open(path, "rb") as fh:
                data = fh.read(jsonin.MAX_BYTES + 1)
        except OSError as exc:
            raise problem(unreadable(path, exc)) from None
    if isinstance(data, bytes):
        try:
            decoded = jsonin.decode_utf8(data, where)
        except jsonin.JsonInputError as exc:
            raise problem(exc.message) from None
        return Source(decoded.text, where)
    return Source(data, where)


@dataclass(frozen=True)
class Source:
    """Text read from a file or stdin, and where it came from (in Chinese, for messages)."""

    text: str
    where: str


def _answers(path: str, stdin: TextIO) -> Any:
    """Read and parse the answers of FILE or ``-`` (bounded JSON, Chinese errors)."""
    source = read_source(path, stdin)
    return load_answers(source.text, source.where)


def _report_for(path: str, stdin: TextIO, *, with_plan: bool = False) -> dict[str, Any]:
    profile = parse_profile(_answers(path, stdin))
    today = dt.date.today()
    # With the plan, its projection gives the date (and the text that says it): computed once.
    rep = build_report(profile, today, pending=with_plan)
    if with_plan:
        rep.update(build_plan(profile, today))
    return rep


def _score(args: argparse.Namespace) -> int:
    rep = _report_for(args.file, sys.stdin, with_plan=True)
    result, items = rep["result"], rep["checklist"]
    if args.format == "text":
        write_utf8(sys.stdout, rep["text"] + report.plan_text(rep["whatifs"], rep["projection"]))
    elif args.format == "markdown":
        write_utf8(
            sys.stdout,
            report.markdown(result, items, rep["when"])
            + report.plan_markdown(rep["whatifs"], rep["projection"]),
        )
    else:
        out = dict(result)
        out["when"] = rep["when"]
        out["checklist"] = items
        out["whatifs"] = rep["whatifs"]
        out["projection"] = rep["projection"]
        write_utf8(sys.stdout, json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _checklist(args: argparse.Namespace) -> int:
    rep = _report_for(args.file, sys.stdin)
    items = rep["checklist"]
    if args.format == "markdown":
        write_utf8(sys.stdout, report.checklist_markdown(items))
    else:
        write_utf8(sys.stdout, json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    write_utf8(sys.stdout, json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _link(args: argparse.Namespace) -> int:
    """Print the share link for a valid profile (the answers as given, defaults dropped); with
    ``--qr FILE`` also write it as an SVG QR code."""
    answers = _answers(args.file, sys.stdin)
    parse_profile(answers)  # raises ProfileError (exit 2) for anything the page would reject
    link = share.make_link(answers, args.base)
    if args.qr:
        code = write_qr(link, args.qr, sys.stderr)
        if code != EXIT_OK:
            return code
    write_utf8(sys.stdout, link + "\n")
    return EXIT_OK


def write_qr(link: str, path: str, err: TextIO) -> int:
    """Write `link` as an SVG QR code to `path` (never a directory); 2 with a Chinese message."""
    if os.path.isdir(path):
        return _fail(f"二维码文件（--qr）{path} 是一个目录，请给出文件名，如 二维码.svg。", err)
    try:
        svg = qr.svg_of(link)
    except qr.QrError as exc:
        return _fail(exc.message, err)
    code = _emit(svg.encode("utf-8"), path, err)
    if code == EXIT_OK:
        write_utf8(err, f"已写入二维码 {path}\n")
    return code


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
    p.add_argument(
        "--qr", default="", metavar="FILE", help="同时把分享链接写成二维码图片（SVG 文件）"
    )
    p.set_defaults(func=_link)
    register_planning(sub)
    register_compare(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except ProfileError as exc:
        write_utf8(sys.stderr, "".join(p["message"] + "\n" for p in errors_of(exc)))
        return EXIT_BAD_INPUT
    return code


# --- compare: two or three scenarios side by side ---------------------------------------------


def register_compare(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "compare",
        help="把 2 到 3 份档案（例如我和配偶、读研前后）并排比较，并说明谁来申请",
        description="逐项、总分、结论并排比较同一城市的 2 到 3 份档案，按该城市的家庭积分规则"
        "说明父母双方谁来申请。方案名称取文件名。",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="档案 JSON 文件（2 到 3 个）")
    p.add_argument("--format", choices=("json", "text", "markdown"), default="json")
    p.set_defaults(func=_compare)


def _scenario(path: str) -> compare.Scenario:
    """One file as a named scenario; ProfileError naming the file on any problem."""
    answers = _answers(path, sys.stdin)
    name = "标准输入" if path == "-" else os.path.splitext(os.path.basename(path))[0]
    try:
        profile = parse_profile(answers)
    except ProfileError as exc:
        where = "标准输入" if path == "-" else f"文件 {path}"
        raise problem("\n".join(f"{where}：{p['message']}" for p in errors_of(exc))) from None
    return compare.Scenario(name[: compare.MAX_NAME_CHARS], profile)


def _compare(args: argparse.Namespace) -> int:
    try:
        compare.check_count(len(args.files))
        if args.files.count("-") > 1:
            raise problem("标准输入（-）只能用一次。")
        built = compare.build([_scenario(path) for path in args.files])
    except compare.CompareError as exc:
        return _fail("；".join(p["message"] for p in exc.problems), sys.stderr)
    if args.format == "text":
        write_utf8(sys.stdout, compare.text(built))
    elif args.format == "markdown":
        write_utf8(sys.stdout, compare.markdown(built))
    else:
        write_utf8(sys.stdout, json.dumps(built, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


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
        "空单元格表示未填写。每个客户生成 <client_id>.md 和 <client_id>.html"
        "（编号相同或只差大小写时，后面的加 -2、-3 区分），另有 summary.csv 汇总；"
        "有问题的行会给出行号和原因，其余行照常处理。逐行读取、计算、写出，行数多时显示进度。"
        "退出码：0 全部成功，1 有行出错（其余报告已生成），2 文件或参数有误。",
    )
    b.add_argument("csv", nargs="?", default="", help="客户 CSV 文件，- 表示标准输入")
    b.add_argument("--out", default="", metavar="DIR", help="报告输出目录（不存在时自动创建）")
    b.add_argument("--template", action="store_true", help="只输出包含全部列的 CSV 表头模板")
    b.add_argument("--date", default="", metavar="DATE", help="报告日期 YYYY-MM-DD，默认今天")
    b.add_argument(
        "--no-plan",
        dest="plan",
        action="store_false",
        help="不计算提分办法和五年积分预测（快得多；汇总表的最早达标日期只在已达标时填写）",
    )
    b.add_argument(
        "--no-qr",
        dest="qr_codes",
        action="store_false",
        help="不生成二维码（每个客户只写 .md 和 .html，报告里仍有链接；省去大部分时间）",
    )
    b.add_argument(
        "--jobs",
        default="",
        metavar="N",
        help=f"同时计算的进程数（1 到 {MAX_JOBS}），默认等于本机可用的 CPU 核数"
        f"（最多 {DEFAULT_JOBS_CAP} 个）；1 表示只用一个进程。"
        "结果与进程数无关：报告、文件名和汇总表都相同",
    )
    b.add_argument(
        "--encoding",
        default="",
        metavar="ENC",
        help="CSV 文件的编码：utf-8、gbk 或 gb18030。默认自动判断（UTF-8 或 GB18030），"
        "并在屏幕上说明按哪种编码读取；无法确定时不处理并指出出错的行和字节",
    )
    b.add_argument(
        "--base-url",
        default=share.DEFAULT_BASE,
        metavar="URL",
        help="报告里的链接和二维码打开的计算器网址，例如 https://example.org/calculator/"
        f"（默认：{share.DEFAULT_BASE}，只是相对地址，打印出来扫码打不开，正式使用请给出网站地址）",
    )
    b.set_defaults(func=run_batch)


def _fail(message: str, err: TextIO) -> int:
    write_utf8(err, f"错误：{message}\n")
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
    write_utf8(sys.stdout, data.decode("utf-8"))
    return EXIT_OK


def run_batch(args: argparse.Namespace, today: dt.date | None = None) -> int:
    from concurrent.futures import BrokenExecutor

    from . import batch, csvio  # the CSV machinery is only needed here
    from .progress import Progress

    err = sys.stderr
    if args.template:
        return _emit(batch.template_csv().encode("utf-8"), "", err)
    if not args.csv:
        return _fail("请给出客户 CSV 文件（或用 --template 输出表头模板）。", err)
    if not args.out:
        return _fail("请用 --out 指定报告输出目录。", err)
    forced = str(args.encoding).strip().lower()
    if forced and forced not in csvio.FORCED:
        return _fail(
            f"编码（--encoding）只能是 {'、'.join(csvio.FORCED)}；收到的是“{args.encoding}”。", err
        )
    jobs = _jobs(str(args.jobs))
    if not jobs:
        return _fail(
            f"进程数（--jobs）应为 1 到 {MAX_JOBS} 的整数；收到的是“{str(args.jobs)[:80]}”。", err
        )
    day = today or dt.date.today()
    if args.date:
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError:
            return _fail(f"报告日期（--date）应为 YYYY-MM-DD；收到的是“{args.date}”。", err)
    base = str(args.base_url)
    problem_with_base = _base_url_problem(base)
    if problem_with_base:
        return _fail(problem_with_base, err)
    if not base.startswith(("https://", "http://")):
        write_utf8(
            err,
            f"提示：报告里的链接和二维码指向相对地址“{base}”，手机扫码打不开；"
            "请用 --base-url 给出计算器的网址。\n",
        )
    where = "标准输入" if args.csv == "-" else args.csv
    try:
        with _seekable_input(args.csv) as stream:
            encoding, rows = batch.read_file(stream, forced)
            write_utf8(err, encoding.note(where) + "\n")
            progress = Progress(
                lambda text: write_utf8(err, text), encoding.lines - 1, tty=err.isatty()
            )

            def on_row(outcome: batch.Outcome) -> None:
                who = f"（{outcome.client_id}）" if outcome.client_id else ""
                for reason in outcome.reasons:
                    progress.say(f"第{outcome.row}行{who}：{reason}")
                progress.update(outcome.row - 1)

            totals = batch.run(
                rows,
                args.out,
                day,
                plan=args.plan,
                on_row=on_row,
                base=base,
                qr_codes=args.qr_codes,
                jobs=jobs,
            )
            progress.finish(totals.reports + totals.errors)
    except _InputError as e:
        return _fail(str(e), err)
    except csvio.CsvInputError as e:
        return _fail(f"{where}：{e}", err)
    except OSError as e:
        return _fail(f"无法写入输出目录 {args.out}：{e.strerror}。", err)
    except BrokenExecutor:
        return _fail(
            "一个计算进程意外退出（可能是内存不足），处理已停止，汇总表只含此前的行；"
            "可以用 --jobs 1 重试。",
            err,
        )
    write_utf8(
        err,
        f"已生成 {totals.reports} 份报告，{totals.errors} 行有问题；"
        f"汇总见 {os.path.join(args.out, 'summary.csv')}\n",
    )
    return EXIT_ROW_ERRORS if totals.errors else EXIT_OK


MAX_JOBS = 64
DEFAULT_JOBS_CAP = 4  # each worker holds its own ~25 MB: 4 keep a run well under 150 MB


def _jobs(text: str) -> int:
    """``--jobs``: the number of processes (default: the CPUs available, at most
    DEFAULT_JOBS_CAP), 0 if ``text`` is not a whole number from 1 to MAX_JOBS."""
    from .pool import default_jobs

    if not text:
        return min(default_jobs(), DEFAULT_JOBS_CAP)
    text = text.strip()
    if not text.isascii() or not text.isdigit():
        return 0
    n = int(text)
    return n if 1 <= n <= MAX_JOBS else 0


def _base_url_problem(base: str) -> str:
    """A Chinese message if ``--base-url`` cannot start a link, else ""."""
    if not base or len(base) > qr.MAX_BASE_CHARS:
        return f"计算器网址（--base-url）应为 1 到 {qr.MAX_BASE_CHARS} 个字符。"
    if "#" in base or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in base):
        return f"计算器网址（--base-url）不能含有 #、空格或控制字符；收到的是“{base[:80]}”。"
    if ":" in base.split("/", 1)[0] and not base.startswith(("https://", "http://")):
        return f"计算器网址（--base-url）只能以 https:// 或 http:// 开头；收到的是“{base[:80]}”。"
    return ""


class _InputError(Exception):
    """The input file cannot be opened or copied (the message is Chinese)."""


@contextlib.contextmanager
def _seekable_input(path: str) -> Iterator[BinaryIO]:
    """The CSV bytes as a seekable stream: the file itself, or a spooled copy of standard input
    (or of a pipe), bounded by the batch size limit."""
    from .csvio import MAX_BYTES

    try:
        fh: BinaryIO = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        raise _InputError(unreadable(path, exc)) from None
    try:
        if path != "-" and fh.seekable():
            yield fh
            return
        with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as spool:
            copied = 0
            while chunk := fh.read(64 * 1024):
                copied += len(chunk)
                if copied > MAX_BYTES:
                    raise _InputError(f"输入超过 {MAX_BYTES // 1024 // 1024} MB，请分成几个文件。")
                spool.write(chunk)
            yield spool  # type: ignore[misc]
    finally:
        if path != "-":
            fh.close()
