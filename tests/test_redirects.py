"""No open redirect: every redirect the site answers leads to a page on the site.

The redirects: `/` (saved language, then Accept-Language), the language switcher's marker
(`?set-language=1`), the settings form's POST (back to the settings), and Starlette's added
trailing slash. The forms have no "next"/"back" parameter: the feedback form's `?page=` only
prefills a field, and only with a path on this site.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from collections.abc import Iterator
from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.http.preferences import COOKIE_NAME
from dostop.settings import Settings

EVIL = [
    "//evil.example", "//evil.example/", "https://evil.example", "https://evil.example/en/",
    "http:evil.example", "/\\evil.example", "\\\\evil", "\\/evil.example", "%2F%2Fevil.example",
    "%2f%2fevil.example", "/%2F%2Fevil.example", "%5C%5Cevil", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "///evil.example",
    "/%09/evil.example", "/ /evil.example", "evil.example", "@evil.example", "//evil%2Eexample",
    "/en/../../evil", "\t//evil.example",
]


@pytest.fixture(scope="module")
def posting_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """POSTs store things: one app for the module with its own database, no rate limit."""
    app = create_app(replace(Settings(), var_dir=tmp_path_factory.mktemp("var"),
                             secret_key="test-secret", site_url="http://testserver",
                             form_rate_limit=1_000_000))
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        yield client


def stays_on_site(location: str) -> bool:
    """A redirect target on this site: a path (not `//host`, not `/\\host`, which browsers
    read as another host), or an absolute URL with our own origin."""
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return f"{parts.scheme}://{parts.netloc}" == "http://testserver"
    return (location.startswith("/") and not location.startswith(("//", "/\\"))
            and "\\" not in location.split("?")[0] and not re.search(r"[\x00-\x20]", location))


@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize("page", ["/en/news/", "/sl/novice/", "/en/", "/sl/"])
def test_language_switch_marker_stays_on_the_site(shared_client: TestClient, page: str,
                                                  evil: str) -> None:
    for query in (f"set-language=1&next={quote(evil, safe='')}",
                  f"next={quote(evil, safe='')}&set-language=1&back={quote(evil, safe='')}"):
        response = shared_client.get(f"{page}?{query}")
        assert response.status_code == 303
        location = response.headers["location"]
        assert stays_on_site(location), location
        assert location.startswith(page)


@pytest.mark.parametrize("evil", EVIL)
def test_language_switch_on_a_hostile_path_stays_on_the_site(shared_client: TestClient,
                                                             evil: str) -> None:
    """The marker on /en/<anything>: the answer is a 303 to the same path on this site."""
    response = shared_client.get(f"/en/{quote(evil, safe='')}/?set-language=1")
    assert response.status_code in (303, 404)
    if response.status_code == 303:
        assert stays_on_site(response.headers["location"]), response.headers["location"]
        assert response.headers["location"].startswith("/en/")


@pytest.mark.parametrize("accept", ["evil.example", "//evil.example", "https://evil.example",
                                    "\\\\evil", "javascript:alert(1)", "en;q=1, //evil;q=2",
                                    "*", "", "x" * 5000])
def test_root_redirects_to_a_home_page(shared_client: TestClient, accept: str) -> None:
    response = shared_client.get("/", headers={"accept-language": accept})
    assert response.status_code == 303
    assert response.headers["location"] in ("/sl/", "/en/")


@pytest.mark.parametrize("language", EVIL)
def test_root_ignores_a_signed_cookie_with_a_hostile_language(shared_client: TestClient,
                                                              language: str) -> None:
    """Even a cookie signed with our key (a leaked key, an old version) cannot steer `/`."""
    codec = shared_client.app.state.site.codec  # type: ignore[attr-defined]
    raw = codec._serializer.dumps({"language": language})  # noqa: SLF001 - forging on purpose
    response = shared_client.get("/", headers={"cookie": f"{COOKIE_NAME}={raw}"})
    assert response.status_code == 303
    assert response.headers["location"] in ("/sl/", "/en/")


@pytest.mark.parametrize("evil", EVIL)
def test_settings_post_returns_to_the_settings_page(posting_client: TestClient,
                                                    evil: str) -> None:
    for scripted in (False, True):
        settings_post(posting_client, evil, scripted)


def settings_post(client: TestClient, evil: str, scripted: bool) -> None:
    headers = {"origin": "http://testserver", "referer": evil if evil.isascii() else ""}
    if scripted:
        headers["sec-fetch-mode"] = "cors"
    response = client.post(f"/en/accessibility/?next={quote(evil, safe='')}",
                           data={"mode": "on", "next": evil, "back": evil, "return": evil},
                           headers=headers)
    if scripted:
        assert response.status_code == 204 and "location" not in response.headers
    else:
        assert response.status_code == 303
        assert response.headers["location"] == "/en/accessibility/?done=saved#settings"


@pytest.mark.parametrize("evil", EVIL)
def test_feedback_page_prefill_takes_only_a_path_on_this_site(shared_client: TestClient,
                                                              evil: str) -> None:
    for headers, query in (({}, f"?page={quote(evil, safe='')}"), ({"referer": evil}, "")):
        if not evil.isascii() or "\t" in evil:
            headers = {}
        response = shared_client.get("/en/accessibility/feedback/" + query, headers=headers)
        assert response.status_code == 200
        value = re.search(r'id="field-page"[^>]*value="([^"]*)"', response.text)
        assert value is not None
        assert value.group(1) == "" or stays_on_site(value.group(1)), value.group(1)


@pytest.mark.parametrize("form", ["/en/contact/form/", "/en/accessibility/feedback/",
                                  "/en/newsletter/"])
def test_forms_answer_with_a_page_not_a_redirect(posting_client: TestClient, form: str) -> None:
    """A form's "back"/"next" address is never followed: there is no such parameter, and a
    sent form answers with its own page, whatever the body and query say."""
    for evil in EVIL:
        response = posting_client.post(
            f"{form}?next={quote(evil, safe='')}&back={quote(evil, safe='')}",
            data={"next": evil, "back": evil, "page": evil})
        assert response.status_code in (200, 400)
        assert "location" not in response.headers


@pytest.mark.parametrize("path", ["/en/news", "/sl/novice", "/en/about", "/en/news/x",
                                  "/en/%2F%2Fevil.example", "/en/%5Cevil.example",
                                  "/en/news/%2F%2Fevil.example"])
def test_the_added_trailing_slash_stays_on_the_site(shared_client: TestClient, path: str) -> None:
    response = shared_client.get(path)
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers["location"]
        assert stays_on_site(location), location
        assert urlsplit(location).path.startswith(path.split("%")[0])


def test_no_redirect_anywhere_leaves_the_site(shared_client: TestClient) -> None:
    """Every redirect the routes answer for a hostile `next`/`back`/`url`/`return` query."""
    query = "&".join(f"{name}={quote('//evil.example', safe='')}"
                     for name in ("next", "back", "url", "return", "redirect", "to", "page"))
    for route in shared_client.app.routes:  # type: ignore[attr-defined]
        if route.path == "/readyz":
            continue  # opens the checkout's database: tests/test_faults.py
        path = route.path.replace("{slug}", "x").replace("{path:path}", "x")
        for extra in ("", "&set-language=1"):
            response = shared_client.get(f"{path}?{query}{extra}")
            assert response.status_code < 500
            if "location" in response.headers:
                assert stays_on_site(response.headers["location"]), (path, response.headers)


def test_a_forged_host_only_redirects_its_own_sender(shared_client: TestClient) -> None:
    """Starlette's added slash is an absolute URL built from the Host header. A forged Host is
    sent by the attacker's own client only, so the answer must never be stored for others: it
    is not cacheable, and the next visitor gets our own host."""
    forged = shared_client.get("/en/news", headers={"host": "evil.example"})
    assert forged.status_code == 307
    assert urlsplit(forged.headers["location"]).path == "/en/news/"
    assert "public" not in forged.headers.get("cache-control", "")
    assert "max-age" not in forged.headers.get("cache-control", "")
    honest = shared_client.get("/en/news")
    assert stays_on_site(honest.headers["location"])
