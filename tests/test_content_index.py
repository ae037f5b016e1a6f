"""The content index on disk: built once, reused by the next start, re-reading only changed
files, rebuilt when damaged, and changed only by valid content."""

from __future__ import annotations

import collections
import datetime as dt
import logging
import os
import re
import shutil
import sys
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.content import ContentRepository, load_content
from dostop.content.index import ContentIndex
from dostop.content.problems import ContentError
from dostop.search.backend import by_publication
from dostop.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = Path("sl/news/akcijski-nacrt-kki-sprejet.md")
ARTICLE_URL = "/sl/novice/akcijski-nacrt-kki-sprejet/"
TITLE = "Sprejet akcijski načrt za kulturne in kreativne industrije"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "site" / "content", tmp_path / "content"))


@pytest.fixture
def settings(tmp_path: Path, content: Path) -> Settings:
    return replace(Settings(), content_dir=content, var_dir=tmp_path / "var",
                   secret_key="test-secret", site_url="http://testserver")


def get(settings: Settings, path: str) -> tuple[int, str]:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.get(path)
        return response.status_code, response.text


def retitle(content: Path, new_title: str) -> Path:
    path = content / ARTICLE
    text = path.read_text(encoding="utf-8").replace(TITLE, new_title)
    path.write_text(text, encoding="utf-8")
    # A second edit within the same clock tick still differs in size or mtime: make sure.
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    return path


def test_second_start_reuses_the_index_and_rereads_a_changed_file(settings: Settings,
                                                                  content: Path) -> None:
    first = create_app(settings).state.site.content
    assert first.index.rebuilt
    again = create_app(settings).state.site.content
    assert not again.index.rebuilt, "an index that matches the content is not built again"
    retitle(content, "Akcijski načrt potrjen")
    status, page = get(settings, ARTICLE_URL)
    assert status == 200 and "Akcijski načrt potrjen" in page and TITLE not in page


@pytest.mark.parametrize("damage", ["corrupt", "deleted"])
def test_a_damaged_index_is_rebuilt_with_one_log_line(settings: Settings, damage: str,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    create_app(settings)
    index = settings.content_index
    for suffix in ("-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    if damage == "corrupt":
        index.write_bytes(b"not a database, just bytes " * 100)
    else:
        index.unlink()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="dostop.content"):
        status, page = get(settings, ARTICLE_URL)
    assert status == 200 and TITLE in page
    lines = [r for r in caplog.records if r.name == "dostop.content"]
    assert len(lines) == 1 and "building it from the content" in lines[0].getMessage()


def test_lists_are_read_a_page_at_a_time_in_the_declared_order(settings: Settings) -> None:
    content = create_app(settings).state.site.content
    news = content.news("sl")
    everything = list(news)
    assert len(news) == len(everything) > 6
    dates = [item.date for item in everything]
    assert dates == sorted(dates, reverse=True), "newest first"
    assert news[2:5] == tuple(everything[2:5])
    assert news[-1] == everything[-1] and news[len(news):] == ()
    with pytest.raises(IndexError):
        news[len(news)]
    last = -(-len(news) // 6)
    with TestClient(create_app(settings)) as client:
        page = client.get(f"/sl/novice/?page={last}").text
        assert everything[-1].title in page and everything[0].title not in page
        assert client.get(f"/sl/novice/?page={last + 1}").status_code == 404


def test_apply_refuses_invalid_content_and_keeps_the_last_good(settings: Settings,
                                                               content: Path) -> None:
    site_content: ContentRepository = create_app(settings).state.site.content
    index: ContentIndex = site_content.index
    generation = site_content.generation
    path = content / ARTICLE
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("date: 2018-06-19", "date: 2018-13-45"), encoding="utf-8")
    result = index.apply([path])
    assert not result.ok and result.generation == generation
    assert ("content/sl/news/akcijski-nacrt-kki-sprejet.md:5: date '2018-13-45' is not a date: "
            "write it as YYYY-MM-DD") in [str(p) for p in result.problems]
    assert site_content.refresh() == []
    assert site_content.get("news", "sl", "akcijski-nacrt-kki-sprejet").title == TITLE

    path.write_text(good.replace(TITLE, "Akcijski načrt potrjen"), encoding="utf-8")
    result = index.apply([path])
    assert result.ok and result.generation == generation + 1
    assert {(c.kind, c.locale, c.key, c.removed) for c in result.affected} == {
        ("news", "sl", "cci-action-plan-2018", True), ("news", "sl", "cci-action-plan-2018", False)}
    assert [c.key for c in site_content.refresh()] == ["cci-action-plan-2018"] * 2
    assert site_content.get("news", "sl", "akcijski-nacrt-kki-sprejet").title == (
        "Akcijski načrt potrjen")

    # Removing an article that has a twin leaves the twin alone: refused, with the twin's line.
    path.unlink()
    result = index.apply([], [path])
    assert not result.ok
    assert any("has no twin in: sl" in str(p) for p in result.problems)
    assert site_content.get("news", "sl", "akcijski-nacrt-kki-sprejet") is not None


LINKING = """---
title: "Povezava na načrt"
slug: povezava-na-nacrt
key: link-to-the-plan
date: 2019-01-01
summary: "Kaže na sprejeti načrt."
only_in_this_language: true
---
Preberite [sprejeti akcijski načrt](/sl/novice/akcijski-nacrt-kki-sprejet/).
"""


def _take_its_slug(content: Path) -> tuple[list[Path], list[Path]]:
    copy = content / "sl/news/zz-kopija.md"
    copy.write_text((content / ARTICLE).read_text(encoding="utf-8"), encoding="utf-8")
    return [copy], []


def _remove_what_is_linked(content: Path) -> tuple[list[Path], list[Path]]:
    (content / ARTICLE).unlink()
    (content / "en/news/cci-action-plan-adopted.md").unlink()
    return [], [content / ARTICLE, content / "en/news/cci-action-plan-adopted.md"]


def _rename_what_is_linked(content: Path) -> tuple[list[Path], list[Path]]:
    path = content / ARTICLE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "slug: akcijski-nacrt-kki-sprejet", "slug: nacrt-sprejet"), encoding="utf-8")
    return [path], []


def _remove_a_named_project(content: Path) -> tuple[list[Path], list[Path]]:
    gone = [content / "sl/projects/cre-hub.md", content / "en/projects/cre-hub.md"]
    for path in gone:
        path.unlink()
    return [], gone


def _change_a_key(content: Path) -> tuple[list[Path], list[Path]]:
    path = content / ARTICLE
    path.write_text(path.read_text(encoding="utf-8").replace(
        "key: cci-action-plan-2018", "key: cci-plan"), encoding="utf-8")
    return [path], []


@pytest.mark.parametrize(("change", "expected"), [
    (_take_its_slug, "content/sl/news/zz-kopija.md:3: duplicate slug 'akcijski-nacrt-kki-"
                     "sprejet' (also in content/sl/news/akcijski-nacrt-kki-sprejet.md)"),
    (_remove_what_is_linked, "content/sl/news/povezava-na-nacrt.md:9: link to /sl/novice/"
                             "akcijski-nacrt-kki-sprejet/ leads to no page of this site: "
                             "check the address"),
    (_rename_what_is_linked, "content/sl/news/povezava-na-nacrt.md:9: link to /sl/novice/"
                             "akcijski-nacrt-kki-sprejet/ leads to no page of this site: "
                             "check the address"),
    (_remove_a_named_project, "content/sl/news/studijski-obisk-cre-hub.md:7: project "
                              "'cre-hub' does not exist"),
    (_change_a_key, "content/en/news/cci-action-plan-adopted.md:4: translation key "
                    "'cci-action-plan-2018' has no twin in: sl"),
])
def test_a_change_is_refused_for_what_it_breaks_in_other_files_as_a_full_check_says(
        tmp_path: Path, content: Path, change: object, expected: str) -> None:
    """A change is checked only against what it can break, not the whole index: it must
    still find every problem a full check of the content finds, with the same lines."""
    index = ContentIndex(tmp_path / "index.sqlite", content).open()
    linking = content / "sl/news/povezava-na-nacrt.md"
    linking.write_text(LINKING, encoding="utf-8")
    assert index.apply([linking]).ok
    changed, removed = change(content)  # type: ignore[operator]
    result = index.apply(changed, removed)
    with pytest.raises(ContentError) as full:
        ContentIndex(None, content).open()
    assert not result.ok
    assert [str(p) for p in result.problems] == [str(p) for p in full.value.problems]
    assert expected in [str(p) for p in result.problems]


def _article(content: Path, slug: str, date: str) -> Path:
    path = content / "sl/news" / f"{slug}.md"
    path.write_text(f'---\ntitle: "{slug}"\nslug: {slug}\nkey: {slug}\ndate: {date}\n'
                    'summary: "Za preizkus vrstnega reda."\nonly_in_this_language: true\n---\n'
                    "Besedilo.\n", encoding="utf-8")
    return path


def _redate(content: Path, date: str) -> Path:
    path = content / ARTICLE
    path.write_text(re.sub(r"date: [0-9-]+", f"date: {date}", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    return path


def _remove(content: Path, slug: str) -> Path:
    path = content / "sl/news" / f"{slug}.md"
    path.unlink()
    return path


def test_lists_keep_their_order_as_articles_are_added_changed_and_removed(
        tmp_path: Path, content: Path) -> None:
    """A commit moves only the rows it must in the lists it changes: the list, its slices
    and its last item must still be what numbering the whole content afresh gives."""
    index = ContentIndex(tmp_path / "index.sqlite", content).open()
    steps: list[Callable[[], tuple[list[Path], list[Path]]]] = [
        lambda: ([_article(content, "najnovejsa", "2031-01-01")], []),
        lambda: ([_article(content, "najstarejsa", "1990-01-01")], []),
        # The same date as the article below: ties go by slug.
        lambda: ([_article(content, "akcijski-nacrt-kki-sprejet-b", "2018-06-19")], []),
        lambda: ([_article(content, "akcijski-nacrt-kki-sprejeta", "2018-06-19")], []),
        lambda: ([retitle(content, "Akcijski načrt potrjen")], []),
        lambda: ([_redate(content, "2030-12-31")], []),
        lambda: ([_redate(content, "2017-01-01")], []),
        lambda: ([], [_remove(content, "najnovejsa")]),
        lambda: ([], [_remove(content, "akcijski-nacrt-kki-sprejet-b")]),
        lambda: ([], [_remove(content, "najstarejsa")]),
        # Many at once, most in the middle of the list: it is numbered again whole.
        lambda: ([_article(content, f"sredina-{n}", f"2016-0{n}-01") for n in range(1, 8)],
                 [_remove(content, "akcijski-nacrt-kki-sprejeta")]),
    ]
    for step in steps:
        changed, removed = step()
        assert index.apply(changed, removed).ok
        news = ContentRepository(index).news("sl")
        expected = [item.slug for item in load_content(content).news("sl")]
        assert [item.slug for item in news] == expected
        assert [item.slug for item in news[3:7]] == expected[3:7]
        assert news[-1].slug == expected[-1] and len(news) == len(expected)



def test_search_gets_every_item_oldest_first_without_holding_them_all(tmp_path: Path) -> None:
    """A first search build reads the whole archive: in the order a sort would give (ties
    included), but not by holding every item to sort them, which grows with the archive."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate_content import generate

    generate(1500, tmp_path / "content")
    settings = replace(Settings(), content_dir=tmp_path / "content", var_dir=tmp_path / "var")
    content = create_app(settings).state.site.content

    def search_order(items: Iterable[Any]) -> list[tuple[str, str, str]]:
        return [(i.kind, i.locale, i.slug) for i in items]

    for listing in (content.items, content.news("sl")):
        expected = sorted(listing, key=lambda i: (i.date or dt.date.min, i.kind, i.slug))
        assert search_order(by_publication(listing)) == search_order(expected)
    assert len(content.items) > 3000

    def peak(read: Callable[[], object]) -> int:
        tracemalloc.start()
        read()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    # Read a batch at a time, the peak stays well under holding them all (bench/README.md).
    held = peak(lambda: by_publication(list(content.items)))
    streamed = peak(lambda: collections.deque(by_publication(content.items), maxlen=1))
    assert streamed * 2 < held, (streamed, held)
