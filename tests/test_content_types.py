"""A content type declared outside the engine (tests/fixtures/toy_type/vacancies.py) gets its
list, item and feed pages, calendar files, sitemap entries, site index and navigation links,
search hits, the untranslated fallback and content checks from its declaration alone."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import icalendar
import pytest
import uvicorn
from click.testing import CliRunner
from starlette.testclient import TestClient

from dostop import cli
from dostop.app import create_app
from dostop.clock import SITE_ZONE, FixedClock
from dostop.content import (DEFAULT_TYPES, ContentError, ContentType, Field, HomeSection,
                            load_content)
from dostop.settings import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "toy_type"


def declared() -> ContentType:
    spec = importlib.util.spec_from_file_location("toy_vacancies", FIXTURE / "vacancies.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    vacancies: ContentType = module.VACANCIES
    return vacancies


# Before the toy vacancy's deadline (15 May 2031, in its content).
CLOCK = FixedClock(dt.datetime(2031, 5, 15, 23, 59, tzinfo=SITE_ZONE))


@pytest.fixture(scope="module")
def client() -> TestClient:
    settings = replace(Settings(), content_dir=FIXTURE / "content", secret_key="test-secret",
                       site_url="http://testserver",
                       content_types=(*DEFAULT_TYPES, declared()))
    return TestClient(create_app(settings, CLOCK), follow_redirects=False)


def main_of(html: str) -> str:
    return html.split('id="main-content"', 1)[1].split("</main>", 1)[0]


def test_its_list_and_item_pages_in_both_languages(client: TestClient) -> None:
    listing = client.get("/sl/zaposlitve/")
    assert listing.status_code == 200
    assert "<h1>Vacancies</h1>" in main_of(listing.text)
    assert 'href="/sl/zaposlitve/razvojni-svetovalec/"' in main_of(listing.text)
    # Sorted by deadline, as declared: the earlier one first.
    assert listing.text.index("strokovni-sodelavec/") < listing.text.index("razvojni-svetovalec/")
    item = client.get("/en/vacancies/mobility-adviser/")
    assert item.status_code == 200
    html = main_of(item.text)
    assert "<h1>Development adviser for mobility</h1>" in html
    assert "<dt>Deadline</dt>" in html and 'datetime="2031-05-15"' in html
    assert "15 May 2031" in html and "<dt>Department</dt><dd>Mobility</dd>" in html
    assert "<strong>sustainable urban mobility plans</strong>" in html
    assert '<link rel="alternate" hreflang="sl" href="http://testserver/sl/zaposlitve/razvojni-svetovalec/">' in item.text
    assert client.get("/en/vacancies/no-such-vacancy/").status_code == 404
    # Its list is in the main navigation, after the engine's own types.
    nav = item.text.split('class="d-navigation"', 1)[1].split("</nav>", 1)[0]
    assert nav.index("/en/news/") < nav.index('href="/en/vacancies/"')


def test_its_feed_sitemap_and_site_index(client: TestClient) -> None:
    feed = client.get("/en/vacancies/feed.xml")
    assert feed.status_code == 200 and "application/atom+xml" in feed.headers["content-type"]
    assert "<title>Vacancies – " in feed.text
    assert "http://testserver/en/vacancies/mobility-adviser/" in feed.text
    sitemap = client.get("/sitemap.xml").text
    for path in ("/sl/zaposlitve/", "/en/vacancies/", "/sl/zaposlitve/strokovni-sodelavec/"):
        assert f"<loc>http://testserver{path}</loc>" in sitemap
    assert re.search(r'<loc>http://testserver/en/vacancies/mobility-adviser/</loc>'
                     r'<xhtml:link rel="alternate" hreflang="sl" '
                     r'href="http://testserver/sl/zaposlitve/razvojni-svetovalec/"/>', sitemap)
    index = main_of(client.get("/sl/kazalo/").text)
    assert "<h2>Vacancies</h2>" in index
    assert 'href="/sl/zaposlitve/strokovni-sodelavec/"' in index


def test_search_finds_it_and_names_its_type(client: TestClient) -> None:
    html = main_of(client.get("/sl/iskanje/", params={"q": "garancij"}).text)
    assert 'href="/sl/zaposlitve/strokovni-sodelavec/"' in html
    assert '<p class="d-search-results__meta">Vacancy</p>' in html


def test_an_item_in_one_language_falls_back_to_its_list_and_says_why(client: TestClient) -> None:
    item = client.get("/sl/zaposlitve/strokovni-sodelavec/").text
    fallback = "/en/vacancies/?untranslated=vacancy-sl-strokovni-sodelavec"
    assert f'href="{fallback}' in item  # the switcher adds its own parameter
    notice = client.get(fallback).text
    assert "This vacancy is advertised only in Slovenian." in notice
    assert 'href="/sl/zaposlitve/strokovni-sodelavec/"' in notice


def test_the_content_check_reads_its_fields(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "en" / "vacancies"
    folder.mkdir(parents=True)
    (folder / "x.md").write_text('---\ntitle: "X"\nslug: x\nkey: x\nsummary: "X."\n'
                                 "only_in_this_language: true\ndeadline: soon\n---\nX.\n")
    with pytest.raises(ContentError) as error:
        load_content(tmp_path / "content", types=(*DEFAULT_TYPES, declared()))
    assert [str(p) for p in error.value.problems] == [
        "content/en/vacancies/x.md:7: deadline 'soon' is not a date: write it as YYYY-MM-DD"]
    # Without the declaration, the folder is nobody's: the check says where content goes.
    with pytest.raises(ContentError, match="<news|projects|pages>"):
        load_content(tmp_path / "content")


def test_its_calendar_files_come_from_its_declared_rule(client: TestClient) -> None:
    response = client.get("/en/vacancies/mobility-adviser.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    (entry,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Development adviser for mobility"
    assert entry.decoded("DTSTART") == dt.date(2031, 5, 15) and str(entry["LOCATION"]) == "Mobility"
    assert str(entry["URL"]) == "http://testserver/en/vacancies/mobility-adviser/"
    # The feed holds the deadlines still to come: the one of January 2030 is gone.
    feed = icalendar.Calendar.from_ical(client.get("/sl/zaposlitve/calendar.ics").content)
    assert [str(e["URL"]) for e in feed.walk("VEVENT")] == [
        "http://testserver/sl/zaposlitve/razvojni-svetovalec/"]


def test_its_home_section_lists_what_is_still_open_and_an_empty_type_has_none(
        client: TestClient) -> None:
    home = main_of(client.get("/sl/").text)
    section = home.split('aria-labelledby="d-home-vacancy"', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="d-home-vacancy">Open vacancies</h2>' in section
    assert 'href="/sl/zaposlitve/razvojni-svetovalec/"' in section
    assert "strokovni-sodelavec" not in section  # its deadline has passed
    assert '<a href="/sl/zaposlitve/">All vacancies</a>' in section
    # This site has no news: the home page leaves out the section rather than an empty heading.
    assert "d-home-news" not in home and 'id="d-home-project"' not in home
    assert 'href="/en/vacancies/mobility-adviser/"' in main_of(client.get("/en/").text)


@pytest.mark.parametrize(("change", "reason"), [
    ({"state": None}, "chooses items by state (shows), but the type has no state rule"),
    ({"home": HomeSection(heading="Open vacancies", count=-1)}, "count is -1; write 0 (all)"),
])
def test_a_home_section_that_cannot_work_is_refused_where_it_is_declared(
        change: dict[str, Any], reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        replace(declared(), **change)


@pytest.mark.parametrize("cards", [False, True])
def test_a_site_of_pages_and_vacancies_alone_has_a_home_page(tmp_path: Path, cards: bool) -> None:
    pages = next(t for t in DEFAULT_TYPES if t.name == "page")
    vacancies = declared()
    assert vacancies.home is not None
    vacancies = replace(vacancies, home=replace(vacancies.home, cards=cards))
    settings = replace(Settings(), content_dir=FIXTURE / "content", secret_key="test-secret",
                       site_url="http://testserver", var_dir=tmp_path,
                       content_types=(pages, vacancies))
    with TestClient(create_app(settings, CLOCK), follow_redirects=False) as other:
        home = other.get("/en/")
        assert home.status_code == 200
        assert '<h2 id="d-home-vacancy">Open vacancies</h2>' in home.text
        # As links or as cards, each leads to the vacancy's own page.
        assert 'href="/en/vacancies/mobility-adviser/"' in home.text
        assert ('class="d-card"' in home.text) is cards
        assert "/en/news/" not in home.text and "/en/events/" not in home.text


def test_its_state_follows_the_date_and_the_cache_forgets_it_at_midnight(
        client: TestClient) -> None:
    path = "/en/vacancies/mobility-adviser/"
    assert "<strong>Open for applications</strong>" in client.get(path).text
    assert "<strong>Open for applications</strong>" in client.get(path).text  # kept
    CLOCK.advance(dt.timedelta(minutes=2))  # past midnight, the deadline gone
    assert "<strong>Closed</strong>" in client.get(path).text


@pytest.fixture
def site_types(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The toy type in a module of a site's own, outside the engine and the tests, named by
    DOSTOP_CONTENT_TYPES as a deployment would; returns a copy of the toy site's content."""
    package = tmp_path / "site_package"
    package.mkdir()
    (package / "toy_site_types.py").write_text(
        (FIXTURE / "vacancies.py").read_text(encoding="utf-8")
        + "\nfrom dataclasses import replace\n"
          "from dostop.content import DEFAULT_TYPES\n\n"
          "CONTENT_TYPES = (*DEFAULT_TYPES, VACANCIES)\n"
          # Lists a site might write by mistake: each one is refused with its reason.
          "TWICE = (*CONTENT_TYPES, VACANCIES)\n"
          "SAME_FOLDER = (*CONTENT_TYPES, replace(VACANCIES, name='job', item_route='',"
          " list_route='', home=None))\n"
          "NO_TEMPLATE = (*CONTENT_TYPES, replace(VACANCIES, name='job', folder='jobs',"
          " item_route='', list_route='', item_template='pages/job.html'))\n",
          encoding="utf-8")
    monkeypatch.syspath_prepend(str(package))
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "content", content)
    for name, value in {"DOSTOP_CONTENT_TYPES": "toy_site_types:CONTENT_TYPES",
                        "DOSTOP_CONTENT_DIR": str(content),
                        "DOSTOP_VAR_DIR": str(tmp_path / "var"),
                        "DOSTOP_PUBLISH_INTERVAL": "0"}.items():
        monkeypatch.setenv(name, value)
    return content


def test_the_setting_brings_it_to_the_content_check(site_types: Path) -> None:
    checked = CliRunner().invoke(cli.main, ["content", "check"])
    assert checked.exit_code == 0, checked.output
    assert "Content OK: 7 files." in checked.output  # four pages and three vacancies
    vacancy = site_types / "en" / "vacancies" / "mobility-adviser.md"
    vacancy.write_text(vacancy.read_text(encoding="utf-8").replace(
        "deadline: 2031-05-15", "deadline: soon"), encoding="utf-8")
    checked = CliRunner().invoke(cli.main, ["content", "check"])
    assert checked.exit_code == 1
    assert ("content/en/vacancies/mobility-adviser.md:6: deadline 'soon' is not a date"
            in checked.output)


def test_the_setting_brings_it_to_the_served_site(site_types: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app))
    result = CliRunner().invoke(cli.main, ["serve"])
    assert result.exit_code == 0, result.output
    client = TestClient(served["app"], follow_redirects=False)
    listing = client.get("/en/vacancies/")
    assert listing.status_code == 200 and "<h1>Vacancies</h1>" in listing.text
    assert "/en/vacancies/mobility-adviser/" in listing.text
    assert 'href="/en/vacancies/"' in client.get("/en/").text  # in the navigation


@pytest.mark.parametrize(("value", "reason"), [
    ("toy_site_types", "write it as package.module:ATTR"),
    ("no_such_site.types:CONTENT_TYPES", "cannot import 'no_such_site.types' "
                                         "(ModuleNotFoundError"),
    ("toy_site_types:TYPES", "module 'toy_site_types' has no 'TYPES'"),
    ("toy_site_types:by_deadline", "'by_deadline' is not a ContentType or a list of them"),
    ("toy_site_types:TWICE", "two content types share the name 'vacancy'"),
    ("toy_site_types:SAME_FOLDER", "two content types share the folder 'vacancies'"),
    ("toy_site_types:NO_TEMPLATE", "content type 'job' names the template 'pages/job.html', "
                                   "which is not in "),
])
@pytest.mark.parametrize("command", [["content", "check"], ["serve"]])
def test_a_setting_that_names_no_types_stops_every_command_with_the_reason(
        site_types: Path, monkeypatch: pytest.MonkeyPatch, value: str, reason: str,
        command: list[str]) -> None:
    monkeypatch.setenv("DOSTOP_CONTENT_TYPES", value)
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    result = CliRunner().invoke(cli.main, command)
    assert result.exit_code == 2
    assert f"Dostop cannot use its settings: DOSTOP_CONTENT_TYPES='{value}': {reason}" \
        in result.output
    assert "Traceback" not in result.output


def test_a_filter_on_a_field_that_is_no_reference_is_refused() -> None:
    # Only a reference names items to narrow the list to; a filter on text would do nothing.
    with pytest.raises(ValueError, match="content type 'vacancy': field 'department' has "
                                         "filter=True but is of kind 'text'"):
        replace(declared(), fields=(Field("department", filter=True),))
