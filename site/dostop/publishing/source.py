"""Where published content comes from: the content index on disk (content/index.py).

The leader `apply`s the files that changed: the index re-reads only those, checks the content
as it would become, and commits (raising its generation and recording what changed) or refuses
with the problems and keeps the last good content. Each worker's repository reads one snapshot
of the index until it is told to move on: `take` moves it to the latest commit and names the
pages that commit affects, on the event loop, in the same moment as the publisher drops them,
so no page shows the new content beside a cached list of the old. Search is shared too
(dostop/search): the leader brings it up to date with the items the commit changed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dostop.content.index_schema import Change
from dostop.content.problems import Problem, relative_name
from dostop.publishing.affected import affected_by
from dostop.search import SearchUnavailable
from dostop.site import Site

log = logging.getLogger("dostop.publishing")


@dataclass(frozen=True)
class Applied:
    """A change committed (`ok`), or refused for `problems` (the last good content stays)."""

    ok: bool
    problems: Sequence[Problem] = ()


@dataclass(frozen=True)
class Taken:
    """A worker now at `generation`: the `changes` since its last, the cache tags they affect."""

    generation: int
    changes: Sequence[Change]
    affected: frozenset[str]
    everything: bool = False  # the index was built again: any page may have changed


class ContentSource(Protocol):
    def apply(self, changed: Sequence[Path], removed: Sequence[Path]) -> Applied: ...

    def take(self) -> Taken | None: ...

    def update_search(self, changes: Sequence[Change] | None) -> None: ...

    def replaced(self) -> bool: ...

    def rebuild(self) -> Applied | None: ...


class Indexed:
    def __init__(self, site: Site) -> None:
        self.site = site

    def apply(self, changed: Sequence[Path], removed: Sequence[Path]) -> Applied:
        try:
            result = self.site.content.index.apply(changed, removed)
        except OSError as error:
            # Removed or made unreadable between the event and the read: refused like bad
            # content, at the file's name as the content check gives it.
            root = self.site.settings.content_dir
            name = relative_name(Path(error.filename or root), root)
            return Applied(False, [Problem(name, 0, f"cannot be read: {error.strerror}")])
        return Applied(result.ok, result.problems)

    def take(self) -> Taken | None:
        """Moves this worker's repository to the latest commit (one small read when there is
        none). On the event loop: no request runs meanwhile."""
        content = self.site.content
        build = content.build
        changes = content.refresh()
        if content.build != build:
            return Taken(content.generation, changes, frozenset(), everything=True)
        if not changes:
            return None
        return Taken(content.generation, changes, affected_by(changes, content.types))

    def replaced(self) -> bool:
        """Whether the index file was deleted or another put in its place while the site
        runs (one stat)."""
        content = self.site.content
        return content.index.path is not None and content.index.file_id() != content.file

    def rebuild(self) -> Applied | None:
        """Builds the index again if it was deleted or damaged while the site ran (None if
        it is fine); whatever changed meanwhile is read with everything else."""
        reason = self.site.content.index.rebuild()
        return None if reason is None else Applied(True)

    def update_search(self, changes: Sequence[Change] | None) -> None:
        """Drops every address the changes name (an old slug too), then indexes the items as
        they are now; None (the index was built again): indexes every item afresh."""
        content = self.site.content
        if changes is None:
            try:
                self.site.search.sync(lambda: content.items, stamp=content.version)
            except SearchUnavailable as error:
                log.error("search index not rebuilt (%s): it shows the last content it had",
                          error)
            return
        current = sorted({(c.kind, c.key, c.locale) for c in changes})
        upserted = [item for kind, key, locale in current
                    if (item := content.by_key(kind, key, locale)) is not None]
        try:
            # Stamped with the content it now matches, so a restart finds it current rather
            # than rebuilding it (minutes at 100,000 items).
            self.site.search.apply(upserted, [(c.kind, c.locale, c.slug) for c in changes],
                                   stamp=content.version)
        except SearchUnavailable as error:
            log.error("search index not updated (%s): it shows the last content it had", error)
