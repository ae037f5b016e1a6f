"""Publishing without a restart, in one process: an editor adds, changes, breaks, fixes, renames
and removes an article in the content folder while the site runs, and each state is served a
moment later; the cached pages the change does not touch stay cached."""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from dostop.app import create_app
from dostop.content.index import ContentIndex
from dostop.settings import Settings
from dostop.views import sitemap

ARTICLE = """---
title: "{title}"
slug: {slug}
key: publishing-test
date: 2030-01-02
summary: "Published while the site runs."
tags: [publishing]
only_in_this_language: true
---
The body of an article that {body}.
"""
UNRELATED = "/en/news/cycle-links-between-municipalities/"


def wait_until(check: Callable[[], bool], timeout: float = 20) -> None:
    """Publishing takes well under a second here (bench/README.md has the figures); the
    deadline is only there so a broken watcher fails instead of hanging. Pages read the index
    as soon as the change is committed, and the cached ones are dropped a moment after: each
    page is waited for."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("the change was not published")
        time.sleep(0.05)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[dict[str, Any]]:
    content = tmp_path / "content"
    shutil.copytree(Settings().content_dir, content)
    settings = replace(Settings(), content_dir=content, var_dir=tmp_path / "var",
                       secret_key="test-secret", site_url="http://testserver",
                       publish_interval=0.05, publish_settle=0.05)
    app = create_app(settings)
    with TestClient(app) as client:
        yield {"client": client, "news": content / "en" / "news", "app": app,
               "settings": settings}


def served_from_cache(site: dict[str, Any], path: str) -> bool:
    pages = site["app"].state.pages
    before = pages.hits
    assert site["client"].get(path).status_code == 200
    return bool(pages.hits == before + 1)


def test_an_article_is_published_changed_refused_fixed_renamed_and_removed(
        site: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    client: TestClient = site["client"]
    news: Path = site["news"]
    for path in (UNRELATED, "/en/news/", "/en/", "/sitemap.xml"):
        client.get(path)  # cached
    assert served_from_cache(site, UNRELATED)

    # Added: its page, the news list, home, the feed, the sitemap and search show it.
    (news / "fresh.md").write_text(ARTICLE.format(title="Fresh from the editor", slug="fresh",
                                                  body="was just added"))
    wait_until(lambda: client.get("/en/news/fresh/").status_code == 200)
    for path in ("/en/news/", "/en/", "/en/news/feed.xml", "/en/search/?q=editor"):
        wait_until(lambda: "Fresh from the editor" in client.get(path).text)
    wait_until(lambda: "/en/news/fresh/" in client.get("/sitemap.xml").text)
    # ...while an article the change does not touch was never dropped from the cache.
    assert served_from_cache(site, UNRELATED)

    # Changed twice within the same second: the second save is what is served.
    path = news / "fresh.md"
    path.write_text(ARTICLE.format(title="First draft", slug="fresh", body="changed once"))
    path.write_text(ARTICLE.format(title="Second thoughts", slug="fresh", body="changed twice"))
    wait_until(lambda: "Second thoughts" in client.get("/en/news/fresh/").text)
    wait_until(lambda: "Second thoughts" in client.get("/en/news/").text)

    # Broken: refused with the content check's file:line message, logged once; the last good
    # version stays live. A second bad save of the same file does not log it again.
    caplog.set_level(logging.ERROR, logger="dostop.publishing")
    path.write_text(ARTICLE.format(title="Broken", slug="Not A Slug", body="is broken"))
    message = "content/en/news/fresh.md:3: slug 'Not A Slug' must be lower-case letters"
    wait_until(lambda: message in caplog.text)
    path.write_text(ARTICLE.format(title="Broken", slug="Not A Slug", body="is broken again"))
    time.sleep(0.5)
    assert caplog.text.count(message) == 1
    page = client.get("/en/news/fresh/")
    assert page.status_code == 200 and "Second thoughts" in page.text

    # Fixed: picked up without a restart.
    path.write_text(ARTICLE.format(title="Fixed", slug="fresh", body="is fixed"))
    wait_until(lambda: "Fixed" in client.get("/en/news/fresh/").text)

    # Renamed (a new file and slug): the old address is gone, the new one served.
    path.rename(news / "renamed.md")
    (news / "renamed.md").write_text(ARTICLE.format(title="Fixed", slug="renamed",
                                                    body="was renamed"))
    wait_until(lambda: client.get("/en/news/renamed/").status_code == 200)
    wait_until(lambda: client.get("/en/news/fresh/").status_code == 404)

    # Removed: gone from its address, the list and search.
    (news / "renamed.md").unlink()
    wait_until(lambda: client.get("/en/news/renamed/").status_code == 404)
    wait_until(lambda: "Fixed" not in client.get("/en/news/").text)
    wait_until(lambda: "/en/news/renamed/" not in client.get("/sitemap.xml").text)
    assert served_from_cache(site, UNRELATED)


def test_a_file_that_cannot_be_read_is_refused_and_the_site_keeps_serving(
        site: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    """A folder named like an article: reading it fails as an unreadable file does (the tests
    run as root, who reads a file whatever its mode)."""
    client: TestClient = site["client"]
    caplog.set_level(logging.ERROR, logger="dostop.publishing")
    (site["news"] / "unreadable.md").mkdir()
    (site["news"] / "unreadable.md" / "x.md").write_text("---\n")
    wait_until(lambda: "unreadable.md" in caplog.text)
    assert "cannot be read" in caplog.text or "wrong place" in caplog.text
    assert client.get(UNRELATED).status_code == 200
    assert client.get("/en/news/").status_code == 200
    shutil.rmtree(site["news"] / "unreadable.md")
    (site["news"] / "fresh.md").write_text(ARTICLE.format(title="After the fault",
                                                          slug="fresh", body="came after"))
    wait_until(lambda: client.get("/en/news/fresh/").status_code == 200)


def test_a_changed_article_updates_its_project_page_and_leaves_other_pages_cached(
        site: dict[str, Any]) -> None:
    client: TestClient = site["client"]
    other = "/en/news/cre-hub-study-visit/"  # another project's article
    for path in ("/en/projects/mobilna-lur/", other, other):
        client.get(path)
    assert served_from_cache(site, other)
    path = site["news"] / "cycle-links-between-municipalities.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title: "Cycle links between municipalities',
                                 'title: "Renamed cycle links'), encoding="utf-8")
    wait_until(lambda: "Renamed cycle links" in client.get("/en/projects/mobilna-lur/").text)
    assert served_from_cache(site, other)


def test_a_publication_that_fails_is_logged_once_and_tried_again(
        site: dict[str, Any], caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The index locked for a moment (a long `dostop content check`, a backup): the change
    is published once it is free, without another save."""
    source = site["app"].state.publisher.source
    apply, failures = source.apply, iter(range(3))

    def locked(changed: Any, removed: Any) -> Any:
        if next(failures, None) is not None:
            raise sqlite3.OperationalError("database is locked")
        return apply(changed, removed)

    monkeypatch.setattr(source, "apply", locked)
    caplog.set_level(logging.ERROR, logger="dostop.publishing")
    (site["news"] / "fresh.md").write_text(ARTICLE.format(title="Once it was free",
                                                          slug="fresh", body="waited"))
    wait_until(lambda: site["client"].get("/en/news/fresh/").status_code == 200)
    assert [r.getMessage().split(";")[0] for r in caplog.records] == [
        "publishing failed (OperationalError: database is locked)"]


def test_a_restart_after_a_publication_finds_search_current_and_builds_nothing(
        site: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    client: TestClient = site["client"]
    (site["news"] / "beekeeping.md").write_text(
        ARTICLE.format(title="Beekeeping in the region", slug="beekeeping", body="buzzes"),
        encoding="utf-8")
    wait_until(lambda: "/en/news/beekeeping/" in client.get("/en/search/?q=beekeep").text)
    # A restart (a deploy, a crash) after the publication: the shared search index already
    # matches the content, so it is not built again (at 100,000 items that takes minutes).
    with caplog.at_level(logging.INFO, logger="dostop.search"):
        again = create_app(site["settings"])
    assert "search index built" not in caplog.text
    assert "/en/news/beekeeping/" in TestClient(again).get("/en/search/?q=beekeep").text


def test_a_publication_reaches_the_numbered_sitemaps(site: dict[str, Any],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemap, "SITEMAP_URLS", 10)  # the demo content needs an index then
    client: TestClient = site["client"]

    def numbered() -> list[str]:
        index = client.get("/sitemap.xml").text
        return re.findall(r"<loc>http://testserver(/sitemap-\d+\.xml)</loc>", index)

    files = numbered()
    assert len(files) > 2
    for path in files:
        client.get(path)
    assert served_from_cache(site, files[0])
    (site["news"] / "fresh.md").write_text(ARTICLE.format(
        title="Fresh from the editor", slug="fresh", body="was just added"))
    # At the start of the English news: in a numbered sitemap that was cached before.
    wait_until(lambda: any("/en/news/fresh/" in client.get(path).text for path in numbered()))


@pytest.mark.parametrize("damage", ["deleted", "replaced"])
def test_an_index_deleted_or_replaced_while_serving_is_built_again_without_a_restart(
        site: dict[str, Any], caplog: pytest.LogCaptureFixture, damage: str) -> None:
    client: TestClient = site["client"]
    index: Path = site["settings"].content_index
    caplog.set_level(logging.INFO, logger="dostop")
    for suffix in ("-wal", "-shm", ""):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    if damage == "replaced":
        (index.parent / "other").write_bytes(b"not a database, just bytes " * 100)
        (index.parent / "other").rename(index)
    # Served meanwhile from what this worker had open.
    assert client.get(UNRELATED).status_code == 200
    (site["news"] / "fresh.md").write_text(ARTICLE.format(
        title="Fresh from the editor", slug="fresh", body="was added after the index went"))
    wait_until(lambda: client.get("/en/news/fresh/").status_code == 200)
    wait_until(lambda: "Fresh from the editor" in client.get("/en/search/?q=editor").text)
    assert "Fresh from the editor" in client.get("/en/news/").text
    assert client.get(UNRELATED).status_code == 200
    built = [r.getMessage() for r in caplog.records if "building it again" in r.getMessage()]
    assert len(built) == 1, built
    # The new file is the one the next start reads, as it is.
    assert not create_app(site["settings"]).state.site.content.index.rebuilt


def test_an_index_another_process_built_in_its_place_is_taken_without_building_it_again(
        site: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    client: TestClient = site["client"]
    content = site["app"].state.site.content
    index: ContentIndex = content.index
    assert index.path is not None
    caplog.set_level(logging.INFO, logger="dostop")
    assert client.get(UNRELATED).status_code == 200
    # A good index of the same content, written beside and renamed into place, as a second
    # deployment's first start (or `dostop content check` of the same folder) might.
    other = index.path.with_name("other.sqlite3")
    ContentIndex(other, index.root, index.static_dir, index.types).open()
    other.rename(index.path)
    # Every worker moves to the new file (the leader too), and then stops looking at it.
    wait_until(lambda: content.file == index.file_id())
    assert client.get(UNRELATED).status_code == 200
    time.sleep(0.5)  # ten looks of the leader
    assert not [r for r in caplog.records if "building it again" in r.getMessage()]
    assert content.file == index.file_id()
