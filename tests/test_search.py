"""Search: the index on its own (diacritics, prefixes, ranking, hostile queries), then the
search page over HTTP in both languages, as a full page and as an htmx fragment. Every test runs
against both backends: SQLite FTS5 in a file under var/, and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.content import ContentItem, Page
from dostop.i18n import PSEUDO
from dostop.search import (
    MAX_QUERY_CHARS, RESULT_LIMIT, Fts5Search, SearchBackend, match_expression, open_search,
)
from dostop.search.postgres import tsquery
from dostop.settings import Settings
from dostop.urls import path_for

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)]
MakeIndex = Callable[[list[ContentItem]], SearchBackend]


def item(slug: str, title: str, body: str = "", summary: str = "", locale: str = "sl") -> ContentItem:
    return Page(kind="page", locale=locale, slug=slug, key=slug, title=title, summary=summary,
                blocks=(), text=body, source=Path(slug + ".md"))


def new_database(postgresql_url: str, name: str) -> str:
    """A database of its own in the session's cluster (other tests reset `public` in theirs)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(postgresql_url.replace("postgresql://", "postgresql+psycopg://", 1),
                           isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return postgresql_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def index_database_url(postgresql_url: str) -> str:
    return new_database(postgresql_url, "dostop_search_index")


def backend_settings(request: pytest.FixtureRequest, var_dir: Path) -> Settings:
    url = request.getfixturevalue("index_database_url") if request.param == "postgresql" else ""
    return replace(Settings(), var_dir=var_dir, database_url=url, secret_key="test-secret",
                   site_url="http://testserver")


@pytest.fixture(params=BACKENDS)
def make_index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeIndex]:
    """Builds an index of the given items on the backend (a new file, or the shared tables
    rebuilt: PostgreSQL keeps one index, as it would for every process of a site)."""
    opened: list[SearchBackend] = []
    settings = backend_settings(request, tmp_path)

    def make(items: list[ContentItem]) -> SearchBackend:
        index = open_search(replace(settings, search_index=tmp_path / f"{len(opened)}.sqlite3"),
                            lambda: items)
        opened.append(index)
        return index

    yield make
    for index in opened:
        engine = getattr(index, "engine", None)
        if engine is not None:
            engine.dispose()


@pytest.fixture
def index(make_index: MakeIndex) -> SearchBackend:
    return make_index([
        item("cebelarstvo", "Čebelarstvo v regiji", "Slovenski čebelarji in šolski vrtovi."),
        item("kolesa", "Kolesarske poti", "Nova pot ob Ljubljanici; tudi čebele so omenjene."),
        item("bees", "Beekeeping in the region", "Slovenian beekeepers and school gardens.",
             locale="en"),
        item("roads", "Cycling routes", "A new path along the river; bees are mentioned too.",
             locale="en"),
    ])


def slugs(index: SearchBackend, query: str, locale: str = "sl") -> list[str]:
    return [hit.item.slug for hit in index.search(query, locale)]


def test_letters_without_diacritics_find_words_with_them(index: SearchBackend) -> None:
    assert slugs(index, "cebelarstvo") == ["cebelarstvo"]
    assert "cebelarstvo" in slugs(index, "solski")  # s finds š


def test_letters_with_diacritics_find_words_without_them(make_index: MakeIndex) -> None:
    plain = make_index([item("plain", "Sola in cebele")])
    assert slugs(plain, "šola čebele") == ["plain"]


def test_the_beginning_of_a_word_finds_the_word(index: SearchBackend) -> None:
    assert slugs(index, "čebelar") == ["cebelarstvo"]
    assert slugs(index, "kolesar") == ["kolesa"]
    assert slugs(index, "beekeep", "en") == ["bees"]


def test_all_words_must_match(index: SearchBackend) -> None:
    assert slugs(index, "čebel pot") == ["kolesa"]


def test_a_title_match_ranks_above_a_body_match(index: SearchBackend) -> None:
    assert slugs(index, "čebel") == ["cebelarstvo", "kolesa"]
    assert slugs(index, "bee", "en") == ["bees", "roads"]


def test_one_title_match_outranks_a_body_that_repeats_the_word(make_index: MakeIndex) -> None:
    """The title weighs more than the body (WEIGHTS in search/fts5.py and search/postgres.py):
    an article *about* bees comes before one that only mentions them, however often."""
    weighted = make_index([
        item("mentions", "Kolesarske poti", "Čebele, čebele in še enkrat čebele ob poti. " * 3),
        item("about", "Čebele v mestu", "Kratko besedilo o mestnem vrtu in njegovih obiskovalcih."),
    ])
    assert slugs(weighted, "čebele") == ["about", "mentions"]


def test_a_broad_query_ranks_its_newest_matches_title_then_summary_then_body(
    make_index: MakeIndex, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """More matches than RANK_WINDOW: only the newest are ranked (a one-letter prefix in a
    large archive costs what it costs in a small one), still title before summary before body."""
    from dostop.search import fts5, postgres

    for module in (fts5, postgres):
        monkeypatch.setattr(module, "RANK_WINDOW", 4)
    index = make_index([  # undated: published in the order of their addresses
        item("a-title", "Čebele"), item("b-body", "Poti", "O čebelah."),
        item("c-summary", "Vrtovi", summary="Čebelnjak."), item("d-body", "Mesto", "Čebele."),
        item("e-title", "Čebelnjak"), item("f-body", "Reka", "Čebela."),
    ])
    assert slugs(index, "čeb") == ["e-title", "c-summary", "f-body", "d-body"]


def test_results_stay_in_the_page_language(index: SearchBackend) -> None:
    assert slugs(index, "sloven", "sl") == ["cebelarstvo"]
    assert slugs(index, "sloven", "en") == ["bees"]


@pytest.mark.parametrize("query", [
    "", "   ", '"', "*", "AND OR NOT", "NEAR(a b)", "title:čebel", "^čebel", "a - b", "((", "'",
    "<script>alert(1)</script>", "\x00", "💡",
])
def test_fts_syntax_in_a_query_is_never_an_error(index: SearchBackend, query: str) -> None:
    index.search(query, "sl")  # must not raise


def test_operator_words_are_searched_as_words(make_index: MakeIndex) -> None:
    words = make_index([item("ops", "AND NOT OR NEAR")])
    assert slugs(words, "not near") == ["ops"]


def test_every_term_is_quoted_as_a_prefix_in_each_backends_syntax() -> None:
    assert match_expression('čebel "pot') == '"čebel"* "pot"*'
    assert match_expression("<b>") == '"b"*'
    assert match_expression("  ") == ""
    assert tsquery("čebel 'pot & !x:*") == "'čebel':* & 'pot':* & 'x':*"
    assert tsquery(" ( ) ") == ""


def test_a_huge_query_is_cut() -> None:
    assert len(match_expression("čebel " * 2000)) < MAX_QUERY_CHARS


# --- The search page ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgresql_app(postgresql_url: str, tmp_path_factory: pytest.TempPathFactory) -> Starlette:
    url = new_database(postgresql_url, "dostop_search_pages")
    return create_app(replace(Settings(), var_dir=tmp_path_factory.mktemp("var"),
                              database_url=url, secret_key="test-secret",
                              site_url="http://testserver"))


@pytest.fixture(params=BACKENDS)
def search_client(request: pytest.FixtureRequest, shared_app: Starlette) -> Iterator[TestClient]:
    """The demo site searching with each backend."""
    app = request.getfixturevalue("postgresql_app") if request.param == "postgresql" else shared_app
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        yield client


def result_titles(html: str) -> list[str]:
    return re.findall(r'class="d-search-results__title"><a href="([^"]+)"', html)


def test_search_page_finds_news_projects_and_pages_in_slovenian(search_client: TestClient) -> None:
    response = search_client.get("/sl/iskanje/", params={"q": "kultur"})
    assert response.status_code == 200
    links = result_titles(response.text)
    assert any(link.startswith("/sl/novice/") for link in links)
    assert any(link.startswith("/sl/projekti/") for link in links)
    assert all(link.startswith("/sl/") for link in links)
    count = len(links)
    assert f"{count} zadet" in response.text  # "3 zadetki", "5 zadetkov": the Slovenian plural
    assert 'value="kultur"' in response.text  # the query stays in the field


def test_search_page_in_english(search_client: TestClient) -> None:
    response = search_client.get("/en/search/", params={"q": "creative industr"})
    links = result_titles(response.text)
    assert links and all(link.startswith("/en/") for link in links)
    assert f"{len(links)} result" in response.text


def test_search_page_folds_diacritics_in_slovenian(search_client: TestClient) -> None:
    with_marks = result_titles(search_client.get("/sl/iskanje/", params={"q": "srečanje"}).text)
    without = result_titles(search_client.get("/sl/iskanje/", params={"q": "srecanje"}).text)
    assert with_marks and with_marks == without


@pytest.mark.parametrize(("count", "words"), [
    (1, "1 zadetek"), (2, "2 zadetka"), (3, "3 zadetki"), (4, "4 zadetki"), (5, "5 zadetkov"),
    (101, "101 zadetek"), (102, "102 zadetka"), (111, "111 zadetkov"),
])
def test_the_result_count_uses_the_four_slovenian_plural_forms(
    shared_client: TestClient, count: int, words: str,
) -> None:
    ngettext = shared_client.app.state.site.translations["sl"].ngettext  # type: ignore[attr-defined]
    text = ngettext("%(num)s result for “%(query)s”", "%(num)s results for “%(query)s”", count)
    assert text % {"num": count, "query": "x"} == f"{words} za »x«"


def test_no_results_says_so(search_client: TestClient) -> None:
    response = search_client.get("/sl/iskanje/", params={"q": "qqqxyzzy"})
    assert response.status_code == 200
    assert "Za »qqqxyzzy« ni zadetkov" in response.text
    assert result_titles(response.text) == []


def test_an_empty_query_shows_the_form_only(search_client: TestClient) -> None:
    for path in ("/sl/iskanje/", "/sl/iskanje/?q=", "/sl/iskanje/?q=%20%20"):
        response = search_client.get(path)
        assert response.status_code == 200
        assert 'role="search"' in response.text
        assert "d-search-results__count" not in response.text


def test_a_10_kb_query_is_answered_and_cut(search_client: TestClient) -> None:
    response = search_client.get("/sl/iskanje/", params={"q": "kultur " * 1500})
    assert response.status_code == 200
    field = re.search(r'<input[^>]*id="d-search-q"[^>]*>', response.text)
    assert field is not None
    value = re.search(r'value="([^"]*)"', field.group(0))
    assert value is not None and 0 < len(value.group(1)) <= MAX_QUERY_CHARS


@pytest.mark.parametrize("query", [
    '<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "</title><h1>x</h1>",
    '" OR 1=1 --', "NEAR(", "*",
])
def test_markup_and_syntax_in_a_query_are_escaped_never_an_error(
    search_client: TestClient, query: str,
) -> None:
    for headers in ({}, HTMX):
        response = search_client.get("/en/search/", params={"q": query}, headers=headers)
        assert response.status_code == 200
        assert "<script>alert" not in response.text
        assert "<img src=x" not in response.text
        assert "<h1>x</h1>" not in response.text


def test_an_htmx_request_gets_the_results_fragment_with_its_title(search_client: TestClient) -> None:
    response = search_client.get("/sl/iskanje/", params={"q": "kultur"}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text and 'role="search"' not in response.text
    assert re.search(r"<title>Rezultati iskanja za »kultur« – ", response.text)
    assert "data-d-announce" in response.text
    assert "HX-Request" in response.headers["vary"]
    full = search_client.get("/sl/iskanje/", params={"q": "kultur"})
    assert result_titles(full.text) == result_titles(response.text)


@pytest.mark.parametrize("headers", [
    {"HX-Request": "true", "HX-Boosted": "true"},
    {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    {"HX-Request": "true", "HX-Request-Type": "full"},
])
def test_boosted_history_and_full_htmx_requests_get_the_whole_page(
    search_client: TestClient, headers: dict[str, str],
) -> None:
    response = search_client.get("/sl/iskanje/", params={"q": "kultur"}, headers=headers)
    assert response.text.lstrip().startswith("<!DOCTYPE html>")
    assert response.text.count("<title>") == 1


def test_the_pseudo_locale_searches_english_content(tmp_path: Path) -> None:
    app = create_app(replace(Settings(), pseudo_locale=True, var_dir=tmp_path, secret_key="t"))
    with TestClient(app) as client:
        response = client.get(path_for("search", PSEUDO), params={"q": "creative"})
    assert response.status_code == 200
    assert result_titles(response.text)


# --- More matches than a page shows ------------------------------------------------------------


def test_count_stops_just_past_its_cap_and_search_past_its_limit(make_index: MakeIndex) -> None:
    index = make_index([item(f"cebele-{n}", f"Čebele {n}") for n in range(30)])
    assert index.count("čeb", "sl", cap=100) == 30
    assert index.count("čeb", "sl", cap=10) == 11  # "more than 10"
    assert len(index.search("čeb", "sl", limit=7)) == 7
    assert index.count("zzz", "sl") == 0 and index.count("", "sl") == 0


def test_many_matches_say_how_many_and_page_through_the_rest(search_client: TestClient) -> None:
    response = search_client.get("/sl/iskanje/", params={"q": "p"})
    assert response.status_code == 200
    first = result_titles(response.text)
    assert len(first) == RESULT_LIMIT
    count = re.search(r'id="d-search-count"[^>]*>(\d+) zadet', response.text)
    assert count is not None and int(count.group(1)) > RESULT_LIMIT
    total = int(count.group(1))
    # Every match can be reached: the next results page continues the numbering.
    assert 'href="/sl/iskanje/?q=p&amp;page=2" rel="next"' in response.text
    assert 'aria-label="Strani z zadetki"' in response.text
    second = search_client.get("/sl/iskanje/", params={"q": "p", "page": "2"})
    assert second.status_code == 200
    rest = result_titles(second.text)
    assert rest and not set(rest) & set(first)
    assert f'start="{RESULT_LIMIT + 1}"' in second.text
    assert "stran 2 od" in second.text.split("</title>")[0]
    pages = -(-total // RESULT_LIMIT)
    assert search_client.get("/sl/iskanje/", params={"q": "p", "page": str(pages + 1)}).status_code == 404
    assert search_client.get("/sl/iskanje/", params={"q": "p", "page": "x"}).status_code == 404


# --- One index shared by every worker, kept up to date in place ----------------------------------


def test_workers_share_one_index_file_built_once(tmp_path: Path) -> None:
    items = [item("cebelarstvo", "Čebelarstvo v regiji"), item("kolesa", "Kolesarske poti")]
    first = Fts5Search(tmp_path / "search.sqlite3")
    assert first.sync(lambda: items) is True
    second = Fts5Search(tmp_path / "search.sqlite3")  # the next worker to start
    assert second.sync(lambda: items) is False  # found built: nothing to do
    assert slugs(second, "čeb") == ["cebelarstvo"]
    changed = [*items, item("cebele", "Čebele v mestu")]
    assert second.sync(lambda: changed) is True  # other content: built again
    assert sorted(slugs(first, "čeb")) == ["cebelarstvo", "cebele"]  # the first worker sees it


def test_the_default_index_file_is_under_var(tmp_path: Path) -> None:
    app = create_app(replace(Settings(), var_dir=tmp_path, secret_key="t"))
    assert app.state.site.search.path.parent == tmp_path
    assert app.state.site.search.path.name.startswith("search-")


def test_apply_adds_changes_and_removes_items(index: SearchBackend, tmp_path: Path) -> None:
    index.apply([item("kolesa", "Čebelje poti", "Prenovljeno besedilo."),
                 item("med", "Med iz Ljubljane")], [("page", "sl", "cebelarstvo")])
    assert slugs(index, "čeb") == ["kolesa"]  # changed, and the removed one is gone
    assert slugs(index, "med") == ["med"]
    assert slugs(index, "bee", "en") == ["bees", "roads"]  # the other language untouched
    index.apply([item("med", "Med iz Ljubljane")], [("page", "sl", "ni-ga")])  # again: the same
    assert slugs(index, "med") == ["med"]
    if isinstance(index, Fts5Search):  # another worker reads the same file
        assert slugs(Fts5Search(index.path), "čeb") == ["kolesa"]


def test_a_damaged_index_file_is_built_again(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite3"
    path.write_bytes(b"not a database " * 1000)
    index = Fts5Search(path)
    assert index.sync(lambda: [item("med", "Med iz Ljubljane")]) is True
    assert slugs(index, "med") == ["med"]


# --- PostgreSQL unreachable --------------------------------------------------------------------


def assert_search_unavailable_but_pages_served(client: TestClient) -> None:
    for path, message in (("/sl/iskanje/", "Iskanje trenutno ni na voljo"),
                          ("/en/search/", "Search is unavailable right now")):
        response = client.get(path, params={"q": "kultur"})
        assert response.status_code == 503
        assert message in response.text and 'role="search"' in response.text
        assert response.headers["retry-after"]
        fragment = client.get(path, params={"q": "kultur"}, headers=HTMX)
        assert fragment.status_code == 503 and message in fragment.text
    for path in ("/sl/", "/en/news/", "/sl/iskanje/", "/sl/kazalo/"):
        assert client.get(path).status_code == 200


def test_postgresql_unreachable_at_start_up_makes_search_unavailable_not_the_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    from servers import free_port

    down = f"postgresql://postgres@127.0.0.1:{free_port()}/dostop"
    app = create_app(replace(Settings(), var_dir=tmp_path, database_url=down, secret_key="t"))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert_search_unavailable_but_pages_served(client)
    assert sum("PostgreSQL unavailable" in r.getMessage() for r in caplog.records) == 1


@pytest.mark.slow
def test_a_server_without_unaccent_says_what_to_install_and_search_answers_503(
    postgresql_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from dostop.search import postgres

    monkeypatch.setattr(postgres, "EXTENSION", "unaccent_not_installed_here")
    url = new_database(postgresql_url, "dostop_search_no_unaccent")
    app = create_app(replace(Settings(), var_dir=tmp_path, database_url=url, secret_key="t"))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert_search_unavailable_but_pages_served(client)
    logged = [r.getMessage() for r in caplog.records if "unaccent extension" in r.getMessage()]
    assert len(logged) == 1 and "postgresql-contrib" in logged[0]
    app.state.site.search.engine.dispose()


@pytest.mark.slow
def test_postgresql_lost_mid_run_makes_search_unavailable_until_it_is_back(
    postgresql_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy import create_engine, text

    from dostop.search import postgres

    url = new_database(postgresql_url, "dostop_search_lost")
    app = create_app(replace(Settings(), var_dir=tmp_path, database_url=url, secret_key="t"))
    admin = create_engine(postgresql_url.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")

    def allow(allowed: bool) -> None:
        with admin.connect() as connection:
            connection.execute(text(f"ALTER DATABASE dostop_search_lost ALLOW_CONNECTIONS "
                                    f"{str(allowed).lower()}"))
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = 'dostop_search_lost'"))

    with TestClient(app, raise_server_exceptions=False) as client:
        assert result_titles(client.get("/sl/iskanje/", params={"q": "projekt"}).text)
        allow(False)
        assert_search_unavailable_but_pages_served(client)
        allow(True)
        monkeypatch.setattr(postgres, "RETRY_SECONDS", 0.0)
        app.state.site.search._next_try = 0.0  # the wait after a fault is over
        response = client.get("/sl/iskanje/", params={"q": "srečanje"})
        assert response.status_code == 200 and result_titles(response.text)
    app.state.site.search.engine.dispose()
    admin.dispose()
