"""Search: the FTS5 index on its own (diacritics, prefixes, ranking, hostile queries), then the
search page over HTTP in both languages, as a full page and as an htmx fragment."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.content import ContentItem, Page
from dostop.i18n import PSEUDO
from dostop.search import MAX_QUERY_CHARS, SearchIndex, match_expression
from dostop.settings import Settings
from dostop.urls import path_for

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def item(slug: str, title: str, body: str = "", summary: str = "", locale: str = "sl") -> ContentItem:
    return Page(kind="page", locale=locale, slug=slug, key=slug, title=title, summary=summary,
                blocks=(), text=body, source=Path(slug + ".md"))


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex([
        item("cebelarstvo", "Čebelarstvo v regiji", "Slovenski čebelarji in šolski vrtovi."),
        item("kolesa", "Kolesarske poti", "Nova pot ob Ljubljanici; tudi čebele so omenjene."),
        item("bees", "Beekeeping in the region", "Slovenian beekeepers and school gardens.",
             locale="en"),
        item("roads", "Cycling routes", "A new path along the river; bees are mentioned too.",
             locale="en"),
    ])


def slugs(index: SearchIndex, query: str, locale: str = "sl") -> list[str]:
    return [hit.item.slug for hit in index.search(query, locale)]


def test_letters_without_diacritics_find_words_with_them(index: SearchIndex) -> None:
    assert slugs(index, "cebelarstvo") == ["cebelarstvo"]
    assert "cebelarstvo" in slugs(index, "solski")  # s finds š


def test_letters_with_diacritics_find_words_without_them() -> None:
    plain = SearchIndex([item("plain", "Sola in cebele")])
    assert slugs(plain, "šola čebele") == ["plain"]


def test_the_beginning_of_a_word_finds_the_word(index: SearchIndex) -> None:
    assert slugs(index, "čebelar") == ["cebelarstvo"]
    assert slugs(index, "kolesar") == ["kolesa"]
    assert slugs(index, "beekeep", "en") == ["bees"]


def test_all_words_must_match(index: SearchIndex) -> None:
    assert slugs(index, "čebel pot") == ["kolesa"]


def test_a_title_match_ranks_above_a_body_match(index: SearchIndex) -> None:
    assert slugs(index, "čebel") == ["cebelarstvo", "kolesa"]
    assert slugs(index, "bee", "en") == ["bees", "roads"]


def test_one_title_match_outranks_a_body_that_repeats_the_word() -> None:
    """The title weighs ten times the body (search.WEIGHTS): an article *about* bees comes
    before one that only mentions them, however often."""
    weighted = SearchIndex([
        item("mentions", "Kolesarske poti", "Čebele, čebele in še enkrat čebele ob poti. " * 3),
        item("about", "Čebele v mestu", "Kratko besedilo o mestnem vrtu in njegovih obiskovalcih."),
    ])
    assert slugs(weighted, "čebele") == ["about", "mentions"]


def test_results_stay_in_the_page_language(index: SearchIndex) -> None:
    assert slugs(index, "sloven", "sl") == ["cebelarstvo"]
    assert slugs(index, "sloven", "en") == ["bees"]


@pytest.mark.parametrize("query", [
    "", "   ", '"', "*", "AND OR NOT", "NEAR(a b)", "title:čebel", "^čebel", "a - b", "((", "'",
    "<script>alert(1)</script>", "\x00", "💡",
])
def test_fts_syntax_in_a_query_is_never_an_error(index: SearchIndex, query: str) -> None:
    index.search(query, "sl")  # must not raise


def test_operator_words_are_searched_as_words() -> None:
    words = SearchIndex([item("ops", "AND NOT OR NEAR")])
    assert slugs(words, "not near") == ["ops"]


def test_match_expression_quotes_every_term_as_a_prefix() -> None:
    assert match_expression('čebel "pot') == '"čebel"* "pot"*'
    assert match_expression("<b>") == '"b"*'
    assert match_expression("  ") == ""


def test_a_huge_query_is_cut() -> None:
    assert len(match_expression("čebel " * 2000)) < MAX_QUERY_CHARS


# --- The search page ---------------------------------------------------------------------------


def result_titles(html: str) -> list[str]:
    return re.findall(r'class="d-search-results__title"><a href="([^"]+)"', html)


def test_search_page_finds_news_projects_and_pages_in_slovenian(shared_client: TestClient) -> None:
    response = shared_client.get("/sl/iskanje/", params={"q": "kultur"})
    assert response.status_code == 200
    links = result_titles(response.text)
    assert any(link.startswith("/sl/novice/") for link in links)
    assert any(link.startswith("/sl/projekti/") for link in links)
    assert all(link.startswith("/sl/") for link in links)
    count = len(links)
    assert f"{count} zadet" in response.text  # "3 zadetki", "5 zadetkov": the Slovenian plural
    assert 'value="kultur"' in response.text  # the query stays in the field


def test_search_page_in_english(shared_client: TestClient) -> None:
    response = shared_client.get("/en/search/", params={"q": "creative industr"})
    links = result_titles(response.text)
    assert links and all(link.startswith("/en/") for link in links)
    assert f"{len(links)} result" in response.text


def test_search_page_folds_diacritics_in_slovenian(shared_client: TestClient) -> None:
    with_marks = result_titles(shared_client.get("/sl/iskanje/", params={"q": "srečanje"}).text)
    without = result_titles(shared_client.get("/sl/iskanje/", params={"q": "srecanje"}).text)
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


def test_no_results_says_so(shared_client: TestClient) -> None:
    response = shared_client.get("/sl/iskanje/", params={"q": "qqqxyzzy"})
    assert response.status_code == 200
    assert "Za »qqqxyzzy« ni zadetkov" in response.text
    assert result_titles(response.text) == []


def test_an_empty_query_shows_the_form_only(shared_client: TestClient) -> None:
    for path in ("/sl/iskanje/", "/sl/iskanje/?q=", "/sl/iskanje/?q=%20%20"):
        response = shared_client.get(path)
        assert response.status_code == 200
        assert 'role="search"' in response.text
        assert "d-search-results__count" not in response.text


def test_a_10_kb_query_is_answered_and_cut(shared_client: TestClient) -> None:
    response = shared_client.get("/sl/iskanje/", params={"q": "kultur " * 1500})
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
    shared_client: TestClient, query: str,
) -> None:
    for headers in ({}, HTMX):
        response = shared_client.get("/en/search/", params={"q": query}, headers=headers)
        assert response.status_code == 200
        assert "<script>alert" not in response.text
        assert "<img src=x" not in response.text
        assert "<h1>x</h1>" not in response.text


def test_an_htmx_request_gets_the_results_fragment_with_its_title(shared_client: TestClient) -> None:
    response = shared_client.get("/sl/iskanje/", params={"q": "kultur"}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text and 'role="search"' not in response.text
    assert re.search(r"<title>Rezultati iskanja za »kultur« – ", response.text)
    assert "data-d-announce" in response.text
    assert "HX-Request" in response.headers["vary"]
    full = shared_client.get("/sl/iskanje/", params={"q": "kultur"})
    assert result_titles(full.text) == result_titles(response.text)


@pytest.mark.parametrize("headers", [
    {"HX-Request": "true", "HX-Boosted": "true"},
    {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    {"HX-Request": "true", "HX-Request-Type": "full"},
])
def test_boosted_history_and_full_htmx_requests_get_the_whole_page(
    shared_client: TestClient, headers: dict[str, str],
) -> None:
    response = shared_client.get("/sl/iskanje/", params={"q": "kultur"}, headers=headers)
    assert response.text.lstrip().startswith("<!DOCTYPE html>")
    assert response.text.count("<title>") == 1


def test_the_pseudo_locale_searches_english_content(tmp_path: Path) -> None:
    app = create_app(replace(Settings(), pseudo_locale=True, var_dir=tmp_path, secret_key="t"))
    with TestClient(app) as client:
        response = client.get(path_for("search", PSEUDO), params={"q": "creative"})
    assert response.status_code == 200
    assert result_titles(response.text)
