"""Calendar files, read back by a real iCalendar parser (the `icalendar` package): the right
instant in any zone, the zone's rules, location, description with the venue access, URL,
UID and DTSTAMP; a feed of several events; lines folded within 75 octets."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from dostop.clock import SITE_ZONE
from dostop.content.event_dates import EventTime
from dostop.content.ical import CalendarEntry, calendar, escape

UPDATED = dt.datetime(2030, 1, 2, 8, 0, tzinfo=dt.UTC)
INFO_DAY = CalendarEntry(
    uid="events-en-creative-vouchers-info-day@rralur.si",
    title="Creative vouchers: info day; questions, answers",
    when=EventTime.read("2030-10-05T10:00+02:00", "2030-10-05T12:30+02:00"),
    url="https://www.rralur.si/en/events/creative-vouchers-info-day/",
    location="RRA LUR, Tehnološki park 19, 1000 Ljubljana",
    description="How to apply for a creative voucher.\n\nAccess to the venue:\n"
                "- Step-free access: yes\n" + "- Hearing loop: yes (in the main hall) " * 4,
    updated=UPDATED,
)
FAIR = CalendarEntry(
    uid="events-en-crehub-fair@rralur.si", title="CRE:HUB fair",
    when=EventTime.read("2030-11-20", "2030-11-21"),
    url="https://www.rralur.si/en/events/crehub-fair/", location="", description="",
    updated=UPDATED,
)


def parsed(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def test_one_event_reads_back_with_every_property() -> None:
    data = calendar([INFO_DAY], language="en")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert data.endswith(b"END:VCALENDAR\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    cal = parsed(data)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    (event,) = cal.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == dt.datetime(2030, 10, 5, 8, 0, tzinfo=dt.UTC)
    assert start.astimezone(ZoneInfo("America/New_York")).hour == 4
    assert event.decoded("DTEND") - start == dt.timedelta(hours=2, minutes=30)
    assert str(event["SUMMARY"]) == INFO_DAY.title
    assert str(event["LOCATION"]) == INFO_DAY.location
    assert str(event["DESCRIPTION"]) == INFO_DAY.description
    assert str(event["URL"]) == INFO_DAY.url
    assert str(event["UID"]) == INFO_DAY.uid
    assert event.decoded("DTSTAMP") == UPDATED
    assert event["SUMMARY"].params["LANGUAGE"] == "en"


def test_the_zone_is_described_with_its_daylight_saving_rules() -> None:
    (zone,) = parsed(calendar([INFO_DAY])).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Ljubljana"
    tz = zone.to_tz()
    for moment in (dt.datetime(2030, 1, 15, 12), dt.datetime(2030, 7, 15, 12),
                   dt.datetime(2031, 3, 30, 3, 30), dt.datetime(2031, 10, 25, 12)):
        ours = moment.replace(tzinfo=SITE_ZONE).utcoffset()
        theirs = tz.utcoffset(moment)  # type: ignore[union-attr]
        assert ours == theirs, moment


def test_a_feed_holds_every_event_and_whole_days_end_the_day_after() -> None:
    cal = parsed(calendar([INFO_DAY, FAIR], name="RRA LUR: events", language="en"))
    assert str(cal["X-WR-CALNAME"]) == "RRA LUR: events"
    info_day, fair = cal.walk("VEVENT")
    assert fair.decoded("DTSTART") == dt.date(2030, 11, 20)
    assert fair.decoded("DTEND") == dt.date(2030, 11, 22)  # exclusive: the fair is two days
    assert "LOCATION" not in fair
    assert len({str(info_day["UID"]), str(fair["UID"])}) == 2


def test_only_whole_day_events_need_no_zone() -> None:
    assert b"VTIMEZONE" not in calendar([FAIR])


def test_folding_never_splits_a_character() -> None:
    long = CalendarEntry(**{**INFO_DAY.__dict__, "title": "Čšž" * 60})
    data = calendar([long])
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    data.decode("utf-8")  # each physical line is whole UTF-8, or this raises
    for line in data.split(b"\r\n"):
        line.decode("utf-8")
    (event,) = parsed(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Čšž" * 60


def test_text_values_are_escaped() -> None:
    assert escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
