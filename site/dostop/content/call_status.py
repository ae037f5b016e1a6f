"""A call for proposals' status, read from the clock at the moment of the request, never
stored: "open", "closes in N days", "closes today", "closed". With it, the moment the status
next changes, so a cached page can expire then and never show a closed call as open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from dostop.clock import local, start_of_day

# Within this many days of the deadline the status counts the days down; before, it says "open".
COUNTDOWN_DAYS = 14

State = Literal["open", "closing", "closed"]


@dataclass(frozen=True)
class CallStatus:
    state: State
    # Whole calendar days (in the site's zone) from today to the deadline's day: 0 on the day.
    days_left: int
    # When what the status says changes next; None once the call is closed for good.
    changes_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.state != "closed"

    def label(self, _: Callable[[str], str], ngettext: Callable[[str, str, int], str]) -> str:
        """What a visitor reads, in the request's language."""
        if self.state == "closed":
            return _("Closed")
        if self.state == "open":
            return _("Open")
        if self.days_left == 0:
            return _("Closes today")
        return ngettext("Closes in %(num)d day", "Closes in %(num)d days",
                        self.days_left) % {"num": self.days_left}


def call_status(deadline: dt.datetime, now: dt.datetime) -> CallStatus:
    """The status of a call with `deadline` at `now` (both aware). Closed from the deadline
    itself: a call that closes at 12.00 takes no proposal at 12.00."""
    deadline, now = local(deadline), local(now)
    if now >= deadline:
        return CallStatus("closed", 0, None)
    days_left = (deadline.date() - now.date()).days
    if days_left > COUNTDOWN_DAYS:
        countdown_starts = start_of_day(deadline.date() - dt.timedelta(days=COUNTDOWN_DAYS))
        return CallStatus("open", days_left, countdown_starts)
    # Counting down: the number changes at the next midnight, the status at the deadline.
    next_midnight = start_of_day(now.date() + dt.timedelta(days=1))
    return CallStatus("closing", days_left, min(next_midnight, deadline))


def seconds_until(moment: dt.datetime | None, now: dt.datetime) -> float | None:
    """How long a page that shows a status may be kept: until `moment`, or for ever (None)."""
    if moment is None:
        return None
    return max((moment - now).total_seconds(), 0.0)
