"""Publishing across processes: two `dostop serve` processes behind nginx, sharing one content
folder and var folder. A saved article is served by both, a broken one is refused (logged by
the one process that reads the folder) while both keep serving the last good version, and the
fix reaches both. Starts real servers, so it is marked slow."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import httpx
import pytest

from dostop.settings import Settings
from servers import free_port, missing_server
from test_scale_out import NGINX, behind_nginx, serve

pytestmark = pytest.mark.slow

ARTICLE = """---
title: "{title}"
slug: shared-news
key: shared-news
date: 2030-01-02
summary: "Published to every process."
only_in_this_language: true
---
{body}
"""


def answers(client: httpx.Client, path: str, text: str, upstreams: set[str],
            timeout: float = 30) -> None:
    """Until both processes (round robin) have answered `path` with `text` in the page."""
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while seen != upstreams:
        assert time.monotonic() < deadline, f"only {seen} served {text!r} at {path}"
        page = client.get(path)
        if page.status_code == 200 and text in page.text:
            seen.add(page.headers["x-served-by"])
        time.sleep(0.1)


def test_a_saved_article_reaches_every_process_and_a_broken_one_none(tmp_path: Path) -> None:
    if not os.path.exists(NGINX):
        missing_server("nginx is not installed: `make system-deps` (as root) installs it")
    content = tmp_path / "content"
    shutil.copytree(Settings().content_dir, content)
    ports = {"a": free_port(), "b": free_port(), "port": free_port()}
    env = {"DOSTOP_CONTENT_DIR": str(content), "DOSTOP_VAR_DIR": str(tmp_path / "var"),
           "DOSTOP_PUBLISH_INTERVAL": "0.2", "DOSTOP_PUBLISH_SETTLE": "0.1"}
    processes = [serve(ports[name], env, tmp_path / f"{name}.log") for name in ("a", "b")]
    with behind_nginx(ports, processes) as upstreams:
        article = content / "en" / "news" / "shared-news.md"
        site = f"http://127.0.0.1:{ports['port']}"
        with httpx.Client(base_url=site, timeout=30) as client:
            for _ in range(2):
                client.get("/en/news/")  # cached by both

            article.write_text(ARTICLE.format(title="Shared with every process", body="New."))
            answers(client, "/en/news/shared-news/", "Shared with every process", upstreams)
            answers(client, "/en/news/", "Shared with every process", upstreams)

            article.write_text(ARTICLE.format(title="", body="Broken: no title."))
            logs = [tmp_path / "a.log", tmp_path / "b.log"]
            deadline = time.monotonic() + 30
            while not any("content refused" in log.read_text() for log in logs):
                assert time.monotonic() < deadline, "the broken file was not refused"
                time.sleep(0.1)
            time.sleep(1)  # a follower would have had five looks by now
            assert sum(log.read_text().count("content refused") for log in logs) == 1
            assert "shared-news.md:2: front matter field 'title' is missing" in "".join(
                log.read_text() for log in logs)
            answers(client, "/en/news/shared-news/", "Shared with every process", upstreams)

            article.write_text(ARTICLE.format(title="Fixed for every process", body="Fixed."))
            answers(client, "/en/news/shared-news/", "Fixed for every process", upstreams)
