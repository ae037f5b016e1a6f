"""Events: workshops, info days, meetings. Upcoming first (soonest at the top), then the past
ones, newest first; each with its time in Europe/Ljubljana, its place and the access to it,
registration, a calendar file and schema.org Event microdata."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dostop.content.dated_fields import Document, as_moment, dated_filters, documents, moment
from dostop.content.declaration import CalendarData, ContentType, Field, HomeSection, Labels
from dostop.content.event_dates import EventTime, MomentError, format_event_time
from dostop.content.model import ContentItem
from dostop.content.venue import VenueAccess, read_access
from dostop.i18n import N_

if TYPE_CHECKING:  # the checker's module imports the declarations
    from dostop.content.fields import FieldChecker


@dataclass(frozen=True)
class Event(ContentItem):
    project: str = ""
    organiser: str = ""
    place: str = ""  # the address; empty for an event only online
    online: str = ""  # the address of an online event
    registration: str = ""  # a link or an e-mail address
    when: EventTime | None = None
    registration_closes: dt.datetime | None = None
    access: VenueAccess | None = None
    documents: tuple[Document, ...] = ()

    @property
    def attendance_mode(self) -> str:
        """How one takes part, in schema.org's terms (its eventAttendanceMode enumeration)."""
        if self.place and self.online:
            return "MixedEventAttendanceMode"
        return "OnlineEventAttendanceMode" if self.online else "OfflineEventAttendanceMode"


def read_event(check: FieldChecker) -> dict[str, Any]:
    start = moment(check, "start", required=True)
    end = moment(check, "end")
    when = None
    if start is not None and (end is not None or check.meta.get("end") in (None, "")):
        try:
            when = EventTime.read(start, end)
        except MomentError as error:
            check.add(check.front.line("end"), f"end: {error}")
    closes_on = moment(check, "registration_closes")
    # A day given alone: registration stays open all of that day.
    closes = (None if closes_on is None else closes_on if isinstance(closes_on, dt.datetime)
              else as_moment(closes_on + dt.timedelta(days=1)))
    if closes is not None and when is not None and closes > when.ends_at:
        check.add(check.front.line("registration_closes"),
                  "registration_closes: registration cannot close after the event has ended")
    place = check.text("place")
    online = check.text("online")
    if not place and not online:
        check.add(check.front.line("start"), "an event needs a 'place' (its address) "
                                             "or 'online' (the address of the meeting)")
    access = None
    if place:
        # A public body states the access to every venue it invites people to.
        place_line = check.front.line("place")
        access, problems = read_access(
            check.meta.get("access"),
            lambda *keys: check.front.line("access", *keys, default=place_line))
        for line, message in problems:
            check.add(line, message)
    return {"when": when, "registration_closes": closes,
            "place": place, "online": online, "access": access,
            "documents": documents(check)}


def upcoming_then_past(items: tuple[ContentItem, ...],
                       now: dt.datetime) -> tuple[ContentItem, ...]:
    timed = [(i.when, i) for i in items if isinstance(i, Event) and i.when is not None]
    upcoming = sorted(((w.starts_at, i.slug, i) for w, i in timed if not w.is_past(now)),
                      key=lambda entry: entry[:2])
    past = sorted(((w.starts_at, i.slug, i) for w, i in timed if w.is_past(now)),
                  key=lambda entry: entry[:2], reverse=True)
    return tuple(entry[2] for entry in upcoming + past)


def event_state(item: ContentItem, now: dt.datetime) -> str:
    assert isinstance(item, Event) and item.when is not None
    return "past" if item.when.is_past(now) else "upcoming"


def registration_open(item: Event, now: dt.datetime) -> bool:
    return item.registration_closes is None or now < item.registration_closes


def event_changes_at(item: ContentItem, now: dt.datetime) -> dt.datetime | None:
    """An event page changes when registration closes and when the event is over."""
    assert isinstance(item, Event) and item.when is not None
    moments = [m for m in (item.registration_closes, item.when.ends_at)
               if m is not None and m > now]
    return min(moments, default=None)


def event_calendar(item: ContentItem, gettext: Callable[[str], str]) -> CalendarData | None:
    """Its time, its place (or the meeting's address) and the venue access, as plain text."""
    assert isinstance(item, Event)
    if item.when is None:
        return None
    return CalendarData(when=item.when, location=item.place or item.online,
                        notes=(item.access.as_text(gettext),) if item.access else ())


def event_filters(locale: str, translations: Any) -> dict[str, Callable[..., Any]]:
    """`event_time`: an event's dates and times as a phrase in the page's language."""
    return {**dated_filters(locale, translations),
            "event_time": lambda when: format_event_time(when, locale, translations.gettext)}


def by_start(item: ContentItem) -> Any:
    assert isinstance(item, Event)
    return (item.when.starts_at if item.when else dt.datetime.min.replace(tzinfo=dt.UTC),
            item.slug)


EVENTS = ContentType(
    name="event",
    folder="events",
    model=Event,
    paths={"sl": "/sl/dogodki/", "en": "/en/events/"},
    fields=(Field("project", kind="reference", reference="project", filter=True),
            Field("organiser"), Field("registration")),
    # Latest first, as the feed and the site index show them; list pages re-arrange by now.
    sort_key=by_start,
    reverse=True,
    per_page=10,
    feed=True,
    calendar=event_calendar,
    # The day it was announced: the feed's and the calendar entry's revision date.
    date_required=True,
    labels=Labels(
        plural=N_("Events"),
        singular=N_("Event"),
        only_in={"sl": N_("This event is announced only in Slovenian."),
                 "en": N_("This event is announced only in English.")},
        feed=N_("Events feed (Atom)"),
    ),
    list_template="pages/event_list.html",
    item_template="pages/event.html",
    state=event_state,
    changes_at=event_changes_at,
    reader=read_event,
    arrange=upcoming_then_past,
    template_filters=event_filters,
    home=HomeSection(heading=N_("Upcoming events"), count=3,
                     shows=lambda state: state == "upcoming", line="parts/event_when.html",
                     more=N_("All events")),
)
