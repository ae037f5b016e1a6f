"""The accessibility settings over HTTP: the form without JavaScript, the endpoint scripts save
to, the cross-site refusal, the dialogs on every page, the shortcuts list and the site index."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.settings import Settings
from dostop.urls import url_for

ALL_OPTIONS = {
    "mode": "on", "contrast": "dark", "text_size": "150", "text_spacing": "on",
    "underline_links": "on", "reduced_motion": "on", "readable_font": "on", "shortcuts": "off",
}


def prefs_cookie(response) -> str:  # type: ignore[no-untyped-def]
    return "; ".join(v for k, v in response.headers.multi_items() if k == "set-cookie")


@pytest.mark.parametrize("path", ["/sl/dostopnost/", "/en/accessibility/"])
def test_the_page_offers_every_option_as_a_plain_form(shared_client: TestClient, path: str) -> None:
    html = shared_client.get(path).text
    section = html.split('id="settings"', 1)[1].split('id="statement"', 1)[0]
    form = re.search(r'<form class="d-settings" method="post" action="([^"]+)"', section)
    assert form and form.group(1) == path
    for name in ("text_spacing", "underline_links", "reduced_motion", "readable_font", "shortcuts", "mode"):
        assert f'<input type="hidden" name="{name}" value="off">' in section
        assert re.search(rf'type="checkbox" name="{name}" value="on" id="d-settings-{name}"', section)
    for value in ("default", "high", "dark"):
        assert f'name="contrast" value="{value}"' in section
    for size in ("100", "125", "150", "200"):
        assert f'name="text_size" value="{size}"' in section
    assert 'name="action" value="reset"' in section
    # Cacheable: no per-visitor token anywhere in the form.
    assert not re.search(r'name="(csrf|token|_token|csrf_token)"', html, re.I)
    assert 'id="shortcuts"' in html and 'id="statement"' in html


def test_saving_without_javascript_redirects_back_and_the_next_page_renders_the_mode(
    client: TestClient,
) -> None:
    response = client.post("/sl/dostopnost/", data={**ALL_OPTIONS, "action": "save"})
    assert response.status_code == 303
    assert response.headers["location"] == "/sl/dostopnost/?done=saved#settings"
    assert "no-store" in response.headers["cache-control"]
    cookie = prefs_cookie(response)
    assert "dostop_prefs=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    page = client.get("/sl/novice/").text
    html_tag = re.search(r"<html[^>]*>", page).group(0)  # type: ignore[union-attr]
    for attribute in ('data-accessibility-mode="on"', 'data-contrast="dark"', 'data-text-size="150"',
                      'data-text-spacing="on"', 'data-underline-links="on"', 'data-reduced-motion="on"',
                      'data-readable-font="on"', 'data-shortcuts="off"'):
        assert attribute in html_tag
    confirmation = client.get("/sl/dostopnost/?done=saved").text
    assert "Vaše nastavitve dostopnosti so shranjene." in confirmation
    assert re.search(r'id="d-settings-mode" [^>]*checked', confirmation)


def test_reset_goes_back_to_the_defaults_and_drops_the_cookie(client: TestClient) -> None:
    client.post("/en/accessibility/", data={"mode": "on", "contrast": "high"})
    response = client.post("/en/accessibility/", data={"action": "reset"})
    assert response.status_code == 303
    assert response.headers["location"] == "/en/accessibility/?done=reset#settings"
    assert 'dostop_prefs=""' in prefs_cookie(response) or "Max-Age=0" in prefs_cookie(response)
    client.cookies.clear()
    assert 'data-accessibility-mode="off" data-contrast="default"' in client.get("/en/").text
    assert "back to the defaults" in client.get("/en/accessibility/?done=reset").text


@pytest.mark.parametrize(("headers", "status"), [
    ({"sec-fetch-site": "same-origin", "sec-fetch-mode": "cors"}, 204),  # fetch() from our page
    ({"hx-request": "true", "origin": "http://testserver"}, 204),  # htmx
    ({"sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate"}, 303),  # the form itself
    ({"origin": "http://testserver"}, 303),  # a browser without Sec-Fetch-*
])
def test_a_save_from_our_own_pages_sets_the_cookie(
    client: TestClient, headers: dict[str, str], status: int,
) -> None:
    response = client.post("/en/accessibility/", data={"mode": "on"}, headers=headers)
    assert response.status_code == status
    if status == 204:
        assert response.content == b""
    assert "dostop_prefs=" in prefs_cookie(response)
    assert 'data-accessibility-mode="on"' in client.get("/en/").text


@pytest.mark.parametrize(("path", "headers", "explanation"), [
    ("/sl/dostopnost/", {"sec-fetch-site": "cross-site"}, "z druge spletne strani"),
    ("/sl/dostopnost/", {"sec-fetch-site": "same-site"}, "z druge spletne strani"),
    ("/en/accessibility/", {"origin": "https://evil.example"}, "sent from another website"),
    ("/en/accessibility/", {"origin": "null"}, "sent from another website"),
])
def test_a_form_sent_from_another_site_is_refused_in_plain_words(
    client: TestClient, path: str, headers: dict[str, str], explanation: str,
) -> None:
    response = client.post(path, data={"mode": "on"}, headers=headers)
    assert response.status_code == 403
    assert explanation in response.text
    assert "dostop_prefs" not in prefs_cookie(response)
    assert 'data-accessibility-mode="off"' in client.get(path).text


@pytest.mark.parametrize("data", [{"mode": "maybe"}, {"text_size": "900"}, {"action": "delete"}])
def test_a_value_the_form_does_not_offer_is_a_400_with_a_translated_reason(
    client: TestClient, data: dict[str, str],
) -> None:
    response = client.post("/sl/dostopnost/", data=data)
    assert response.status_code == 400
    assert "Vaše nastavitve niso bile spremenjene" in response.text
    assert "dostop_prefs" not in prefs_cookie(response)


def test_a_flood_of_fields_is_refused_not_an_error(client: TestClient) -> None:
    body = "&".join(f"f{i}=x" for i in range(500))
    response = client.post("/en/accessibility/", content=body,
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400


@pytest.mark.parametrize(("path", "on", "off"), [
    ("/sl/", "Način dostopnosti je vklopljen.", "Način dostopnosti je izklopljen."),
    ("/en/news/", "Accessibility mode is on.", "Accessibility mode is off."),
])
def test_every_page_carries_the_dialogs_and_its_announcements_in_its_language(
    shared_client: TestClient, path: str, on: str, off: str,
) -> None:
    html = shared_client.get(path).text
    assert f'data-announce-mode-on="{on}"' in html and f'data-announce-mode-off="{off}"' in html
    assert '<dialog class="d-dialog" id="d-settings-dialog"' in html
    assert '<dialog class="d-dialog" id="d-shortcuts-dialog"' in html
    assert 'data-module="d-shortcuts"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids must stay unique with the form in the dialog"


def shortcut_rows(html: str) -> list[dict[str, str]]:
    table = html.split('data-module="d-shortcuts"', 1)[1].split("</table>", 1)[0]
    return [dict(re.findall(r'data-shortcut-([a-z]+)="([^"]*)"', row))
            for row in re.findall(r"<tr data-shortcut-[^>]*>", table)]


@pytest.mark.parametrize("locale", ["sl", "en"])
def test_every_shortcut_avoids_altgr_and_leads_to_a_page_that_exists(
    shared_client: TestClient, locale: str,
) -> None:
    rows = shortcut_rows(shared_client.get(url_for("home", locale)).text)
    actions = {row["action"] for row in rows}
    assert {"mode", "dialog", "link", "focus"} <= actions
    assert len(rows) == 9
    for row in rows:
        modifiers = row["modifiers"].split()
        # Ctrl+Alt is AltGr on Windows: it types @ \ | [ ] { } on the Slovenian layout.
        assert not {"ctrl", "alt"} <= set(modifiers), row
        if "code" in row and row["action"] != "mode":
            assert modifiers == ["alt", "shift"] and row["code"].startswith("Digit"), row
        href = row.get("href", "")
        if href.startswith("/"):
            assert shared_client.get(href.split("#")[0]).status_code == 200, href
    hrefs = {row.get("href") for row in rows}
    for name in ("home", "site_index", "search", "newsletter", "contact_form"):
        assert url_for(name, locale) in hrefs


def test_the_shortcut_list_is_on_the_settings_page_in_both_languages(shared_client: TestClient) -> None:
    sl = shared_client.get("/sl/dostopnost/").text.split('id="shortcuts"', 1)[1]
    en = shared_client.get("/en/accessibility/").text.split('id="shortcuts"', 1)[1]
    assert "Preklopi način dostopnosti" in sl and "<kbd class=\"d-kbd\">Alt</kbd>" in sl
    assert "Switch the accessibility mode on or off" in en
    for cell in re.findall(r'<td class="d-shortcuts__keys">(.*?)</td>', sl + en):
        keys = set(re.findall(r'<kbd class="d-kbd">([^<]+)</kbd>', cell))
        assert keys and not {"Ctrl", "Alt"} <= keys, cell


@pytest.mark.parametrize("locale", ["sl", "en"])
def test_the_site_index_lists_every_page(shared_app: Starlette, shared_client: TestClient,
                                         locale: str) -> None:
    content = shared_app.state.site.content
    html = shared_client.get(url_for("site_index", locale)).text
    expected = [url_for(name, locale) for name in ("home", "news_list", "project_list", "search",
                                                   "accessibility")]
    expected += [url_for("page", locale, slug=item.slug) for item in content.pages(locale)]
    expected += [url_for("project", locale, slug=item.slug) for item in content.projects(locale)]
    expected += [url_for("article", locale, slug=item.slug) for item in content.news(locale)]
    main = html.split('id="main-content"', 1)[1].split("</main>", 1)[0]
    missing = [url for url in expected if f'href="{url}"' not in main]
    assert missing == []


def test_the_site_index_says_a_long_list_is_cut_short_and_links_to_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dostop.views import pages

    monkeypatch.setattr(pages, "SITE_INDEX_ITEMS", 5)  # the demo's lists are short
    app = create_app(replace(Settings(), secret_key="test-secret", site_url="http://testserver",
                             var_dir=tmp_path))
    content = app.state.site.content
    with TestClient(app) as client:
        for locale, sentence in (
                ("en", "The first 5 of {} items are listed here; all of them are in"),
                ("sl", "Tu je naštetih prvih 5 od {} vnosov; vsi so v seznamu")):
            main = client.get(url_for("site_index", locale)).text.split(
                'id="main-content"', 1)[1].split("</main>", 1)[0]
            news = main.split("<h2>", 3)[2]  # main pages, then the first type with a list: news
            total = len(content.news(locale))
            assert total > 5
            shown = [item.slug for item in content.news(locale)
                     if f'href="{url_for("article", locale, slug=item.slug)}"' in news]
            assert shown == [item.slug for item in content.news(locale)[:5]]
            # Said before the links, so a screen reader hears it first.
            said = news.index(sentence.format(total))
            assert said < news.index("<ul") and f'<a href="{url_for("news_list", locale)}">' in news
            # Plain pages have no list of their own: every one stays among the main pages.
            for page in content.pages(locale):
                assert f'href="{url_for("page", locale, slug=page.slug)}"' in main
