"""Every page type in both languages over HTTP, checked against the page contract."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from starlette.testclient import TestClient

SEED_SL = "/sl/novice/kulturne-in-kreativne-industrije-kot-strategija/"
SEED_EN = "/en/news/cultural-and-creative-industries-as-a-strategy/"

PAGES = [
    "/sl/", "/en/", "/sl/novice/", "/en/news/", SEED_SL, SEED_EN,
    "/sl/projekti/", "/en/projects/", "/sl/projekti/cre-hub/", "/en/projects/cre-hub/",
    "/sl/iskanje/", "/en/search/", "/sl/dostopnost/", "/en/accessibility/",
    "/sl/kazalo/", "/en/site-index/", "/sl/o-agenciji/", "/en/about/", "/sl/kontakt/", "/en/contact/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_keeps_the_page_contract(shared_client: TestClient, path: str) -> None:
    response = shared_client.get(path)
    assert response.status_code == 200, path
    html = response.text
    lang = path.split("/")[1]
    assert re.search(rf'<html lang="{lang}"[^>]* data-accessibility-mode="off"', html)
    body = html.split("<body>", 1)[1]
    first_focusable = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body)
    assert first_focusable and 'href="#main-content"' in first_focusable.group(0)
    assert '<main id="main-content"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    for landmark in ("<header", "<footer", "<main"):
        assert landmark in html
    assert re.search(r'<nav class="d-navigation" aria-label="[^"]+"', html)
    accessibility = "Dostopnost" if lang == "sl" else "Accessibility"
    footer = html.split("<footer", 1)[1]
    assert accessibility in footer and "Ctrl+U" in footer
    assert "style=" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert response.headers["content-language"] == lang
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]


def test_page_titles_name_page_and_site(shared_client: TestClient) -> None:
    assert "<title>Novice – RRA LUR</title>" in shared_client.get("/sl/novice/").text
    assert "<title>News – RRA LUR</title>" in shared_client.get("/en/news/").text


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("", "/sl/"), ("en-GB,en;q=0.9", "/en/"), ("de, en;q=0.5, sl;q=0.8", "/sl/"),
     ("fr", "/sl/"), ("en;q=0", "/sl/"), ("garbage;;q=x,,,", "/sl/")],
)
def test_root_redirects_by_accept_language(shared_client: TestClient, accept: str, expected: str) -> None:
    response = shared_client.get("/", headers={"accept-language": accept})
    assert response.status_code == 303
    assert response.headers["location"] == expected


def test_seed_article_is_rendered_faithfully(shared_client: TestClient) -> None:
    html = shared_client.get(SEED_SL).text
    assert "KULTURNE IN KREATIVNE INDUSTRIJE KOT STRATEGIJA: Kako strateško podpreti" in html
    assert '<time datetime="2017-10-05">5. oktobra 2017</time>' in html
    assert ('<span lang="en">Roadmap: Culture and Creative Industry Strategy in Slovenia</span>'
            in html)
    assert '<abbr title="kulturne in kreativne industrije">KKI</abbr>' in html
    assert "Foto: Aleš Rosa" in html
    assert "CRE_HUB_Mestna_hisa" not in html and "PhotoAlesRosa" not in html
    alt = re.search(r'<img[^>]+alt="([^"]+)"', html)
    assert alt and "Mestne hiše" in alt.group(1)
    assert "H konstruktivnemu dialogu in sodelovanju" in html
    # The article links to its English translation, and back.
    assert f'href="{SEED_EN}" hreflang="en" lang="en" rel="alternate"' in html
    english = shared_client.get(SEED_EN).text
    assert '<time datetime="2017-10-05">5 October 2017</time>' in english
    assert f'href="{SEED_SL}" hreflang="sl" lang="sl" rel="alternate"' in english
    assert "Photo: Aleš Rosa" in english


def test_home_has_the_banner_and_latest_news(shared_client: TestClient) -> None:
    html = shared_client.get("/sl/").text
    assert "Povezujemo inovativne pristope kreativcev in tehnološko moč naprednih industrij." in html
    assert "Pridružite se!" in html
    assert html.count('class="d-card"') >= 1


def test_unknown_pages_get_a_localized_404(shared_client: TestClient) -> None:
    sl = shared_client.get("/sl/ni-taksne-strani/")
    assert sl.status_code == 404 and "Strani ni mogoče najti" in sl.text
    assert '<html lang="sl"' in sl.text
    en = shared_client.get("/en/news/no-such-article/")
    assert en.status_code == 404 and "Page not found" in en.text
    assert '<html lang="en"' in en.text


@pytest.mark.parametrize("value", ["0", "-1", "abc", "9" * 30, "999"])
def test_bad_page_numbers_are_404_not_errors(shared_client: TestClient, value: str) -> None:
    assert shared_client.get(f"/sl/novice/?page={value}").status_code == 404


def test_sitemap_lists_every_page_in_both_languages(shared_client: TestClient) -> None:
    response = shared_client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text or "" for e in ET.fromstring(response.content).findall("s:url/s:loc", ns)]
    paths = {loc.removeprefix("http://testserver") for loc in locs}
    for path in PAGES:
        assert path in paths
    for path in paths:
        assert shared_client.get(path).status_code == 200, path


def test_atom_feed_per_language(shared_client: TestClient) -> None:
    for path, title in (("/sl/novice/feed.xml", "Novice"), ("/en/news/feed.xml", "News")):
        response = shared_client.get(path)
        assert response.headers["content-type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        assert title in (feed.findtext("a:title", namespaces=ns) or "")
        assert len(feed.findall("a:entry", ns)) >= 1


def test_healthz_and_robots(shared_client: TestClient) -> None:
    assert shared_client.get("/healthz").status_code == 200
    robots = shared_client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert shared_client.get("/favicon.ico").headers["content-type"] == "image/x-icon"
