"""schema.org Event data: parsed back as JSON, with the fields search engines read, and safe
inside its data block whatever the title says."""

from __future__ import annotations

import json

from dostop.content.event_dates import EventTime
from dostop.content.jsonld import EventData, event_object, to_data_block
from dostop.content.venue import read_access

ACCESS, _ = read_access({"step_free": True, "accessible_toilet": True, "hearing_loop": False,
                         "sign_language": False, "live_captions": False, "quiet_room": True,
                         "contact": "dostopnost@rralur.si"}, lambda *keys: 1)
EVENT = EventData(
    title="CRE:HUB regional meeting </script><!--",
    when=EventTime.read("2030-10-05T10:00+02:00", "2030-10-05T12:00+02:00"),
    url="https://www.rralur.si/en/events/crehub-meeting/", language="en",
    description="Partners of the CRE:HUB project meet.",
    place_name="RRA LUR", address="Tehnološki park 19, 1000 Ljubljana",
    organiser="RRA LUR", organiser_url="https://www.rralur.si/en/",
    access=ACCESS, access_labels=("Step-free access", "Accessible toilet", "Hearing loop",
                                  "Sign-language interpreting", "Live captions", "Quiet room"),
)


def test_the_data_block_parses_as_a_schema_org_event() -> None:
    block = to_data_block(event_object(EVENT))
    assert "</" not in block and "<!--" not in block
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == EVENT.title
    assert data["startDate"] == "2030-10-05T10:00+02:00"
    assert data["endDate"] == "2030-10-05T12:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"] == "Tehnološki park 19, 1000 Ljubljana"
    features = {f["name"]: f["value"] for f in data["location"]["amenityFeature"]}
    assert features["Step-free access"] is True and features["Hearing loop"] is False
    assert data["organizer"] == {"@type": "Organization", "name": "RRA LUR",
                                 "url": "https://www.rralur.si/en/"}
    assert data["url"] == EVENT.url and data["inLanguage"] == "en"


def test_online_and_mixed_events() -> None:
    online = EventData(title="Webinar", when=EventTime.read("2030-10-05", None), url="u",
                       language="sl", online_url="https://meet.example/x")
    data = event_object(online)
    assert data["startDate"] == data["endDate"] == "2030-10-05"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example/x"}
    assert data["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    mixed = event_object(EventData(**{**EVENT.__dict__, "online_url": "https://meet.example/x"}))
    assert mixed["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert [place["@type"] for place in mixed["location"]] == ["Place", "VirtualLocation"]
