"""The site's one "now": aware, in Europe/Ljubljana, and settable, so tests can stand either
side of a deadline. The app holds one clock; every view, cache and check that asks what time
it is asks it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

# The agency's zone: deadlines and event times are written, shown and compared in it.
SITE_ZONE = ZoneInfo("Europe/Ljubljana")


class Clock:
    """Reads the system time."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(SITE_ZONE)

    def today(self) -> dt.date:
        return self.now().date()


class FixedClock(Clock):
    """Stands still at a moment the test chooses, until it is set or advanced."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = local(moment)

    def set(self, moment: dt.datetime) -> None:
        self.moment = local(moment)

    def advance(self, delta: dt.timedelta) -> None:
        # Through UTC: aware arithmetic in one zone is wall-clock arithmetic, which would
        # count the hour a daylight-saving change adds or takes away wrongly.
        self.moment = local(self.moment.astimezone(dt.UTC) + delta)

    def now(self) -> dt.datetime:
        return self.moment


def local(moment: dt.datetime) -> dt.datetime:
    """`moment` in the site's zone; a naive one has no meaning and is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone")
    return moment.astimezone(SITE_ZONE)


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the site's zone (Slovenia never skips midnight:
    its clocks change at 02:00 and 03:00)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=SITE_ZONE)
