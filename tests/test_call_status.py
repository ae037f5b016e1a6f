"""A call's status follows the clock: open, counting down in days (Slovenian plural forms),
closed from the deadline itself; and the moment it next changes, for cache expiry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dostop.clock import SITE_ZONE, Clock, FixedClock
from dostop.content.call_status import COUNTDOWN_DAYS, call_status, seconds_until
from dostop.i18n import load_translations

ROOT = Path(__file__).resolve().parents[1]
SL = load_translations(ROOT / "locales", "sl")
EN = load_translations(ROOT / "locales", "en")
# Noon, on a day clocks do not change.
DEADLINE = dt.datetime(2030, 6, 14, 12, 0, tzinfo=SITE_ZONE)


def label(now: dt.datetime, translations=EN) -> str:  # type: ignore[no-untyped-def]
    return call_status(DEADLINE, now).label(translations.gettext, translations.ngettext)


def test_the_clock_is_in_ljubljana_and_refuses_naive_times() -> None:
    assert Clock().now().tzinfo == SITE_ZONE
    clock = FixedClock(dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC))
    assert clock.now().hour == 10 and clock.now().tzinfo == SITE_ZONE
    with pytest.raises(ValueError, match="no time zone"):
        FixedClock(dt.datetime(2030, 1, 1, 9, 0))


def test_advancing_the_clock_counts_real_hours_across_a_clock_change() -> None:
    # 2030-03-31 is the last Sunday of March: 02:00 becomes 03:00.
    clock = FixedClock(dt.datetime(2030, 3, 31, 1, 30, tzinfo=SITE_ZONE))
    clock.advance(dt.timedelta(hours=1))
    assert (clock.now().hour, clock.now().minute) == (3, 30)


def test_status_either_side_of_the_deadline() -> None:
    second = dt.timedelta(seconds=1)
    assert label(DEADLINE - second) == "Closes today"
    assert label(DEADLINE) == "Closed"
    assert label(DEADLINE + second) == "Closed"
    assert call_status(DEADLINE, DEADLINE - second).is_open
    assert not call_status(DEADLINE, DEADLINE).is_open
    assert label(DEADLINE - dt.timedelta(days=COUNTDOWN_DAYS + 1)) == "Open"
    assert label(DEADLINE - dt.timedelta(days=1)) == "Closes in 1 day"
    assert label(DEADLINE - dt.timedelta(days=3)) == "Closes in 3 days"
    # Days are calendar days in Ljubljana: one minute past midnight on the eve is "1 day".
    eve = dt.datetime(2030, 6, 13, 23, 59, tzinfo=SITE_ZONE)
    assert label(eve) == "Closes in 1 day"
    assert label(eve + dt.timedelta(minutes=2)) == "Closes today"


@pytest.mark.parametrize(("days", "text"), [
    (1, "Rok se izteče čez 1 dan"),
    (2, "Rok se izteče čez 2 dneva"),
    (3, "Rok se izteče čez 3 dni"),
    (5, "Rok se izteče čez 5 dni"),
])
def test_slovenian_counts_the_days_with_its_four_plural_forms(days: int, text: str) -> None:
    assert label(DEADLINE - dt.timedelta(days=days), SL) == text


def test_slovenian_open_and_closed() -> None:
    assert label(DEADLINE - dt.timedelta(days=30), SL) == "Odprt"
    assert label(DEADLINE, SL) == "Zaprt"
    assert label(DEADLINE - dt.timedelta(hours=1), SL) == "Rok se izteče danes"


def test_status_changes_exactly_when_it_says_it_will() -> None:
    """Walk the clock from change to change: each step shows a new label and the last one
    is the deadline itself, after which nothing changes any more."""
    clock = FixedClock(DEADLINE - dt.timedelta(days=60))
    seen = [label(clock.now())]
    while (changes_at := call_status(DEADLINE, clock.now()).changes_at) is not None:
        assert changes_at > clock.now()
        # Just before the change, the label is still the old one.
        assert label(changes_at - dt.timedelta(microseconds=1)) == seen[-1]
        clock.set(changes_at)
        seen.append(label(clock.now()))
    assert clock.now() == DEADLINE
    assert seen[0] == "Open" and seen[1] == f"Closes in {COUNTDOWN_DAYS} days"
    assert seen[-2:] == ["Closes today", "Closed"]
    assert len(seen) == len(set(seen)) == COUNTDOWN_DAYS + 3


def test_a_page_showing_the_status_is_kept_until_it_changes() -> None:
    now = DEADLINE - dt.timedelta(hours=2)
    assert seconds_until(call_status(DEADLINE, now).changes_at, now) == 7200
    assert seconds_until(call_status(DEADLINE, DEADLINE).changes_at, DEADLINE) is None
