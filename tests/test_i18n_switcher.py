"""The language switcher and the language of a visit: every page type leads to its twin and back,
an item without a translation leads to the nearest page that says why, the choice is remembered,
and `/` follows it (then Accept-Language, then Slovenian)."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace

import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.content import ContentItem
from dostop.http.preferences import COOKIE_NAME, Preferences, PreferencesCodec
from dostop.settings import Settings

SEED_SL = "/sl/novice/kulturne-in-kreativne-industrije-kot-strategija/"
SEED_EN = "/en/news/cultural-and-creative-industries-as-a-strategy/"
# (Slovenian, English): one of each page type.
PAGE_TYPES = {
    "home": ("/sl/", "/en/"),
    "news list": ("/sl/novice/", "/en/news/"),
    "article": (SEED_SL, SEED_EN),
    "project list": ("/sl/projekti/", "/en/projects/"),
    "project": ("/sl/projekti/cre-hub/", "/en/projects/cre-hub/"),
    "page": ("/sl/o-agenciji/", "/en/about/"),
    "search": ("/sl/iskanje/", "/en/search/"),
    "accessibility": ("/sl/dostopnost/", "/en/accessibility/"),
    "site index": ("/sl/kazalo/", "/en/site-index/"),
    "newsletter form": ("/sl/e-novice/", "/en/newsletter/"),
    "contact form": ("/sl/kontakt/obrazec/", "/en/contact/form/"),
    "feedback form": ("/sl/dostopnost/povratne-informacije/", "/en/accessibility/feedback/"),
    "patterns": ("/sl/vzorci/", "/en/patterns/"),
}
# rel="alternate" only when the link leads to this very page in the other language.
SWITCHER_LINK = re.compile(r'<a class="d-language-switcher__link" href="([^"]+)" hreflang="(\w+)" '
                           r'lang="(\w+)"( rel="alternate")?>')


def switcher_href(page: str) -> str:
    found = SWITCHER_LINK.findall(page)
    assert len(found) == 1, found
    href, hreflang, lang, _ = found[0]
    assert hreflang == lang
    return html.unescape(href)


def switcher_is_alternate(page: str) -> bool:
    """Whether the switcher's link says rel="alternate": the same page in the other language,
    not a stand-in for an item that has no translation."""
    return bool(SWITCHER_LINK.findall(page)[0][3])


def switch(client: TestClient, path: str) -> tuple[str, str]:
    """Follows the switcher from `path`: (where the choice redirect leads, the page there)."""
    page = client.get(path)
    assert page.status_code == 200, path
    choice = client.get(switcher_href(page.text))
    assert choice.status_code == 303
    location = choice.headers["location"]
    target = client.get(location)
    assert target.status_code == 200, location
    return location, target.text


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_switcher_leads_to_the_twin_page_and_back(shared_client: TestClient, kind: str) -> None:
    sl, en = PAGE_TYPES[kind]
    assert switcher_is_alternate(shared_client.get(sl).text)
    location, english = switch(shared_client, sl)
    assert location == en
    assert '<html lang="en"' in english
    location, _ = switch(shared_client, en)
    assert location == sl


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_every_page_names_its_language_and_both_alternates(shared_client: TestClient,
                                                          kind: str) -> None:
    for lang, path in zip(("sl", "en"), PAGE_TYPES[kind], strict=True):
        response = shared_client.get(path)
        assert response.headers["content-language"] == lang
        page = response.text
        sl, en = PAGE_TYPES[kind]
        assert f'<link rel="alternate" hreflang="sl" href="http://testserver{sl}">' in page
        assert f'<link rel="alternate" hreflang="en" href="http://testserver{en}">' in page
        assert f'<link rel="alternate" hreflang="x-default" href="http://testserver{sl}">' in page
        name = {"sl": "Slovenščina", "en": "English"}[lang]
        assert (f'<span class="d-language-switcher__current" aria-current="true" lang="{lang}">'
                f"{name}</span>") in page


def test_switcher_is_a_labelled_navigation_in_the_page_language(shared_client: TestClient) -> None:
    assert '<nav class="d-language-switcher" aria-label="Izbira jezika">' in (
        shared_client.get("/sl/").text)
    assert '<nav class="d-language-switcher" aria-label="Choose language">' in (
        shared_client.get("/en/").text)


def only_in_one_language(client: TestClient) -> ContentItem:
    app = client.app
    assert isinstance(app, Starlette)
    items = [i for i in app.state.site.content.items if i.extra.get("only_in_this_language")]
    assert items, "the demo content has an item published in one language only"
    return items[0]


def test_untranslated_item_leads_to_the_news_list_which_says_why(shared_client: TestClient) -> None:
    item = only_in_one_language(shared_client)
    assert (item.kind, item.locale) == ("news", "sl")
    path = f"/sl/novice/{item.slug}/"
    page = shared_client.get(path).text
    assert '<link rel="alternate" hreflang="en"' not in page  # no twin to announce
    assert not switcher_is_alternate(page)
    location, english = switch(shared_client, path)
    assert location == f"/en/news/?untranslated=news-sl-{item.slug}"
    assert '<html lang="en"' in english
    notice = re.search(r'<p class="d-untranslated-notice"[^>]*>(.+?)</p>', english, re.S)
    assert notice
    # It says why, and links back to the item, its title marked as Slovenian.
    assert notice.group(1) == (
        f'This news item is available only in Slovenian. In Slovenian: <a href="{path}" '
        f'lang="sl" hreflang="sl">{html.escape(item.title, quote=False)}</a>')
    # The notice comes first in <main>, where the skip link lands.
    main = english.split('<main id="main-content"', 1)[1]
    assert main.index("d-untranslated-notice") < main.index("<h1")
    # The list is not a translation of the item: no hreflang link announces it.
    assert f'hreflang="sl" href="http://testserver{path}"' not in english
    assert not switcher_is_alternate(english)
    # The list's own switcher leads back to the item the visitor came from, not to a list.
    location, slovenian = switch(shared_client, location)
    assert location == path
    assert "d-untranslated-notice" not in slovenian


def test_the_older_reason_without_a_slug_still_explains_and_leads_to_the_list(
        shared_client: TestClient) -> None:
    english = shared_client.get("/en/news/?untranslated=news-sl").text
    assert "This news item is available only in Slovenian.</p>" in english
    location, _ = switch(shared_client, "/en/news/?untranslated=news-sl")
    assert location == "/sl/novice/"


@pytest.mark.parametrize("value", ["", "news", "news-de", "x-sl", "<b>-sl", "news-sl-sl", "%00",
                                   "news-sl-no-such-item", "project-sl-uradne-ure-med-prazniki-2018",
                                   "news-en-uradne-ure-med-prazniki-2018",
                                   # this page's own language: never "only in English" here
                                   "news-en",
                                   # an item that has an English twin: not untranslated at all
                                   "news-sl-kulturne-in-kreativne-industrije-kot-strategija"])
def test_unknown_reasons_show_no_notice_and_no_error(shared_client: TestClient, value: str) -> None:
    response = shared_client.get("/en/news/", params={"untranslated": value})
    assert response.status_code == 200
    assert "d-untranslated-notice" not in response.text


@pytest.fixture(scope="module")
def english_only_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The site's content plus a project published in English only."""
    content = tmp_path_factory.mktemp("content")
    shutil.copytree(Settings().content_dir, content, dirs_exist_ok=True)
    (content / "en" / "projects" / "english-only.md").write_text(
        '---\ntitle: "Regional partnership"\nslug: regional-partnership\n'
        'key: regional-partnership\n'
        'summary: "A project described in English only."\nonly_in_this_language: true\n---\n'
        "This project has no Slovenian description.\n", encoding="utf-8")
    app = create_app(replace(Settings(), content_dir=content, secret_key="test-secret",
                             site_url="http://testserver"))
    with TestClient(app, follow_redirects=False) as client:
        yield client


def test_english_only_project_leads_to_the_slovenian_project_list(
        english_only_client: TestClient) -> None:
    location, slovenian = switch(english_only_client, "/en/projects/regional-partnership/")
    assert location == "/sl/projekti/?untranslated=project-en-regional-partnership"
    assert '<p class="d-untranslated-notice" id="d-untranslated-notice">' \
           "Ta projekt je na voljo samo v angleščini. V angleščini: " \
           '<a href="/en/projects/regional-partnership/" lang="en" hreflang="en">' \
           "Regional partnership</a></p>" in slovenian


def codec_of(client: TestClient) -> PreferencesCodec:
    app = client.app
    assert isinstance(app, Starlette)
    codec: PreferencesCodec = app.state.site.codec
    return codec


def test_choosing_a_language_saves_it_and_keeps_the_other_preferences(
        shared_client: TestClient) -> None:
    codec = codec_of(shared_client)
    shared_client.cookies.set(COOKIE_NAME, codec.dumps(Preferences(mode="on", language="sl")))
    response = shared_client.get(f"{SEED_EN}?set-language=1")
    assert response.status_code == 303
    assert response.headers["location"] == SEED_EN
    assert response.headers["cache-control"] == "private, no-store"
    saved = codec.loads(response.cookies[COOKIE_NAME])
    assert saved == Preferences(mode="on", language="en")
    assert "httponly" in response.headers["set-cookie"].lower()
    # Then `/` goes to English, whatever the browser prefers.
    shared_client.cookies.set(COOKIE_NAME, response.cookies[COOKIE_NAME])
    root = shared_client.get("/", headers={"accept-language": "sl"})
    assert root.headers["location"] == "/en/"


def test_choosing_the_saved_language_again_sets_no_cookie(shared_client: TestClient) -> None:
    codec = codec_of(shared_client)
    shared_client.cookies.set(COOKIE_NAME, codec.dumps(Preferences(language="en")))
    response = shared_client.get("/en/news/?page=2&set-language=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/en/news/?page=2"
    assert "set-cookie" not in response.headers


def test_pages_reached_without_the_switcher_stay_public_and_set_no_cookie(
        shared_client: TestClient) -> None:
    response = shared_client.get("/en/news/")
    assert response.status_code == 200
    assert "set-cookie" not in response.headers
    assert response.headers["cache-control"].startswith("public")


def test_the_marker_outside_a_language_or_on_a_post_is_not_a_choice(
        shared_client: TestClient) -> None:
    assert shared_client.get("/healthz?set-language=1").status_code == 200
    assert shared_client.get("/?set-language=1").status_code == 303
    assert "set-cookie" not in shared_client.get("/?set-language=1").headers
    assert shared_client.get("/xx/?set-language=1").status_code == 404
    post = shared_client.post("/en/news/?set-language=1")
    assert post.status_code == 405 and "set-cookie" not in post.headers


def signed(client: TestClient, prefs: Preferences) -> str:
    return codec_of(client).dumps(prefs)


@pytest.mark.parametrize(("cookie", "accept", "expected"), [
    (None, None, "/sl/"),
    (None, "en", "/en/"),
    (None, "sl;q=0.2, en;q=0.9", "/en/"),
    (None, "en;q=0.2, sl;q=0.9", "/sl/"),
    (None, "de-AT, fr;q=0.8", "/sl/"),
    (None, "q=,;;,en-;q=x", "/sl/"),
    ("en", None, "/en/"),
    ("en", "sl", "/en/"),
    ("sl", "en", "/sl/"),
    ("sl", "en-GB,en;q=0.9", "/sl/"),
    ("none", "en", "/en/"),  # a cookie with other preferences but no saved language
    ("tampered", "en", "/en/"),
    ("tampered", None, "/sl/"),
    ("garbage", "en;q=0.5", "/en/"),
])
def test_root_redirect_table(shared_client: TestClient, cookie: str | None, accept: str | None,
                             expected: str) -> None:
    if cookie in ("sl", "en"):
        prefs = Preferences(mode="on", language=cookie)
        shared_client.cookies.set(COOKIE_NAME, signed(shared_client, prefs))
    elif cookie == "none":
        shared_client.cookies.set(COOKIE_NAME, signed(shared_client, Preferences(mode="on")))
    elif cookie == "tampered":
        good = signed(shared_client, Preferences(language="en"))
        shared_client.cookies.set(COOKIE_NAME, good[:-3] + "abc")
    elif cookie == "garbage":
        shared_client.cookies.set(COOKIE_NAME, "%%%not-a-cookie\x7f")
    headers = {"accept-language": accept} if accept is not None else {}
    response = shared_client.get("/", headers=headers)
    assert response.status_code == 303
    assert response.headers["location"] == expected
    assert {"accept-language", "cookie"} <= {
        v.strip().lower() for v in response.headers["vary"].split(",")}


@pytest.mark.parametrize(("path", "title"), [
    ("/sl/", "Regionalna razvojna agencija Ljubljanske urbane regije – RRA LUR"),
    ("/en/", "Ljubljana Urban Region Development Agency – RRA LUR"),
    ("/sl/novice/", "Novice – RRA LUR"),
    ("/en/news/", "News – RRA LUR"),
    ("/sl/projekti/", "Projekti – RRA LUR"),
    ("/en/projects/", "Projects – RRA LUR"),
    ("/sl/kazalo/", "Kazalo strani – RRA LUR"),
    ("/en/site-index/", "Site index – RRA LUR"),
    ("/sl/dostopnost/", "Dostopnost – RRA LUR"),
    ("/en/accessibility/", "Accessibility – RRA LUR"),
    (SEED_EN, ("Cultural and creative industries as a strategy: how to support them "
               "strategically so that they can reach their potential – RRA LUR")),
    ("/sl/ni-take-strani/", "Strani ni mogoče najti – RRA LUR"),
    ("/en/no-such-page/", "Page not found – RRA LUR"),
])
def test_page_titles_name_the_page_then_the_site(shared_client: TestClient, path: str,
                                                  title: str) -> None:
    assert f"<title>{title}</title>" in shared_client.get(path).text


def test_wrong_method_is_explained_in_the_page_language(shared_client: TestClient) -> None:
    sl = shared_client.request("DELETE", "/sl/novice/")
    assert sl.status_code == 405 and "Ta naslov ne sprejema take zahteve" in sl.text
    en = shared_client.request("DELETE", "/en/news/")
    assert en.status_code == 405 and "This address does not accept that kind of request" in en.text


@pytest.mark.parametrize(("lang", "title", "advice"), [
    ("sl", "Oprostite, pri nas je šlo nekaj narobe", "Poskusite znova"),
    ("en", "Sorry, something went wrong on our side", "Please try again in a few minutes."),
])
def test_server_error_page_is_in_the_page_language(settings: Settings, lang: str, title: str,
                                                   advice: str) -> None:
    app = create_app(settings)

    async def broken(request: object) -> None:
        raise RuntimeError("boom")

    app.router.routes.insert(0, Route(f"/{lang}/broken-for-test/", broken))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get(f"/{lang}/broken-for-test/")
    assert response.status_code == 500
    assert f'<html lang="{lang}"' in response.text
    assert f"<title>{title} – RRA LUR</title>" in response.text
    assert advice in response.text
    assert "boom" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize(("saved", "lang", "title"), [
    ("", "sl", "Strani ni mogoče najti"), ("en", "en", "Page not found"),
    ("sl", "sl", "Strani ni mogoče najti"),
])
def test_a_page_outside_any_language_answers_in_the_saved_one(shared_client: TestClient, saved: str,
                                                              lang: str, title: str) -> None:
    if saved:
        shared_client.cookies.set(COOKIE_NAME, signed(shared_client, Preferences(language=saved)))
    response = shared_client.get("/no-such-thing", headers={"accept-language": "de"})
    assert response.status_code == 404
    assert f'<html lang="{lang}"' in response.text and f"<title>{title} – RRA LUR</title>" in (
        response.text)
    assert response.headers["content-language"] == lang
