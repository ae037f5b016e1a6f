"""What day it is, in one place: a content type whose state follows the date (a call that
closes at its deadline) and the response cache that must forget such pages at midnight both
ask here, so a test can move the day for both."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.date.today()
