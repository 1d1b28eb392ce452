"""Consultant batch reports: one CSV row per client in, one report per client out, streamed.

CSV format (the encoding is decided by :mod:`calculator.surfaces.csvio`: UTF-8 with or without a
BOM, or GB18030/GBK as saved by Excel or WPS on Chinese Windows, never guessed silently):

- The first row is the header. Columns are ``client_id`` (required, the file name of the report),
  ``name`` (optional, shown in the report) and the profile field ids of ``calculator/cities/``
  (the same ids as the profile JSON; ``city``, ``assessment_date`` and ``birth_date`` are
  required). ``python -m calculator batch --template`` prints a header with every column; a
  column that is none of these refuses the file (a misspelt field would otherwise be lost).
- An empty cell means "not given" (the field's default). Values are written as on the form:
  ``true``/``false`` (or 是/否), numbers, ``YYYY-MM-DD`` dates, choice ids such as ``benke``.
- Shanghai and Hangzhou rows can share one file: a row leaves the other city's columns empty.
- ``offences`` holds a JSON list, e.g. ``[{"date": "2022-05-01", "kinds": ["detention"]}]``, read
  by :func:`calculator.core.jsonin.loads` (size, depth and duplicate keys bounded).
- Cells must be free of control and bidirectional characters; ids and names are at most
  ``MAX_ID_CHARS`` characters, other cells ``MAX_CELL_CHARS``.

:func:`run` reads, scores and writes one row at a time (memory does not grow with the file),
in this process or in worker processes (``jobs``; the output is the same). For each good row the
output folder gets ``<stem>.md`` and ``<stem>.html`` (printable: score, breakdown, what-ifs,
projection, materials checklist, report date, policy version); the stem is the client id made
safe for every file system (:func:`safe_name`) and made distinct from every earlier stem of the
run, ignoring case, by a ``-2``, ``-3``… suffix (decided in row order as the rows are read; a
client row that then fails inside the program leaves its stem unused). For every row, good or
bad, ``summary.csv`` (UTF-8 with BOM, formula-safe cells) gets one line; its ``warnings`` and
``errors`` cells hold one message per line. A bad row is reported with its row number (the
header is row 1) and every reason, and the other rows are still processed.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import BinaryIO

from ..core.jsonin import INVISIBLE_RE, JsonInputError, check_text, loads
from ..core.profile import PROFILE_TYPES
from ..core.result import num
from ..core.validation import ProfileError, parse_profile
from ..rules import CITY_LABELS
from . import csvio, pool, qr, share
from .batch_report import Client, ClientReport, build, html_page, markdown
from .csvio import BadRecord, CsvInputError, Record

ID_COLUMNS = ("client_id", "name")
SUMMARY_COLUMNS = (
    "row",
    "client_id",
    "name",
    "status",
    "city",
    "total",
    "threshold",
    "gap",
    "earliest_date",
    "eligible",
    "vetoed",
    "warnings",
    "report",
    "errors",
    "结论",
    "确定的部分（分）",
    "结论说明",
    "when",
)

# What the consultant reads in summary.csv: a Chinese header for each column, and the words the
# status, city and yes/no columns show (the row dicts keep the internal keys and values).
SUMMARY_HEADERS = MappingProxyType(
    {
        "row": "行号",
        "client_id": "客户编号",
        "name": "姓名",
        "status": "处理结果",
        "city": "城市",
        "total": "估算总分",
        "threshold": "分数线",
        "gap": "还差（分）",
        "earliest_date": "最早达到日期",
        "eligible": "达到要求",
        "vetoed": "一票否决",
        "warnings": "提示",
        "report": "报告文件",
        "errors": "问题",
        "结论": "结论",
        "确定的部分（分）": "确定的部分（分）",
        "结论说明": "结论说明",
        "when": "何时可以申请",
    }
)
_YES_NO = {"true": "是", "false": "否"}
SUMMARY_WORDS = MappingProxyType(
    {
        "status": {"ok": "已生成报告", "error": "有问题"},
        "city": dict(CITY_LABELS),
        "eligible": _YES_NO,
        "vetoed": _YES_NO,
    }
)


def shown(column: str, value: str) -> str:
    """A summary cell as the consultant reads it."""
    return SUMMARY_WORDS.get(column, {}).get(value, value)


# the verdict's status as the summary shows it to the consultant
STATUS_WORDS = {
    "reached": "已达到",
    "not_reached": "未达到",
    "uncertain": "还不确定",
    "vetoed": "一票否决",
    "gate_failed": "不满足申请条件",
}
QR_SUFFIX = ".qr.svg"  # the QR code beside <stem>.md (the HTML report carries it inline)
MAX_ROWS = 10_000
MAX_ID_CHARS = 100
MAX_CELL_CHARS = 10_000
STEM_BYTES = 150  # leaves room for "-10000.html" under the usual 255-byte name limit
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{d}{i}" for d in ("COM", "LPT") for i in range(1, 10)]
)


def template_columns() -> list[str]:
    """Every column a client CSV may have: the id columns, then each city's fields once."""
    columns = list(ID_COLUMNS)
    for cls in PROFILE_TYPES.values():
        for f in dataclasses.fields(cls):
            if f.name not in columns:
                columns.append(f.name)
    return columns


def _column_names() -> dict[str, str]:
    names = {"client_id": "「客户编号」（client_id）", "name": "「姓名」（name）"}
    for cls in PROFILE_TYPES.values():
        for f in dataclasses.fields(cls):
            names.setdefault(f.name, f"「{f.metadata['label']}」（{f.name}）")
    return names


COLUMN_NAMES = MappingProxyType(_column_names())


def template_csv() -> str:
    return csvio.csv_text([template_columns()])


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    client_id: str  # as shown: invisible characters replaced, cut to MAX_ID_CHARS
    name: str
    reasons: tuple[str, ...]


def read_file(
    stream: BinaryIO, forced: str = ""
) -> tuple[csvio.Encoding, Iterator[Client | RowError]]:
    """The encoding of a seekable byte stream, and its rows (header checked now, rows lazily)."""
    encoding = csvio.detect(stream, forced)
    return encoding, read_clients(csvio.records(csvio.open_text(stream, encoding)))


def read_clients(items: Iterable[Record | BadRecord]) -> Iterator[Client | RowError]:
    """Check the header now (CsvInputError), then yield a Client or RowError per data row."""
    it = iter(items)
    header = _header(next(it, None))
    return _rows(header, it)


def _header(first: Record | BadRecord | None) -> tuple[str, ...]:
    if first is None:
        raise CsvInputError("文件是空的：第1行应为表头（client_id、name 和档案字段名）。")
    if isinstance(first, BadRecord):
        raise CsvInputError(f"第1行（表头）不是有效的 CSV：{first.reason}")
    header = tuple(h.strip() for h in first.cells)
    if len(header) > len(COLUMN_NAMES):
        raise CsvInputError(f"表头有{len(header)}列，多于全部可用的{len(COLUMN_NAMES)}列。")
    for i, h in enumerate(header, start=1):
        try:
            check_text(h, f"表头第{i}列")
        except JsonInputError as e:
            raise CsvInputError(e.message) from None
    if "client_id" not in header:
        raise CsvInputError("表头缺少 client_id 列（客户编号，也用作报告文件名）。")
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise CsvInputError("表头有重复的列：" + "、".join(dupes) + "。")
    unknown = [h for h in header if h and h not in COLUMN_NAMES]
    if unknown:
        raise CsvInputError(
            "表头有不认识的列："
            + "、".join(f"“{_shown(h, 40)}”" for h in unknown)
            + "。请删去或改正（可用的列名见 python -m calculator batch --template）。"
        )
    return header


def _rows(
    header: tuple[str, ...], items: Iterator[Record | BadRecord]
) -> Iterator[Client | RowError]:
    for item in items:
        if isinstance(item, BadRecord):
            yield RowError(item.row, "", "", (item.reason,))
            continue
        if not any(c.strip() for c in item.cells):
            continue  # blank line
        if item.row - 1 > MAX_ROWS:
            yield RowError(item.row, "", "", (f"超过{MAX_ROWS}行，其余的行未处理。",))
            return
        yield parse_row(item.row, header, item.cells)


def parse_row(row: int, header: tuple[str, ...], cells: tuple[str, ...]) -> Client | RowError:
    values = dict(zip(header, (c.strip() for c in cells), strict=False))
    client_id = values.get("client_id", "")
    name = values.get("name", "")
    reasons: list[str] = []
    if len(cells) > len(header):
        reasons.append(f"这一行有{len(cells)}个单元格，比表头多{len(cells) - len(header)}个。")
    if not client_id:
        reasons.append("client_id（客户编号）为空。")
    raw: dict[str, object] = {}
    for key, value in values.items():
        if not key or value == "":
            continue
        try:
            parsed = _cell(key, value)
        except JsonInputError as e:
            reasons.append(e.message)
            continue
        if key not in ID_COLUMNS:
            raw[key] = parsed
    if reasons:  # the profile is not parsed from a partial row: its messages would mislead
        return RowError(row, _shown(client_id), _shown(name), tuple(reasons))
    try:
        profile = parse_profile(raw)
    except ProfileError as e:
        return RowError(row, client_id, name, tuple(p.message for p in e.problems))
    return Client(row, client_id, name, profile)


def _cell(key: str, value: str) -> object:
    """One non-empty cell checked (and the offences JSON parsed); JsonInputError if bad."""
    where = f"{COLUMN_NAMES[key]}列"
    limit = MAX_ID_CHARS if key in ID_COLUMNS else MAX_CELL_CHARS
    if len(value) > limit:
        raise JsonInputError(f"{where}超过 {limit} 个字符，不像客户资料。")
    if key == "offences":
        return loads(value, where, max_chars=MAX_CELL_CHARS)
    if "\n" in value or "\r" in value:
        raise JsonInputError(f"{where}的单元格里有换行，可能是前面某处的英文双引号没有配对。")
    check_text(value, where)
    return value


def _shown(value: str, limit: int = MAX_ID_CHARS) -> str:
    """A cell as it may be shown back: invisible characters as "?", cut to ``limit``."""
    text = INVISIBLE_RE.sub("?", value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- file names -------------------------------------------------------------------------------


def safe_name(client_id: str) -> str:
    """A file-name stem from a client id: letters, digits, CJK, '-', '_' and '.' kept; no path,
    no Windows device name, at most STEM_BYTES bytes of UTF-8."""
    text = unicodedata.normalize("NFC", client_id)
    stem = re.sub(r"[^\w.\-]+", "_", text).strip("._-")
    stem = stem.encode("utf-8")[:STEM_BYTES].decode("utf-8", errors="ignore").rstrip("._-")
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    return stem or "client"


class FileNames:
    """The report stems of one run, distinct even on case-insensitive file systems."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._next: dict[str, int] = {}

    def claim(self, client_id: str) -> str:
        stem = safe_name(client_id)
        key = stem.casefold()
        if key in self._used:
            n = self._next.get(key, 2)
            while f"{stem}-{n}".casefold() in self._used:
                n += 1
            self._next[key] = n + 1
            stem = f"{stem}-{n}"
        self._used.add(stem.casefold())
        return stem


# --- the whole batch ---------------------------------------------------------------------------

INTERNAL_ERROR = "计算这一行时程序出错（内部错误），没有生成报告；请把这一行发给维护者。"


@dataclass(frozen=True)
class Outcome:
    """What became of one row: its report stem ("" if none), its problems, its summary cells."""

    row: int
    client_id: str
    stem: str
    reasons: tuple[str, ...]
    summary: dict[str, str]


@dataclass(frozen=True)
class Totals:
    reports: int
    errors: int


def summary_row(item: ClientReport | RowError, report_name: str = "") -> dict[str, str]:
    if isinstance(item, RowError):
        return {
            "row": str(item.row),
            "client_id": item.client_id,
            "name": item.name,
            "status": "error",
            "city": "",
            "total": "",
            "threshold": "",
            "gap": "",
            "earliest_date": "",
            "eligible": "",
            "vetoed": "",
            "warnings": "",
            "report": "",
            "errors": "\n".join(item.reasons),
            "结论": "",
            "确定的部分（分）": "",
            "结论说明": "",
            "when": "",
        }
    r = item.result
    earliest = item.earliest
    return {
        "row": str(item.client.row),
        "client_id": item.client.client_id,
        "name": item.client.name,
        "status": "ok",
        "city": r["city"],
        "total": _number(r["total"]),
        "threshold": _number(r["threshold"]),
        "gap": _number(r["gap"]),
        "earliest_date": earliest.isoformat() if earliest else "",
        "eligible": "true" if r["eligible"] else "false",
        "vetoed": "true" if r["vetoed"] else "false",
        "warnings": "\n".join(w["message"] for w in r["warnings"]),
        "report": report_name,
        "errors": "",
        "结论": STATUS_WORDS[r["verdict"]["status"]],
        "确定的部分（分）": _number(r["verdict"]["sure_points"]),
        "结论说明": r["verdict"]["headline"],
        "when": item.when["sentence"] if item.when else "",
    }


def _number(x: float | None) -> str:
    """A score as a plain decimal ("-5", "12.5"), "" for none: spreadsheets read it as a number."""
    return "" if x is None else str(num(x))


@dataclass(frozen=True)
class Settings:
    """What every row of a run shares (sent to each worker process with its rows)."""

    out_dir: str
    today: date
    plan: bool = True
    base: str = share.DEFAULT_BASE
    qr_codes: bool = True


def run(
    rows: Iterable[Client | RowError],
    out_dir: str,
    today: date,
    *,
    plan: bool = True,
    on_row: Callable[[Outcome], None] | None = None,
    base: str = share.DEFAULT_BASE,
    qr_codes: bool = True,
    jobs: int = 1,
) -> Totals:
    """Write each row's reports and its ``summary.csv`` line as the row is read.

    ``plan=False`` skips the what-ifs and the projection. ``base`` is the calculator page's
    address that each report's link and QR code (``<stem>.qr.svg``) open; ``qr_codes=False``
    leaves the QR codes out (two files per client, the link stays). ``jobs`` > 1 scores and
    writes the rows in that many worker processes (:func:`calculator.surfaces.pool.ordered_map`);
    this process still reads the rows, picks every report's file name in row order, and writes
    ``summary.csv`` and calls ``on_row`` in row order, so the output is the same for any
    ``jobs``. OSError (the output cannot be written) stops the run; anything else going wrong
    with one row makes that row an error.
    """
    os.makedirs(out_dir, exist_ok=True)
    settings = Settings(out_dir, today, plan, base, qr_codes)
    names = FileNames()
    tasks = ((item, _claim(names, item)) for item in rows)
    reports = errors = 0
    with open(os.path.join(out_dir, "summary.csv"), "w", encoding="utf-8-sig", newline="") as fh:
        out = csvio.CsvWriter(fh)
        out.row(SUMMARY_HEADERS[c] for c in SUMMARY_COLUMNS)
        for outcome in pool.ordered_map(functools.partial(work, settings), tasks, jobs):
            out.row(shown(c, outcome.summary[c]) for c in SUMMARY_COLUMNS)
            if outcome.stem:
                reports += 1
            else:
                errors += 1
            if on_row is not None:
                on_row(outcome)
    return Totals(reports, errors)


def _claim(names: FileNames, item: Client | RowError) -> str:
    """The report stem of a client row ("" for a bad row), claimed in row order."""
    return names.claim(item.client_id) if isinstance(item, Client) else ""


def work(settings: Settings, task: tuple[Client | RowError, str]) -> Outcome:
    """One row: its reports written under the stem claimed for it, and its outcome."""
    item, stem = task
    if isinstance(item, Client):
        try:
            rep = build(item, settings.today, settings.plan, settings.base)
            code = qr.svg_of(rep.link, qr.FAST_MASK) if settings.qr_codes else ""
            pages = markdown(rep, stem + QR_SUFFIX if code else ""), html_page(rep, code)
        except Exception:  # one row never stops the others
            item = RowError(item.row, item.client_id, item.name, (INTERNAL_ERROR,))
        else:
            _write(os.path.join(settings.out_dir, stem + ".md"), pages[0])
            _write(os.path.join(settings.out_dir, stem + ".html"), pages[1])
            if code:
                _write(os.path.join(settings.out_dir, stem + QR_SUFFIX), code)
            summary = summary_row(rep, stem + ".html")
            return Outcome(item.row, item.client_id, stem, (), summary)
    return Outcome(item.row, item.client_id, "", item.reasons, summary_row(item))


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
