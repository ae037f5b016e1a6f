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
from collections.abc import Callable
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
        self.failed = ""
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
        while not self._stop.is_set():
            if self.lock.try_acquire():
                log.info("publishing: this process watches %s", self.site.settings.content_dir)
                await self.lead()
                return
            await self._guarded(self.source.catch_up, " from another process")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.interval)

    async def lead(self) -> None:
        """Publishes each batch of changes. The first look, once the watch is in place, applies
        what changed while no process watched; a batch that failed (the index locked by a
        command, the disk full) is tried again at the next look, every `interval` seconds."""
        reconciled = False
        pending: tuple[set[Path], set[Path]] = (set(), set())
        async for batch in batches(self.site.settings.content_dir, self._stop, self.settle,
                                   self.interval):
            if not reconciled:
                reconciled = await self._guarded(self.source.reconcile, " found at start")
            changed, removed = pending
            changed.difference_update(batch.removed)
            removed.difference_update(batch.changed)
            changed.update(batch.changed)
            removed.update(batch.removed)
            if (changed or removed) and await self._guarded(
                    lambda: self.source.apply(sorted(changed), sorted(removed)), ""):
                pending = (set(), set())

    async def _guarded(self, step: Callable[[], Applied | None], whence: str) -> bool:
        """Runs one step in a thread and takes its result; False if it failed (logged once per
        distinct cause, and tried again later: publishing never stops for good)."""
        started = time.perf_counter()
        try:
            applied = await asyncio.to_thread(step)
        except Exception as error:  # noqa: BLE001 - any fault: keep serving, try again
            cause = f"{type(error).__name__}: {error}"
            if cause != self.failed:
                self.failed = cause
                log.exception("publishing failed (%s); the site keeps serving the last good "
                              "content and tries again", cause)
            return False
        self.failed = ""
        if applied is not None:
            self._take(applied, started, whence)
        return True

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
