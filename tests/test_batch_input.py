"""Hostile client CSV files: encodings, CSV syntax, cells, formula injection, file names,
progress. The scoring of good rows is tested in test_batch.py."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calculator.surfaces import batch, csvio
from calculator.surfaces.cli import main
from calculator.surfaces.progress import LONG_RUN, Progress

TODAY = date(2026, 1, 5)
HEADER = "client_id,name,city,assessment_date,birth_date,offences"
TAIL = "shanghai,2026-03-01,1990-05-01"  # a valid Shanghai row after client_id and name


def row(client_id: str, name: str = "张三", offences: str = "") -> str:
    return f"{client_id},{name},{TAIL},{offences}"


def csv_text(*rows: str) -> str:
    return "\r\n".join((HEADER, *rows)) + "\r\n"


def outcomes(text: str, out: Path, **kw: bool) -> list[batch.Outcome]:
    seen: list[batch.Outcome] = []
    rows = batch.read_clients(csvio.records(io.StringIO(text)))
    batch.run(rows, str(out), TODAY, plan=False, on_row=seen.append, **kw)
    return seen


def summary(out: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8-sig"))))


def detect(data: bytes, forced: str = "") -> csvio.Encoding:
    return csvio.detect(io.BytesIO(data), forced)


# --- a formula-aware reader: what Excel, WPS and LibreOffice run as a formula ------------------

_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def runs_as_formula(cell: str) -> bool:
    """A cell a spreadsheet evaluates: starts (after spaces) with = + - @ tab or CR, unless it
    is a plain number, which the spreadsheet reads as that number."""
    return cell.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r") and not (
        _PLAIN_NUMBER.fullmatch(cell)
    )


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","点我")', '\'=HYPERLINK("http://x","点我")'),
        ("+8613800000000", "'+8613800000000"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("  =1", "'  =1"),  # spaces before the sign do not hide it
        ("-", "'-"),
        ("-1e5", "'-1e5"),  # not a plain decimal: quoted, shown as text
        ("-3", "-3"),  # a negative score stays a number
        ("-0.5", "-0.5"),
        ("12.5", "12.5"),
        ("0", "0"),
        ("张三", "张三"),
        ("", ""),
        ("第一条\n第二条", "第一条\n第二条"),  # messages in one cell keep their line breaks
        ("\t=1", "\ufffd=1"),  # the tab is replaced, so nothing starts with a sign any more
        ("\r=1", "\ufffd=1"),
        ("a\u202eb\x00c", "a\ufffdb\ufffdc"),  # bidi override and NUL shown as U+FFFD
    ],
)
def test_safe_cell(cell: str, written: str) -> None:
    assert csvio.safe_cell(cell) == written
    assert not runs_as_formula(written)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=6), min_size=1, max_size=6))
def test_csv_round_trip_has_no_formula(rows: list[list[str]]) -> None:
    back = list(csv.reader(io.StringIO(csvio.csv_text(rows), newline="")))
    assert len(back) == len(rows)
    for original, cells in zip(rows, back, strict=True):
        assert len(cells) == len(original)
        for before, after in zip(original, cells, strict=True):
            assert not runs_as_formula(after)
            visible = csvio.INVISIBLE_RE.sub(
                lambda m: m.group() if m.group() == "\n" else "?", before
            ).replace("\ufffd", "?")  # a replacement character typed in stays one
            shown = after.replace("\ufffd", "?")
            assert shown in (visible, "'" + visible)  # the text is kept, at most one quote added


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.integers(-(10**6), 10**6), st.decimals(-1000, 1000, places=2)))
def test_numbers_stay_numbers(n: object) -> None:
    text = str(n)
    assert csvio.safe_cell(text) == text


def test_summary_is_formula_safe(tmp_path: Path) -> None:
    text = csv_text(row("=cmd", "@王"), row("-1", "+李"), row("c3", "=1+1"))
    outcomes(text, tmp_path)
    rows = summary(tmp_path)[1:]
    assert [(r[1], r[2]) for r in rows] == [("'=cmd", "'@王"), ("-1", "'+李"), ("c3", "'=1+1")]
    assert not any(runs_as_formula(c) for r in rows for c in r)
    # "-1" is a plain number (kept); its file stem loses the sign: "-1" -> "1".
    assert [r[12] for r in rows] == ["cmd.html", "1.html", "c3.html"]


# --- encodings ----------------------------------------------------------------------------------

SH_NAMES = csv_text(row("c1", "王磊"), row("c2", "陈静"), row("c3", "李娜"))


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (SH_NAMES.encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + SH_NAMES.encode("utf-8"), "UTF-8（带 BOM）"),
        (SH_NAMES.encode("gbk"), "GB18030（兼容 GBK）"),
        (SH_NAMES.replace("李娜", "𠀀€").encode("gb18030"), "GB18030（兼容 GBK）"),
        (b"\x84\x31\x95\x33" + SH_NAMES.encode("gb18030"), "GB18030（兼容 GBK）"),  # GB18030 BOM
        (csv_text(row("c1", "Li")).encode("ascii"), "UTF-8"),
    ],
)
def test_encodings_read(data: bytes, label: str) -> None:
    encoding = detect(data)
    assert (encoding.label, encoding.forced) == (label, False)
    items = list(csvio.records(csvio.open_text(io.BytesIO(data), encoding)))
    assert isinstance(items[0], csvio.Record) and items[0].cells[0] == "client_id"
    assert all(isinstance(i, csvio.Record) for i in items)


def _stray(text: str, line: int, after: str, byte: int) -> tuple[bytes, int, int]:
    """``text`` as UTF-8 with ``byte`` put after the first ``after`` on ``line`` (1-based):
    the bytes, the 1-based byte within the line and within the file."""
    data = text.encode("utf-8")
    start = 0
    for _ in range(line - 1):
        start = data.index(b"\n", start) + 1
    at = data.index(after.encode("utf-8"), start) + len(after.encode("utf-8"))
    return data[:at] + bytes([byte]) + data[at:], at - start + 1, at + 1


def test_utf8_with_one_stray_byte_is_refused_with_line_and_byte() -> None:
    # A Latin-1 "©" (0xA9) after "c2,陈静," on line 3: "c2," 3 bytes + 陈静 6 + "," 1 = 10, so
    # it is the 11th byte of the line. Line 1 is the 55-byte header + CRLF = 57 bytes; line 2
    # "c1," 3 + "王磊," 7 + "shanghai," 9 + "2026-03-01," 11 + "1990-05-01," 11 + CRLF 2 = 43.
    # 57 + 43 + 11 = 111.
    data, in_line, in_file = _stray(SH_NAMES, 3, "c2,陈静,", 0xA9)
    assert (in_line, in_file) == (11, 111)
    # The whole file decodes cleanly as GB18030, into nonsense (王磊 -> 鐜嬬): exactly the
    # silent mis-decoding that must not happen.
    assert "鐜嬬" in data.decode("gb18030")
    with pytest.raises(csvio.CsvInputError) as info:
        detect(data)
    message = str(info.value)
    assert "UTF-8" in message and "第 3 行第 11 个字节" in message
    assert "从文件开头数第 111 个字节" in message and "0xA9" in message


@pytest.mark.parametrize(
    ("data", "needles"),
    [
        # BOM says UTF-8: one bad byte refuses the file even with no Chinese at all.
        (b"\xef\xbb\xbfclient_id\r\nc\xff1\r\n", ("看起来是 UTF-8", "第 2 行第 2 个字节")),
        # Neither: 0xFF is no lead byte in GB18030 either; both positions are named.
        (b"client_id\r\nc1\xff\r\n", ("既不是 UTF-8", "第 2 行第 3 个字节", "GB18030")),
        ("client_id\r\n".encode("utf-16"), ("UTF-16", "CSV UTF-8")),
        (b"client_id," + b"x" * (csvio.MAX_LINE_BYTES + 1), ("第 1 行超过 1 MB",)),
    ],
)
def test_undecidable_files_are_refused(data: bytes, needles: tuple[str, ...]) -> None:
    with pytest.raises(csvio.CsvInputError) as info:
        detect(data)
    for needle in needles:
        assert needle in str(info.value)


@pytest.mark.parametrize(
    ("data", "forced", "label", "error"),
    [
        (SH_NAMES.encode("gbk"), "gbk", "GBK", ""),
        (SH_NAMES.encode("gbk"), "gb18030", "GB18030", ""),
        (SH_NAMES.encode("utf-8"), "utf-8", "UTF-8", ""),
        # header 57 + "c1," 3 = 60: 王 in GBK (0xCD 0xF5) is the 4th byte of line 2, the 61st.
        (SH_NAMES.encode("gbk"), "utf-8", "", "第 2 行第 4 个字节（从文件开头数第 61 个字节"),
        ("€".encode("gb18030").join([b"a", b"\r\n"]), "gbk", "", "不是有效的 GBK"),
    ],
)
def test_forced_encoding(data: bytes, forced: str, label: str, error: str) -> None:
    if error:
        with pytest.raises(csvio.CsvInputError, match=re.escape(error)):
            detect(data, forced)
    else:
        encoding = detect(data, forced)
        assert (encoding.label, encoding.forced) == (label, True)
        assert encoding.note("a.csv") == f"读取 a.csv：按指定的 {label} 编码。"


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)  # all in GBK
NAMES = st.lists(st.text(CJK, min_size=2, max_size=4), min_size=1, max_size=20)


@settings(max_examples=60, deadline=None)
@given(NAMES, st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
def test_any_names_decode_as_written(names: list[str], codec: str) -> None:
    text = csv_text(*(row(f"c{i}", n) for i, n in enumerate(names)))
    data = text.encode(codec)
    if codec == "gbk":
        # GBK bytes that happen to be valid UTF-8 (e.g. 一一 = D2 BB D2 BB, two Cyrillic letters
        # in UTF-8) are read as UTF-8 by the rule; real names in a real file almost never are.
        assume(not _valid_utf8(data))
    encoding = detect(data)
    expected = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8（带 BOM）", "gbk": "GB18030（兼容 GBK）"}
    assert encoding.label == expected[codec]
    assert csvio.open_text(io.BytesIO(data), encoding).read().lstrip("\ufeff") == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NAMES, st.data())
def test_a_stray_byte_in_utf8_is_found(names: list[str], data: st.DataObject) -> None:
    text = csv_text(*(row(f"c{i}", n) for i, n in enumerate(names)))
    line = data.draw(st.integers(2, len(names) + 1))
    stray = data.draw(st.integers(0x80, 0xBF))  # a continuation byte at a character boundary
    broken, in_line, in_file = _stray(text, line, f"c{line - 2},", stray)
    with pytest.raises(csvio.CsvInputError) as info:
        detect(broken)
    assert f"第 {line} 行第 {in_line} 个字节（从文件开头数第 {in_file} 个字节" in str(info.value)


# --- CSV syntax and cells -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "needle"),
    [
        ('c2,"张三"x,' + TAIL + ",", "引号用法有误"),
        ("c2,张三," + TAIL + ',"' + "x" * 140_000 + '"', "超过 131072 个字符"),
        (
            "c2,张\u202e三," + TAIL + ",",
            "「姓名」（name）列含有不可见的控制字符或文字方向字符（U+202E）",
        ),
        ("c2,张\x07三," + TAIL + ",", "U+0007"),
        ('c2,"张\n三",' + TAIL + ",", "「姓名」（name）列的单元格里有换行"),
        ("c" * 101 + ",张三," + TAIL + ",", "「客户编号」（client_id）列超过 100 个字符"),
        ("c2,张三," + TAIL + "," + "[" * 1000 + "]" * 1000, "嵌套过深"),
        (
            "c2,张三," + TAIL + ',"[{""date"": ""2022-05-01"", ""date"": ""2022-05-02""}]"',
            "不止一次",
        ),
        ("c2,张三,shanghai,2026-03-01,1990-05-01,,x", "多1个"),
        ("c2,张三,shanghai,2026-03-01," + "1" * 10_001 + ",", "超过 10000 个字符"),
    ],
)
def test_bad_row_between_good_rows(tmp_path: Path, bad: str, needle: str) -> None:
    text = csv_text(row("c1"), bad, row("c3"))
    seen = outcomes(text, tmp_path)
    assert [o.stem for o in seen] == ["c1", "", "c3"]  # the bad row never stops the others
    reasons = " ".join(seen[1].reasons)
    assert needle in reasons
    assert not re.search(r"[A-Za-z]{4,}", re.sub(r"（[a-z_]+）|“[a-z_]+”", "", reasons))
    assert [r[3] for r in summary(tmp_path)[1:]] == ["已生成报告", "有问题", "已生成报告"]


def test_unterminated_quote_at_the_end(tmp_path: Path) -> None:
    seen = outcomes(csv_text(row("c1"), 'c2,"张三,' + TAIL + ","), tmp_path)
    assert seen[1].reasons == (
        "文件在一对引号中间结束：这一行或前面某行有一个没有配对的英文双引号。",
    )
    assert seen[0].stem == "c1"


@pytest.mark.parametrize(
    ("header", "needle"),
    [
        ("client_id,name,备注", "不认识的列：“备注”"),
        ("client_id,na\u202eme", "表头第2列含有不可见的控制字符"),
        ("client_id," + ",".join(f"c{i}" for i in range(500)), "表头有501列"),
        ('client_id,"name', "第1行（表头）不是有效的 CSV"),
    ],
)
def test_bad_headers(tmp_path: Path, header: str, needle: str) -> None:
    with pytest.raises(csvio.CsvInputError, match=re.escape(needle)):
        outcomes(header + "\r\n" + row("c1") + "\r\n", tmp_path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_any_names_give_one_summary_line_each(tmp_path: Path, names: list[str]) -> None:
    buf = io.StringIO()
    plain = csv.writer(buf)  # the names exactly as generated, not made safe
    plain.writerow(HEADER.split(","))
    plain.writerows([f"c{i}", n, *TAIL.split(","), ""] for i, n in enumerate(names))
    out = tmp_path / "run"
    seen = outcomes(buf.getvalue(), out)
    rows = summary(out)[1:]
    assert len(seen) == len(rows) == len(names)
    for o, r, n in zip(seen, rows, names, strict=True):
        assert r[0] == str(o.row)
        assert not any(runs_as_formula(c) for c in r)
        assert (o.stem != "") == (
            csvio.INVISIBLE_RE.search(n.strip()) is None and len(n.strip()) <= 100
        )


# --- report file names --------------------------------------------------------------------------

NFD_E = unicodedata.normalize("NFD", "é")


@pytest.mark.parametrize(
    ("ids", "stems"),
    [
        (["A", "a"], ["A", "a-2"]),  # one file on Windows and macOS
        (["x/y", "x_y", "X_Y"], ["x_y", "x_y-2", "X_Y-3"]),  # the same after safe_name
        (["a", "a-2", "A"], ["a", "a-2", "A-3"]),  # a suffix never takes an id's own name
        (["é", NFD_E], ["é", "é-2"]),  # NFC and NFD spellings: one file on macOS
        (["CON", "con.txt", "lpt1"], ["_CON", "_con.txt", "_lpt1"]),  # Windows device names
        (["..", "", "/"], ["client", "client-2", "client-3"]),
        (["客户" * 40], ["客户" * 25]),  # 150 bytes of UTF-8 (6 per pair): 25 pairs
    ],
)
def test_file_names(ids: list[str], stems: list[str]) -> None:
    names = batch.FileNames()
    assert [names.claim(i) for i in ids] == stems


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(st.sampled_from("aAbB-_./ 客é"), max_size=6), max_size=30))
def test_file_names_are_distinct_ignoring_case(ids: list[str]) -> None:
    names = batch.FileNames()
    stems = [names.claim(i) for i in ids]
    assert len({s.casefold() for s in stems}) == len(stems)
    assert all(s and "/" not in s and not s.startswith(".") for s in stems)


def test_colliding_ids_write_every_report(tmp_path: Path) -> None:
    seen = outcomes(csv_text(row("Zhang"), row("zhang"), row("ZHANG"), row("zhang")), tmp_path)
    assert [o.stem for o in seen] == ["Zhang", "zhang-2", "ZHANG-3", "zhang-4"]
    files = sorted(p.name.casefold() for p in tmp_path.iterdir())
    assert len(files) == len(set(files)) == 3 * 4 + 1  # .md, .html and .qr.svg each; summary.csv
    reports = [r[12] for r in summary(tmp_path)[1:]]
    assert reports == ["Zhang.html", "zhang-2.html", "ZHANG-3.html", "zhang-4.html"]


# --- progress -----------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.1
        return self.now


def test_progress_is_silent_for_a_tiny_run() -> None:
    for tty in (True, False):
        err = io.StringIO()
        progress = Progress(err.write, LONG_RUN - 1, tty=tty)
        for done in range(1, LONG_RUN):
            progress.update(done)
        progress.finish(LONG_RUN - 1)
        assert err.getvalue() == ""


def test_progress_plain_lines_every_tenth() -> None:
    err = io.StringIO()
    progress = Progress(err.write, 1000, tty=False)
    for done in range(1, 1001):
        progress.update(done)
    progress.finish(1000)
    lines = err.getvalue().splitlines()
    # 10% .. 90%; 100% is the closing summary's job.
    assert lines == [f"已处理 {n * 100}/1000 行（{n * 10}%）" for n in range(1, 10)]


def test_progress_bar_on_a_terminal() -> None:
    err = io.StringIO()
    progress = Progress(err.write, 400, tty=True, interval=0.2, clock=Clock())
    for done in range(1, 401):
        progress.update(done)
        if done == 200:
            progress.say("第201行（c200）：出错了")
    progress.finish(400)
    out = err.getvalue()
    # The clock moves 0.1 s a call and the bar is redrawn every 0.2 s: about half the rows.
    assert 150 <= out.count("\r处理中") <= 260
    assert "\n第201行（c200）：出错了\n" not in out  # the bar was cleared, not broken into
    assert "第201行（c200）：出错了\n\r处理中" in out
    assert out.endswith("处理中 ████████████████████████ 100%  400/400 行\n")
    assert " 50%  200/400 行" in out


# --- the command line ---------------------------------------------------------------------------


def test_cli_refuses_a_damaged_utf8_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _, _ = _stray(SH_NAMES, 3, "c2,陈静,", 0xA9)
    src = tmp_path / "clients.csv"
    src.write_bytes(data)
    assert main(["batch", str(src), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "第 3 行第 11 个字节" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()  # nothing written


def test_cli_gbk_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Stdin:
        buffer = io.BytesIO(SH_NAMES.encode("gbk"))

    monkeypatch.setattr("sys.stdin", Stdin())
    assert main(["batch", "-", "--out", str(tmp_path / "o"), "--no-plan"]) == 0
    err = capsys.readouterr().err
    assert "读取 标准输入：按 GB18030（兼容 GBK） 编码。" in err
    assert "已生成 3 份报告，0 行有问题" in err
    assert [r[2] for r in summary(tmp_path / "o")[1:]] == ["王磊", "陈静", "李娜"]


@pytest.mark.parametrize(
    ("argv", "code", "needle"),
    [
        (["--encoding", "latin-1"], 2, "编码（--encoding）只能是 utf-8、gbk、gb18030"),
        (["--encoding", "UTF-8"], 2, "不是有效的 UTF-8 编码"),
        (["--encoding", "gbk"], 0, "按指定的 GBK 编码"),
    ],
)
def test_cli_encoding_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, needle: str
) -> None:
    src = tmp_path / "clients.csv"
    src.write_bytes(SH_NAMES.encode("gbk"))
    assert main(["batch", str(src), "--out", str(tmp_path / "o"), "--no-plan", *argv]) == code
    assert needle in capsys.readouterr().err


def test_a_file_changed_between_the_two_passes(tmp_path: Path) -> None:
    stream = io.BytesIO(SH_NAMES.encode("utf-8"))
    encoding = csvio.detect(stream)
    stream.write(b"\xff" * 10)  # after detect() rewound: the first bytes are no longer UTF-8
    with pytest.raises(csvio.CsvInputError, match="读取过程中被改动"):
        list(csvio.records(csvio.open_text(stream, encoding)))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(1, 300), st.integers(0, 3000))
def test_long_names_and_extra_cells(tmp_path: Path, length: int, extra: int) -> None:
    # A name of `length` characters and `extra` cells beyond the 6 header columns: the row is
    # good exactly when length <= 100 and extra == 0; each problem is named once.
    bad = row("c2", "张" * length) + "," * extra
    seen = outcomes(csv_text(row("c1"), bad), tmp_path / f"{length}-{extra}")
    assert seen[0].stem == "c1"
    reasons = seen[1].reasons
    assert (seen[1].stem == "") == (length > 100 or extra > 0)
    assert any("超过 100 个字符" in r for r in reasons) == (length > 100)
    assert any(f"比表头多{extra}个" in r for r in reasons) == (extra > 0)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [False, True])
def test_cli_progress_and_row_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tty: bool
) -> None:
    # 20 rows, row 12 (c10) bad, and "long" made 10 rows so that this small run shows progress.
    monkeypatch.setattr("calculator.surfaces.progress.LONG_RUN", 10)
    rows = [
        row(f"c{i}") if i != 10 else row("c10").replace("shanghai", "beijing") for i in range(20)
    ]
    src = tmp_path / "clients.csv"
    src.write_text(csv_text(*rows), encoding="utf-8")
    err = _Terminal() if tty else io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    assert main(["batch", str(src), "--out", str(tmp_path / "o"), "--no-plan"]) == 1
    out = err.getvalue()
    assert "第12行（c10）：字段「城市」" in out
    assert out.endswith(
        "已生成 19 份报告，1 行有问题；汇总见 " + str(tmp_path / "o" / "summary.csv") + "\n"
    )
    if tty:
        assert "\r处理中 " in out and "100%  20/20 行\n" in out and "已处理" not in out
    else:
        # 21 lines in the file, 20 estimated rows: a line at each tenth, 10% .. 90%.
        assert "\r" not in out
        assert [line for line in out.splitlines() if line.startswith("已处理")] == [
            f"已处理 {n * 2}/20 行（{n * 10}%）" for n in range(1, 10)
        ]


def test_cli_batch_under_an_ascii_locale(tmp_path: Path) -> None:
    # Chinese messages reach stderr as UTF-8 even when Python's own stderr encoding is ASCII.
    src = tmp_path / "clients.csv"
    src.write_bytes(SH_NAMES.encode("gbk"))
    env = {**os.environ, "PYTHONIOENCODING": "ascii:strict", "LANG": "C", "LC_ALL": "C"}
    argv = [sys.executable, "-m", "calculator", "batch", str(src), "--out", str(tmp_path / "o")]
    done = subprocess.run(argv + ["--no-plan"], capture_output=True, env=env, check=False)
    assert done.returncode == 0
    err = done.stderr.decode("utf-8")
    assert "按 GB18030（兼容 GBK） 编码" in err and "已生成 3 份报告" in err
