"""Event dates as people write them, and front-matter times that must carry their zone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dostop.clock import SITE_ZONE
from dostop.content.event_dates import EventTime, MomentError, format_event_time, parse_moment
from dostop.i18n import load_translations

ROOT = Path(__file__).resolve().parents[1]
GETTEXT = {locale: load_translations(ROOT / "locales", locale).gettext for locale in ("sl", "en")}


def written(start: str, end: str | None, locale: str) -> str:
    return format_event_time(EventTime.read(start, end), locale, GETTEXT[locale])


@pytest.mark.parametrize(("start", "end", "sl", "en"), [
    ("2017-10-05T10:00+02:00", None, "5. oktobra 2017 ob 10.00", "5 October 2017, 10:00"),
    ("2017-10-05T10:00+02:00", "2017-10-05T12:30+02:00",
     "5. oktobra 2017 od 10.00 do 12.30", "5 October 2017, 10:00 to 12:30"),
    ("2017-10-05", None, "5. oktobra 2017", "5 October 2017"),
    ("2017-10-05", "2017-10-07", "od 5. do 7. oktobra 2017", "5 to 7 October 2017"),
    ("2017-09-30", "2017-10-02",
     "od 30. septembra do 2. oktobra 2017", "30 September to 2 October 2017"),
    ("2017-12-30", "2018-01-02",
     "od 30. decembra 2017 do 2. januarja 2018", "30 December 2017 to 2 January 2018"),
    ("2017-10-05T09:00+02:00", "2017-10-06T16:00+02:00",
     "od 5. oktobra 2017 ob 9.00 do 6. oktobra 2017 ob 16.00",
     "5 October 2017, 09:00 to 6 October 2017, 16:00"),
])
def test_dates_read_as_people_write_them(start: str, end: str | None, sl: str, en: str) -> None:
    assert written(start, end, "sl") == sl
    assert written(start, end, "en") == en


def test_times_are_shown_in_ljubljana_whatever_zone_they_were_written_in() -> None:
    assert written("2017-10-05T08:00Z", None, "en") == "5 October 2017, 10:00"
    assert written("2017-12-05T08:00+00:00", None, "sl") == "5. decembra 2017 ob 9.00"


@pytest.mark.parametrize("value", ["2017-10-05T10:00", "2017-10-05 10:00",
                                   dt.datetime(2017, 10, 5, 10, 0)])
def test_a_time_without_a_zone_is_refused_with_how_to_write_it(value: object) -> None:
    with pytest.raises(MomentError, match=r"no time zone: add it, like 2017-10-05T10:00"):
        parse_moment(value)


@pytest.mark.parametrize(("start", "end", "message"), [
    ("2017-10-05T12:00+02:00", "2017-10-05T10:00+02:00", "ends before it starts"),
    ("2017-10-07", "2017-10-05", "ends before it starts"),
    ("2017-10-05", "2017-10-05T10:00+02:00", "as days, or both as times"),
    ("5. 10. 2017", None, "not a date or time"),
    ("2017-13-45", None, "not a date"),
])
def test_impossible_dates_are_refused(start: str, end: str | None, message: str) -> None:
    with pytest.raises(MomentError, match=message):
        EventTime.read(start, end)


def test_an_event_is_past_once_it_has_ended() -> None:
    all_day = EventTime.read("2030-10-05", "2030-10-06")
    assert not all_day.is_past(dt.datetime(2030, 10, 6, 23, 59, tzinfo=SITE_ZONE))
    assert all_day.is_past(dt.datetime(2030, 10, 7, 0, 0, tzinfo=SITE_ZONE))
    timed = EventTime.read("2030-10-05T10:00+02:00", "2030-10-05T12:00+02:00")
    assert timed.starts_at < timed.ends_at
    assert not timed.is_past(dt.datetime(2030, 10, 5, 11, 59, tzinfo=SITE_ZONE))
    assert timed.is_past(dt.datetime(2030, 10, 5, 12, 0, tzinfo=SITE_ZONE))
