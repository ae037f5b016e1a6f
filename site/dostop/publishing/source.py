"""Where published content comes from: the content index on disk (content/index.py).

The leader `apply`s the files that changed: the index re-reads only those, checks the content
as it would become, and commits (raising its generation and recording what changed) or refuses
with the problems and keeps the last good content. Every worker's repository reads the same
index, so a follower `catch_up`s by asking its repository what changed since its generation
(one small read) and dropping those pages. Search is shared too (dostop/search): the leader
updates it with the items the commit changed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from dostop.content.problems import Problem, relative_name
from dostop.publishing.affected import affected_by
from dostop.search import SearchUnavailable
from dostop.site import Site

log = logging.getLogger("dostop.publishing")


@dataclass(frozen=True)
class Applied:
    """What applying a change did. `ok` False: refused for `problems`, the last good content
    stays live. `affected`: cache tags (publishing/affected.py)."""

    ok: bool
    generation: int
    problems: Sequence[Problem] = ()
    affected: frozenset[str] = frozenset()
    files: int = 0


class ContentSource(Protocol):
    def apply(self, changed: Sequence[Path], removed: Sequence[Path]) -> Applied: ...

    def reconcile(self) -> Applied | None: ...

    def catch_up(self) -> Applied | None: ...


class Indexed:
    def __init__(self, site: Site) -> None:
        self.site = site

    def apply(self, changed: Sequence[Path], removed: Sequence[Path]) -> Applied:
        content = self.site.content
        try:
            result = content.index.apply(changed, removed)
        except OSError as error:
            # Unreadable, or removed between the event and the read: refused like bad content.
            root = self.site.settings.content_dir
            name = relative_name(Path(error.filename or root), root)
            return Applied(False, content.generation,
                           [Problem(name, 0, f"cannot be read: {error.strerror or error}")])
        if not result.ok:
            return Applied(False, result.generation, result.problems)
        return self._caught_up(search=True) or Applied(True, result.generation)

    def reconcile(self) -> Applied | None:
        """What changed on disk while no process watched (before this one took the lead): the
        index compares every file's modification time and size, and applies the differences."""
        self.site.content.index.open()
        return self._caught_up(search=True)

    def catch_up(self) -> Applied | None:
        return self._caught_up(search=False)

    def _caught_up(self, *, search: bool) -> Applied | None:
        content = self.site.content
        changes = content.refresh()
        if not changes:
            return None
        if search:
            # Drop every address the changes name (an old slug too), then index what is there now.
            current = {(c.kind, c.key, c.locale) for c in changes}
            upserted = [item for kind, key, locale in sorted(current)
                        if (item := content.by_key(kind, key, locale)) is not None]
            try:
                self.site.search.apply(upserted, [(c.kind, c.locale, c.slug) for c in changes])
            except SearchUnavailable as error:
                log.error("search index not updated (%s): it shows the last content it had",
                          error)
        return Applied(True, content.generation, affected=affected_by(changes, content),
                       files=len({c.path for c in changes}))
