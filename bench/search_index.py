"""The embedded search index on its own (SQLite FTS5 in a file): build time and query latency
for the agency's content and for a synthetic archive 250 times larger (5,000 items per
language). Prints figures; asserts nothing.

    .venv/bin/python bench/search_index.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))

from dostop.content import load_content  # noqa: E402
from dostop.search import Fts5Search  # noqa: E402
from dostop.settings import Settings  # noqa: E402

QUERIES = ["kultur", "kreativne industrije", "c", "srecanje", "projekt ljubljana", "zzzz"]


def timed(action, repeat: int = 1) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def build(items):  # type: ignore[no-untyped-def]
    index = Fts5Search(Path(tempfile.mkdtemp(prefix="dostop-search-")) / "search.sqlite3")
    index.replace_all(items)
    return index


def report(name: str, index_factory) -> None:  # type: ignore[no-untyped-def]
    build_ms = timed(index_factory)[0]
    index = index_factory()
    latencies = [t for q in QUERIES for t in timed(lambda q=q: index.search(q, "sl"), repeat=50)]
    latencies.sort()
    print(f"{name:<34} build {build_ms:8.1f} ms  "
          f"query median {statistics.median(latencies):6.3f} ms  p99 {latencies[int(len(latencies) * .99)]:6.3f} ms")


def main() -> None:
    content = load_content(Settings().content_dir)
    report("agency content", lambda: build(content.items))
    rng = random.Random(6)
    words = " ".join(item.text for item in content.items).split()
    synthetic = []
    for number in range(5000):
        for item in content.items[:2]:
            body = " ".join(rng.choice(words) for _ in range(300))
            synthetic.append(replace(item, slug=f"{item.slug}-{number}", title=" ".join(rng.sample(words, 8)), text=body))
    report("synthetic archive (300 words each)", lambda: build(synthetic))


if __name__ == "__main__":
    main()
