"""Counts on real pages take the right plural form: a site with exactly N news items shows
"N novic(a|i|e)" / "N news item(s)" on the news list and in search results."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.settings import Settings

NEWS = """---
title: "{title} {number}"
slug: {slug}-{number}
key: plural-{number}
date: 2018-01-{day:02d}
summary: "{summary}"
---
{summary}
"""


@pytest.fixture(params=[1, 2, 3, 5], scope="module")
def site_with_news(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, TestClient]]:
    count: int = request.param
    content = tmp_path_factory.mktemp(f"content-{count}")
    shutil.copytree(Settings().content_dir, content, dirs_exist_ok=True)
    for locale, title, slug, summary in (
        ("sl", "Zebrina novica", "zebrina-novica", "Novica o zebrah za preskus množine."),
        ("en", "Zebra news", "zebra-news", "News about zebras to test plurals."),
    ):
        folder = content / locale / "news"
        shutil.rmtree(folder)
        folder.mkdir()
        for number in range(1, count + 1):
            (folder / f"{slug}-{number}.md").write_text(NEWS.format(
                title=title, slug=slug, number=number, day=number, summary=summary),
                encoding="utf-8")
    app = create_app(replace(Settings(), content_dir=content, secret_key="test-secret"))
    with TestClient(app) as client:
        yield count, client


SLOVENIAN = {1: "novica", 2: "novici", 3: "novice", 5: "novic"}
SLOVENIAN_RESULTS = {1: "zadetek", 2: "zadetka", 3: "zadetki", 5: "zadetkov"}


def test_news_list_count(site_with_news: tuple[int, TestClient]) -> None:
    count, client = site_with_news
    assert f'<p class="d-lead">{count} {SLOVENIAN[count]}</p>' in client.get("/sl/novice/").text
    english = f"{count} news item" + ("" if count == 1 else "s")
    assert f'<p class="d-lead">{english}</p>' in client.get("/en/news/").text


def test_search_result_count(site_with_news: tuple[int, TestClient]) -> None:
    count, client = site_with_news
    assert f"{count} {SLOVENIAN_RESULTS[count]} za »zebrah«" in client.get(
        "/sl/iskanje/", params={"q": "zebrah"}).text
    english = f"{count} result" + ("" if count == 1 else "s")
    assert f"{english} for “zebras”" in client.get("/en/search/", params={"q": "zebras"}).text


def test_fixture_site_has_exactly_the_news_it_was_given(
        site_with_news: tuple[int, TestClient]) -> None:
    count, client = site_with_news
    assert client.get(f"/sl/novice/zebrina-novica-{count}/").status_code == 200
    assert client.get(f"/sl/novice/zebrina-novica-{count + 1}/").status_code == 404
