"""Changes to the content's Markdown files, as the operating system reports them (inotify on
Linux, through `watchfiles`; WATCHFILES_FORCE_POLLING=1 polls instead, for network folders)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, awatch

# watchfiles logs every batch it sees at INFO; what was published is logged by the publisher.
logging.getLogger("watchfiles").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Batch:
    """Files written (added or changed) and files gone (removed, or renamed away)."""

    changed: tuple[Path, ...]
    removed: tuple[Path, ...]


def _markdown(change: Change, path: str) -> bool:
    # An editor's swap and backup files and git's lock files are not content.
    return path.endswith(".md")


async def batches(root: Path, stop: asyncio.Event, settle: float,
                  interval: float) -> AsyncIterator[Batch]:
    """Each batch once the folder has been quiet for `settle` seconds: a file still being
    written, or saved twice in a row, is read once, as it ends up. Every `interval` seconds
    without a change, an empty batch (the publisher's chance to try a failed one again)."""
    async for found in awatch(root, watch_filter=_markdown, stop_event=stop,
                              step=max(1, int(settle * 1000)),
                              rust_timeout=max(1, int(interval * 1000)),
                              yield_on_timeout=True):
        # A set, in no order: a file deleted and written again (an editor's safe save) shows
        # as both, so what is on disk now decides.
        paths = sorted({Path(path) for _, path in found})
        yield Batch(changed=tuple(p for p in paths if p.exists()),
                    removed=tuple(p for p in paths if not p.exists()))
