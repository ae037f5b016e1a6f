"""Publishing without a restart: the content folder watched, each change checked and made live
in every worker, and only the cached pages it affects dropped (docs/publishing.md).

Runs as a task beside the server, from the app's lifespan. The leader (publishing/leader.py)
watches the folder and applies each change to the content index (publishing/source.py);
followers ask the index every `publish_interval` seconds what changed since they last looked.
Reading and checking files happens in a thread, so pages keep being served meanwhile; the cache
drop happens on the event loop, between two requests' renders.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from dostop.content.problems import Problem
from dostop.http.cache import PageCache
from dostop.publishing.leader import LeaderLock
from dostop.publishing.source import Applied, ContentSource
from dostop.publishing.watch import batches
from dostop.site import Site

log = logging.getLogger("dostop.publishing")


class Publisher:
    def __init__(self, site: Site, pages: PageCache, source: ContentSource, *,
                 interval: float, settle: float) -> None:
        self.site = site
        self.pages = pages
        self.source = source
        self.interval = interval
        self.settle = settle
        self.lock = LeaderLock(site.settings.var_dir / "publishing.lock")
        self.refused: tuple[Problem, ...] = ()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stop = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self.run())

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            with suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._task, timeout=5)
        self.lock.release()

    async def run(self) -> None:
        try:
            while not self._stop.is_set():
                if self.lock.try_acquire():
                    log.info("publishing: this process watches %s", self.site.settings.content_dir)
                    await self.catch_up()  # what a leader before it published last
                    await self.lead()
                    return
                await self.catch_up()
                with suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), self.interval)
        except Exception:  # never silently: without it no change would be published
            log.exception("publishing stopped")
            raise

    async def lead(self) -> None:
        async for batch in batches(self.site.settings.content_dir, self._stop, self.settle):
            await self.publish(batch.changed, batch.removed)

    async def publish(self, changed: Sequence[Path], removed: Sequence[Path]) -> Applied:
        started = time.perf_counter()
        applied = await asyncio.to_thread(self.source.apply, changed, removed)
        self._take(applied, started, "")
        return applied

    async def catch_up(self) -> None:
        started = time.perf_counter()
        applied = await asyncio.to_thread(self.source.catch_up)
        if applied is not None:
            self._take(applied, started, " from another process")

    def _take(self, applied: Applied, started: float, whence: str) -> None:
        if not applied.ok:
            problems = tuple(applied.problems)
            if problems != self.refused:  # once, not at every save of an unrelated file
                self.refused = problems
                log.error("content refused, the site keeps serving the last good content:\n%s",
                          "\n".join(str(p) for p in problems))
            return
        self.refused = ()
        dropped = self.pages.drop_affected(applied.affected)
        log.info("published generation %d (%d files%s) in %.0f ms: %d cached pages dropped",
                 applied.generation, applied.files, whence,
                 (time.perf_counter() - started) * 1000, dropped)
