"""Small date helpers shared by validation, scoring and planning (pure functions)."""

from __future__ import annotations

from datetime import date


def add_years(d: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February falls back to 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def full_years(start: date, end: date) -> int:
    """Completed years from ``start`` to ``end`` (周岁 when ``start`` is a birth date)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def months_between(start: date, end: date) -> int:
    """Completed months from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def first_of_previous_month(d: date) -> date:
    """Hangzhou's cut-off date: the first day of the month before the round opens."""
    return date(d.year - 1, 12, 1) if d.month == 1 else date(d.year, d.month - 1, 1)
