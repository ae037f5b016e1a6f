"""The page cache and HTTP caching (dostop.http.cache): what a browser, a shared cache or nginx sees."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from dostop.http.cache import PAGE_VARY, ResponseCache
from dostop.http.cache_control import PUBLIC_PAGE
from dostop.http.page_store import Entry, PageStore, make_entry, preferred_encoding
from dostop.http.preferences import COOKIE_NAME, Preferences, PreferencesCodec

ARTICLE = "/en/news/cultural-and-creative-industries-as-a-strategy/"


# A tiny app behind the cache: it counts how often each view really runs.
class _Prefs:
    def __init__(self, mode: str) -> None:
        self.mode = mode

    def cache_key(self) -> tuple[str]:
        return (self.mode,)


class _Context:
    """Stands in for RequestContextMiddleware: the mode comes from a plain cookie here."""

    def __init__(self, app: object) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: object, send: object) -> None:
        if scope["type"] == "http":
            cookie = dict(scope["headers"]).get(b"cookie", b"mode=off").decode()
            scope.setdefault("state", {}).update(prefs=_Prefs(cookie.split("=")[-1]), locale="en")
        await self.app(scope, receive, send)  # type: ignore[operator]


@pytest.fixture
def counted() -> Iterator[tuple[TestClient, dict[str, int]]]:
    calls: dict[str, int] = {}

    def count(name: str) -> int:
        calls[name] = calls.get(name, 0) + 1
        return calls[name]

    async def page(request: Request) -> Response:
        n = count("page")
        fragment = request.headers.get("hx-request") == "true"
        body = ("<p>fragment</p>" if fragment else "<html>page " + "x" * 2000 + "</html>")
        body += f"<!-- {request.state.prefs.mode} {request.url.query} {n} -->"
        return HTMLResponse(body, headers={"cache-control": PUBLIC_PAGE, "vary": PAGE_VARY})

    async def cookie(request: Request) -> Response:
        count("cookie")
        response = HTMLResponse("<p>set</p>", headers={"cache-control": PUBLIC_PAGE})
        response.set_cookie("mode", "on")
        return response

    async def missing(request: Request) -> Response:
        count("missing")
        return HTMLResponse("<p>gone</p>", status_code=404, headers={"cache-control": PUBLIC_PAGE})

    async def by_language(request: Request) -> Response:
        count("by_language")
        return HTMLResponse("<p>hi</p>", headers={"cache-control": PUBLIC_PAGE,
                                                  "vary": "Accept-Language"})

    async def private(request: Request) -> Response:
        count("private")
        return HTMLResponse("<p>yours</p>", headers={"cache-control": "private, no-store"})

    app = Starlette(
        routes=[Route("/page", page, methods=["GET", "HEAD", "POST"]), Route("/cookie", cookie),
                Route("/missing", missing), Route("/by-language", by_language),
                Route("/private", private)],
        middleware=[Middleware(_Context), Middleware(ResponseCache, version="v1")],
    )
    with TestClient(app) as client:
        yield client, calls


def test_a_public_page_is_rendered_once_and_replayed(counted: tuple[TestClient, dict[str, int]]) -> None:
    client, calls = counted
    first = client.get("/page")
    second = client.get("/page")
    assert calls["page"] == 1
    assert first.text == second.text and first.headers["etag"] == second.headers["etag"]
    assert first.headers["cache-control"] == PUBLIC_PAGE
    assert first.headers["vary"] == PAGE_VARY + ", Accept-Encoding"
    client.get("/page?p=2")  # another query is another page
    assert calls["page"] == 2


def test_strong_etag_answers_304_without_a_body(counted: tuple[TestClient, dict[str, int]]) -> None:
    client, _ = counted
    etag = client.get("/page", headers={"accept-encoding": "identity"}).headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get("/page", headers={"if-none-match": etag, "accept-encoding": "identity"})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["cache-control"] == PUBLIC_PAGE
    assert client.get("/page", headers={"if-none-match": '"other"'}).status_code == 200
    assert client.get("/page", headers={"if-none-match": f'"x", W/{etag}'}).status_code == 304


def test_pages_are_compressed_once_with_an_etag_per_encoding(
        counted: tuple[TestClient, dict[str, int]]) -> None:
    client, _ = counted
    plain = client.get("/page", headers={"accept-encoding": "identity"})
    br = client.get("/page", headers={"accept-encoding": "gzip, deflate, br"})
    gz = client.get("/page", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert br.headers["content-encoding"] == "br" and gz.headers["content-encoding"] == "gzip"
    # httpx decodes both; the bytes on the wire are smaller than the page.
    assert br.text == gz.text == plain.text
    assert int(br.headers["content-length"]) < len(plain.content) // 4
    assert len({plain.headers["etag"], br.headers["etag"], gz.headers["etag"]}) == 3
    assert client.get("/page", headers={"accept-encoding": "br;q=0, gzip"}).headers[
        "content-encoding"] == "gzip"


def test_fragment_and_full_page_and_preferences_are_separate_variants(
        counted: tuple[TestClient, dict[str, int]]) -> None:
    client, calls = counted
    full = client.get("/page")
    fragment = client.get("/page", headers={"hx-request": "true"})
    boosted = client.get("/page", headers={"hx-request": "true", "hx-boosted": "true"})
    mode_on = client.get("/page", headers={"cookie": "mode=on"})
    assert "<html>" in full.text and "<html>" not in fragment.text
    assert "fragment" not in boosted.text  # a boosted navigation wants the page, not the fragment
    assert " on " in mode_on.text and " off " in full.text
    assert calls["page"] == 4 - 1  # the boosted request reused the full page


@pytest.mark.parametrize("path", ["/cookie", "/missing", "/by-language", "/private"])
def test_what_must_not_be_kept_is_rendered_every_time(
        counted: tuple[TestClient, dict[str, int]], path: str) -> None:
    client, calls = counted
    client.get(path)
    response = client.get(path)
    assert calls[path.strip("/").replace("-", "_")] == 2
    assert "etag" not in response.headers


def test_a_response_that_sets_a_cookie_is_never_public(counted: tuple[TestClient, dict[str, int]]) -> None:
    client, _ = counted
    response = client.get("/cookie")
    assert "set-cookie" in response.headers
    assert response.headers["cache-control"] == "private, no-store"


def test_post_is_never_answered_from_the_cache(counted: tuple[TestClient, dict[str, int]]) -> None:
    client, calls = counted
    client.get("/page")
    client.post("/page")
    assert calls["page"] == 2


def test_the_store_is_bounded_least_recently_used_first() -> None:
    store = PageStore(max_entries=2, max_bytes=10_000)
    entry: Entry = make_entry([(b"content-type", b"text/html")], b"<p>x</p>")
    store.put(("a",), entry)
    store.put(("b",), entry)
    assert store.get(("a",)) is entry  # "a" is now the most recent
    store.put(("c",), entry)
    assert store.get(("b",)) is None and store.get(("a",)) is entry and len(store) == 2
    store.put(("big",), make_entry([], b"y" * 5000))  # over an eighth of the budget: not kept
    assert store.get(("big",)) is None


@pytest.mark.parametrize(("header", "expected"), [
    (b"", ""), (b"gzip, deflate, br, zstd", "br"), (b"gzip", "gzip"), (b"br;q=0, gzip;q=1", "gzip"),
    (b"identity", ""), (b"*", "gzip"), (b"gzip;q=0.0", ""), (b"br;q=garbage", ""),
])
def test_accept_encoding_is_read_with_its_weights(header: bytes, expected: str) -> None:
    assert preferred_encoding(header) == expected


# The real app.

def test_real_pages_are_public_vary_on_what_changes_them_and_revalidate(
        shared_client: TestClient) -> None:
    response = shared_client.get(ARTICLE, headers={"accept-encoding": "br"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == PUBLIC_PAGE
    assert response.headers["content-encoding"] == "br"
    vary = {v.strip() for v in response.headers["vary"].split(",")}
    assert vary == {"HX-Request", "HX-Request-Type", "HX-Boosted", "HX-History-Restore-Request",
                    "Cookie", "Accept-Encoding"}
    again = shared_client.get(ARTICLE, headers={"accept-encoding": "br",
                                                "if-none-match": response.headers["etag"]})
    assert again.status_code == 304


def test_the_visitors_mode_is_never_served_from_another_visitors_copy(
        shared_client: TestClient) -> None:
    codec = PreferencesCodec("test-secret")
    off = shared_client.get("/en/")
    on = shared_client.get("/en/", headers={
        "cookie": f"{COOKIE_NAME}={codec.dumps(Preferences(mode='on'))}"})
    assert 'data-accessibility-mode="off"' in off.text
    assert 'data-accessibility-mode="on"' in on.text
    assert off.headers["etag"] != on.headers["etag"]
    forged = PreferencesCodec("not-our-key").dumps(Preferences(mode="on"))
    tampered = shared_client.get("/en/", headers={"cookie": f"{COOKIE_NAME}={forged}"})
    assert tampered.status_code == 200 and 'data-accessibility-mode="off"' in tampered.text


def test_errors_are_not_kept(shared_client: TestClient) -> None:
    response = shared_client.get("/en/news/no-such-article/")
    assert response.status_code == 404
    assert response.headers["cache-control"] == "no-cache" and "etag" not in response.headers


def test_static_files_are_immutable_and_precompressed(shared_client: TestClient,
                                                      shared_app: Starlette) -> None:
    css = shared_app.state.site.assets.url("dostop.css")
    response = shared_client.get(css, headers={"accept-encoding": "br"})
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-encoding"] == "br"
    assert response.headers["vary"] == "Accept-Encoding"
    etag = response.headers["etag"]
    assert shared_client.get(css, headers={"if-none-match": etag}).status_code == 304
    # Static files read Accept-Encoding as pages do: a coding refused with q=0 is not sent.
    refused = shared_client.get(css, headers={"accept-encoding": "br;q=0, gzip"})
    assert refused.headers["content-encoding"] == "gzip"
    none = shared_client.get(css, headers={"accept-encoding": "gzip;q=0"})
    assert "content-encoding" not in none.headers


def test_a_stream_of_new_search_terms_does_not_push_the_pages_out() -> None:
    calls = {"n": 0}

    async def page(request: Request) -> Response:
        calls["n"] += 1
        return HTMLResponse("<p>page</p>", headers={"cache-control": PUBLIC_PAGE})

    app = Starlette(routes=[Route("/page", page)],
                    middleware=[Middleware(_Context), Middleware(ResponseCache, version="v1",
                                                                 max_entries=4)])
    with TestClient(app) as client:
        client.get("/page")
        for term in range(10):
            client.get(f"/page?q={term}")
        client.get("/page")
    assert calls["n"] == 1 + 10


@pytest.mark.parametrize("path", ["/sitemap.xml", "/robots.txt", "/en/news/feed.xml"])
def test_machine_readable_files_are_public_and_kept(shared_client: TestClient, path: str) -> None:
    first = shared_client.get(path)
    assert first.status_code == 200 and first.headers["cache-control"] == PUBLIC_PAGE
    again = shared_client.get(path, headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304


# The footer and the two dialogs are rendered once per language and preferences
# (templating.RenderedOnce) and pasted into every page. Visitors with different settings, on
# pages the page cache never keeps (a new search each time), must each still get their own.
def _dialog_checked(html: str, field_id: str) -> bool:
    start = html.index(f'id="{field_id}"')
    tag = html[html.rindex("<input", 0, start):html.index(">", start)]
    return " checked" in tag


@pytest.mark.parametrize("order", ["plain first", "dark mode first"])
def test_parts_rendered_once_follow_each_visitors_settings(client: TestClient, settings: object,
                                                           order: str) -> None:
    codec = PreferencesCodec(settings.secret_key)  # type: ignore[attr-defined]
    visitors = {"plain": "", "dark": codec.dumps(Preferences(mode="on", contrast="dark", shortcuts=False))}
    names = ["plain", "dark"] if order == "plain first" else ["dark", "plain"]
    for n, name in enumerate(names * 3):
        client.cookies.clear()
        if visitors[name]:
            client.cookies.set(COOKIE_NAME, visitors[name])
        html = client.get(f"/en/search/?q=strategy{n}").text  # a new query: never a cache hit
        dark = name == "dark"
        assert _dialog_checked(html, "d-dialog-mode") is dark
        assert _dialog_checked(html, "d-dialog-contrast-dark") is dark
        assert _dialog_checked(html, "d-dialog-contrast-default") is not dark
        assert _dialog_checked(html, "d-dialog-shortcuts") is not dark


def test_parts_rendered_once_are_in_the_pages_language(client: TestClient) -> None:
    for path, settings_title, footer_heading in [
        ("/sl/iskanje/?q=a1", "Nastavitve dostopnosti", "Dostopnost"),
        ("/en/search/?q=a1", "Accessibility settings", "Accessibility"),
        ("/sl/iskanje/?q=a2", "Nastavitve dostopnosti", "Dostopnost"),
    ]:
        html = client.get(path).text
        assert f'id="d-settings-dialog-title">{settings_title}</h2>' in html
        assert f'id="d-footer-accessibility">{footer_heading} <kbd' in html
        # The shortcuts dialog links to this language's pages.
        dialog = html[html.index('id="d-shortcuts-dialog"'):]
        assert ('href="/sl/' in dialog) is path.startswith("/sl/")
        assert ('href="/en/' in dialog) is path.startswith("/en/")
