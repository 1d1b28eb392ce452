"""RFC 5545 calendar text for the deadline steps (all-day events a phone calendar can import).

Output is reproducible: UIDs are hashes of the content and DTSTAMP is derived from the start date,
so the same input always gives byte-identical text. Lines end in CRLF and are folded at 75 octets
without splitting a UTF-8 character.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from ..sources import source
from .deadlines import Deadlines

PRODID = "-//jzz-jifen-guide//居住证积分自测指南//ZH"
UID_DOMAIN = "jzz-jifen-guide.invalid"
MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    day: dt.date
    summary: str
    description: str
    key: str  # stable identity of the event within its calendar (feeds the UID)


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> list[str]:
    """Split one content line into physical lines of at most 75 octets (§3.1).

    Continuation lines start with one space, which counts towards their 75 octets.
    """
    out: list[str] = []
    current, size = "", 0
    limit = MAX_OCTETS
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return out


def unfold(text: str) -> list[str]:
    """Inverse of folding: logical content lines of a CRLF calendar text."""
    lines: list[str] = []
    for physical in text.split("\r\n"):
        if physical.startswith((" ", "\t")) and lines:
            lines[-1] += physical[1:]
        elif physical:
            lines.append(physical)
    return lines


def _uid(calendar_key: str, event: Event) -> str:
    digest = hashlib.sha256(
        f"{calendar_key}|{event.key}|{event.day.isoformat()}|{event.summary}".encode()
    ).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


def calendar(events: Sequence[Event], name: str, stamp: dt.date, calendar_key: str) -> str:
    """A VCALENDAR of all-day VEVENTs, each with a display alarm at 09:00 the day before."""
    dtstamp = f"{stamp:%Y%m%d}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for ev in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(calendar_key, ev)}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{ev.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{ev.day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(ev.summary)}",
            f"DESCRIPTION:{escape_text(ev.description)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(ev.summary)}",
            "TRIGGER:-PT15H",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(physical + "\r\n" for line in lines for physical in fold(line))


def deadlines_ics(plan: Deadlines) -> str:
    """The steps of a deadline plan as a calendar file."""
    events = []
    for step in plan.steps:
        parts = [step.note]
        if step.working_days is not None:
            parts.append(f"（起算日{plan.start.isoformat()}后第{step.working_days}个工作日）")
        parts.append(f"依据：{source(step.source).title}")
        events.append(
            Event(
                day=step.date,
                summary=f"{plan.city_label}居住证积分：{step.label}",
                description="\n".join(parts),
                key=step.id,
            )
        )
    for w in plan.warnings:
        # Warnings belong in the calendar too: attach them to every event's description.
        events = [
            Event(e.day, e.summary, e.description + "\n注意：" + w.message, e.key) for e in events
        ]
    return calendar(
        events,
        name=f"{plan.city_label}居住证积分办理时间",
        stamp=plan.start,
        calendar_key=f"{plan.city}|{plan.start.isoformat()}|{plan.purpose}",
    )
