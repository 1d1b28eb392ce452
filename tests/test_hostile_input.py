"""Hostile input on every path: bounded JSON (calculator/core/jsonin.py) behind the CLI (files and
stdin bytes), the JSON-string API and share links; Markdown escaping of reports.

Each path must answer bad input with exit 2 / ``ok: false`` and one Chinese message naming the
place and, where there is one, the field; never an exception, never English parser or OS text.
"""

from __future__ import annotations

import io
import json
import re
import sys
import zlib
from base64 import urlsafe_b64encode
from pathlib import Path
from typing import Any
from unittest import mock

import markdown as md
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculator.core import jsonin
from calculator.core.jsonin import JsonInputError
from calculator.core.validation import field_names
from calculator.surfaces import api, share
from calculator.surfaces.cli import main as cli_main
from calculator.surfaces.report import md_escape
from tests.helpers import SH_BASE, run_calculator
from tests.strategies import visible_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "shanghai-not-yet.json"
GOOD = EXAMPLE.read_bytes()
BOM = b"\xef\xbb\xbf"

CJK = re.compile(r"[\u4e00-\u9fff]")
# What must never reach a person: parser, codec and OS wording, tracebacks, Python reprs.
ENGLISH = re.compile(
    r"Traceback|Expecting|Errno|codec|JSONDecodeError|Recursion|line \d|column \d|char \d"
    r"|Error\b|Exception|object at 0x|b'"
)
BROKEN = share._BROKEN
BAD_CHARS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u061c", "\u200e", "\u202e", "\u2066"]


def assert_chinese(message: str) -> None:
    assert CJK.search(message), message
    assert not ENGLISH.search(message), message


def nested(depth: int, open_: str = "[", close: str = "]") -> str:
    return open_ * depth + close * depth


def link(text: str | bytes) -> str:
    """A share-link payload for any inner text, as a hand-made (hostile) link would be."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = packer.compress(data) + packer.flush()
    return "v1." + urlsafe_b64encode(raw).decode("ascii").rstrip("=")


# --- jsonin: table of inputs and their exact messages ---------------------------------------

DEPTH_MSG = "输入的括号嵌套过深（第 {line} 行超过 8 层），不像档案内容。"
SYNTAX_MSG = "输入不是有效的 JSON：请检查括号和引号是否成对、逗号是否多余或缺少。"
NUMBER_MSG = "输入中有 NaN、Infinity 或超出范围的数字，请改为普通数字。"
CONTROL_MSG = "输入中{place}含有不可见的控制字符或文字方向字符（U+{code}），请删去后再试。"

REJECTED: list[tuple[str, str | bytes, str, str]] = [
    # (case, input, field, message)
    (
        "duplicate key",
        '{"a": 1, "a": 2}',
        "a",
        "输入中字段“a”出现了不止一次；每项只能写一次，请删去多余的一项。",
    ),
    (
        "duplicate key deep inside",
        '{"offences": [{"date": "x", "date": "y"}]}',
        "date",
        "输入中字段“date”出现了不止一次；每项只能写一次，请删去多余的一项。",
    ),
    ("9 lists deep: one over the limit of 8", nested(9), "", DEPTH_MSG.format(line=1)),
    ("9 objects deep", '{"a":' * 9 + "1" + "}" * 9, "", DEPTH_MSG.format(line=1)),
    ("100 000 lists deep", nested(100_000), "", DEPTH_MSG.format(line=1)),
    ("depth reported on its line", "[\n[\n" + nested(7), "", DEPTH_MSG.format(line=3)),
    ("NaN", '{"a": NaN}', "", NUMBER_MSG),
    ("Infinity", "[-Infinity]", "", NUMBER_MSG),
    ("a float beyond double range", "[1e999]", "", NUMBER_MSG),
    ("5000-digit integer", "9" * 5000, "", "输入中有位数过多的数字，无法读取。"),
    ("trailing comma", '{"a": 1,}', "", SYNTAX_MSG),
    ("unterminated string with brackets", '["[[[[[[[[[[', "", SYNTAX_MSG),
    ("empty", "", "", SYNTAX_MSG),
    (
        "escaped NUL in a value",
        '{"a": "x\\u0000"}',
        "a",
        CONTROL_MSG.format(place="字段“a”", code="0000"),
    ),
    (
        "bidi override deep in a list",
        '{"offences": [{"date": "2024\\u202e"}]}',
        "offences",
        CONTROL_MSG.format(place="字段“offences”第 1 项的“date”", code="202E"),
    ),
    (
        "control character in a key",
        '{"a\\u0007": 1}',
        "a?",
        CONTROL_MSG.format(place="字段“a?”", code="0007"),
    ),
    (
        "lone surrogate escape",
        '{"a": "\\ud800"}',
        "a",
        "输入中字段“a”含有无效的字符（不成对的代理码位）。",
    ),
    (
        "text over the size limit",
        " " * (jsonin.MAX_CHARS + 1),
        "",
        "输入过长（超过 200000 个字符），不像档案内容。",
    ),
    (
        "bytes that are not UTF-8 (GBK)",
        '{"name": "张三"}'.encode("gbk"),
        "",
        "输入不是 UTF-8 编码的文本（第 1 行第 11 个字节无法按 UTF-8 读取，"
        "看起来是 GBK/GB18030 编码）。请用 UTF-8 编码另存后再试。",
    ),
    (
        "UTF-16 with its BOM",
        "{}".encode("utf-16"),
        "",
        "输入是 UTF-16 编码（Windows 记事本的“Unicode”），请另存为 UTF-8 编码后再试。",
    ),
]


@pytest.mark.parametrize(
    ("case", "source", "field", "message"), REJECTED, ids=[r[0] for r in REJECTED]
)
def test_rejected_with_its_message(
    case: str, source: str | bytes, field: str, message: str
) -> None:
    with pytest.raises(JsonInputError) as caught:
        jsonin.loads(source)
    assert (caught.value.field, caught.value.message) == (field, message)


ACCEPTED: list[tuple[str, str | bytes, Any]] = [
    ("8 lists deep: at the limit", nested(8), [[[[[[[[]]]]]]]]),
    ("brackets inside a string do not count", '"' + "[" * 50 + '"', "[" * 50),
    ("an escaped quote does not end the string", '["\\"[[[[[[[[[["]', ['"[[[[[[[[[[']),
    ("a backslash before the closing quote", '["\\\\", [1]]', ["\\", [1]]),
    ("UTF-8 BOM on bytes", BOM + b'{"a": 1}', {"a": 1}),
    ("BOM kept as a character in text", '\ufeff{"a": 1}', {"a": 1}),
    ("right-to-left letters and emoji are text", '["\u0627\u0644 👩\u200d👧"]', ["ال 👩‍👧"]),
    ("large but finite numbers", "[1e308, -1e-308, 123456789012345678901234567890]", None),
]


@pytest.mark.parametrize(("case", "source", "value"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted(case: str, source: str | bytes, value: Any) -> None:
    got = jsonin.loads(source)
    if value is not None:
        assert got == value


def test_decoded_reports_the_bom() -> None:
    assert jsonin.decode_utf8(BOM + b"{}").encoding == "UTF-8（带 BOM）"
    assert jsonin.decode_utf8(b"{}").encoding == "UTF-8"


def test_field_names_are_used_when_given() -> None:
    with pytest.raises(JsonInputError) as caught:
        jsonin.loads('{"birth_date": 1, "birth_date": 2}', "标准输入", names=field_names())
    assert caught.value.message.startswith("标准输入中字段「出生日期」出现了不止一次")


# --- jsonin: properties --------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=20_000), st.sampled_from(["[]", "{}"]))
def test_any_depth_is_parsed_or_refused_without_recursion(depth: int, pair: str) -> None:
    opening = "[" if pair == "[]" else '{"k":'
    text = opening * depth + "1" + pair[1] * depth
    if depth <= jsonin.MAX_DEPTH:
        assert jsonin.loads(text) is not None
    else:
        with pytest.raises(JsonInputError) as caught:
            jsonin.loads(text)
        assert caught.value.message == DEPTH_MSG.format(line=1)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_any_text_or_bytes_give_a_value_or_a_chinese_message(source: str | bytes) -> None:
    try:
        jsonin.loads(source)
    except JsonInputError as exc:
        assert_chinese(exc.message)


@settings(max_examples=200, deadline=None)
@given(
    visible_text(min_size=1, max_size=12),
    visible_text(max_size=20),
    st.sampled_from(BAD_CHARS),
    st.integers(min_value=0, max_value=20),
)
def test_an_invisible_character_anywhere_names_its_field(
    key: str, text: str, bad: str, at: int
) -> None:
    value = text[:at] + bad + text[at:]
    source = json.dumps({"city": "shanghai", key: [{"v": value}]}, ensure_ascii=bool(at % 2))
    with pytest.raises(JsonInputError) as caught:
        jsonin.loads(source)
    assert caught.value.field == key
    assert f"U+{ord(bad):04X}" in caught.value.message
    assert_chinese(caught.value.message)


@settings(max_examples=100, deadline=None)
@given(visible_text(min_size=1, max_size=12), st.booleans())
def test_duplicate_keys_are_always_an_error(key: str, bom: bool) -> None:
    data = (
        BOM if bom else b""
    ) + f'{{"x": [1, 2], {json.dumps(key)}: 1, {json.dumps(key)}: 1}}'.encode()
    with pytest.raises(JsonInputError) as caught:
        jsonin.loads(data)
    assert caught.value.field == key and "出现了不止一次" in caught.value.message


# --- CLI: main() with raw stdin bytes under a strict ASCII locale ------------------------------


def run_cli(argv: list[str], data: bytes) -> tuple[int, str, str]:
    """Run main() with stdin/stdout/stderr as strict ASCII text streams (the worst locale)."""
    streams = {
        name: io.TextIOWrapper(io.BytesIO(data if name == "stdin" else b""), "ascii", "strict")
        for name in ("stdin", "stdout", "stderr")
    }
    with mock.patch.multiple(sys, **streams):
        code = cli_main(argv)
    out, err = streams["stdout"], streams["stderr"]
    out.flush()
    err.flush()
    return code, out.buffer.getvalue().decode("utf-8"), err.buffer.getvalue().decode("utf-8")


COMMANDS = [["score", "-"], ["checklist", "-"], ["link", "-"]]

CLI_REJECTED: list[tuple[str, bytes, str]] = [
    # (case, stdin bytes, the whole of stderr)
    (
        "GBK bytes",
        '{"city": "上海"}'.encode("gbk"),
        "标准输入不是 UTF-8 编码的文本（第 1 行第 11 个字节无法按 UTF-8 读取，"
        "看起来是 GBK/GB18030 编码）。请用 UTF-8 编码另存后再试。\n",
    ),
    (
        "a stray byte",
        b'{"city": "shanghai"\xff}',
        "标准输入不是 UTF-8 编码的文本（第 1 行第 20 个字节无法按 UTF-8 读取）。"
        "请用 UTF-8 编码另存后再试。\n",
    ),
    (
        "deep nesting",
        nested(50_000).encode(),
        "标准输入的括号嵌套过深（第 1 行超过 8 层），不像档案内容。\n",
    ),
    (
        "duplicate city",
        b'{"city": "shanghai", "city": "hangzhou"}',
        "标准输入中字段「城市」出现了不止一次；每项只能写一次，请删去多余的一项。\n",
    ),
    (
        "bidi override in a date",
        b'{"city": "shanghai", "birth_date": "\\u202e1990-01-01"}',
        "标准输入中字段「出生日期」含有不可见的控制字符或文字方向字符（U+202E），请删去后再试。\n",
    ),
    (
        "over 200 KB",
        b" " * (jsonin.MAX_BYTES + 1),
        "标准输入过大（超过 200 KB），不像档案文件。\n",
    ),
    (
        "NaN",
        b'{"city": "shanghai", "si_months_total": NaN}',
        "标准输入中有 NaN、Infinity 或超出范围的数字，请改为普通数字。\n",
    ),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
@pytest.mark.parametrize(("case", "data", "stderr"), CLI_REJECTED, ids=[c[0] for c in CLI_REJECTED])
def test_cli_rejects_stdin_with_exit_2(
    argv: list[str], case: str, data: bytes, stderr: str
) -> None:
    assert run_cli(argv, data) == (2, "", stderr)


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
@pytest.mark.parametrize("prefix", [b"", BOM], ids=["plain", "bom"])
def test_cli_reads_utf8_stdin_with_or_without_bom(argv: list[str], prefix: bytes) -> None:
    code, out, err = run_cli(argv, prefix + GOOD)
    assert (code, err) == (0, "")
    assert out.strip()


def test_cli_output_is_utf8_whatever_the_locale() -> None:
    code, out, _ = run_cli(["score", "-", "--format", "text"], GOOD)
    assert code == 0 and out.startswith("上海居住证积分自测：")


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
def test_cli_file_paths_give_chinese_reasons(argv: list[str], tmp_path: Path) -> None:
    cases = {
        tmp_path / "missing.json": "文件不存在",
        tmp_path: "这是一个目录，不是文件",
    }
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes('{"city": "上海"}'.encode("gbk"))
    cases[gbk] = f"文件 {gbk} 不是 UTF-8 编码的文本"
    for path, phrase in cases.items():
        code, out, err = run_cli([argv[0], str(path)], b"")
        assert (code, out) == (2, "")
        assert phrase in err
        assert_chinese(err)
    bom = tmp_path / "bom.json"
    bom.write_bytes(BOM + GOOD)
    assert run_cli([argv[0], str(bom)], b"")[0] == 0


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(COMMANDS),
    st.one_of(
        st.binary(max_size=200),
        st.integers(min_value=1, max_value=5000).map(lambda d: nested(d).encode()),
        st.sampled_from(BAD_CHARS).map(
            lambda c: json.dumps({**SH_BASE, "birth_date": "1990" + c}).encode()
        ),
        visible_text(min_size=1, max_size=10).map(
            lambda k: f'{{"city": "shanghai", "{k}": 1, "{k}": 2}}'.encode("utf-8", "replace")
        ),
    ),
    st.booleans(),
)
def test_cli_any_stdin_gives_exit_0_or_2_with_chinese(
    argv: list[str], data: bytes, bom: bool
) -> None:
    code, out, err = run_cli(argv, (BOM if bom else b"") + data)
    if code == 0:
        assert out and not err
    else:
        assert (code, out) == (2, "")
        assert_chinese(err)


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
def test_cli_process_under_strict_utf8_and_c_locale(argv: list[str]) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8:strict", "LANG": "C", "LC_ALL": "C"}
    for data, code in ((b'{"city": "\xb9\xfe"}', 2), (BOM + GOOD, 0)):
        proc = run_calculator(argv, data, env)
        assert proc.returncode == code, proc.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in proc.stderr
        if code == 2:
            assert_chinese(proc.stderr.decode("utf-8"))


# --- The JSON-string API ------------------------------------------------------------------

API_CALLS = [
    api.evaluate,
    api.plan,
    api.deadlines,
    api.encode_link,
    api.decode_link,
    api.open_link,
]


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(API_CALLS),
    st.one_of(
        st.text(max_size=200),
        st.integers(min_value=1, max_value=3000).map(nested),
        st.sampled_from(BAD_CHARS).map(lambda c: json.dumps({**SH_BASE, "birth_date": c})),
        st.just('{"city": "shanghai", "city": "shanghai"}'),
        st.just(" " * (jsonin.MAX_CHARS + 1)),
    ),
)
def test_api_never_raises_and_answers_in_chinese(call: Any, text: str) -> None:
    out = json.loads(call(text))
    assert isinstance(out["ok"], bool)
    if not out["ok"]:
        assert out["errors"]
        for error in out["errors"]:
            assert isinstance(error["field"], str)
            assert_chinese(error["message"])


API_REJECTED: list[tuple[str, str, str, str]] = [
    # (case, answers JSON, field, message)
    (
        "duplicate key",
        '{"city": "shanghai", "birth_date": "1990-01-01", "birth_date": "1991-01-01"}',
        "birth_date",
        "输入中字段「出生日期」出现了不止一次；每项只能写一次，请删去多余的一项。",
    ),
    (
        "deep nesting",
        '{"city": "shanghai", "offences": ' + nested(40) + "}",
        "",
        DEPTH_MSG.format(line=1),
    ),
    (
        "escaped control character",
        '{"city": "shanghai", "education": "benke\\u0000"}',
        "education",
        CONTROL_MSG.format(place="字段「最高学历」", code="0000"),
    ),
]


@pytest.mark.parametrize(
    "call", [api.evaluate, api.plan, api.encode_link], ids=lambda c: c.__name__
)
@pytest.mark.parametrize(
    ("case", "text", "field", "message"), API_REJECTED, ids=[c[0] for c in API_REJECTED]
)
def test_api_rejects_with_field_and_message(
    call: Any, case: str, text: str, field: str, message: str
) -> None:
    assert json.loads(call(text)) == {"ok": False, "errors": [{"field": field, "message": message}]}


# --- Share links ----------------------------------------------------------------------------

# 10 000 opening brackets deflate to 28 bytes: a link of 41 characters after "#p=". A recursive
# parser dies on it (RecursionError in CPython, a fatal stack overflow in Pyodide).
BOMB_LINK = link("[" * 10_000)


def test_a_short_link_that_inflates_to_deep_nesting_is_broken() -> None:
    assert len(BOMB_LINK) == 41
    out = json.loads(api.decode_link("#p=" + BOMB_LINK))
    assert out == {"ok": False, "errors": [{"field": "", "message": BROKEN}]}


LINK_REJECTED: list[tuple[str, str, str, str]] = [
    # (case, inner JSON, field, message)
    ("5 lists deep (limit 4)", '{"city": ' + nested(5) + "}", "", BROKEN),
    ("NaN", '{"city": NaN}', "", BROKEN),
    ("syntax", '{"city": "shanghai",}', "", BROKEN),
    (
        "duplicate key",
        '{"city": "shanghai", "city": "hangzhou"}',
        "city",
        "分享链接中字段「城市」出现了不止一次；每项只能写一次，请删去多余的一项。",
    ),
    (
        "bidi override",
        '{"city": "shanghai", "birth_date": "\\u202e10-50-0991"}',
        "birth_date",
        "分享链接中字段「出生日期」含有不可见的控制字符或文字方向字符（U+202E），请删去后再试。",
    ),
    (
        "NUL in an offence",
        '{"city": "shanghai", "offences": [{"date": "\\u0000"}]}',
        "offences",
        "分享链接中字段「违法犯罪记录」第 1 项的“date”含有不可见的控制字符或"
        "文字方向字符（U+0000），请删去后再试。",
    ),
]


@pytest.mark.parametrize(
    ("case", "inner", "field", "message"), LINK_REJECTED, ids=[c[0] for c in LINK_REJECTED]
)
def test_link_rejected_with_its_message(case: str, inner: str, field: str, message: str) -> None:
    out = json.loads(api.decode_link("#p=" + link(inner)))
    assert out == {"ok": False, "errors": [{"field": field, "message": message}]}


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=1, max_value=30_000),
    st.sampled_from([("[", "]"), ('{"a":', "}")]),
)
def test_links_of_any_depth_never_raise(depth: int, brackets: tuple[str, str]) -> None:
    opening, closing = brackets
    inner = '{"city": ' + opening * depth + "1" + closing * depth + "}"
    out = json.loads(api.decode_link(link(inner)))
    if not out["ok"]:
        assert_chinese(out["errors"][0]["message"])
    else:
        assert depth + 1 <= share.MAX_DEPTH


# --- link: exit 2 on every bad input ------------------------------------------------------


def test_link_accepts_dash_and_prints_a_link() -> None:
    code, out, err = run_cli(["link", "-", "--base", "https://example.org/c/"], GOOD)
    assert (code, err) == (0, "")
    assert out.startswith("https://example.org/c/#p=v1.")
    fragment = out.strip().split("#", 1)[1]
    assert json.loads(api.decode_link(fragment))["ok"]


# --- Markdown escaping -------------------------------------------------------------------

ESCAPED = [
    # (case, text, Markdown)
    ("plain Chinese", "张三", "张三"),
    ("HTML", "<b>李四</b>", "&lt;b&gt;李四&lt;/b&gt;"),
    ("entity", "&amp;", "&amp;amp;"),
    ("newline starts no block", "王五\n# 标题\r\n- 项", "王五 \\# 标题 - 项"),
    ("unicode line separators", "a\u2028b\u2029c\x85d", "a b c d"),
    ("table pipe", "a|b", "a\\|b"),
    ("emphasis and code", "*x* _y_ `z`", "\\*x\\* \\_y\\_ \\`z\\`"),
    ("link and image", "![i](javascript:x) [l](u)", "\\!\\[i\\](javascript:x) \\[l\\](u)"),
    ("bidi override dropped", "\u202egnp.exe", "gnp.exe"),
    ("backslash", "a\\b", "a\\\\b"),
]


@pytest.mark.parametrize(("case", "text", "expected"), ESCAPED, ids=[c[0] for c in ESCAPED])
def test_md_escape(case: str, text: str, expected: str) -> None:
    assert md_escape(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_escaped_text_renders_as_that_text_only(text: str) -> None:
    escaped = md_escape(text)
    assert "\n" not in escaped and "\r" not in escaped
    html = md.markdown(f"# {escaped}\n\n| 姓名 |\n|---|\n| {escaped} |", extensions=["tables"])
    tags = re.findall(r"</?([a-z0-9]+)", html)
    # One heading and one table with one header cell and one body cell: no other element.
    assert sorted(set(tags)) == ["h1", "table", "tbody", "td", "th", "thead", "tr"], html
    assert tags.count("td") == 2  # <td> and </td>: the text did not split the cell
