"""Changing the content index: only with content that stays valid, in one transaction."""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dostop.content.collection import check_changes
from dostop.content.declaration import ContentType
from dostop.content.index_order import ListPositions, Replaced
from dostop.content.index_schema import ApplyResult, Change, select_in
from dostop.content.loader import Context, Source, read_source
from dostop.content.problems import parts_below
from dostop.content.index_build import ITEM_COLUMNS, PLACES
from dostop.content.record import COLUMNS


class IndexWriter:
    """What ContentIndex does to change the index (its connection, lock and declarations)."""

    root: Path
    types: tuple[ContentType, ...]
    context: Context
    path: Path | None

    def connect(self) -> sqlite3.Connection:
        raise NotImplementedError

    def locked(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError

    def apply(self, changed: Iterable[Path | str], removed: Iterable[Path | str] = ()
              ) -> ApplyResult:
        """Re-reads the files `changed` (added or edited) and drops those `removed` (paths
        below the content folder, or absolute); commits only if the content stays valid, else
        keeps the last good content and returns the problems. A file whose mtime and size the
        index already has is skipped, so workers that all see one edit commit it once."""
        with self.locked():
            return self._apply([self._relative(p) for p in changed],
                               [self._relative(p) for p in removed])

    def _relative(self, path: Path | str) -> str:
        """A path as the index names it: below the content folder ("sl/news/x.md"), from a
        path below the folder as given, as resolved (a watcher's), or already relative."""
        path = Path(path)
        below = parts_below(path, self.root)
        if below is None and path.is_absolute():
            below = parts_below(path.resolve(), self.root.resolve())
        return "/".join(below) if below is not None else path.as_posix()

    def _apply(self, changed: list[str], removed: list[str]) -> ApplyResult:
        db = self.connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            generation = int(db.execute(
                "SELECT value FROM meta WHERE name = 'generation'").fetchone()[0])
            known = {path: (mtime, size) for path, mtime, size in select_in(
                db, "SELECT path, mtime_ns, size FROM items WHERE path IN ({})",
                changed + removed)}
            reads: list[tuple[str, int, int]] = []
            gone: list[str] = []
            for path in sorted(set(changed) | set(removed)):
                try:
                    stat = os.stat(self.root.joinpath(*path.split("/")))
                except FileNotFoundError:
                    if path in known:
                        gone.append(path)
                    continue
                if not path.endswith(".md"):
                    continue
                if known.get(path) != (stat.st_mtime_ns, stat.st_size):
                    reads.append((path, stat.st_mtime_ns, stat.st_size))
            if not reads and not gone:
                db.execute("ROLLBACK")
                return ApplyResult(True, (), (), generation)
            sources = [read_source(path, mtime, size, self.context)
                       for path, mtime, size in reads]
            before = self._changes(db, [p for p, _, _ in reads] + gone, removed=True)
            replaced: list[Replaced] = list(select_in(
                db, "SELECT path, kind, locale, position, sort_key FROM items WHERE path IN ({})",
                [p for p, _, _ in reads] + gone))
            self._write(db, sources, gone)
            problems = [p for source in sources for p in source.problems]
            problems += check_changes(db, self.root, [p for p, _, _ in reads], before)
            if problems:
                db.execute("ROLLBACK")
                return ApplyResult(False, tuple(sorted(problems)), (), generation)
            after = self._changes(db, [p for p, _, _ in reads], removed=False)
            generation += 1
            self._place(db, replaced, [p for p, _, _ in reads])
            db.execute("UPDATE meta SET value = ? WHERE name = 'generation'",
                       (str(generation),))
            db.executemany(
                "INSERT INTO changes (generation, kind, locale, key, slug, path, removed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(generation, c.kind, c.locale, c.key, c.slug, c.path, c.removed)
                 for c in before + after])
            db.execute("COMMIT")
            return ApplyResult(True, (), tuple(before + after), generation)
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            if self.path is not None:
                db.close()

    def _changes(self, db: sqlite3.Connection, paths: list[str], *, removed: bool
                 ) -> list[Change]:
        """The items now at `paths`: as removed (before a change) or with their new item."""
        decode = self.context.records.decode
        return [Change(row[0], row[1], row[3], row[2], row[4],
                       None if removed else decode(row), removed)
                for row in select_in(db, f"SELECT {COLUMNS} FROM item_rows WHERE path IN ({{}})",
                                     paths)]

    @staticmethod
    def _write(db: sqlite3.Connection, sources: list[Source], gone: list[str]) -> None:
        paths = [(s.path,) for s in sources] + [(p,) for p in gone]
        db.executemany("DELETE FROM records WHERE id = (SELECT id FROM items WHERE path = ?)",
                       paths)
        for table in ("items", "links", "refs"):
            db.executemany(f"DELETE FROM {table} WHERE path = ?", paths)
        for source in sources:
            if source.row is not None:
                *item, record = source.row
                row_id = db.execute(f"INSERT INTO items ({ITEM_COLUMNS}) VALUES ({PLACES})",
                                    (None, *item, None)).lastrowid
                db.execute("INSERT INTO records (id, item) VALUES (?, ?)", (row_id, record))
        db.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?)",
                       [link for s in sources for link in s.links])
        db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?)",
                       [ref for s in sources for ref in s.refs])

    def _place(self, db: sqlite3.Connection, replaced: list[Replaced], written: list[str]
               ) -> None:
        """Numbers the lists a change touched: the rows `replaced` left their places, the rows
        at the paths `written` have none yet. A row written again with the same sort key keeps
        its place; the others are moved in and out (content/index_order.py), or, past a
        budget of rows moved, their lists are numbered again whole."""
        by_name = {t.name: t for t in self.types}
        was = {path: (kind, locale, position, key)
               for path, kind, locale, position, key in replaced}
        leaving: dict[tuple[str, str], list[int]] = {}
        arriving: dict[tuple[str, str], list[tuple[Any, str, int]]] = {}
        for row_id, path, kind, locale, key in list(select_in(
                db, "SELECT id, path, kind, locale, sort_key FROM items WHERE path IN ({})",
                written)):
            old = was.pop(path, None)
            if old is not None and old[:2] == (kind, locale) and old[3] == key:
                db.execute("UPDATE items SET position = ? WHERE id = ?", (old[2], row_id))
                continue
            arriving.setdefault((kind, locale), []).append((pickle.loads(key), path, row_id))
            if old is not None:
                leaving.setdefault(old[:2], []).append(old[2])
        for kind, locale, position, _ in was.values():
            leaving.setdefault((kind, locale), []).append(position)
        for group in sorted(leaving.keys() | arriving.keys()):
            if group[0] not in by_name:
                continue
            positions = ListPositions(db, *group, by_name[group[0]].reverse,
                                      leaving.get(group, []))
            if not (positions.close_gaps() and all(
                    positions.place(row_id, key, path)
                    for key, path, row_id in sorted(arriving.get(group, []),
                                                    key=lambda entry: entry[1]))):
                self._number(db, {group})

    def _number(self, db: sqlite3.Connection, groups: set[tuple[str, str]]) -> None:
        """Each list's position column, in its type's declared order (a Python sort key, so
        any declaration works; ties keep the files' path order, as a stable sort would)."""
        by_name = {t.name: t for t in self.types}
        for kind, locale in groups:
            if kind not in by_name:
                continue
            rows = db.execute("SELECT id, position, sort_key FROM items WHERE kind = ? AND "
                              "locale = ? ORDER BY path", (kind, locale)).fetchall()
            keyed = [(pickle.loads(key), row_id, position) for row_id, position, key in rows]
            keyed.sort(key=lambda entry: entry[0], reverse=by_name[kind].reverse)
            db.executemany("UPDATE items SET position = ? WHERE id = ?",
                           [(number, row_id) for number, (_, row_id, position)
                            in enumerate(keyed) if position != number])
