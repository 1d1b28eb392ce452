"""Share links: answers carried in the URL fragment (``#p=<payload>``).

The fragment never reaches a server, so no log ever sees the answers. The payload is versioned:

    v1.<base64url without padding of raw-DEFLATE(UTF-8 JSON object)>

Only answers that differ from the form's defaults are kept, JSON is written without spaces and
compressed, so a typical profile fits in a short link. ``decode`` treats its input as hostile: it
checks the length before anything else, accepts only canonical base64url, limits the inflated size,
and returns a plain dict of scalars and short lists, which the caller must still validate
(``calculator.surfaces.api.evaluate`` runs the same validation as typed answers). It raises only
``ShareLinkError`` whose message is Chinese and meant for the user.

Runs unchanged in CPython and in Pyodide (``zlib``, ``base64`` and ``json`` are in both).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
import zlib
from collections.abc import Callable, Mapping
from typing import Any

from ..core.fields import default_of
from ..core.profile import PROFILE_TYPES

VERSION = "v1"
PREFIX = VERSION + "."
FRAGMENT_KEY = "p"

# Limits for untrusted input. A real profile is a few hundred bytes of JSON.
MAX_FRAGMENT_CHARS = 8192  # checked before any decoding
MAX_JSON_BYTES = 32768  # inflated size
MAX_KEYS = 200
MAX_KEY_CHARS = 64
MAX_STRING_CHARS = 1000
MAX_LIST_ITEMS = 100
MAX_OBJECT_KEYS = 20

DEFAULT_BASE = "calculator/"

_PAYLOAD_RE = re.compile(r"[A-Za-z0-9_-]*")

Scalar = str | int | float | bool | None


class ShareLinkError(ValueError):
    """A share link could not be read. ``message`` is Chinese and safe to show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------------------------
# Encoding


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def compact(
    answers: Mapping[str, Any], defaults: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Drop empty answers and answers equal to their default; keep ``city`` always."""
    defaults = defaults or {}
    out: dict[str, Any] = {}
    for key in sorted(answers):
        value = answers[key]
        if key == "city":
            out[key] = value
            continue
        if _is_empty(value):
            continue
        if key in defaults and _same(value, defaults[key]):
            continue
        out[key] = value
    return out


def _same(value: object, default: object) -> bool:
    """True if a form value equals a default, also when the form gives it as a string."""
    if value == default and type(value) is type(default):
        return True
    if isinstance(default, bool):
        return isinstance(value, str) and value.lower() == ("true" if default else "false")
    if isinstance(default, int | float) and isinstance(value, str):
        try:
            return float(value) == float(default)
        except ValueError:
            return False
    return False


def _form_defaults(city: object) -> dict[str, Any]:
    """Defaults of the city's form fields (what an untouched form holds)."""
    if not isinstance(city, str) or city not in PROFILE_TYPES:
        return {}
    out = {}
    for f in dataclasses.fields(PROFILE_TYPES[city]):
        default = default_of(f)
        if default is not None:
            out[f.name] = default
    return out


def encode(answers: Mapping[str, Any], defaults: Mapping[str, Any] | None = None) -> str:
    """Return the payload (``v1.…``) for ``answers``; put it after ``#p=`` in a link.

    ``defaults`` (field id -> default) defaults to the form defaults of ``answers["city"]``.
    """
    if defaults is None:
        defaults = _form_defaults(answers.get("city"))
    data = json.dumps(
        compact(answers, defaults), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    ).encode("utf-8")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = packer.compress(data) + packer.flush()
    return PREFIX + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def fragment(answers: Mapping[str, Any]) -> str:
    """The URL fragment without ``#``: ``p=v1.…``."""
    return f"{FRAGMENT_KEY}={encode(answers)}"


def make_link(answers: Mapping[str, Any], base: str = DEFAULT_BASE) -> str:
    """A full link: ``base`` (any fragment removed) + ``#p=…``."""
    return base.split("#", 1)[0] + "#" + fragment(answers)


# --------------------------------------------------------------------------------------------
# Decoding (untrusted input)

_BROKEN = "分享链接已损坏或不完整，无法读取。请让对方重新复制完整的链接，或直接在下面填写。"


def _payload_of(fragment: str) -> str:
    """Accept ``#p=v1.…``, ``p=v1.…`` or the bare ``v1.…`` payload."""
    text = fragment[1:] if fragment.startswith("#") else fragment
    if text.startswith(PREFIX):
        return text
    for part in text.split("&"):
        key, sep, value = part.partition("=")
        if sep and key == FRAGMENT_KEY:
            return value
    raise ShareLinkError("链接里没有找到分享的答案（应以 #p= 开头）。")


def _b64decode(payload: str) -> bytes:
    if not _PAYLOAD_RE.fullmatch(payload) or len(payload) % 4 == 1:
        raise ShareLinkError(_BROKEN)
    try:
        raw = base64.b64decode(
            payload.replace("-", "+").replace("_", "/") + "=" * (-len(payload) % 4),
            validate=True,
        )
    except (binascii.Error, ValueError) as exc:
        raise ShareLinkError(_BROKEN) from exc
    # Canonical form only: unused trailing bits must be zero, so one payload <-> one byte string.
    if base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=") != payload:
        raise ShareLinkError(_BROKEN)
    return raw


def _inflate(raw: bytes) -> bytes:
    unpacker = zlib.decompressobj(-15)
    try:
        data = unpacker.decompress(raw, MAX_JSON_BYTES + 1)
    except zlib.error as exc:
        raise ShareLinkError(_BROKEN) from exc
    if len(data) > MAX_JSON_BYTES or unpacker.unconsumed_tail:
        raise ShareLinkError("分享链接里的内容过长，不像本站生成的链接。")
    if not unpacker.eof or unpacker.unused_data:
        raise ShareLinkError(_BROKEN)
    return data


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _check_scalar(key: str, value: object) -> Scalar:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value  # NaN/Infinity are rejected by the parser
    if isinstance(value, str):
        if len(value) > MAX_STRING_CHARS:
            raise ShareLinkError(f"分享链接中“{key}”一项的文字过长。")
        if not _encodable(value):
            raise ShareLinkError(f"分享链接中“{key}”一项含有无效字符。")
        return value
    raise ShareLinkError(f"分享链接中“{key}”一项的格式不对。")


def _check_list(key: str, value: object, check: Callable[[str, object], Any]) -> Any:
    """A short list whose entries pass ``check``, or a scalar."""
    if isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            raise ShareLinkError(f"分享链接中“{key}”一项的条目过多。")
        return [check(key, item) for item in value]
    return _check_scalar(key, value)


def _check_value(key: str, value: object) -> Any:
    return _check_list(key, value, _check_item)


def _check_item(key: str, item: object) -> Any:
    """A list entry: a scalar, or a flat object whose values are scalars or lists of scalars
    (an offence is ``{"date": "2024-01-01", "kinds": ["detention"]}``)."""
    if isinstance(item, dict):
        if len(item) > MAX_OBJECT_KEYS:
            raise ShareLinkError(f"分享链接中“{key}”一项的格式不对。")
        return {_check_key(k): _check_list(key, v, _check_scalar) for k, v in item.items()}
    return _check_scalar(key, item)


def _check_key(key: object) -> str:
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_CHARS or not _encodable(key):
        raise ShareLinkError("分享链接里有无法识别的项目名。")
    return key


def _encodable(text: str) -> bool:
    """False for strings with lone surrogates (JSON ``"\\ud800"``), which are not text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def decode(fragment: str) -> dict[str, Any]:
    """Read a share link fragment back into an answers dict (not yet validated).

    Raises ``ShareLinkError`` (Chinese message) for anything that is not a link made by
    ``encode``: too long, wrong version, bad base64, bad compression, bad UTF-8, not a JSON object
    of scalars and short lists.
    """
    if not isinstance(fragment, str):
        raise ShareLinkError(_BROKEN)
    if len(fragment) > MAX_FRAGMENT_CHARS:
        raise ShareLinkError("分享链接过长，不像本站生成的链接。")
    payload = _payload_of(fragment.strip())
    version, dot, body = payload.partition(".")
    if not dot or not re.fullmatch(r"v[0-9]{1,3}", version):
        raise ShareLinkError(_BROKEN)
    if version != VERSION:
        raise ShareLinkError(
            f"这个分享链接的格式版本（{version}）本页面不认识，可能来自更新或更旧的版本。"
            "请直接在下面重新填写。"
        )
    data = _inflate(_b64decode(body))
    try:
        text = data.decode("utf-8")
        obj = json.loads(text, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ShareLinkError(_BROKEN) from exc
    if not isinstance(obj, dict):
        raise ShareLinkError(_BROKEN)
    if len(obj) > MAX_KEYS:
        raise ShareLinkError("分享链接中的项目过多，不像本站生成的链接。")
    return {_check_key(k): _check_value(k, v) for k, v in obj.items()}
