"""When an event happens: read from front matter (a day, or a time with its zone) and written
as people write it: "5. oktobra 2017 ob 10.00", "5 October 2017, 10:00", all day, or over
several days ("od 5. do 7. oktobra 2017", "5 to 7 October 2017")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from babel.dates import format_date

from dostop.clock import local, start_of_day
from dostop.i18n import SL_GENITIVE_MONTHS, content_language, format_long_date

# A time needs its zone: "10:00" alone would mean another hour to a server in another zone.
_HAS_ZONE = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


class MomentError(ValueError):
    """A date or time an editor wrote that cannot be read; the message says how to write it."""


def parse_moment(value: object) -> dt.date | dt.datetime:
    """A front-matter value: a day (YYYY-MM-DD, all day) or a time with its zone
    (YYYY-MM-DDTHH:MM+02:00), which comes back in the site's zone."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise MomentError(_without_zone(value.isoformat(sep=" ", timespec="minutes")))
        return local(value)
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise MomentError(f"'{text}' is not a date: write it as YYYY-MM-DD") from None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise MomentError(
            f"'{text}' is not a date or time: write YYYY-MM-DD for a whole day, "
            "or YYYY-MM-DDTHH:MM+02:00 for a time"
        ) from None
    if moment.tzinfo is None or not _HAS_ZONE.search(text):
        raise MomentError(_without_zone(text))
    return local(moment)


def _without_zone(text: str) -> str:
    return (f"time '{text}' has no time zone: add it, like {text.replace(' ', 'T')}+02:00 "
            "(summer) or +01:00 (winter)")


@dataclass(frozen=True)
class EventTime:
    """Start and end of an event: both days (all day, the end inclusive) or both times."""

    start: dt.date | dt.datetime
    end: dt.date | dt.datetime

    @classmethod
    def read(cls, start: object, end: object | None) -> EventTime:
        first = parse_moment(start)
        last = first if end is None or end == "" else parse_moment(end)
        if isinstance(first, dt.datetime) != isinstance(last, dt.datetime):
            raise MomentError("give both start and end as days, or both as times")
        if last < first:  # type: ignore[operator]  # same type, checked above
            raise MomentError("the event ends before it starts")
        return cls(first, last)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def starts_at(self) -> dt.datetime:
        """The first moment of the event, for ordering and comparing with now."""
        if isinstance(self.start, dt.datetime):
            return self.start
        return start_of_day(self.start)

    @property
    def ends_at(self) -> dt.datetime:
        """The moment after the event: it is past from then on."""
        if isinstance(self.end, dt.datetime):
            return self.end
        return start_of_day(self.end + dt.timedelta(days=1))

    def is_past(self, now: dt.datetime) -> bool:
        return now >= self.ends_at


def format_time(moment: dt.datetime, locale: str) -> str:
    """"10.00" in Slovenian (Pravopis writes the hour with a full stop), "10:00" in English."""
    return f"{moment.hour}.{moment.minute:02d}" if content_language(locale) == "sl" \
        else f"{moment.hour:02d}:{moment.minute:02d}"


def format_event_time(when: EventTime, locale: str, _: Callable[[str], str]) -> str:
    """The event's dates as a sentence fragment in the request's language."""
    language = content_language(locale)
    start, end = when.start, when.end
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        first = _("%(date)s, %(time)s") % {
            "date": format_long_date(start.date(), language), "time": format_time(start, locale)}
        if end == start:
            return first
        if end.date() == start.date():
            return _("%(date)s, %(start)s to %(end)s") % {
                "date": format_long_date(start.date(), language),
                "start": format_time(start, locale), "end": format_time(end, locale)}
        last = _("%(date)s, %(time)s") % {
            "date": format_long_date(end.date(), language), "time": format_time(end, locale)}
        return _("%(start)s to %(end)s") % {"start": first, "end": last}
    assert not isinstance(start, dt.datetime) and not isinstance(end, dt.datetime)
    if start == end:
        return format_long_date(start, language)
    return _("%(start)s to %(end)s") % {
        "start": _short_start(start, end, language), "end": format_long_date(end, language)}


def _short_start(start: dt.date, end: dt.date, language: str) -> str:
    """The first day of a range without what the last day repeats: "5." and "7. oktobra
    2017", "30 September" and "2 October 2017"."""
    if start.year != end.year:
        return format_long_date(start, language)
    if language == "sl":
        if start.month == end.month:
            return f"{start.day}."
        return f"{start.day}. {SL_GENITIVE_MONTHS[start.month - 1]}"
    if start.month == end.month:
        return str(start.day)
    return format_date(start, "d MMMM", locale="en_GB")
