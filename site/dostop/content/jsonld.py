"""schema.org `Event` data for an event page, as JSON-LD in a data block
(`<script type="application/ld+json">`): browsers never run a data block, so the CSP's
`script-src 'self'` stays as it is (HTML, 4.12.1: "data block")."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from dostop.content.event_dates import EventTime
from dostop.content.venue import VenueAccess

MEDIA_TYPE = "application/ld+json"
SCHEMA = "https://schema.org/"


@dataclass(frozen=True)
class EventData:
    title: str
    when: EventTime
    url: str
    language: str
    description: str = ""
    place_name: str = ""
    address: str = ""
    online_url: str = ""
    organiser: str = ""
    organiser_url: str = ""
    access: VenueAccess | None = None
    access_labels: tuple[str, ...] = ()  # the provisions' names in the page's language


def _moment(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


def event_object(event: EventData) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": _moment(event.when.start),
        "endDate": _moment(event.when.end),
        "eventStatus": SCHEMA + "EventScheduled",
        "url": event.url,
        "inLanguage": event.language,
    }
    if event.description:
        data["description"] = event.description
    locations: list[dict[str, Any]] = []
    if event.place_name or event.address:
        place: dict[str, Any] = {"@type": "Place", "name": event.place_name or event.address}
        if event.address:
            place["address"] = event.address
        if event.access is not None:
            # Place.amenityFeature is where schema.org puts what a venue offers.
            place["amenityFeature"] = [
                {"@type": "LocationFeatureSpecification", "name": label, "value": p.provided}
                for p, label in zip(event.access.provisions, event.access_labels, strict=True)
            ]
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
        mode = ("Mixed" if len(locations) == 2
                else "Online" if event.online_url else "Offline")
        data["eventAttendanceMode"] = f"{SCHEMA}{mode}EventAttendanceMode"
    if event.organiser:
        organiser: dict[str, Any] = {"@type": "Organization", "name": event.organiser}
        if event.organiser_url:
            organiser["url"] = event.organiser_url
        data["organizer"] = organiser
    return data


def to_data_block(data: dict[str, Any]) -> str:
    """JSON that cannot end its element early: "<" is written as \\u003c, so no "</script>"
    or "<!--" in a title closes the block (HTML, 4.12.1.3)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
