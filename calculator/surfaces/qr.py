"""Share links as QR codes (SVG), drawn by ``segno`` (pure Python, bundled for Pyodide).

The SVG is scalable (a ``viewBox``, no width or height), dark modules on a white background with
the standard quiet zone of four modules, ``role="img"`` with a Chinese ``<title>``, and has no
external reference. Error correction is level Q (about 25 % of the code may be damaged), which
survives a creased or smudged printed handout; a link too long for Q falls back to M.

``segno`` is imported inside :func:`svg_of` so that starting the calculator (and its Pyodide
memory snapshot) does not pay for it.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .share import MAX_FRAGMENT_CHARS

TITLE = "二维码：用手机扫描即可打开这份积分自测结果"
MAX_BASE_CHARS = 2048
MAX_LINK_CHARS = MAX_BASE_CHARS + 1 + MAX_FRAGMENT_CHARS  # base + "#" + fragment
LEVELS = ("q", "m")  # first that fits wins
QUIET_ZONE = 4
FAST_MASK = 0  # the fixed mask pattern batch reports use (segno skips its eight-mask trial)
# segno's SVG writer: no XML declaration, scalable (no width/height), plain black on white.
SVG_OPTIONS: Mapping[str, Any] = MappingProxyType(
    {
        "kind": "svg",
        "xmldecl": False,
        "svgns": True,
        "title": TITLE,
        "svgclass": "qr-code",
        "lineclass": None,
        "omitsize": True,
        "border": QUIET_ZONE,
        "dark": "#000",
        "light": "#fff",
        "nl": False,
    }
)


class QrError(ValueError):
    """The link cannot be drawn; ``message`` is Chinese and meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_link(link: object) -> str:
    """The link itself if it can be drawn; QrError (Chinese) otherwise."""
    if not isinstance(link, str) or not link.strip():
        raise QrError("分享链接为空，无法生成二维码。")
    if len(link) > MAX_LINK_CHARS:
        raise QrError(f"分享链接超过 {MAX_LINK_CHARS} 个字符，无法生成二维码。")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in link):
        raise QrError("分享链接里不能有空格、换行或控制字符，无法生成二维码。")
    return link


def svg_of(link: object, mask: int | None = None) -> str:
    """The QR code of ``link`` as a standalone SVG document (UTF-8 text, no XML declaration).

    ``mask`` None lets segno pick the mask pattern the QR standard prefers (it tries all eight
    and keeps the lowest penalty, about two thirds of the time a code takes); a fixed ``mask``
    (0-7, see :data:`FAST_MASK`) skips that trial: the code scans just as well with any real
    decoder, it is only not the standard's preferred pattern. Batch reports use it for speed.
    """
    import segno  # lazily: see the module docstring

    text = check_link(link)
    for level in LEVELS:
        try:
            code = segno.make_qr(text, error=level, mask=mask, boost_error=False, encoding="utf-8")
        except segno.DataOverflowError:
            continue
        out = io.BytesIO()
        code.save(out, **SVG_OPTIONS)
        svg = out.getvalue().decode("utf-8")
        return svg.replace("<svg ", '<svg role="img" ', 1)
    raise QrError("分享链接太长，放不进一个二维码；请直接发送链接。")
