"""CPU time per request inside the app (no server, no network): each page called through the
ASGI interface in a loop, next to the bare Starlette "hello world". Steadier than wrk on a
shared machine, because other people's load stretches both equally.

The last column is a miss: each request carries a query parameter never seen before, so the
page is routed, rendered and stored (a tenth as many requests).

    .venv/bin/python bench/asgi_cost.py [--requests 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from typing import Any

from common import machine, table
from hello import app as hello_app

from dostop.app import create_app
from dostop.http.preferences import COOKIE_NAME, Preferences, PreferencesCodec
from dostop.settings import Settings

SEED = "/sl/novice/kulturne-in-kreativne-industrije-kot-strategija/"


def log_to_devnull() -> None:
    """The JSON request log on, as `dostop serve` has it, written to /dev/null."""
    import logging
    import logging.config

    from dostop.http.access_log import log_config

    logging.config.dictConfig(log_config(fd=os.open(os.devnull, os.O_WRONLY)))


def scope(path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    path, _, query = path.partition("?")
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
            "query_string": query.encode(), "headers": [(b"host", b"127.0.0.1"), *headers],
            "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}


async def per_request_us(app: Any, path: str, headers: list[tuple[bytes, bytes]], n: int,
                         *, uncached: bool = False) -> float:
    """With `uncached`, every request adds a query parameter never seen before, so the page
    cache misses and the page is routed, rendered and stored each time: the cost of a miss."""
    count = 0

    def next_path() -> str:
        nonlocal count
        count += 1
        return f"{path}{'&' if '?' in path else '?'}uncached={count}" if uncached else path

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        pass

    for _ in range(50):  # warm: the first request renders and fills the cache
        await app(scope(next_path(), headers), receive, send)
    # The fastest of several batches, as timeit does: other people's processes only ever
    # add time, so the minimum is the closest to the app's own cost.
    batch, best = 500, float("inf")
    for _ in range(max(1, n // batch)):
        started = time.perf_counter()
        for _ in range(batch):
            await app(scope(next_path(), headers), receive, send)
        best = min(best, (time.perf_counter() - started) / batch * 1e6)
    return best


async def run(n: int) -> list[list[str]]:
    settings = Settings.from_env()
    app = create_app(settings)
    log_to_devnull()
    # Start-up as uvicorn would (lifespan), so anything opened there is open here too.
    lifespan: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await lifespan.put({"type": "lifespan.startup"})
    started = asyncio.Event()

    async def lreceive() -> dict[str, Any]:
        return await lifespan.get()

    async def lsend(message: dict[str, Any]) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()

    task = asyncio.create_task(app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}},
                                   lreceive, lsend))
    await asyncio.wait_for(started.wait(), 60)
    cookie = PreferencesCodec(settings.secret_key).dumps(Preferences(mode="on"))
    hx = [(b"hx-request", b"true"), (b"hx-request-type", b"partial")]
    br = [(b"accept-encoding", b"gzip, deflate, br")]
    rows = []
    for what, path, headers in [
        ("home", "/sl/", []), ("home, brotli", "/sl/", br), ("news list", "/sl/novice/", []),
        ("article", SEED, []),
        ("article, mode on (cookie)", SEED, [(b"cookie", f"{COOKIE_NAME}={cookie}".encode())]),
        ("news page 2, htmx fragment", "/sl/novice/?page=2", hx),
        ("search", "/sl/iskanje/?q=kreativne", []), ("search, htmx fragment", "/sl/iskanje/?q=kreativne", hx),
    ]:
        bare = await per_request_us(hello_app, "/", [], n)  # measured next to each page
        us = await per_request_us(app, path, headers, n)
        miss = await per_request_us(app, path, headers, max(500, n // 10), uncached=True)
        rows.append([what, f"{bare:.0f} µs", f"{us:.0f} µs", f"{bare / us:.0%}", f"{miss:,.0f} µs"])
    await lifespan.put({"type": "lifespan.shutdown"})
    await asyncio.wait_for(task, 30)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20000)
    args = parser.parse_args()
    before = machine()
    rows = asyncio.run(run(args.requests))
    print(f"In-process CPU time per request (fastest batch of 500; {args.requests} requests "
          f"each), request logging on; {before}\n")
    print(table(rows, ["page", "bare Starlette hello world", "Dostop", "Dostop's rate / bare rate",
                       "Dostop, cache miss"]))


if __name__ == "__main__":
    main()
