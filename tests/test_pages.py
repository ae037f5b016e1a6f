"""Every page type in both languages over HTTP, checked against the page contract."""

from __future__ import annotations

import html as html_module
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

SEED_SL = "/sl/novice/kulturne-in-kreativne-industrije-kot-strategija/"
SEED_EN = "/en/news/cultural-and-creative-industries-as-a-strategy/"

PAGES = [
    "/sl/", "/en/", "/sl/novice/", "/en/news/", SEED_SL, SEED_EN,
    "/sl/projekti/", "/en/projects/", "/sl/projekti/cre-hub/", "/en/projects/cre-hub/",
    "/sl/iskanje/", "/en/search/", "/sl/dostopnost/", "/en/accessibility/",
    "/sl/kazalo/", "/en/site-index/", "/sl/o-agenciji/", "/en/about/", "/sl/kontakt/", "/en/contact/",
    "/sl/dogodki/", "/en/events/", "/sl/dogodki/srecanje-cre-hub/",
    "/en/events/creative-vouchers-info-day/",
    "/sl/razpisi/", "/en/calls/", "/sl/razpisi/kreativni-vavcerji/", "/en/calls/creative-vouchers/",
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
    # (the switcher may add a query that saves the choice: the address is what matters here)
    to_english = rf'href="{re.escape(SEED_EN)}(\?[^"]*)?" hreflang="en" lang="en" rel="alternate"'
    assert re.search(to_english, html)
    english = shared_client.get(SEED_EN).text
    assert '<time datetime="2017-10-05">5 October 2017</time>' in english
    to_slovenian = rf'href="{re.escape(SEED_SL)}(\?[^"]*)?" hreflang="sl" lang="sl" rel="alternate"'
    assert re.search(to_slovenian, english)
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


# --- the demo content as visitors see it: counts, paging, projects and their news -------------

CONTENT = Path(__file__).resolve().parents[1] / "site" / "content"
NEWS_LIST = {"sl": "/sl/novice/", "en": "/en/news/"}
PROJECT = {"sl": "/sl/projekti/{slug}/", "en": "/en/projects/{slug}/"}
CARD_LINK = re.compile(r'<a class="d-card__link" href="([^"]+)">')


def front_matter(path: Path) -> dict[str, Any]:
    """Read independently of the loader: the YAML between the first two '---' lines."""
    text = path.read_text(encoding="utf-8")
    fields = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---"))
    assert isinstance(fields, dict)
    return fields


def news_files(locale: str) -> list[dict[str, Any]]:
    return [front_matter(p) for p in sorted((CONTENT / locale / "news").glob("*.md"))]


@pytest.mark.parametrize(("locale", "noun"), [("sl", "novic"), ("en", "news items")])
def test_news_list_says_how_many_items_and_pages_through_all_of_them(
    shared_client: TestClient, locale: str, noun: str
) -> None:
    files = news_files(locale)
    assert len(files) >= 15  # enough for paging and search to be real
    first = shared_client.get(NEWS_LIST[locale]).text
    # 16-19 and 5+ all take Slovenian's "other" plural form (novic); English says "news items".
    assert f'<p class="d-lead">{len(files)} {noun}</p>' in first
    seen: list[str] = []
    page = 1
    while True:
        html = first if page == 1 else shared_client.get(f"{NEWS_LIST[locale]}?page={page}").text
        links = CARD_LINK.findall(html.split('<main', 1)[1])
        assert 0 < len(links) <= 6
        seen.extend(links)
        if 'rel="next"' not in html:
            break
        page += 1
    assert page >= 3
    expected = {NEWS_LIST[locale] + str(f["slug"]) + "/" for f in files}
    assert sorted(seen) == sorted(expected)  # every item once, none twice
    assert shared_client.get(f"{NEWS_LIST[locale]}?page={page + 1}").status_code == 404
    newest = max(files, key=lambda f: str(f["date"]))
    assert seen[0] == f"{NEWS_LIST[locale]}{newest['slug']}/"
    assert {str(f["date"])[:4] for f in files} == {"2017", "2018"}


@pytest.mark.parametrize("locale", ["sl", "en"])
def test_each_project_page_lists_its_own_news_newest_first(
    shared_client: TestClient, locale: str
) -> None:
    projects = [front_matter(p) for p in sorted((CONTENT / locale / "projects").glob("*.md"))]
    assert len(projects) >= 3
    for project in projects:
        mine = [f for f in news_files(locale) if f.get("project") == project["key"]]
        assert len(mine) >= 3, project["slug"]
        html = shared_client.get(PROJECT[locale].format(slug=project["slug"])).text
        section = html.split('id="d-project-news"', 1)[1].split("</section>", 1)[0]
        newest_first = sorted(mine, key=lambda f: str(f["date"]), reverse=True)
        expected = [NEWS_LIST[locale] + str(f["slug"]) + "/" for f in newest_first]
        assert CARD_LINK.findall(section) == expected, project["slug"]


@pytest.mark.parametrize("locale", ["sl", "en"])
def test_the_project_list_shows_each_project_with_its_period(
    shared_client: TestClient, locale: str
) -> None:
    projects = sorted((front_matter(p) for p in (CONTENT / locale / "projects").glob("*.md")),
                      key=lambda p: int(p["order"]))
    html = shared_client.get(PROJECT[locale].format(slug="").removesuffix("/")).text
    cards = re.findall(r'<a class="d-card__link" href="([^"]+)">.*?'
                       r'<p class="d-card__meta">([^<]*)</p>', html, re.S)
    assert cards == [(PROJECT[locale].format(slug=p["slug"]), p["period"]) for p in projects]


def test_an_article_links_to_its_project(shared_client: TestClient) -> None:
    html = shared_client.get("/sl/novice/kolesarske-povezave-med-obcinami/").text
    link = '<a href="/sl/projekti/mobilna-lur/">Mobilna LUR – trajnostna mobilnost v regiji</a>'
    assert link in html
    english = shared_client.get("/en/news/guarantee-scheme-2018/").text
    link = '<a href="/en/projects/regional-guarantee-scheme/">Regional guarantee scheme</a>'
    assert link in english


def test_exactly_one_news_item_is_published_in_slovenian_only() -> None:
    everything = news_files("sl") + news_files("en")
    only = [f for f in everything if f.get("only_in_this_language")]
    assert [f["slug"] for f in only] == ["uradne-ure-med-prazniki-2018"]
    assert len(news_files("sl")) == len(news_files("en")) + 1


def test_sitemap_lists_every_article_and_project_in_both_languages(
    shared_client: TestClient,
) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.fromstring(shared_client.get("/sitemap.xml").content)
    locs = root.findall("s:url/s:loc", ns)
    paths = {(e.text or "").removeprefix("http://testserver") for e in locs}
    for locale in ("sl", "en"):
        for fields in news_files(locale):
            assert f"{NEWS_LIST[locale]}{fields['slug']}/" in paths
        for path in sorted((CONTENT / locale / "projects").glob("*.md")):
            assert PROJECT[locale].format(slug=front_matter(path)["slug"]) in paths


def test_seed_article_shows_every_paragraph_of_the_seed_word_for_word(
    shared_client: TestClient,
) -> None:
    """The seed page as the agency published it (a copy of seed/000_3b19e2b140fbbbaf.txt): the
    date, title and every paragraph of the article appear in our page, and its file-name caption
    does not (our figure has real alt text and the credit instead)."""
    seed = (Path(__file__).parent / "fixtures" / "content" / "seed-000_3b19e2b140fbbbaf.txt")
    paragraphs = [p.strip() for p in seed.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    start = paragraphs.index("5. oktobra 2017")
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("H konstruktivnemu"))
    caption = "CRE_HUB_Mestna_hisa_Ljubljana_3.10.2017_10_PhotoAlesRosa_m"
    article = [p for p in paragraphs[start : end + 1] if p != caption]
    assert len(article) == 7
    main = shared_client.get(SEED_SL).text.split("<main", 1)[1].split("</main>", 1)[0]
    text = " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", main)).split())
    for paragraph in article:
        assert " ".join(paragraph.split()) in text
    assert caption not in text
