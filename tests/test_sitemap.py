"""The sitemap: one file while the site fits in one, an index of numbered sitemaps past the
protocol's 50,000 addresses (a file limit lowered here so the demo content crosses it)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from starlette.testclient import TestClient

from dostop.http.cache_control import PUBLIC_PAGE
from dostop.views import sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def entries(body: bytes) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Each address with its alternates (language, address), in the file's order."""
    return [(url.findtext("s:loc", namespaces=NS) or "",
             tuple((link.get("hreflang", ""), link.get("href", ""))
                   for link in url.findall("x:link", NS)))
            for url in ET.fromstring(body).findall("s:url", NS)]


def test_past_the_limit_the_sitemap_is_an_index_and_each_page_is_in_one_file_once(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = entries(client.get("/sitemap.xml").content)
    assert client.get("/sitemap-1.xml").status_code == 404, "a small site keeps one sitemap"

    monkeypatch.setattr(sitemap, "SITEMAP_URLS", 7)
    # The page cache keeps the single sitemap of this content: ask past it.
    client.app.state.pages.drop_affected(frozenset())  # type: ignore[attr-defined]
    index = client.get("/sitemap.xml")
    root = ET.fromstring(index.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    files = [loc.text or "" for loc in root.findall("s:sitemap/s:loc", NS)]
    assert files == [f"http://testserver/sitemap-{n}.xml" for n in range(1, len(files) + 1)]
    assert len(files) == -(-len(whole) // 7)
    found = []
    for address in files:
        response = client.get(address.removeprefix("http://testserver"))
        assert response.status_code == 200 and response.headers["cache-control"] == PUBLIC_PAGE
        assert 0 < len(entries(response.content)) <= 7
        found += entries(response.content)
    assert found == whole, "every address once, with its alternates, in the same order"
    for beyond in (0, len(files) + 1):
        assert client.get(f"/sitemap-{beyond}.xml").status_code == 404
