"""Client CSV files as bytes: which encoding, the records, and cells that are safe to write.

Reading happens in two passes over a seekable byte stream, each holding one line at a time:

1. :func:`detect` reads every line once and decides the encoding. UTF-8 (with or without a BOM)
   when the whole file is valid UTF-8; GB18030 (a superset of GBK, what Excel and WPS write on
   Chinese Windows) only when the file is not valid UTF-8, does not look like UTF-8 with a few
   damaged bytes, and decodes cleanly as GB18030. "Looks like UTF-8" means more well-formed
   three- and four-byte UTF-8 characters (every Chinese character is one) than malformed bytes:
   GBK text read as UTF-8 gives mostly malformed bytes, and its rare accidental well-formed
   sequences mostly take two bytes. Anything else is refused with the line and byte where
   decoding failed.
   ``forced`` ("utf-8", "gbk", "gb18030") skips the guess but still decodes strictly.
2. :func:`records` parses the decoded text with the ``csv`` module in strict mode and yields a
   :class:`Record` or, for a record the module rejects, a :class:`BadRecord` with a Chinese
   reason; reading goes on with the next line.

Writing: :func:`safe_cell` neutralises spreadsheet formulas (OWASP "CSV injection"): a cell whose
first non-space character is ``= + - @``, a tab or a carriage return gets a leading single quote,
unless the whole cell is a plain decimal number such as ``-3`` or ``12.5`` (a number is never a
formula, and it must stay a number for the spreadsheet). Control and bidirectional characters
other than the line feed that separates messages in one cell are replaced by U+FFFD.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from ..core.jsonin import INVISIBLE_RE

MAX_BYTES = 64 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
FORCED = {"utf-8": "UTF-8", "gbk": "GBK", "gb18030": "GB18030"}

_UTF8_BOM = b"\xef\xbb\xbf"
_GB18030_BOM = b"\x84\x31\x95\x33"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_WIDE_RE = re.compile("[\u0800-\U0010ffff]")  # three or four bytes in UTF-8


class CsvInputError(ValueError):
    """The file as a whole cannot be read; the message is Chinese and safe to show."""


@dataclass(frozen=True)
class Encoding:
    codec: str  # a Python codec name
    label: str  # how a person knows it, in Chinese
    forced: bool
    lines: int  # physical lines in the file (an estimate of the rows, for progress)

    def note(self, where: str) -> str:
        """The sentence that says which encoding was used."""
        how = "按指定的" if self.forced else "按"
        return f"读取 {where}：{how} {self.label} 编码。"


@dataclass
class _Scan:
    """What one codec made of the file so far: the first failure, if any."""

    codec: str
    error: str = ""

    def feed(self, line: bytes, line_no: int, offset: int, skip: int = 0) -> str:
        """The line decoded ("" once this codec has failed); ``skip`` leading bytes are a BOM."""
        if self.error:
            return ""
        try:
            return line[skip:].decode(self.codec)
        except UnicodeDecodeError as e:
            at = skip + e.start
            self.error = (
                f"第 {line_no} 行第 {at + 1} 个字节（从文件开头数第 {offset + at + 1} 个字节，"
                f"值为 0x{line[at]:02X}）"
            )
            return ""


def detect(stream: BinaryIO, forced: str = "") -> Encoding:
    """Decide the encoding of the whole file (one pass, one line in memory); rewinds ``stream``."""
    stream.seek(0)
    start = stream.read(4)
    stream.seek(0)
    if start.startswith(_UTF16_BOMS):
        raise CsvInputError(
            "文件是 UTF-16 编码（Excel 的“Unicode 文本”格式），无法读取；"
            "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再试。"
        )
    utf8_bom = start.startswith(_UTF8_BOM)
    utf8 = _Scan("utf-8")
    other = _Scan("gbk" if forced == "gbk" else "gb18030")
    wide = bad_bytes = 0  # how UTF-8-like the file is: 3-4 byte characters, malformed bytes
    offset = 0
    line_no = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            break
        line_no += 1
        if len(line) > MAX_LINE_BYTES:
            raise CsvInputError(
                f"第 {line_no} 行超过 {MAX_LINE_BYTES // 1024 // 1024} MB，不像客户表格。"
            )
        if offset + len(line) > MAX_BYTES:
            raise CsvInputError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请分成几个文件。")
        skip = 3 if line_no == 1 and utf8_bom else 0
        text = utf8.feed(line, line_no, offset, skip)
        if not text and len(line) > skip:
            text = line[skip:].decode("utf-8", errors="replace")
            bad_bytes += text.count("\ufffd")
            text = text.replace("\ufffd", "")
        wide += len(_WIDE_RE.findall(text))
        other.feed(line, line_no, offset)
        offset += len(line)
    stream.seek(0)
    return _decide(forced, utf8, other, utf8_bom, wide > bad_bytes, line_no)


def _decide(
    forced: str, utf8: _Scan, other: _Scan, utf8_bom: bool, utf8_like: bool, lines: int
) -> Encoding:
    if forced:
        scan = utf8 if forced == "utf-8" else other
        if scan.error:
            raise CsvInputError(
                f"文件不是有效的 {FORCED[forced]} 编码：{scan.error}无法解码。"
                "请检查 --encoding 是否选对，或用表格软件重新保存。"
            )
        codec = "utf-8-sig" if forced == "utf-8" else forced
        return Encoding(codec, FORCED[forced], True, lines)
    if not utf8.error:
        label = "UTF-8（带 BOM）" if utf8_bom else "UTF-8"
        return Encoding("utf-8-sig", label, False, lines)
    if utf8_bom or utf8_like:
        raise CsvInputError(
            f"文件看起来是 UTF-8 编码，但{utf8.error}不是有效的 UTF-8，可能文件已损坏"
            "或混入了其他编码的内容。为避免读错，没有处理任何一行；请修正这一处，"
            "或用 --encoding 指定编码。"
        )
    if not other.error:
        return Encoding("gb18030", "GB18030（兼容 GBK）", False, lines)
    raise CsvInputError(
        f"文件既不是 UTF-8 编码（{utf8.error}无法解码），也不是 GB18030/GBK 编码"
        f"（{other.error}无法解码）。请在表格软件中另存为“CSV UTF-8（逗号分隔）”后再试。"
    )


def open_text(stream: BinaryIO, encoding: Encoding) -> TextIO:
    """The decoded text of ``stream`` from the start, read lazily (strict decoding)."""
    stream.seek(0)
    return io.TextIOWrapper(stream, encoding=encoding.codec, errors="strict", newline="")


# --- records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    row: int  # the record's number in the file, the header being 1
    cells: tuple[str, ...]


@dataclass(frozen=True)
class BadRecord:
    row: int
    reason: str


def records(text: Iterable[str]) -> Iterator[Record | BadRecord]:
    """Every CSV record of ``text`` in order, numbered from 1; a leading U+FEFF is dropped."""
    reader = csv.reader(text, strict=True)
    row = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            row += 1
            yield BadRecord(row, _reason(str(e)))
            continue
        except UnicodeDecodeError:  # checked by detect(): the file changed under us
            raise CsvInputError("文件在读取过程中被改动了，请等它保存完毕后重新运行。") from None
        row += 1
        if row == 1 and cells and cells[0].startswith("\ufeff"):
            cells[0] = cells[0][1:]
        yield Record(row, tuple(cells))


def _reason(message: str) -> str:
    """The csv module's complaint in Chinese (its English text is never shown)."""
    if "field limit" in message:
        return f"有一个单元格超过 {csv.field_size_limit()} 个字符，不像客户资料。"
    if "end of data" in message:
        return "文件在一对引号中间结束：这一行或前面某行有一个没有配对的英文双引号。"
    if "expected after" in message:
        return (
            "引号用法有误：用英文双引号括起的单元格，结束引号后面还有别的字符"
            "（单元格里的双引号要写成两个）。"
        )
    return "这一行不是有效的 CSV，无法拆分成单元格。"


# --- writing ------------------------------------------------------------------------------------

FORMULA_START = frozenset("=+-@\t\r")
_NUMBER_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _visible(match: re.Match[str]) -> str:
    return "\n" if match.group() == "\n" else "\ufffd"


def safe_cell(value: str) -> str:
    """``value`` as a cell no spreadsheet runs as a formula (see the module docstring)."""
    text = INVISIBLE_RE.sub(_visible, value)
    if text.lstrip(" ")[:1] in FORMULA_START and not _NUMBER_RE.fullmatch(text):
        return "'" + text
    return text


class CsvWriter:
    """A ``csv.writer`` (CRLF line ends) that passes every cell through :func:`safe_cell`."""

    def __init__(self, fh: TextIO) -> None:
        self._out = csv.writer(fh, lineterminator="\r\n")

    def row(self, cells: Iterable[str]) -> None:
        self._out.writerow([safe_cell(c) for c in cells])


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    buf = io.StringIO()
    out = CsvWriter(buf)
    for cells in rows:
        out.row(cells)
    return buf.getvalue()
