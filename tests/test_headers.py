"""Security headers on every route, and the preferences cookie's attributes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.http.preferences import COOKIE_NAME, Preferences, PreferencesCodec
from dostop.settings import Settings
from dostop.urls import PATHS

REQUIRED_CSP = [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'",
]


def example_urls(app: Starlette) -> list[tuple[str, list[str]]]:
    """One real address per route (params filled from the content and the assets), with the
    route's methods. A route whose parameters we cannot fill gets "x": its 404 must carry the
    headers too."""
    site = app.state.site
    urls: list[tuple[str, list[str]]] = []
    for route in app.routes:
        assert isinstance(route, Route)
        params: dict[str, str] = {}
        name, _, locale = (route.name or "").partition(":")
        for param in route.param_convertors:
            if param == "slug" and name in site.urls.kind_of_route:
                kind = site.urls.kind_of_route[name]
                items = [i for i in site.content.items if i.kind == kind and i.locale == (locale or "sl")]
                params[param] = items[0].slug if items else "x"
            elif param == "path":
                params[param] = site.assets.url("dostop.css").removeprefix("/static/")
            else:
                params[param] = "x"
        url = route.path
        for key, value in params.items():
            url = url.replace("{" + key + "}", value).replace("{" + key + ":path}", value)
        urls.append((url, sorted(route.methods or {"GET"})))
    return urls


def check_security_headers(headers: Any, *, https: bool) -> None:
    csp = [d.strip() for d in headers["content-security-policy"].split(";")]
    for directive in REQUIRED_CSP:
        assert directive in csp
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert "unsafe-eval" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert ("strict-transport-security" in headers) is https
    if https:
        assert headers["strict-transport-security"].startswith("max-age=63072000")


def test_every_route_and_every_url_in_the_table_is_walked(shared_app: Starlette) -> None:
    walked = {route.name.split(":")[0] for route in shared_app.routes
              if isinstance(route, Route) and route.name and ":" in route.name}
    assert set(PATHS) <= walked


@pytest.mark.parametrize("https", [False, True])
def test_every_route_sends_the_security_headers(settings: Settings, https: bool) -> None:
    app = create_app(replace(settings, https=https))
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        urls = example_urls(app)
        assert len(urls) >= 2 * len(PATHS)
        for url, methods in urls:
            for method in [m for m in methods if m in ("GET", "POST")]:
                response = client.request(method, url)
                assert response.status_code < 500, (method, url)
                check_security_headers(response.headers, https=https)
            # The same page again comes from the page cache: still with every header.
            if "GET" in methods:
                check_security_headers(client.get(url).headers, https=https)


def test_error_pages_and_static_files_send_them_too(shared_client: TestClient,
                                                    shared_app: Starlette) -> None:
    for url in ("/nowhere", "/en/news/no-such-article/", "/static/../settings.py",
                shared_app.state.site.assets.url("htmx.min.js")):
        check_security_headers(shared_client.get(url).headers, https=False)


def _save_mode_on(client: TestClient) -> Any:
    return client.post("/en/accessibility/", data={"mode": "on", "action": "save"},
                       headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"})


@pytest.mark.parametrize("https", [False, True])
def test_the_preferences_cookie_is_signed_httponly_lax_and_secure_over_https(
        settings: Settings, https: bool) -> None:
    app = create_app(replace(settings, https=https))
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        response = _save_mode_on(client)
    assert response.status_code in (204, 303)
    cookie = response.headers["set-cookie"]
    attributes = [a.strip().lower() for a in cookie.split(";")]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "httponly" in attributes and "samesite=lax" in attributes and "path=/" in attributes
    assert ("secure" in attributes) is https
    # Signed: the value is our codec's, and says what was saved.
    value = cookie.split(";")[0].split("=", 1)[1].strip('"')
    assert PreferencesCodec("test-secret").loads(value).mode == "on"
    # A response that sets a cookie is never kept by a cache.
    assert response.headers["cache-control"] in ("no-store", "private, no-store")


def test_a_tampered_cookie_is_ignored_not_an_error(shared_client: TestClient) -> None:
    good = PreferencesCodec("test-secret").dumps(Preferences(mode="on"))
    for value in (good[:-2] + "xx", "garbage", "a" * 5000, good.replace(".", "..")):
        response = shared_client.get("/en/", headers={"cookie": f"{COOKIE_NAME}={value}"})
        assert response.status_code == 200
        assert 'data-accessibility-mode="off"' in response.text
    response = shared_client.get("/en/", headers={"cookie": f"{COOKIE_NAME}={good}"})
    assert 'data-accessibility-mode="on"' in response.text


def test_a_server_error_page_carries_them_and_the_request_id(settings: Settings) -> None:
    app = create_app(settings)

    async def boom(request: object) -> None:
        raise RuntimeError("a bug")

    app.router.routes.insert(0, Route("/boom", boom))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom", headers={"x-request-id": "abcdef0123456789"})
    assert response.status_code == 500
    check_security_headers(response.headers, https=False)
    assert response.headers["x-request-id"] == "abcdef0123456789"
    assert "a bug" not in response.text
