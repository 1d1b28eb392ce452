"""The fast QR mask choice gives segno's own codes: every penalty score, every chosen mask and
every SVG byte the same as segno deciding alone (segno is pinned; an upgrade that changes its
encoder fails here)."""

from __future__ import annotations

import io
import random
import string

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st
from segno import encoder

from calculator.surfaces import qr, qrmask

SAFE = string.ascii_letters + string.digits + "-_"


def _link(chars: int, seed: int) -> str:
    """A share link with a payload of ``chars`` random base64url characters."""
    rng = random.Random(seed)
    return "https://example.org/calculator/#p=v1." + "".join(rng.choice(SAFE) for _ in range(chars))


def _segno_svg(link: str) -> str:
    """What qr.svg_of drew before the fast mask choice: segno picking the mask itself."""
    for level in qr.LEVELS:
        try:
            code = segno.make_qr(link, error=level, boost_error=False, encoding="utf-8")
        except segno.DataOverflowError:
            continue
        out = io.BytesIO()
        code.save(out, **qr.SVG_OPTIONS)
        return out.getvalue().decode("utf-8").replace("<svg ", '<svg role="img" ', 1)
    raise AssertionError("too long for a QR code")


# payload lengths from a tiny code (version 3) through version 7 and up (version information
# blocks appear at 45 x 45 modules) to the longest share link that still fits at level M
LENGTHS = [0, 1, 30, 120, 161, 300, 650, 1200, 2200]


@pytest.mark.parametrize("chars", LENGTHS)
@pytest.mark.parametrize("seed", [1, 2])
def test_svg_is_segnos_own(chars: int, seed: int) -> None:
    link = _link(chars, seed)
    assert qr.svg_of(link) == _segno_svg(link)


# 2200 characters only fit at level M
@pytest.mark.parametrize(
    ("chars", "level"), [(n, lv) for n in LENGTHS for lv in "qm" if (n, lv) != (2200, "q")]
)
def test_scores_and_mask_are_segnos(chars: int, level: str) -> None:
    link = _link(chars, 7)
    ref = segno.make_qr(link, error=level, boost_error=False, encoding="utf-8")
    zero = segno.make_qr(link, error=level, mask=0, boost_error=False, encoding="utf-8")
    lay = qrmask.layout(len(zero.matrix))
    rows = qrmask.unmasked(zero.matrix, lay)
    totals = []
    for mask in lay.masks:
        masked = tuple(r ^ m for r, m in zip(rows, mask, strict=True))
        modules = tuple(bytearray(int(c) for c in format(r, f"0{lay.width}b")) for r in masked)
        expected = encoder.mask_scores(modules, lay.width, lay.width)
        assert qrmask.scores(masked, lay.width) == expected
        totals.append(sum(expected))
    # segno keeps the first mask with the lowest sum of N1 + N2 + N3 + N4
    assert qrmask.best_mask(rows, lay) == totals.index(min(totals)) == ref.mask
    assert [bytes(r) for r in qrmask.best_matrix(zero)] == [bytes(r) for r in ref.matrix]


@pytest.mark.parametrize(
    ("line", "points"),
    [
        ("1011101", 40),  # at the start of a line: counted (segno's rule)
        ("0000" + "1011101" + "0000", 40),  # light on both sides
        ("1111" + "1011101" + "1111", 0),  # dark on both sides: not counted
        ("0000" + "1011101" + "1111", 40),  # 4 light modules before it
        ("1111" + "1011101" + "0000", 40),  # 4 light modules after it
        ("1000" + "1011101" + "0001", 0),  # a dark module within 4 on each side
        ("1011101" + "0000" + "1011101", 80),  # two patterns sharing the light area
        ("1" * 11, 0),
    ],
)
def test_finder_like_pattern(line: str, points: int) -> None:
    assert qrmask._n3(line, len(line)) == points


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=SAFE, min_size=0, max_size=900))
def test_any_payload_draws_segnos_code(payload: str) -> None:
    link = "https://example.org/calculator/#p=v1." + payload
    assert qr.svg_of(link) == _segno_svg(link)
