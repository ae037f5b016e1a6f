"""Events and calls as a visitor meets them, at moments a test chooses: the listing order,
a call's status either side of its deadline, the cached page expiring when the status
changes, the event page's access statement and schema.org microdata, and the content errors that
stop the site from starting."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dostop.clock import SITE_ZONE, FixedClock
from dostop.app import create_app
from dostop.content import ContentError, load_content
from dostop.settings import Settings
from html_tree import parse
from microdata import Item, top_level_items

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "site" / "content"
DEADLINE = dt.datetime(2031, 3, 31, 12, 0, tzinfo=SITE_ZONE)  # the demo's open call


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2030, 1, 1, tzinfo=SITE_ZONE))


@pytest.fixture
def app(settings: Settings, clock: FixedClock) -> Starlette:
    """The app with a clock the test sets: views and the response cache read it."""
    return create_app(settings, clock)


def main_text(html: str) -> str:
    """The main landmark's text: inline elements join their neighbours, block ones a space."""
    main = html[html.index("<main"):html.index("</main>")]
    main = re.sub(r"</?(?:a|span|time|em|strong|abbr|meta|link)\b[^>]*>", "", main)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def titles(html: str) -> list[str]:
    return re.findall(r'class="d-card__link" href="[^"]+">([^<]+)</a>', html)


def test_upcoming_events_come_first_then_the_past(clock: FixedClock, client: TestClient) -> None:
    clock.set(dt.datetime(2030, 1, 1, tzinfo=SITE_ZONE))
    html = client.get("/en/events/").text
    assert titles(html) == ["Info day: creative vouchers", "CRE:HUB regional stakeholder meeting"]
    text = main_text(html)
    assert text.index("Upcoming events") < text.index("Info day") < text.index("Past events")
    assert "12 February 2031, 10:00 to 12:30" in text


def test_an_event_moves_to_the_past_when_it_ends(clock: FixedClock, client: TestClient) -> None:
    clock.set(dt.datetime(2031, 2, 12, 12, 29, tzinfo=SITE_ZONE))
    assert "Prihodnji dogodki" in client.get("/sl/dogodki/").text
    clock.advance(dt.timedelta(minutes=1))
    text = main_text(client.get("/sl/dogodki/").text)
    assert "Prihodnji dogodki" not in text and "Pretekli dogodki" in text


def test_call_status_either_side_of_the_deadline(clock: FixedClock, client: TestClient) -> None:
    page = "/sl/razpisi/kreativni-vavcerji/"
    clock.set(DEADLINE - dt.timedelta(days=40))
    assert "Odprt" in main_text(client.get(page).text)
    clock.set(DEADLINE - dt.timedelta(days=2))
    assert "Rok se izteče čez 2 dneva" in main_text(client.get(page).text)
    clock.set(DEADLINE - dt.timedelta(seconds=1))
    assert "Rok se izteče danes" in main_text(client.get(page).text)
    clock.set(DEADLINE)
    assert "Zaprt" in main_text(client.get(page).text)


def test_the_cached_page_expires_when_the_status_changes(clock: FixedClock,
                                                         client: TestClient) -> None:
    """No restart: the same app, its cache warm, shows the call closed from the deadline."""
    clock.set(DEADLINE - dt.timedelta(hours=1))
    first = client.get("/en/calls/")
    assert "Closes today" in main_text(first.text)
    assert first.headers["expires"] == "Mon, 31 Mar 2031 10:00:00 GMT"
    assert first.headers["cache-control"] == "public, max-age=60"
    clock.advance(dt.timedelta(minutes=59, seconds=59))
    assert client.get("/en/calls/").headers["etag"] == first.headers["etag"]  # still cached
    clock.advance(dt.timedelta(seconds=1))
    after = client.get("/en/calls/")
    assert "Closes today" not in main_text(after.text)
    assert titles(after.text) == ["Creative vouchers 2031",
                                  "Loan guarantees for small and medium-sized companies 2017"]
    assert "Closed" in main_text(after.text)


def test_open_calls_come_first(clock: FixedClock, client: TestClient) -> None:
    clock.set(dt.datetime(2030, 1, 1, tzinfo=SITE_ZONE))
    html = client.get("/sl/razpisi/").text
    assert titles(html)[0] == "Kreativni vavčerji 2031"
    assert "Rok za prijavo: 31. marca 2031 ob 12.00" in main_text(html)


def test_documents_show_type_size_pages_and_a_way_to_ask_for_another_format(
        shared_client: TestClient) -> None:
    html = shared_client.get("/en/calls/creative-vouchers/").text
    size = (ROOT / "static/docs/creative-vouchers-call.pdf").stat().st_size
    assert f"PDF, {round(size / 1000)} kB, 3 pages · in English" in main_text(html)
    request = re.search(r'href="(/en/accessibility/feedback/\?page=[^"]+)"', html)
    assert request is not None
    form = shared_client.get(request.group(1).replace("&amp;", "&")).text
    # The feedback form arrives filled in: the document's address and a request naming it.
    assert re.search(r'name="page" type="text" value="/static/docs/creative-vouchers-call\.', form)
    assert "Please send me the document “Call for proposals” in an accessible format." in form
    pdf = re.search(r'href="(/static/docs/creative-vouchers-call\.[0-9a-f]+\.pdf)"', html)
    assert pdf and shared_client.get(pdf.group(1)).content[:5] == b"%PDF-"


def test_the_event_page_states_access_and_carries_event_microdata(
        clock: FixedClock, client: TestClient) -> None:
    clock.set(dt.datetime(2030, 1, 1, tzinfo=SITE_ZONE))
    html = client.get("/en/events/creative-vouchers-info-day/").text
    text = main_text(html)
    assert "Access to the venue" in text and "Step-free access: yes" in text
    assert "Live captions: no" in text and "Hearing loop: yes (in the main hall)" in text
    assert "Register by 10 February 2031, 23:59" in text
    # The schema.org Event rides on the page's own markup: a data block would be an inline script.
    assert [e for e in parse(html).walk() if e.tag == "script" and "src" not in e.attrs] == []
    [event] = top_level_items(html)
    assert event.type == "https://schema.org/Event"
    assert event.one("name") == "Info day: creative vouchers"
    assert event.one("startDate") == "2031-02-12T10:00:00+01:00"
    assert event.one("endDate") == "2031-02-12T12:30:00+01:00"
    assert event.one("url") == "http://testserver/en/events/creative-vouchers-info-day/"
    assert event.one("inLanguage") == "en"
    assert str(event.one("description")).startswith("The call for creative vouchers explained")
    assert event.one("eventStatus") == "https://schema.org/EventScheduled"
    assert event.one("eventAttendanceMode") == "https://schema.org/OfflineEventAttendanceMode"
    organiser = event.one("organizer")
    assert isinstance(organiser, Item) and organiser.type == "https://schema.org/Organization"
    assert organiser.one("name") == "RRA LUR"
    place = event.one("location")
    assert isinstance(place, Item) and place.type == "https://schema.org/Place"
    assert place.one("name") == place.one("address") == \
        "RRA LUR, Tehnološki park 19, 1000 Ljubljana"
    features = {f.one("name"): f.one("value") for f in place.properties["amenityFeature"]
                if isinstance(f, Item)}
    assert features == {"Step-free access": "True", "Accessible toilet": "True",
                        "Hearing loop": "True", "Sign-language interpreting": "True",
                        "Live captions": "False", "Quiet room": "True"}
    assert "amenityFeature" not in event.properties  # the venue's, not the event's


def test_an_event_in_the_room_and_online_has_two_locations(
        tmp_path: Path, settings: Settings, clock: FixedClock) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "sl/events/informativni-dan-kreativni-vavcerji.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "organiser:", 'online: "https://meet.example/info-day"\norganiser:', 1), encoding="utf-8")
    clock.set(dt.datetime(2030, 1, 1, tzinfo=SITE_ZONE))
    app = create_app(replace(settings, content_dir=content), clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        html = client.get("/sl/dogodki/informativni-dan-kreativni-vavcerji/").text
    [event] = top_level_items(html)
    assert event.one("eventAttendanceMode") == "https://schema.org/MixedEventAttendanceMode"
    assert event.one("inLanguage") == "sl"
    place, online = event.properties["location"]
    assert isinstance(place, Item) and place.type == "https://schema.org/Place"
    assert isinstance(online, Item) and online.type == "https://schema.org/VirtualLocation"
    assert online.one("url") == "https://meet.example/info-day"


def test_registration_closes(clock: FixedClock, client: TestClient) -> None:
    clock.set(dt.datetime(2031, 2, 11, tzinfo=SITE_ZONE))
    text = main_text(client.get("/en/events/creative-vouchers-info-day/").text)
    assert "Registration closed" in text and "dogodki@rralur.si" not in text


BROKEN = [
    ("sl/events/informativni-dan-kreativni-vavcerji.md", "end: 2031-02-12T12:30+01:00",
     "end: 2031-02-12T09:30+01:00", 8, "the event ends before it starts"),
    ("sl/events/informativni-dan-kreativni-vavcerji.md", "start: 2031-02-12T10:00+01:00",
     "start: 2031-02-12T10:00", 7, "has no time zone"),
    ("sl/events/informativni-dan-kreativni-vavcerji.md", "  quiet_room: yes",
     "  quiet_room: yes\n  ramp: yes", 21, "unknown venue-access key 'ramp'"),
    ("sl/calls/kreativni-vavcerji.md", "deadline: 2031-03-31T12:00+02:00",
     "deadline: 2026-03-31T12:00+02:00", 7, "closes before it is published"),
    ("sl/calls/kreativni-vavcerji.md", "file: docs/kreativni-vavcerji-prijavnica.pdf",
     "file: docs/ni-je.pdf", 17, "there is no such file in static/"),
]


@pytest.mark.parametrize(("name", "old", "new", "line", "message"), BROKEN)
def test_content_errors_name_file_and_line(tmp_path: Path, name: str, old: str, new: str,
                                           line: int, message: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content(content, ROOT / "static")
    found = [p for p in error.value.problems if p.path == f"content/{name}"]
    assert found and found[0].line == line and message in found[0].message, found


def test_an_untagged_pdf_stops_the_site(tmp_path: Path) -> None:
    import pikepdf

    static = tmp_path / "static"
    shutil.copytree(ROOT / "static", static)
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(static / "docs" / "creative-vouchers-call.pdf")
    with pytest.raises(ContentError) as error:
        load_content(CONTENT, static)
    assert any(p.path == "content/en/calls/creative-vouchers.md" and p.line == 14
               and "not tagged" in p.message for p in error.value.problems)


def test_each_event_has_a_calendar_file_and_each_language_a_feed(
        clock: FixedClock, client: TestClient) -> None:
    import icalendar

    clock.set(dt.datetime(2030, 1, 1, tzinfo=SITE_ZONE))
    page = client.get("/en/events/creative-vouchers-info-day/").text
    link = re.search(r'href="([^"]+\.ics)" download>Add to your calendar', page)
    assert link is not None
    response = client.get(link.group(1))
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Info day: creative vouchers"
    assert event.decoded("DTSTART") == dt.datetime(2031, 2, 12, 9, 0, tzinfo=dt.UTC)
    assert "Step-free access: yes" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == "http://testserver/en/events/creative-vouchers-info-day/"
    feed_link = re.search(r'href="([^"]+calendar\.ics)"', client.get("/sl/dogodki/").text)
    assert feed_link is not None and feed_link.group(1) == "/sl/dogodki/calendar.ics"
    feed = icalendar.Calendar.from_ical(client.get(feed_link.group(1)).content)
    # Named as the page and its Atom feed are, so a calendar app's list says where it is from.
    assert str(feed["X-WR-CALNAME"]) == "Dogodki – RRA LUR"
    # Only what is still to come: the 2017 meeting is not in the feed.
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == [
        "Informativni dan: kreativni vavčerji"]
    assert client.get("/en/events/no-such-event.ics").status_code == 404


def test_home_shows_what_is_still_to_come_and_projects_their_events_and_calls(
        clock: FixedClock, client: TestClient) -> None:
    clock.set(DEADLINE - dt.timedelta(minutes=1))
    home = main_text(client.get("/en/").text)
    assert "Open calls for proposals" in home and "Creative vouchers 2031" in home
    assert "Loan guarantees" not in home and "Upcoming events" not in home
    clock.set(DEADLINE)
    assert "Open calls for proposals" not in main_text(client.get("/en/").text)
    project = main_text(client.get("/en/projects/cre-hub/").text)
    assert "Events of the project" in project and "Info day: creative vouchers" in project
    assert "Calls for proposals of the project" in project


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["Creative vouchers 2031", "Loan guarantees for small and medium-sized companies 2017"]),
    ("?status=open", ["Creative vouchers 2031"]),
    ("?status=closed", ["Loan guarantees for small and medium-sized companies 2017"]),
    ("?status=all&project=garancijska-shema",
     ["Loan guarantees for small and medium-sized companies 2017"]),
    ("?status=open&project=garancijska-shema", []),
    # Values that mean nothing give the full list, never an error.
    ("?status=<b>&project=../../etc", ["Creative vouchers 2031",
                                       "Loan guarantees for small and medium-sized companies 2017"]),
])
def test_calls_filter_by_status_and_project(clock: FixedClock, client: TestClient, query: str,
                                            expected: list[str]) -> None:
    response = client.get("/en/calls/" + query)
    assert response.status_code == 200
    assert titles(response.text) == expected
    count = len(expected)
    assert f"{count} call{'' if count == 1 else 's'} for proposals" in main_text(response.text)


def test_the_filter_answers_htmx_with_the_list_alone(clock: FixedClock,
                                                      client: TestClient) -> None:
    response = client.get("/sl/razpisi/?status=closed", headers={"HX-Request": "true"})
    assert "<h1" not in response.text and "<form" not in response.text
    assert "1 razpis" in response.text and "HX-Request" in response.headers["vary"]


def test_events_filter_by_project_and_ignore_nonsense(clock: FixedClock,
                                                      client: TestClient) -> None:
    both = ["Info day: creative vouchers", "CRE:HUB regional stakeholder meeting"]
    assert titles(client.get("/en/events/?project=cre-hub").text) == both
    assert "2 events" in main_text(client.get("/en/events/?project=cre-hub").text)
    for nonsense in ("?project=mobilna-lur", "?project=%3Cscript%3E", "?page=1&project="):
        response = client.get("/en/events/" + nonsense)
        assert response.status_code == 200 and titles(response.text) == both


def test_registration_closing_on_a_day_stays_open_all_that_day(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "en/events/creative-vouchers-info-day.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "registration_closes: 2031-02-10T23:59+01:00", "registration_closes: 2031-02-10"),
        encoding="utf-8")
    event = load_content(content, ROOT / "static").get("event", "en",
                                                        "creative-vouchers-info-day")
    assert event is not None
    assert getattr(event, "registration_closes") == dt.datetime(2031, 2, 11, tzinfo=SITE_ZONE)


def test_the_events_feed_leads_with_the_latest(shared_client: TestClient) -> None:
    feed = shared_client.get("/en/events/feed.xml").text
    assert feed.index("Info day: creative vouchers") < feed.index("CRE:HUB regional")
