"""Publish delay: from a Markdown file written under the content folder to the new page served
by `dostop serve` (production settings: DOSTOP_PUBLISH_INTERVAL 1 s, settle 0.3 s), for an
article added, changed and removed, with the demo content and with generated articles.

With `--workers 2`, a change counts as served once eight requests in a row (each on a new
connection, so the kernel spreads them over the workers) show it.

    .venv/bin/python bench/publish_delay.py [--sizes 0 10000] [--workers 1] [--rounds 3]
    .venv/bin/python bench/publish_delay.py --content COPY_OF_GENERATED_CONTENT [--var DIR]

`--content` measures a folder made by bench/generate_content.py instead of generating one (at
100,000 articles per language that takes minutes); the bench writes and removes its article
in it, so give it a copy. `--var` keeps the server's data folder (the content and search
indexes) for the next run, which then starts in seconds instead of building them again.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from common import dostop_server, machine, table
from generate_content import generate

NEWEST = "2031-01-01"
ARTICLE = """---
title: "{title}"
slug: publish-delay
key: publish-delay
date: {date}
summary: "Written by bench/publish_delay.py."
only_in_this_language: true
---
Measured.
"""


def status_and_text(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def delay(write: Callable[[], None], served: Callable[[], bool], in_a_row: int) -> float:
    started = time.perf_counter()
    write()
    streak = 0
    while streak < in_a_row:
        streak = streak + 1 if served() else 0
        if time.perf_counter() - started > 600:
            raise RuntimeError("not published within 10 minutes")
        if not streak:
            time.sleep(0.01)
    return time.perf_counter() - started


def measure(content: Path, workers: int, rounds: int, var: Path | None = None,
            date: str = NEWEST) -> dict[str, list[float]]:
    article = content / "en" / "news" / "publish-delay.md"
    times: dict[str, list[float]] = {"add": [], "change": [], "remove": []}
    in_a_row = 8 if workers > 1 else 1
    # The first start builds the content index from nothing: minutes at 100,000 under load.
    env = {"DOSTOP_CONTENT_DIR": str(content)} | ({"DOSTOP_VAR_DIR": str(var)} if var else {})
    with dostop_server(env, workers=workers, start_timeout=1800) as base:
        url = base + "/en/news/publish-delay/"
        for number in range(rounds):
            title = f"Round {number}"
            times["add"].append(delay(
                lambda: article.write_text(ARTICLE.format(title=title, date=date)),
                lambda: status_and_text(url)[0] == 200, in_a_row))
            changed = f"Round {number}, changed"
            times["change"].append(delay(
                lambda: article.write_text(ARTICLE.format(title=changed, date=date)),
                lambda: changed in status_and_text(url)[1], in_a_row))
            times["remove"].append(delay(article.unlink,
                                         lambda: status_and_text(url)[0] == 404, in_a_row))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 10000])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--content", type=Path,
                        help="a generated content folder to measure instead of --sizes")
    parser.add_argument("--var", type=Path, help="the server's data folder, kept (--content)")
    parser.add_argument("--date", default=NEWEST,
                        help="the article's date: by default newer than all, at the top of "
                             "the news list; one in the middle of the generated dates (e.g. "
                             "2016-11-05) places it mid-list, the most rows to move")
    args = parser.parse_args()
    rows = []
    for size in [None] if args.content else args.sizes:
        if args.content:
            label = f"{args.content} ({sum(1 for _ in args.content.rglob('*.md')):,} files)"
            times = measure(args.content, args.workers, args.rounds, args.var, args.date)
        else:
            label = f"{size:,}"
            with tempfile.TemporaryDirectory(prefix="dostop-publish-") as folder:
                content = generate(size, Path(folder) / "content")
                times = measure(content, args.workers, args.rounds, date=args.date)
        rows.append([label] + [
            f"{statistics.median(t):.2f} / {max(t):.2f}" for t in times.values()])
    print(machine())
    print(f"workers: {args.workers}; article dated {args.date}; seconds from the file written "
          f"to the page served, median / max of {args.rounds}")
    print(table(rows, ["articles per language", "add", "change", "remove"]))


if __name__ == "__main__":
    main()
