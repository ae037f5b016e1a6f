"""The QA pseudo-locale: every page type rendered under /en-xa/, where every interface string is
visibly transformed (⟦Ñéwš⟧), so any text that escaped translation stands out. Content text
is exempt: it is the agency's English content, shown as written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.i18n import pseudo_localize
from dostop.i18n.check_templates import VisibleText, visible_text
from dostop.settings import Settings

WORD = re.compile(r"[^\W\d_]{2,}")
BRACKETED = re.compile(r"⟦[^⟦⟧]*⟧")
PAGES = [
    "/en-xa/", "/en-xa/news/", "/en-xa/news/?page=2",
    "/en-xa/news/cultural-and-creative-industries-as-a-strategy/",
    "/en-xa/projects/", "/en-xa/projects/cre-hub/", "/en-xa/about/", "/en-xa/contact/",
    "/en-xa/search/", "/en-xa/search/?q=creative", "/en-xa/search/?q=zzzzqqq",
    "/en-xa/accessibility/", "/en-xa/site-index/", "/en-xa/patterns/",
    "/en-xa/news/?untranslated=news-sl", "/en-xa/no-such-page/",
    "/en-xa/newsletter/", "/en-xa/contact/form/", "/en-xa/accessibility/feedback/",
]


@pytest.fixture(scope="module")
def pseudo_app() -> Starlette:
    return create_app(replace(Settings(), pseudo_locale=True, secret_key="test-secret",
                              site_url="http://testserver"))


@pytest.fixture
def pseudo_client(pseudo_app: Starlette) -> Iterator[TestClient]:
    with TestClient(pseudo_app, raise_server_exceptions=False, follow_redirects=False) as client:
        yield client


def content_strings(app: Starlette) -> list[str]:
    """What the English content says: titles, summaries, body text, image texts, project facts."""
    strings: list[str] = []
    for item in app.state.site.content.items:
        if item.locale != "en":
            continue
        strings += [item.title, item.summary, item.text, *item.tags]
        strings += [getattr(item, name, "") for name in ("period", "programme", "status")]
        for image in item.images:
            strings += [image.alt, image.caption, image.credit]
    return [" ".join(s.split()) for s in strings if s]


class InterfaceText(VisibleText):
    """What the i18n check counts as visible, less content and the dates Babel wrote."""

    def skips(self, tag: str, attributes: dict[str, str]) -> bool:
        return (super().skips(tag, attributes) or tag == "time" or "data-content" in attributes
                or "d-prose" in attributes.get("class", "").split())


def escaped(page: str, content: list[str]) -> list[str]:
    """Words on the page outside ⟦…⟧ that are not the content's own words."""
    found = []
    for _line, text, _attribute in visible_text(page, InterfaceText()):
        for piece in BRACKETED.split(text):
            piece = " ".join(piece.split()).strip(" ,.:;–-·()|/«»“”\"'")
            if WORD.search(piece) and not any(piece in source for source in content):
                found.append(piece)
    return found


@pytest.mark.parametrize("path", PAGES)
def test_no_interface_text_escapes_translation(pseudo_client: TestClient, pseudo_app: Starlette,
                                               path: str) -> None:
    response = pseudo_client.get(path)
    assert response.status_code == (404 if "no-such-page" in path else 200), path
    assert response.headers["content-language"] == "en"
    assert escaped(response.text, content_strings(pseudo_app)) == []


@pytest.mark.parametrize("path", ["/en-xa/news/?page=2", "/en-xa/search/?q=creative",
                                  "/en-xa/search/?q=zzzzqqq"])
def test_htmx_fragments_are_translated_too(pseudo_client: TestClient, pseudo_app: Starlette,
                                           path: str) -> None:
    response = pseudo_client.get(path, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text  # a fragment, with its announcements in attributes
    assert escaped(response.text, content_strings(pseudo_app)) == []


def test_the_check_would_catch_an_untranslated_string(pseudo_client: TestClient,
                                                      pseudo_app: Starlette) -> None:
    page = pseudo_client.get("/en-xa/news/").text
    assert escaped(page, content_strings(pseudo_app)) == []
    broken = page.replace("</main>", "<p>Read the latest news</p><img alt='Agency logo'></main>")
    assert escaped(broken, content_strings(pseudo_app)) == ["Read the latest news", "Agency logo"]


def test_pseudo_pages_link_to_pseudo_pages_and_show_english_content(
        pseudo_client: TestClient) -> None:
    page = pseudo_client.get("/en-xa/news/").text
    assert re.search(r'<a class="d-card__link" href="/en-xa/news/[a-z0-9-]+/">', page)
    assert pseudo_localize("News") in page
    article = pseudo_client.get("/en-xa/news/cultural-and-creative-industries-as-a-strategy/").text
    assert "Cultural and creative industries as a strategy" in article
    assert '<html lang="en"' in article


def test_pseudo_locale_is_not_served_unless_turned_on(shared_client: TestClient) -> None:
    for path in ("/en-xa/", "/en-xa/news/", "/en-xa/about/"):
        assert shared_client.get(path).status_code == 404
    assert "en-xa" not in shared_client.get("/sitemap.xml").text
