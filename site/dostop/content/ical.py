"""Events as iCalendar (RFC 5545): one event's `.ics` download and a language's feed of
upcoming events that calendar apps subscribe to.

Times are written in Europe/Ljubljana with its VTIMEZONE, so an entry shows at the right hour
in any zone; whole days are DATE values with the end exclusive (RFC 5545, 3.6.1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dostop.clock import SITE_ZONE
from dostop.content.event_dates import EventTime

MEDIA_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Dostop//Dostop events//EN"

# The zone's rules as published in the tz database since 1996: CEST from the last Sunday of
# March at 02:00, CET from the last Sunday of October at 03:00 (EU Directive 2000/84/EC).
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{SITE_ZONE.key}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # stable across versions: calendar apps update the entry they already have
    title: str
    when: EventTime
    url: str
    location: str
    description: str  # plain text: the summary, then the venue access
    updated: dt.datetime  # DTSTAMP: when the entry was last revised, so the file is stable


def calendar(entries: Iterable[CalendarEntry], *, name: str = "", language: str = "") -> bytes:
    """A VCALENDAR with the entries, as bytes with CRLF line ends, ready to send."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH"]
    if name:
        # Not in RFC 5545, but what Apple, Google and Thunderbird show as the calendar's name.
        lines.append(f"X-WR-CALNAME:{escape(name)}")
        lines.append(f"X-WR-TIMEZONE:{SITE_ZONE.key}")
    body: list[str] = []
    timed = False
    for entry in entries:
        body.extend(_event(entry, language))
        timed = timed or not entry.when.all_day
    if timed:
        lines.extend(VTIMEZONE)
    lines.extend(body)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def _event(entry: CalendarEntry, language: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{escape(entry.uid)}", f"DTSTAMP:{_utc(entry.updated)}"]
    when = entry.when
    if isinstance(when.start, dt.datetime) and isinstance(when.end, dt.datetime):
        lines.append(f"DTSTART;TZID={SITE_ZONE.key}:{_local(when.start)}")
        if when.end > when.start:
            lines.append(f"DTEND;TZID={SITE_ZONE.key}:{_local(when.end)}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{when.start:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{when.end + dt.timedelta(days=1):%Y%m%d}")
    parameter = f";LANGUAGE={language}" if language else ""
    lines.append(f"SUMMARY{parameter}:{escape(entry.title)}")
    if entry.location:
        lines.append(f"LOCATION{parameter}:{escape(entry.location)}")
    if entry.description:
        lines.append(f"DESCRIPTION{parameter}:{escape(entry.description)}")
    lines.append(f"URL;VALUE=URI:{entry.url}")
    lines.append("END:VEVENT")
    return lines


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(SITE_ZONE).strftime("%Y%m%dT%H%M%S")


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def escape(text: str) -> str:
    """TEXT values (RFC 5545, 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """Content lines longer than 75 octets are folded (RFC 5545, 3.1), never inside a UTF-8
    character: a continuation starts with one space, which counts towards its 75."""
    encoded = line.encode("utf-8")
    if len(encoded) <= limit:
        return line
    pieces: list[str] = []
    start = 0
    width = limit
    while start < len(encoded):
        end = min(start + width, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1  # back to the start of the character
        pieces.append(encoded[start:end].decode("utf-8"))
        start = end
        width = limit - 1
    return "\r\n ".join(pieces)
