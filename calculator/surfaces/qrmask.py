"""segno's choice of QR data mask, made several times faster (same mask, same modules).

``segno`` tries all eight data masks module by module in Python and keeps the one with the
lowest penalty (ISO/IEC 18004:2015, 7.8.3); that was about three quarters of a batch's time.
Here each row of the symbol is an integer bit mask and a string of "0" and "1", so the penalty
rules run in C (regular expressions, ``str.find``, string slices, integer bit operations):

- :func:`best_matrix` takes a code segno built with mask 0, takes that mask off the data
  modules (function patterns and reserved format areas are the same for every mask), scores the
  eight masks with segno's own rules (including how it counts the 1:1:3:1:1 pattern) and returns
  the matrix of the winner (the first of equal scores, as segno does) with its format information.
- The function-pattern layout and the mask bits depend only on the symbol size: cached per size.

Only segno's encoder helpers that build the layout and write the format information are used;
tests compare every score and every chosen mask with segno's (segno is pinned in pyproject.toml).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# N1: five or more modules of one colour in a line (two literal patterns: much faster than one)
_RUN_RES = (re.compile("00000+"), re.compile("11111+"))
_FINDER_LIKE = "1011101"  # N3: dark, light, dark x3, light, dark
_AS_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
MASKS = 8


@dataclass(frozen=True)
class Layout:
    """What every QR code of one size shares: per row, the data modules and the fixed ones."""

    width: int
    data: tuple[int, ...]  # bit set: a data module (the mask applies to it)
    fixed: tuple[int, ...]  # the function modules' colours while masks are compared
    masks: tuple[tuple[int, ...], ...]  # per mask, per row: the data modules it flips


def segno_module(module: str) -> Any:
    """A segno module without type hints (segno types only its public API), imported lazily."""
    return importlib.import_module(f"segno.{module}")


def _bits(row: bytes | bytearray) -> int:
    """A row of 0/1 module values as an integer, the first module the highest bit."""
    return int(bytes(row).translate(_AS_DIGITS), 2)


@lru_cache(maxsize=48)
def layout(width: int) -> Layout:
    """The data region, function modules and mask bits of a ``width`` x ``width`` QR code."""
    encoder = segno_module("encoder")
    func = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(func, width, width)
    encoder.add_alignment_patterns(func, width, width)
    fixed = tuple(_bits(bytes(v if v <= 1 else 0 for v in row)) for row in func)
    func[-8][8] = 0x1  # the dark module is not data (as in segno)
    data = tuple(_bits(bytes(v > 1 for v in row)) for row in func)
    functions = encoder.get_data_mask_functions(False)
    masks = tuple(
        tuple(
            _bits(bytes(bool(fn(i, j)) and func[i][j] > 1 for j in range(width)))
            for i in range(width)
        )
        for fn in functions
    )
    return Layout(width, data, fixed, masks)


def _n3(line: str, size: int) -> int:
    """segno's count of the finder-like pattern in one row or column (40 points each)."""
    count = 0
    idx = line.find(_FINDER_LIKE)
    while idx != -1:
        offset = idx + 7
        if idx in (0, size - 7) or "1" not in line[max(idx - 4, 0) : idx]:
            count += 40
        elif "1" not in line[offset : offset + 4]:
            count += 40
        else:
            offset = idx + 4  # no light area on either side: look again from the next dark run
        idx = line.find(_FINDER_LIKE, offset)
    return count


def scores(rows: tuple[int, ...], width: int) -> tuple[int, int, int, int]:
    """The penalty scores (N1, N2, N3, N4) of a masked symbol given as row bit masks."""
    lines = [format(r, f"0{width}b") for r in rows]
    whole = "".join(lines)
    columns = [whole[j::width] for j in range(width)]
    text = "\n".join((*lines, *columns))  # a run never crosses a "\n"
    runs = [run for pattern in _RUN_RES for run in pattern.findall(text)]
    n1 = sum(map(len, runs)) - 2 * len(runs)
    # N2: a module, its left neighbour and the two below them alike (every column but the first)
    pairs = (1 << (width - 1)) - 1
    n2 = 0
    for above, below in zip(rows, rows[1:], strict=False):
        same_above = ~(above ^ (above >> 1))
        same_below = ~(below ^ (below >> 1))
        n2 += 3 * (same_above & same_below & ~(above ^ below) & pairs).bit_count()
    n3 = sum(_n3(line, width) for line in (*lines, *columns))
    dark = whole.count("1")
    percent = float(dark) / (width**2)
    n4 = 10 * int(abs(percent * 100 - 50) / 5)
    return n1, n2, n3, n4


def unmasked(matrix: Any, lay: Layout) -> tuple[int, ...]:
    """The rows as segno scores them: data modules without mask 0, format areas still empty."""
    zero = lay.masks[0]
    return tuple(
        ((_bits(row) ^ zero[i]) & lay.data[i]) | lay.fixed[i] for i, row in enumerate(matrix)
    )


def best_mask(rows: tuple[int, ...], lay: Layout) -> int:
    """The mask with the lowest penalty; the first of equal ones."""
    best, best_score = 0, -1
    for n, mask in enumerate(lay.masks):
        score = sum(scores(tuple(r ^ m for r, m in zip(rows, mask, strict=True)), lay.width))
        if best_score < 0 or score < best_score:
            best, best_score = n, score
    return best


def best_matrix(code: Any) -> tuple[bytearray, ...]:
    """The matrix segno would have drawn for ``code`` (a segno QR code made with ``mask=0``)."""
    consts, encoder = segno_module("consts"), segno_module("encoder")
    width = len(code.matrix)
    lay = layout(width)
    rows = unmasked(code.matrix, lay)
    mask = best_mask(rows, lay)
    if mask == 0:
        return tuple(bytearray(row) for row in code.matrix)
    chosen = lay.masks[mask]
    matrix = tuple(
        bytearray(format(r ^ m, f"0{width}b").encode("ascii").translate(_FROM_DIGITS))
        for r, m in zip(rows, chosen, strict=True)
    )
    version = int(code.version)
    encoder.add_format_info(matrix, version, consts.ERROR_MAPPING[code.error], mask)
    encoder.add_version_info(matrix, version)
    return matrix


_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")
