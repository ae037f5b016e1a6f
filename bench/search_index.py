"""The embedded search index on its own: CPU time per query (search plus count, as the results
page asks) for a one- to four-letter prefix of a word from the content, the queries
bench/search_load.py sends, on index files already built (search_load.py keeps one per content
size in /tmp/dostop-search-bench). Prints figures; asserts nothing.

    .venv/bin/python bench/search_index.py /tmp/dostop-search-bench/search-*.sqlite3
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))

from common import machine  # noqa: E402
from search_load import prefixes  # noqa: E402

from dostop.search import Fts5Search  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("index", type=Path, nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    queries = [urllib.parse.unquote(p) for p in prefixes()][:1000]
    print(machine())
    for path in args.index:
        index = Fts5Search(path)
        rounds = []
        for _ in range(args.rounds):
            started = time.process_time()
            for query in queries:
                index.search(query, "sl")
                index.count(query, "sl")
            rounds.append((time.process_time() - started) / len(queries) * 1000)
        print(f"{path.name}: {path.stat().st_size / 1e6:,.0f} MB, CPU per query "
              + ", ".join(f"{r:.3f}" for r in rounds) + " ms (each round)")


if __name__ == "__main__":
    main()
