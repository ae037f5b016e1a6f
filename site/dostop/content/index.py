"""The content index: every content file's checked item in one SQLite file, so that a worker
starts by opening it instead of reading the content, and answers lists and lookups by SQL
(content/repository.py) instead of holding every item in memory.

Per file it holds the path, mtime and size (to see what changed since), the columns lists and
lookups use (kind, locale, key, slug, a list position in the declared order) and, apart, the
item's own values (content/record.py). It is built from nothing (content/index_build.py) when
it is missing, unreadable or written by other code; otherwise opening it re-reads only the
files whose mtime or size differ.

Every write goes through `apply`: the files are read and checked, the checks across files run
in SQL on the index as it would become, and the change is committed only if nothing is wrong,
so the index always holds the last good content. Each commit raises `generation` (in `meta`)
and lists what changed in `changes`, which workers poll to drop what they derived from it.
Workers that start together take a file lock in turn; readers use WAL, so a write never blocks
them.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

from dostop.content.collection import check_index
from dostop.content.declaration import ContentType
from dostop.content.index_schema import (
    INDEXES, TABLES, ApplyResult, Change, code_version, markdown_files, scan,
)
from dostop.content.index_write import IndexWriter
from dostop.content.index_build import build, build_file
from dostop.content.loader import Context
from dostop.content.problems import ContentError, Problem

__all__ = ["ApplyResult", "Change", "ContentIndex"]

log = logging.getLogger("dostop.content")

NEW = "no index yet"
# A start waits for the files changed since the index was written to be applied, up to this
# many files (looking at each takes about a second at 20,000 on a busy machine); above it, it
# waits CATCH_UP_WAIT at most and serves the last index meanwhile (the change reaches every
# worker as a publication does when it is committed).
WAIT_FOR_ALL_UP_TO = 20_000
CATCH_UP_WAIT = 1.0

class ContentIndex(IndexWriter):
    """The index of the content under `root`, in the SQLite file `path` (None: in memory, for
    `dostop content check` and tests that read a folder once)."""

    def __init__(self, path: Path | None, root: Path, static_dir: Path | None = None,
                 types: tuple[ContentType, ...] | None = None) -> None:
        from dostop.content.types import DEFAULT_TYPES

        self.path, self.root, self.static_dir = path, root, static_dir
        self.types = types if types is not None else DEFAULT_TYPES
        self.context = Context(root, static_dir, self.types)
        self._memory: sqlite3.Connection | None = None
        self.rebuilt = False  # whether `open` had to build it from nothing
        self._poll: sqlite3.Connection | None = None
        self._polled: tuple[int, int] | None = None
        self._poll_lock = threading.Lock()

    # --- connections and the lock ---

    def connect(self, *, create: bool = False) -> sqlite3.Connection:
        """A connection of its own (each thread or reader wants one). Only a build creates the
        file: an index deleted while the site runs must not come back empty."""
        if self.path is None:
            if self._memory is None:
                self._memory = sqlite3.connect(":memory:", check_same_thread=False,
                                               isolation_level=None)
            return self._memory
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}",
                             uri=True, check_same_thread=False, isolation_level=None, timeout=30)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One process at a time builds or changes the index (workers start together)."""
        if self.path is None:
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(f"{self.path}.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def file_id(self) -> tuple[int, int] | None:
        """The file at `path` now (device, inode; None if none): connections opened before
        it was built again still read the old one."""
        try:
            stat = os.stat(self.path) if self.path is not None else None
        except FileNotFoundError:
            return None
        return (stat.st_dev, stat.st_ino) if stat is not None else None

    # --- opening ---

    def open(self) -> ContentIndex:
        """Makes the index match the content: built from nothing if it is missing, unreadable
        or from other code (raises ContentError if the content is invalid then); otherwise the
        files changed since are applied (waiting CATCH_UP_WAIT for it), and if they are invalid
        the last good content stays and the problems are logged."""
        if not self.root.is_dir():
            raise ContentError([Problem(str(self.root), 0, "content folder does not exist")])
        try:
            return self._open()
        except (OSError, sqlite3.OperationalError) as error:
            if self.path is None:
                raise
            # The pages can still be served: from an index of this process's own.
            log.warning("content index %s cannot be written (%s); reading the content into "
                        "memory instead", self.path, error)
            self.path = None
            return self._open()

    def _open(self) -> ContentIndex:
        with self.locked():
            reason = self._unusable()
            if reason is not None:
                if self.path is not None:
                    log.log(logging.INFO if reason == NEW else logging.WARNING,
                            "content index %s: %s; building it from the content",
                            self.path, reason)
                self._build()
                self.rebuilt = True
                return self
        # Outside the lock, so that other workers open the index meanwhile.
        catching_up = threading.Thread(target=self._catch_up, name="content-catch-up",
                                       daemon=True)
        catching_up.start()
        catching_up.join(None if self._count() <= WAIT_FOR_ALL_UP_TO else CATCH_UP_WAIT)
        return self

    def rebuild(self) -> str | None:
        """Builds the file again if it was deleted or damaged while the site runs; returns
        why, or None if it is usable (another process may have built it already)."""
        with self.locked():
            reason = self._unusable() if self.path is not None else None
            if reason is not None:
                log.warning("content index %s: %s; building it again from the content",
                            self.path, "deleted" if reason == NEW else reason)
                self._build()
            return reason

    def _count(self) -> int:
        db = self.connect()
        try:
            return int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])
        finally:
            if self.path is not None:
                db.close()

    def _catch_up(self) -> None:
        """Applies what changed on disk since the index was written (a `git pull` while the
        site was down): one worker looks (the others would find the same), and the commit
        reaches every worker as a publication does."""
        with contextlib.ExitStack() as stack:
            if self.path is not None:
                handle = stack.enter_context(open(f"{self.path}.scan", "a+b"))
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
            changed, removed = self._differences()
            if not (changed or removed):
                return
            result = self.apply(changed, removed)
            if not result.ok:
                log.error("content changed since the index was written, but is invalid; "
                          "serving the last good content:\n%s",
                          "\n".join(str(p) for p in result.problems))

    def _unusable(self) -> str | None:
        """Why the file at `path` cannot be used as it is, or None."""
        if self.path is None:
            return "in memory"
        if not self.path.exists():
            return NEW
        try:
            db = self.connect()
            try:
                meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
            finally:
                db.close()
        except sqlite3.DatabaseError as error:
            return f"unreadable ({error})"
        expected = {"code": code_version(self.types), "root": str(self.root.resolve()),
                    "static": str(self.static_dir)}
        for name, value in expected.items():
            if meta.get(name) != value:
                return f"written for another {name}"
        return None

    def _differences(self) -> tuple[list[str], list[str]]:
        on_disk = scan(self.root)
        db = self.connect()
        known = {path: (mtime, size)
                 for path, mtime, size in db.execute("SELECT path, mtime_ns, size FROM items")}
        if self.path is not None:
            db.close()
        changed = [path for path, stat in on_disk.items() if known.get(path) != stat]
        removed = [path for path in known if path not in on_disk]
        return sorted(changed), sorted(removed)

    def _build(self) -> None:
        if self.path is None:
            self._fill(self.connect())
        else:
            build_file(self.path, self._fill)

    def _fill(self, db: sqlite3.Connection) -> None:
        """Builds the index from the content into the empty database `db`; raises
        ContentError with every problem if the content is invalid."""
        try:
            for statement in TABLES.split(";"):
                db.execute(statement)
            db.execute("BEGIN IMMEDIATE")
            problems = build(db, markdown_files(self.root), self.context)
            for statement in INDEXES.split(";"):
                db.execute(statement)
            problems += check_index(db, self.root)
            if problems:
                raise ContentError(problems)
            meta = {"code": code_version(self.types), "root": str(self.root.resolve()),
                    "static": str(self.static_dir), "generation": "1",
                    "build": uuid.uuid4().hex[:12]}
            db.executemany("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)",
                           meta.items())
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    # --- reading what changed ---

    def meta(self, db: sqlite3.Connection) -> dict[str, str]:
        return dict(db.execute("SELECT name, value FROM meta").fetchall())

    def latest_generation(self) -> int:
        """The generation of the last commit, read afresh (workers poll it)."""
        with self._poll_lock:
            # Built again (the old connection, dropped, closes): the old file no longer changes.
            now = self.file_id()
            if self._poll is None or self._polled != now:
                self._polled, self._poll = now, self.connect()
            return int(self._poll.execute(
                "SELECT value FROM meta WHERE name = 'generation'").fetchone()[0])

    def changes_since(self, db: sqlite3.Connection, generation: int) -> list[Change]:
        """What the commits after `generation` changed (kind, locale, key, slug, path; the
        items are read from the index by whoever needs them)."""
        return [Change(kind, locale, key, slug, path, removed=bool(removed))
                for kind, locale, key, slug, path, removed in db.execute(
                    "SELECT kind, locale, key, slug, path, removed FROM changes "
                    "WHERE generation > ? ORDER BY generation", (generation,))]
