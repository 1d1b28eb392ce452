"""The projection chart: one self-contained inline SVG, used by the page and the batch reports.

Drawn for a phone: the viewBox is as wide as a ~360 px column, so 12-unit text renders at 12 px
there and larger on wider screens. Ticks are round numbers, the line is labelled, no label is cut
off at an edge, and every text is escaped. No script, no link, no font is loaded.
"""

from __future__ import annotations

import math
from html import escape

from ..core.result import num
from .projection import Projection

WIDTH, HEIGHT = 360, 216
PAD_L, PAD_R, PAD_T, PAD_B = 40, 14, 14, 30
FONT = 12
LINE_COLOUR, THRESHOLD_COLOUR, GRID_COLOUR, TEXT_COLOUR = "#1565c0", "#c62828", "#ddd", "#444"
STEPS = (5, 10, 20, 25, 50)  # times a power of ten


def nice_step(span: float, max_ticks: int = 6) -> float:
    """The smallest round step (5, 10, 20, 25, 50, 100, …) giving at most ``max_ticks`` ticks."""
    scale = 1.0
    while True:
        for step in STEPS:
            if span / (step * scale) <= max_ticks - 1:
                return step * scale
        scale *= 10


def ticks(lo: float, hi: float, max_ticks: int = 6) -> list[float]:
    """Round tick values covering [lo, hi], from a multiple of the step at or below ``lo``."""
    step = nice_step(max(hi - lo, 1.0), max_ticks)
    first = math.floor(lo / step) * step
    last = math.ceil(hi / step) * step
    if last <= first:
        last = first + step
    count = round((last - first) / step)
    return [first + i * step for i in range(count + 1)]


def summary(proj: Projection) -> str:
    """One Chinese sentence for the chart's title: where the score is and where it goes."""
    start, end = proj.points[0], proj.points[-1]
    years = proj.months // 12
    head = f"未来{years}年的积分预测：现在{num(start.total)}分，{years}年后{num(end.total)}分"
    if proj.threshold is None:
        return head + "。"
    line = num(proj.threshold)
    if proj.already_reached:
        return head + f"；现在已达到{line}分。"
    if proj.reach_date is not None:
        when = proj.reach_date
        return head + f"；如一切照旧，预计{when.year}年{when.month}月达到{line}分。"
    return head + f"；如一切照旧，{years}年内达不到{line}分。"


def svg(proj: Projection) -> str:
    """An inline SVG line chart of the monthly totals, with the threshold line when there is one."""
    totals = [p.total for p in proj.points]
    values = [*totals, *([proj.threshold] if proj.threshold is not None else [])]
    marks = ticks(min(0.0, *values), max(values))
    lo, hi = marks[0], marks[-1]
    w, h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B
    n = max(1, len(totals) - 1)

    def x(i: float) -> float:
        return PAD_L + w * i / n

    def y(v: float) -> float:
        return PAD_T + h * (1 - (v - lo) / (hi - lo))

    title = summary(proj)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(title)}" font-size="{FONT}" fill="{TEXT_COLOUR}">',
        f"<title>{escape(title)}</title>",
    ]
    for v in marks:
        parts.append(
            f'<line x1="{PAD_L}" y1="{y(v):.1f}" x2="{PAD_L + w}" y2="{y(v):.1f}" '
            f'stroke="{GRID_COLOUR}"/>'
        )
        label = escape(str(num(v)))
        parts.append(f'<text x="{PAD_L - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{label}</text>')
    for year in range(proj.months // 12 + 1):
        i = min(12 * year, n)
        anchor = "start" if year == 0 else ("end" if i == n else "middle")
        label = "现在" if year == 0 else f"{year}年后"
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - 10}" text-anchor="{anchor}">{escape(label)}</text>'
        )
    if proj.threshold is not None:
        ty = y(proj.threshold)
        parts.append(
            f'<line x1="{PAD_L}" y1="{ty:.1f}" x2="{PAD_L + w}" y2="{ty:.1f}" '
            f'stroke="{THRESHOLD_COLOUR}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
        # On the side of the dashed line away from the score line where the label sits (the
        # first fifth of the chart), unless that side has no room.
        below = ty + FONT + 4
        above = ty - 5
        line_above = max(totals[: n // 5 + 1]) >= proj.threshold
        fits_below = below <= PAD_T + h - 2
        fits_above = above - FONT >= PAD_T
        label_y = below if (line_above and fits_below) or not fits_above else above
        parts.append(
            f'<text x="{PAD_L + 4}" y="{label_y:.1f}" fill="{THRESHOLD_COLOUR}">'
            f"{escape(f'分数线 {num(proj.threshold)} 分')}</text>"
        )
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(i):.1f},{y(v):.1f}" for i, v in enumerate(totals))
    parts.append(f'<path d="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2.5"/>')
    end_x, end_y = x(n), y(totals[-1])
    parts.append(f'<circle cx="{end_x:.1f}" cy="{end_y:.1f}" r="3.5" fill="{LINE_COLOUR}"/>')
    end_label_y = end_y - 8 if end_y - FONT - 8 >= PAD_T else end_y + FONT + 6
    parts.append(
        f'<text x="{end_x:.1f}" y="{end_label_y:.1f}" text-anchor="end" fill="{LINE_COLOUR}">'
        f"{escape(f'{num(totals[-1])} 分')}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
