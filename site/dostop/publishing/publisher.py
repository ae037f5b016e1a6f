"""Publishing without a restart: the content folder watched, each change checked and made live
in every worker, and only the cached pages it affects dropped (docs/publishing.md).

Runs as a task beside the server, from the app's lifespan. The leader (publishing/leader.py)
watches the folder and applies each change to the content index (publishing/source.py);
followers ask the index every `publish_interval` seconds what changed since they last looked.
Reading and checking files happens in a thread, so pages keep being served meanwhile; each
worker moves to the new commit and drops the cached pages it affects in one step on the event
loop, between two requests.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from dostop.content.problems import Problem
from dostop.http.cache import PageCache
from dostop.publishing.leader import LeaderLock
from dostop.publishing.source import Applied, ContentSource, Taken
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
        self.damaged = False
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
            # The leader has committed and updated search: a follower only moves to the commit.
            await self._publish(None, " from another process")
            with suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.interval)

    async def lead(self) -> None:
        """Publishes each batch of changes; a batch that failed (the index locked by a command,
        the disk full) is tried again at the next look, every `interval` seconds."""
        pending: tuple[set[Path], set[Path]] = (set(), set())
        async for batch in batches(self.site.settings.content_dir, self._stop, self.settle,
                                   self.interval):
            if (self.damaged or self.source.replaced()) and await self._rebuilt():
                pending = (set(), set())  # built from every file as it is now
                continue
            changed, removed = pending
            changed.difference_update(batch.removed)
            removed.difference_update(batch.changed)
            changed.update(batch.changed)
            removed.update(batch.removed)
            if (changed or removed) and await self._publish(
                    lambda: self.source.apply(sorted(changed), sorted(removed)), ""):
                pending = (set(), set())

    async def _rebuilt(self) -> bool:
        """After a failed publication, or with the index file gone or replaced: builds the
        index again if it is unusable. True if it did."""
        self.damaged = False
        try:
            applied = await asyncio.to_thread(self.source.rebuild)
        except Exception as error:  # noqa: BLE001 - as in _publish
            self._failed(error)
            return False
        if applied is not None:
            return await self._publish(lambda: applied, "")
        # A good file: another process built it in place. This worker moves to it all the same
        # (or it would serve the old file, and look at the new one, until the next edit); the
        # failure before, if any, still stands, and is not logged again.
        failed = self.failed
        if await self._publish(lambda: None, ""):
            self.failed = failed
        return False

    async def _publish(self, commit: Callable[[], Applied | None] | None, whence: str) -> bool:
        """Commits in a thread (the leader), takes the latest commit on the event loop, and
        (the leader) brings search up to date. False if a step failed: logged once per distinct
        cause, and tried again later (publishing never stops for good)."""
        try:
            applied = None if commit is None else await asyncio.to_thread(commit)
            if applied is not None and not applied.ok:
                self._refuse(tuple(applied.problems))
                return True
            taken = self._take(whence)
            if taken is not None and commit is not None:
                await asyncio.to_thread(self.source.update_search,
                                        None if taken.everything else taken.changes)
                # Search results rendered in between showed the index before the update.
                self.pages.drop_affected(frozenset())
        except Exception as error:  # noqa: BLE001 - any fault: keep serving, try again
            self._failed(error)
            return False
        self.failed = ""
        return True

    def _failed(self, error: Exception) -> None:
        """Logged once per distinct cause, from the except block that caught it."""
        # The index file deleted or overwritten: the leader builds it again at its next look.
        self.damaged = isinstance(error, sqlite3.DatabaseError | FileNotFoundError)
        cause = f"{type(error).__name__}: {error}"
        if cause != self.failed:
            self.failed = cause
            log.exception("publishing failed (%s); the site keeps serving the last good "
                          "content and tries again", cause)

    def _refuse(self, problems: tuple[Problem, ...]) -> None:
        if problems != self.refused:  # once, not at every save of an unrelated file
            self.refused = problems
            log.error("content refused, the site keeps serving the last good content:\n%s",
                      "\n".join(str(p) for p in problems))

    def _take(self, whence: str) -> Taken | None:
        """This worker moves to the latest commit and drops the pages it affects, at once."""
        started = time.perf_counter()
        taken = self.source.take()
        if taken is None:
            return None
        self.refused = ()
        dropped = self.pages.drop_all() if taken.everything else self.pages.drop_affected(
            taken.affected)
        log.info("published generation %d (%d files%s) in %.0f ms: %d cached pages dropped",
                 taken.generation, len({c.path for c in taken.changes}), whence,
                 (time.perf_counter() - started) * 1000, dropped)
        return taken
