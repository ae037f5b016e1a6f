"""Where published content comes from: what the publisher asks of it, and today's answer, the
content loaded whole into memory again.

The publisher needs three things of the content: `apply` the files that changed (check them and
make them live, or refuse them with their problems), the `generation` it is at (a number every
worker can read), and `catch_up` to a generation another process published. A source that keeps
an index on disk answers these without reading every file again; `Reloading` reads every file
again, which is quick enough at the demo's size.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from dostop.content import ContentError, ContentRepository, load_content
from dostop.content.problems import Problem, relative_name
from dostop.publishing.affected import affected_by
from dostop.settings import Settings

# The publications a follower can catch up with one by one; further behind, it drops every
# cached page (it cannot know which it missed).
KEPT_PUBLICATIONS = 64


@dataclass(frozen=True)
class Applied:
    """What applying a change did. `ok` False: refused for `problems`, the last good content
    stays live. `affected`: cache tags (publishing/affected.py); None means everything.
    `content`: a new repository to swap in, when the source does not update one in place."""

    ok: bool
    generation: int
    problems: Sequence[Problem] = ()
    affected: frozenset[str] | None = frozenset()
    content: ContentRepository | None = None


class ContentSource(Protocol):
    def generation(self) -> int: ...

    def apply(self, changed: Sequence[Path], removed: Sequence[Path]) -> Applied: ...

    def catch_up(self, since: int) -> Applied: ...


@dataclass
class Reloading:
    """Loads the whole content folder again for each change, and records each publication in
    `<var_dir>/publications.json` for the other workers, which load it again too."""

    settings: Settings
    current: Callable[[], ContentRepository]
    journal: Path = field(init=False)

    def __post_init__(self) -> None:
        self.journal = self.settings.var_dir / "publications.json"

    def generation(self) -> int:
        entries = self._read()
        return int(entries[-1]["generation"]) if entries else 0

    def apply(self, changed: Sequence[Path], removed: Sequence[Path]) -> Applied:
        loaded = self._load()
        if isinstance(loaded, list):
            return Applied(ok=False, generation=self.generation(), problems=loaded)
        paths = [self._normal(path) for path in (*changed, *removed)]
        affected = affected_by(paths, self.current(), loaded)
        entries = self._read()
        generation = (int(entries[-1]["generation"]) if entries else 0) + 1
        entries.append({"generation": generation, "paths": [str(p) for p in paths]})
        self._write(entries[-KEPT_PUBLICATIONS:])
        return Applied(ok=True, generation=generation, affected=affected, content=loaded)

    def catch_up(self, since: int) -> Applied:
        entries = self._read()
        newer = [entry for entry in entries if int(entry["generation"]) > since]
        generation = int(entries[-1]["generation"]) if entries else since
        if not newer:
            return Applied(ok=True, generation=generation)
        loaded = self._load()
        if isinstance(loaded, list):
            # Changed again since the leader published it: the next publication brings it.
            return Applied(ok=False, generation=since, problems=loaded)
        complete = int(newer[0]["generation"]) == since + 1
        affected = (affected_by([Path(p) for e in newer for p in e["paths"]], self.current(),
                                loaded) if complete else None)
        return Applied(ok=True, generation=generation, affected=affected, content=loaded)

    def _load(self) -> ContentRepository | list[Problem]:
        settings = self.settings
        try:
            return load_content(settings.content_dir, settings.static_dir,
                                settings.content_types)
        except ContentError as error:
            return error.problems
        except OSError as error:
            # Unreadable, or removed between the folder listing and the read.
            name = relative_name(Path(error.filename or settings.content_dir),
                                 settings.content_dir)
            return [Problem(name, 0, f"cannot be read: {error.strerror or error}")]

    def _normal(self, path: Path) -> Path:
        """A watched path as the loader names the file (below the content folder as given)."""
        root = self.settings.content_dir
        try:
            return root / Path(path).resolve().relative_to(root.resolve())
        except ValueError:
            return Path(path)

    def _read(self) -> list[dict[str, object]]:
        try:
            entries = json.loads(self.journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return entries if isinstance(entries, list) else []

    def _write(self, entries: list[dict[str, object]]) -> None:
        # Written whole and renamed into place: a reader never sees half a journal.
        self.journal.parent.mkdir(parents=True, exist_ok=True)
        draft = self.journal.with_suffix(f".{os.getpid()}.tmp")
        draft.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(draft, self.journal)
