"""Bounded JSON input: the one way untrusted text or bytes become Python values.

Every surface (CLI files and stdin, the browser API strings, share links after inflating, CSV
cells in batch) goes through :func:`loads`. The checks run in an order that keeps hostile input
cheap:

1. size, before anything else (bytes for bytes, characters for text);
2. strict UTF-8 for bytes (a leading BOM is accepted and reported in :class:`Decoded`);
3. nesting depth, by an iterative scan of the brackets outside strings, before the parser sees
   the text, so deep input can never reach a recursive parser (no ``RecursionError``, no stack
   overflow in Pyodide);
4. the parser, with duplicate keys, ``NaN``/``Infinity`` and out-of-range numbers rejected;
5. every string (keys and values) free of control characters, bidirectional overrides and lone
   surrogates, checked by an iterative walk that names where the bad string is.

Anything wrong raises :class:`JsonInputError` whose ``message`` is one Chinese sentence naming the
place (``where``: "标准输入", "文件 a.json", "分享链接", "第 3 行 offences 列") and, when known, the
field; never parser text in English, never another exception type.

Pure standard library; runs unchanged in CPython and Pyodide.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MAX_BYTES = 200_000
MAX_CHARS = 200_000
MAX_DEPTH = 8  # a profile needs 3: {"offences": [{"kinds": ["..."]}]}

BOM = "\ufeff"

# C0 controls, DEL, C1 controls; bidirectional embeddings, overrides and isolates, and the
# implicit marks (LRM, RLM, ALM), which can reorder how a name is displayed.
INVISIBLE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_STRUCTURAL_RE = re.compile(r'[\[\]{}"]')
_IN_STRING_RE = re.compile(r'["\\]')


class JsonInputError(ValueError):
    """Input that cannot be read. ``message`` is Chinese and safe to show; ``field`` is the
    top-level key the problem is in ("" for the input as a whole)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and how."""

    text: str
    bom: bool

    @property
    def encoding(self) -> str:
        """The encoding in Chinese, for messages ("UTF-8" or "UTF-8（带 BOM）")."""
        return "UTF-8（带 BOM）" if self.bom else "UTF-8"


# --------------------------------------------------------------------------------------------
# Bytes -> text


def decode_utf8(data: bytes, where: str = "输入", *, max_bytes: int = MAX_BYTES) -> Decoded:
    """Strict UTF-8 with an optional leading BOM; the size is checked before decoding."""
    if not isinstance(data, bytes | bytearray):
        raise JsonInputError(f"{where}不是文本，无法读取。")
    if len(data) > max_bytes:
        raise JsonInputError(f"{where}过大（超过 {max_bytes // 1000} KB），不像档案文件。")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise JsonInputError(
            f"{where}是 UTF-16 编码（Windows 记事本的“Unicode”），请另存为 UTF-8 编码后再试。"
        )
    bom = data.startswith(b"\xef\xbb\xbf")
    body = bytes(data[3:] if bom else data)
    try:
        text = body.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        column = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        raise JsonInputError(
            f"{where}不是 UTF-8 编码的文本（第 {line} 行第 {column} 个字节无法按 UTF-8 读取"
            f"{'，看起来是 GBK/GB18030 编码' if _is_gb18030(body) else ''}）。"
            "请用 UTF-8 编码另存后再试。"
        ) from None
    return Decoded(text, bom)


def _is_gb18030(data: bytes) -> bool:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# Text -> value


def loads(
    source: str | bytes,
    where: str = "输入",
    *,
    max_chars: int = MAX_CHARS,
    max_depth: int = MAX_DEPTH,
    names: Mapping[str, str] | None = None,
) -> Any:
    """Parse untrusted JSON text (or UTF-8 bytes) within the limits; raise JsonInputError.

    ``names`` maps a top-level key to how a person knows it (e.g. "「出生日期」");
    other keys are shown as written, in quotes.
    """
    if isinstance(source, bytes | bytearray):
        source = decode_utf8(bytes(source), where, max_bytes=max_chars * 4).text
    if not isinstance(source, str):
        raise JsonInputError(f"{where}不是文本，无法读取。")
    if len(source) > max_chars:
        raise JsonInputError(f"{where}过长（超过 {max_chars} 个字符），不像档案内容。")
    text = source[1:] if source.startswith(BOM) else source
    if _SURROGATE_RE.search(text):
        raise JsonInputError(f"{where}含有无效的字符（不成对的代理码位），无法读取。")
    check_depth(text, where, max_depth)
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
        )
    except _DuplicateKey as dup:
        raise JsonInputError(
            f"{where}中{_key_name(dup.key, names)}出现了不止一次；每项只能写一次，"
            "请删去多余的一项。",
            _printable(dup.key),
        ) from None
    except _NotFinite:
        raise JsonInputError(
            f"{where}中有 NaN、Infinity 或超出范围的数字，请改为普通数字。"
        ) from None
    except json.JSONDecodeError:
        # No parser detail: its wording and position differ between CPython and Pyodide, and the
        # browser and the CLI must give the same answer.
        raise JsonInputError(
            f"{where}不是有效的 JSON：请检查括号和引号是否成对、逗号是否多余或缺少。"
        ) from None
    except (ValueError, RecursionError):
        # ValueError: an integer with more digits than Python converts.
        raise JsonInputError(f"{where}中有位数过多的数字，无法读取。") from None
    check_strings(value, where, names)
    return value


def check_depth(text: str, where: str = "输入", max_depth: int = MAX_DEPTH) -> None:
    """Raise if brackets outside strings nest deeper than ``max_depth`` (iterative, linear)."""
    depth = 0
    pos = 0
    find_structural = _STRUCTURAL_RE.search
    find_in_string = _IN_STRING_RE.search
    while True:
        m = find_structural(text, pos)
        if m is None:
            return
        ch = m.group()
        pos = m.end()
        if ch == '"':
            while True:  # skip the string, honouring backslash escapes
                s = find_in_string(text, pos)
                if s is None:
                    return  # unterminated string: the parser reports it
                pos = s.end() + (1 if s.group() == "\\" else 0)
                if s.group() == '"':
                    break
        elif ch in "[{":
            depth += 1
            if depth > max_depth:
                line = text.count("\n", 0, m.start()) + 1
                raise JsonInputError(
                    f"{where}的括号嵌套过深（第 {line} 行超过 {max_depth} 层），不像档案内容。"
                )
        else:
            depth -= 1


def check_strings(value: Any, where: str = "输入", names: Mapping[str, str] | None = None) -> None:
    """Raise if any key or string value holds a control, bidi or invalid character."""
    for path, text in _strings(value):
        field = _printable(str(path[0])) if path else ""
        if _SURROGATE_RE.search(text):
            raise JsonInputError(
                f"{where}中{_place(path, names)}含有无效的字符（不成对的代理码位）。", field
            )
        bad = INVISIBLE_RE.search(text)
        if bad is not None:
            raise JsonInputError(
                f"{where}中{_place(path, names)}含有不可见的控制字符或文字方向字符"
                f"（U+{ord(bad.group()):04X}），请删去后再试。",
                field,
            )


def check_text(text: str, where: str) -> None:
    """The same character check for one plain string (e.g. a CSV cell that is not JSON)."""
    if _SURROGATE_RE.search(text):
        raise JsonInputError(f"{where}含有无效的字符（不成对的代理码位）。")
    bad = INVISIBLE_RE.search(text)
    if bad is not None:
        raise JsonInputError(
            f"{where}含有不可见的控制字符或文字方向字符（U+{ord(bad.group()):04X}），请删去后再试。"
        )


# --------------------------------------------------------------------------------------------
# Helpers

Path = tuple[str | int, ...]


def _strings(value: Any) -> Iterator[tuple[Path, str]]:
    """Every string in ``value`` (keys included) with its path; iterative, no recursion."""
    stack: list[tuple[Path, Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            yield path, item
        elif isinstance(item, dict):
            for key, sub in item.items():
                yield (*path, key), key
                stack.append(((*path, key), sub))
        elif isinstance(item, list):
            stack.extend(((*path, i), sub) for i, sub in enumerate(item))


def _place(path: Path, names: Mapping[str, str] | None) -> str:
    """Chinese description of a path: 字段“offences”第 1 项的“date”."""
    if not path:
        return "内容"
    head, rest = path[0], path[1:]
    parts = [_key_name(str(head), names)]
    for step in rest:
        if isinstance(step, int):
            parts.append(f"第 {step + 1} 项")
        else:
            parts.append(f"的{(names or {}).get(step) or _quote(step)}")
    return "".join(parts)


def _key_name(key: str, names: Mapping[str, str] | None) -> str:
    """字段「出生日期」 for a known field, else 字段“key” as written."""
    return f"字段{(names or {}).get(key) or _quote(key)}"


def _printable(key: str) -> str:
    """``key`` with invisible characters and lone surrogates shown as "?"."""
    return _SURROGATE_RE.sub("?", INVISIBLE_RE.sub("?", key))


def _quote(key: str) -> str:
    shown = _printable(key)
    return f"“{shown[:40]}…”" if len(shown) > 40 else f"“{shown}”"


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _NotFinite(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise _NotFinite(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text)
    return value
