"""Hostile input over every route and parameter, property-based with hypothesis.

Requests go straight to the ASGI app with the scope uvicorn would build (`raw_path` as sent,
`path` percent-decoded with `urllib.parse.unquote`), because an HTTP client would normalise
`..` and refuse invalid bytes before the app ever saw them. For every request: no 5xx, no file
from outside `static/`, and no injected markup reflected unescaped.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from starlette.applications import Starlette
from starlette.routing import Route

from dostop.app import create_app
from dostop.content.markdown import render as render_markdown
from dostop.http.preferences import COOKIE_NAME, Preferences
from dostop.settings import Settings

PROPERTY = hsettings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])

# What an attacker injects, and what must never come back as it went in.
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
INJECTIONS = [SCRIPT, IMG, "'><svg onload=alert(1)>", "javascript:alert(1)"]
UNESCAPED = [b"<script>alert(1)", b"<img src=x onerror", b"<svg onload"]
# Bytes that only files outside static/ hold.
OUTSIDE = [b"[build-system]", b"root:x:0:0", b"SECRET_KEY", b"import pytest"]

TRAVERSAL = ["..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%2f", "%2F", "%5c", "\\", "%00", "%ff",
             "%c0%af", "%e2%80", "%", "%zz", "%%", "", ".", "~", ";", "pyproject.toml",
             "etc", "passwd", "/etc/passwd", "%2fetc%2fpasswd", "C:%5cWindows", "a", "x" * 300,
             "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"]
PARAMETERS = ["q", "page", "done", "t", "check", "set-language", "untranslated", "next", "back",
              "lang", "locale", "x"]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def call(app: Starlette, method: str, raw_path: bytes, query: bytes = b"",
         headers: list[tuple[bytes, bytes]] | None = None, body: bytes = b"") -> Answer:
    """One request through the ASGI app, with the scope uvicorn's httptools parser builds."""
    path = raw_path.decode("latin-1")
    if "%" in path:
        path = urllib.parse.unquote(path)
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": raw_path, "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"testserver"), *(headers or [])]
        + ([(b"content-length", str(len(body)).encode())] if method == "POST" else []),
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80), "state": {},
    }
    sent = False
    result = Answer(0, {}, b"")

    async def receive() -> dict[str, object]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            result.status = int(message["status"])  # type: ignore[call-overload]
            result.headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                              for k, v in message.get("headers", [])}  # type: ignore[attr-defined]
        elif message["type"] == "http.response.body":
            result.body += message.get("body", b"")  # type: ignore[operator]

    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return result


def check(app: Starlette, answer: Answer, what: str) -> None:
    assert answer.status != 0, f"no response for {what}"
    assert answer.status < 500, f"{answer.status} for {what}"
    for needle in OUTSIDE:
        assert needle not in answer.body, f"a file outside static/ was served for {what}"
    for needle in UNESCAPED:
        assert needle not in answer.body, f"markup reflected unescaped for {what}"
    location = answer.headers.get("location", "")
    if location:
        assert location.startswith("/") and not location.startswith(("//", "/\\")) \
            or location.startswith("http://testserver/"), f"redirect off the site: {location}"


def route_paths(app: Starlette) -> list[str]:
    """Every route's pattern, with a real slug where the content has one."""
    site = app.state.site
    slugs = {"article": "news", "project": "project", "page": "page"}
    paths = []
    for route in app.routes:
        assert isinstance(route, Route)
        if route.path == "/readyz":
            continue  # opens the database under the checkout's var/: tests/test_faults.py
        name, _, locale = (route.name or "").partition(":")
        path = route.path
        if "{slug}" in path:
            items = [i for i in site.content.items
                     if i.kind == slugs.get(name) and i.locale == locale]
            path = path.replace("{slug}", items[0].slug if items else "x")
        path = path.replace("{path:path}", site.assets.url("dostop.css").removeprefix("/static/"))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def routes(shared_app: Starlette) -> list[str]:
    return route_paths(shared_app)


@pytest.fixture(scope="module")
def forms_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Starlette]:
    """POSTs store things: their own app and database, and no rate limit to stop validation."""
    app = create_app(replace(Settings(), var_dir=tmp_path_factory.mktemp("var"),
                             secret_key="test-secret", site_url="http://testserver",
                             form_rate_limit=1_000_000))
    yield app
    storage = getattr(app.state, "storage", None)
    if storage is not None:
        storage.engine.dispose()


def encode(text: str) -> str:
    return urllib.parse.quote(text, safe="")


segment = st.one_of(st.sampled_from(TRAVERSAL),
                    st.sampled_from(INJECTIONS).map(encode),
                    st.text(max_size=20).map(encode),
                    st.binary(max_size=12).map(lambda b: urllib.parse.quote_from_bytes(b, safe="")))
hostile_value = st.one_of(
    st.sampled_from(INJECTIONS),
    st.sampled_from(["-1", "0", "-0", "1e9", "abc", "1.5", " 1", "１", "٣", "9" * 30, "-" + "9" * 30,
                     "", "%", "%zz", "%ff", "%c3%28", "\x00", "1;DROP TABLE x"]),
    st.integers(min_value=-10**31, max_value=10**31).map(str),
    st.text(max_size=40),
)


def query_string(pairs: list[tuple[str, str]], raw_tail: str) -> bytes:
    """A query with hostile values; the raw tail carries invalid percent-encoding as sent."""
    return (urllib.parse.urlencode(pairs) + raw_tail).encode("ascii")


# --- paths ----------------------------------------------------------------------------------

@PROPERTY
@given(data=st.data(), segments=st.lists(segment, min_size=1, max_size=6),
       trailing=st.booleans())
def test_hostile_paths_under_every_route(shared_app: Starlette, routes: list[str],
                                         data: st.DataObject, segments: list[str],
                                         trailing: bool) -> None:
    base = data.draw(st.sampled_from(routes + ["/", "/static/", "/en/", "/sl/"]))
    where = data.draw(st.sampled_from(["append", "replace-last"]))
    if where == "append":
        path = base.rstrip("/") + "/" + "/".join(segments)
    else:
        path = base.rstrip("/").rsplit("/", 1)[0] + "/" + "/".join(segments)
    path += "/" if trailing else ""
    raw = path.encode("latin-1", "replace")
    answer = call(shared_app, "GET", raw)
    check(shared_app, answer, path)
    if path.startswith("/static/") and answer.status == 200:
        assert urllib.parse.unquote(path) in shared_app.state.site.assets.by_path


@pytest.mark.parametrize("path", [
    "/static/../pyproject.toml", "/static/%2e%2e/pyproject.toml", "/static/%2e%2e%2fpyproject.toml",
    "/static/..%2fpyproject.toml", "/static/..%5cpyproject.toml", "/static/../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/css/../../pyproject.toml", "/static/./../site/dostop/settings.py",
    "/static/%00../pyproject.toml", "/static/css/%00", "/static/C:%5cWindows%5cwin.ini",
    "/../pyproject.toml", "/%2e%2e/pyproject.toml", "/en/../../pyproject.toml",
    "/en/news/..%2f..%2fpyproject.toml/", "/favicon.ico/../pyproject.toml",
])
def test_no_file_outside_static_is_served(shared_app: Starlette, path: str) -> None:
    answer = call(shared_app, "GET", path.encode())
    check(shared_app, answer, path)
    assert answer.status == 404


def test_an_8_kb_path_is_a_404(shared_app: Starlette, routes: list[str]) -> None:
    for base in ("/", "/en/", "/sl/novice/", "/static/"):
        path = base + "a" * 8192 + "/"
        answer = call(shared_app, "GET", path.encode())
        check(shared_app, answer, path[:40])
        assert answer.status == 404


# --- queries and headers --------------------------------------------------------------------

@PROPERTY
@given(data=st.data(),
       pairs=st.lists(st.tuples(st.sampled_from(PARAMETERS), hostile_value), max_size=6),
       raw_tail=st.sampled_from(["", "&", "&&&", "=", "&page=%", "&q=%zz", "&q=%ff%fe",
                                 "&q=%c3%28", "&%=%", "&page", "&q=" + "%41" * 3000,
                                 "&" + "a=1&" * 2000]))
def test_hostile_queries_on_every_route(shared_app: Starlette, routes: list[str],
                                        data: st.DataObject, pairs: list[tuple[str, str]],
                                        raw_tail: str) -> None:
    path = data.draw(st.sampled_from(routes))
    method = data.draw(st.sampled_from(["GET", "HEAD"]))
    answer = call(shared_app, method, path.encode(), query_string(pairs, raw_tail),
                  headers=[(b"hx-request", b"true")] if data.draw(st.booleans()) else None)
    check(shared_app, answer, f"{path}?{pairs}{raw_tail[:30]}")


@pytest.mark.parametrize("value", ["-1", "0", "-0", "abc", "1.5", "1e3", "9" * 30, "%ff", "１"])
@pytest.mark.parametrize("path", ["/en/news/", "/sl/novice/", "/en/search/?q=projekt&x=1"])
def test_bad_page_numbers_are_a_404(shared_app: Starlette, path: str, value: str) -> None:
    base, _, query = path.partition("?")
    answer = call(shared_app, "GET", base.encode(),
                  ((query + "&" if query else "") + "page=" + value).encode())
    check(shared_app, answer, f"{path} page={value}")
    assert answer.status in (200, 404)
    if base != "/en/search/":
        assert answer.status == 404


garbage_header = st.one_of(
    st.binary(max_size=300).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"")),
    st.sampled_from([b"*", b";q=", b",,,,", b"en;q=abc", b"sl;q=-1, en;q=2", b"x" * 8000,
                     b"\xff\xfe", "sl-SI,sl;q=0.9,en-GB;q=0.8".encode(),
                     b"zh-Hant-TW-x-private-" * 50, SCRIPT.encode()]),
)


@PROPERTY
@given(data=st.data(), language=garbage_header, cookie=garbage_header,
       tamper=st.integers(min_value=0, max_value=200), flip=st.characters(codec="ascii"))
def test_garbage_accept_language_and_cookies(shared_app: Starlette, routes: list[str],
                                             data: st.DataObject, language: bytes,
                                             cookie: bytes, tamper: int, flip: str) -> None:
    path = data.draw(st.sampled_from(routes + ["/"]))
    real = shared_app.state.site.codec.dumps(Preferences(mode="on", language="en"))
    index = tamper % len(real)
    tampered = real[:index] + flip + real[index + 1:]
    cookies = data.draw(st.sampled_from([
        cookie, f"{COOKIE_NAME}={tampered}".encode("latin-1", "replace"),
        f"{COOKIE_NAME}={tampered}; {COOKIE_NAME}=".encode("latin-1", "replace") + cookie,
        f"{COOKIE_NAME}=".encode() + b"A" * 5000, f'{COOKIE_NAME}="{SCRIPT}"'.encode(),
    ]))
    answer = call(shared_app, "GET", path.encode(),
                  headers=[(b"accept-language", language), (b"cookie", cookies)])
    check(shared_app, answer, f"{path} Accept-Language={language[:40]!r} Cookie={cookies[:40]!r}")


def test_a_tampered_preferences_cookie_is_ignored(shared_app: Starlette) -> None:
    real = shared_app.state.site.codec.dumps(Preferences(mode="on"))
    tampered = real[:-2] + ("A" if real[-2] != "A" else "B") + real[-1]
    good = call(shared_app, "GET", b"/en/", headers=[(b"cookie", f"{COOKIE_NAME}={real}".encode())])
    bad = call(shared_app, "GET", b"/en/", headers=[(b"cookie", f"{COOKIE_NAME}={tampered}".encode())])
    assert b'data-accessibility-mode="on"' in good.body
    assert bad.status == 200 and b'data-accessibility-mode="off"' in bad.body


# --- form bodies ----------------------------------------------------------------------------

FORM_FIELDS = ["email", "language", "consent", "name", "subject", "message", "problem", "page",
               "website", "t", "action", "mode", "text_size", "language_switch", "x"]
POST_PATHS = ["/en/newsletter/", "/sl/e-novice/", "/en/newsletter/confirm/",
              "/en/newsletter/unsubscribe/", "/en/contact/form/", "/sl/kontakt/obrazec/",
              "/en/accessibility/feedback/", "/sl/dostopnost/povratne-informacije/",
              "/en/accessibility/", "/sl/dostopnost/"]
URLENCODED = b"application/x-www-form-urlencoded"

form_body = st.one_of(
    st.lists(st.tuples(st.sampled_from(FORM_FIELDS), hostile_value), max_size=8)
    .map(lambda pairs: urllib.parse.urlencode(pairs).encode("ascii")),
    st.binary(max_size=500),
    st.sampled_from([b"email=%ff%fe", b"email=%zz&name=%", b"=&=&=", b"&&&&", b"a" * 70_000,
                     b"message=" + b"x" * 70_000, b"a=1&" * 100, b"\x00\x00",
                     b"email=" + SCRIPT.encode() + b"&name=" + IMG.encode()]),
)


@PROPERTY
@given(path=st.sampled_from(POST_PATHS), body=form_body,
       content_type=st.sampled_from([URLENCODED, URLENCODED + b"; charset=latin-1",
                                     b"multipart/form-data; boundary=x",
                                     b"multipart/form-data", b"application/json", b"text/plain",
                                     b"", b"\xff\xfe"]),
       extra=st.sampled_from([[], [(b"hx-request", b"true")], [(b"sec-fetch-site", b"same-origin")],
                              [(b"origin", b"http://testserver")], [(b"origin", b"null")]]))
def test_malformed_and_oversized_form_bodies(forms_app: Starlette, path: str, body: bytes,
                                             content_type: bytes,
                                             extra: list[tuple[bytes, bytes]]) -> None:
    headers = [(b"content-type", content_type), *extra] if content_type else list(extra)
    answer = call(forms_app, "POST", path.encode(), headers=headers, body=body)
    check(forms_app, answer, f"POST {path} {content_type!r} {body[:60]!r}")


@pytest.mark.parametrize("path", POST_PATHS)
@pytest.mark.parametrize("injection", INJECTIONS)
def test_markup_in_every_form_field_comes_back_escaped(forms_app: Starlette, path: str,
                                                       injection: str) -> None:
    """Every field at once, so the error page shows each value back in its field."""
    body = urllib.parse.urlencode({name: injection for name in FORM_FIELDS
                                   if name != "website"}).encode()
    answer = call(forms_app, "POST", path.encode(), headers=[(b"content-type", URLENCODED)],
                  body=body)
    check(forms_app, answer, f"POST {path} {injection}")
    shows_values = not path.endswith(("confirm/", "unsubscribe/", "accessibility/", "dostopnost/"))
    if shows_values and "<" in injection:
        assert answer.status == 400 and b"&lt;" in answer.body


@pytest.mark.parametrize("path", [p for p in POST_PATHS if not p.endswith(
    ("confirm/", "unsubscribe/", "/en/accessibility/", "/sl/dostopnost/"))])
def test_a_body_over_the_limit_is_a_413(forms_app: Starlette, path: str) -> None:
    answer = call(forms_app, "POST", path.encode(), headers=[(b"content-type", URLENCODED)],
                  body=b"message=" + b"x" * 70_000)
    check(forms_app, answer, path)
    assert answer.status == 413


# --- reflection of search and every parameter -----------------------------------------------

@pytest.mark.parametrize("injection", INJECTIONS)
def test_search_and_every_parameter_reflect_markup_escaped(shared_app: Starlette,
                                                           routes: list[str],
                                                           injection: str) -> None:
    query = urllib.parse.urlencode({name: injection for name in PARAMETERS
                                    if name != "set-language"}).encode()
    for path in routes:
        for hx in ([], [(b"hx-request", b"true")]):
            check(shared_app, call(shared_app, "GET", path.encode(), query, headers=hx),
                  f"{path}?{injection}")
    search = call(shared_app, "GET", b"/en/search/", urllib.parse.urlencode({"q": SCRIPT}).encode())
    assert search.status == 200
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in search.body


def test_markdown_links_cannot_carry_script() -> None:
    """Raw HTML is refused by `dostop content check` (tests/test_content_check.py) and escaped by
    the renderer (tests/test_content_markdown.py); links with a script scheme are not links."""
    html = render_markdown("[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) "
                           "[c](data:text/html;base64,PHNjcmlwdD4=) [d](vbscript:x)")
    assert "href" not in html


@pytest.mark.parametrize(("field", "value"), [("language", "x" * 300), ("consent", "yes" * 100)])
def test_an_overlong_choice_is_a_400_not_a_500(forms_app: Starlette, field: str,
                                               value: str) -> None:
    """Found by these tests: radios and checkboxes have no "too long" message, and gettext("")
    returned the catalog header, whose "%" broke the error page."""
    body = urllib.parse.urlencode({"email": "ana@example.si", "language": "sl", "consent": "yes",
                                   field: value}).encode()
    for path in (b"/sl/e-novice/", b"/en/newsletter/"):
        answer = call(forms_app, "POST", path, headers=[(b"content-type", URLENCODED)], body=body)
        assert answer.status == 400
