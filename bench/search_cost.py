"""The app's own time for an uncached search (no server, no network): each request a new one-
to four-letter prefix of a word from the content (as bench/search_load.py asks for), called
through the ASGI interface one after another, with the request log on (to /dev/null). Prints the
process's CPU time per request (all threads: steadier than the clock on a shared machine) and
the median and p99 of single requests by the clock; asserts nothing.

    .venv/bin/python bench/search_cost.py [--requests 2000]
    DOSTOP_CONTENT_DIR=/tmp/dostop-content-10000 .venv/bin/python bench/search_cost.py

Settings come from the environment, so the same script measures an older checkout too:
`PYTHONPATH=/path/to/old/site .venv/bin/python bench/search_cost.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

# This checkout's code (or PYTHONPATH's), whatever the venv was installed from.
sys.path.insert(0, os.environ.get("PYTHONPATH") or str(Path(__file__).resolve().parents[1] / "site"))

from asgi_cost import log_to_devnull, scope  # noqa: E402
from common import machine  # noqa: E402
from search_load import prefixes  # noqa: E402

from dostop.app import create_app  # noqa: E402
from dostop.settings import Settings  # noqa: E402


async def measure(requests: int) -> tuple[list[float], float]:
    app = create_app(Settings.from_env())
    log_to_devnull()
    queries = [urllib.parse.unquote(p) for p in prefixes()]

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    statuses: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    times = []
    cpu = 0.0
    for number in range(requests + 50):  # the first 50 warm up, and are not counted
        if number == 50:
            cpu = time.process_time()
        query = urllib.parse.urlencode({"q": queries[number % len(queries)], "n": number})
        started = time.perf_counter()
        await app(scope(f"/sl/iskanje/?{query}", []), receive, send)
        times.append((time.perf_counter() - started) * 1000)
    assert set(statuses) == {200}, statuses
    return times[50:], (time.process_time() - cpu) / requests * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    before = machine()
    times, cpu_ms = asyncio.run(measure(args.requests))
    ordered = sorted(times)
    print(f"before: {before}\nafter:  {machine()}")
    print(f"uncached search, {len(times)} requests: CPU {cpu_ms:.2f} ms per request; clock: "
          f"median {ordered[len(ordered) // 2]:.2f} ms, p99 {ordered[int(len(ordered) * .99)]:.2f} ms")


if __name__ == "__main__":
    main()
