"""The embedded backend: SQLite FTS5 in one file on disk (var/search.sqlite3 by default), built
once and shared by every worker process, which each only read it; `apply` updates it in place.

The tokenizer folds diacritics (`unicode61 remove_diacritics 2`), so "c" finds "č" and "sola"
finds "šola"; every query term is a quoted prefix (`"term"*`), so a visitor's words can never be
FTS syntax, and results are ranked by bm25 with the title weighted above the summary and the
body. Prefixes of one to four letters have their own index (`prefix='1 2 3 4'`): a visitor who
types "k" or "kult" gets one doclist, not the union of every word that begins so.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from dostop.content import ContentItem
from dostop.search.backend import (
    COUNT_CAP, RANK_WINDOW, RESULT_LIMIT, Document, Found, ItemKey, SearchHit, SearchUnavailable,
    by_publication, fingerprint,
)
from dostop.search.query import query_terms

log = logging.getLogger("dostop.search")

# bm25 column weights, in the order of the indexed columns: title, summary, body, tags.
WEIGHTS = (10.0, 4.0, 1.0, 2.0)
# Bumped when the tables change: an index file of another version is rebuilt.
SCHEMA = "2"
# A language's table is named after it; content languages are codes like "sl" or "en".
LOCALE = re.compile(r"[a-z]{2,8}")
# Workers that start together wait for the first one's build rather than build it again.
BUILD_WAIT_SECONDS = 600


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a visitor's query, or "" if it has no words.

    Each term is quoted (doubling any quote, although a term admits none) and made a prefix;
    terms are joined by FTS5's implicit AND."""
    return " ".join('"' + term.replace('"', '""') + '"*' for term in query_terms(query))


def _table(locale: str) -> str:
    # Never a visitor's or an editor's text in SQL: the locale comes from the content's own
    # language codes, and is checked all the same.
    if not LOCALE.fullmatch(locale):
        raise ValueError(f"not a language code: {locale!r}")
    return f"words_{locale}"


class Fts5Search:
    """One FTS5 table per language, and one table of what a hit shows (`found`).

    A table per language, not one table with a locale column: a query scores only its own
    language's matches, and bm25's word statistics come from that language. The ranking is the
    table's `rank` setting, so `ORDER BY rank LIMIT` lets FTS5 keep only the best rows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()  # one reading connection per thread
        self._write_lock = threading.Lock()
        try:
            with self._writing() as db:
                self._create(db)
        except sqlite3.DatabaseError as error:
            # A damaged file (a disk fault, a copy cut short): it holds nothing that cannot be
            # built again from the content, so start it anew.
            log.error("search index %s unreadable (%s): building it again", path, error)
            for stale in (path, path.with_name(path.name + "-wal"),
                          path.with_name(path.name + "-shm")):
                stale.unlink(missing_ok=True)
            with self._writing() as db:
                self._create(db)

    # --- connections ---------------------------------------------------------------------------

    def _connect(self, timeout: float) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")  # readers in every worker never block the writer
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _reader(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = self._connect(timeout=5)
            db.execute("PRAGMA query_only=1")
            # Pages read through one mapping of the file that every thread and worker shares
            # (the OS's cache), not copied into each connection's own: a tenth less CPU a query.
            db.execute("PRAGMA mmap_size=1073741824")
            self._local.db = db
        return db

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE), so two workers that start
        together do not both build: the second waits, then finds the work done."""
        with self._write_lock:
            db = self._connect(timeout=BUILD_WAIT_SECONDS)
            try:
                db.execute("BEGIN IMMEDIATE")
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            finally:
                db.close()

    def _create(self, db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
        if row is not None and row[0] == SCHEMA:
            return
        for name in self._words_tables(db):
            db.execute(f"DROP TABLE {name}")
        db.execute("DROP TABLE IF EXISTS found")
        db.execute("DELETE FROM meta")
        db.execute("CREATE TABLE found (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
                   "locale TEXT NOT NULL, slug TEXT NOT NULL, key TEXT NOT NULL, "
                   "title TEXT NOT NULL, title_html TEXT NOT NULL, summary_html TEXT NOT NULL, "
                   "date TEXT, UNIQUE (kind, locale, slug))")
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))

    @staticmethod
    def _words_tables(db: sqlite3.Connection) -> list[str]:
        """Each language's FTS5 table (not its shadow tables, which only FTS5 may touch)."""
        return [name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND "
            "sql LIKE 'CREATE VIRTUAL TABLE%' AND name LIKE 'words\\_%' ESCAPE '\\'")]

    def _words_table(self, db: sqlite3.Connection, locale: str) -> str:
        table = _table(locale)
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            return table
        db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(title, summary, body, tags, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4')")
        weights = ", ".join(str(w) for w in WEIGHTS)
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('rank', ?)",
                   (f"bm25({weights})",))
        return table

    # --- writing -------------------------------------------------------------------------------

    def sync(self, items: Callable[[], Iterable[ContentItem]], stamp: str | None = None) -> bool:
        """Builds the index from `items()` unless it was built from the same content (`stamp`,
        by default a fingerprint of the items); True when it built."""
        stamp = stamp or fingerprint(items())
        try:
            with self._writing() as db:
                row = db.execute("SELECT value FROM meta WHERE name = 'stamp'").fetchone()
                if row is not None and row[0] == stamp:
                    return False
                self._replace_all(db, items())
                db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
        except sqlite3.Error as error:  # a full disk, a damaged file: pages go on regardless
            raise SearchUnavailable(str(error)) from error
        log.info("search index built: %s", self.path)
        return True

    def replace_all(self, items: Iterable[ContentItem]) -> None:
        with self._writing() as db:
            self._replace_all(db, items)
            db.execute("DELETE FROM meta WHERE name = 'stamp'")

    def _replace_all(self, db: sqlite3.Connection, items: Iterable[ContentItem]) -> None:
        for name in self._words_tables(db):
            db.execute(f"DELETE FROM {name}")
        db.execute("DELETE FROM found")
        self._insert(db, by_publication(items))

    def apply(self, upserted: Iterable[ContentItem], removed: Iterable[ItemKey],
              stamp: str | None = None) -> None:
        """Adds or replaces `upserted` and drops `removed`, in one transaction; every worker
        may apply the same change (the result is the same). `stamp` names the content after
        the change, so a restart reuses the index."""
        upserted = list(upserted)
        try:
            with self._writing() as db:
                for key in [*removed, *((i.kind, i.locale, i.slug) for i in upserted)]:
                    self._remove(db, key)
                self._insert(db, upserted)
                if stamp is None:
                    db.execute("DELETE FROM meta WHERE name = 'stamp'")
                else:
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
        except sqlite3.Error as error:  # a full disk, a damaged file: the caller logs it
            raise SearchUnavailable(str(error)) from error

    def _remove(self, db: sqlite3.Connection, key: ItemKey) -> None:
        row = db.execute("SELECT id FROM found WHERE kind = ? AND locale = ? AND slug = ?",
                         key).fetchone()
        if row is not None:
            db.execute(f"DELETE FROM {self._words_table(db, key[1])} WHERE rowid = ?", row)
            db.execute("DELETE FROM found WHERE id = ?", row)

    def _insert(self, db: sqlite3.Connection, items: Iterable[ContentItem]) -> None:
        tables: dict[str, str] = {}
        for item in items:
            document = Document.of(item)
            found = document.found
            table = tables.get(found.locale)
            if table is None:
                table = tables[found.locale] = self._words_table(db, found.locale)
            rowid = db.execute(
                "INSERT INTO found (kind, locale, slug, key, title, title_html, summary_html, "
                "date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (found.kind, found.locale, found.slug, found.key, found.title, found.title_html,
                 found.summary_html, found.date.isoformat() if found.date else None),
            ).lastrowid
            db.execute(f"INSERT INTO {table} (rowid, title, summary, body, tags) "
                       "VALUES (?, ?, ?, ?, ?)",
                       (rowid, found.title, document.summary, document.body, document.tags))

    # --- reading -------------------------------------------------------------------------------

    def search(self, query: str, locale: str, limit: int = RESULT_LIMIT) -> list[SearchHit]:
        """The best matches in one language, best first; [] for a query without words."""
        table = _table(locale) if LOCALE.fullmatch(locale) else ""
        expression = match_expression(query)
        # Newest first (rowids follow publication order), one more than the window: FTS5
        # walks the match in rowid order and stops there.
        newest = [rowid for (rowid,) in self._read(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT ?",
            table, expression, RANK_WINDOW + 1)]
        if len(newest) <= RANK_WINDOW:
            # All of them by bm25. Before it scores a row, bm25 counts every match of each
            # term (its word statistics): cheap for a few, but as many as the archive has
            # for a one-letter prefix, which is why broader queries are ranked below.
            ranked = self._read(f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ? "
                                "ORDER BY rank, rowid DESC LIMIT ?", table, expression, limit)
        else:
            ranked = self._by_column(table, expression, newest[:RANK_WINDOW], limit)
        return self._hits(ranked)

    def _by_column(self, table: str, expression: str, newest: list[int],
                   limit: int) -> list[tuple[int, float]]:
        """The newest matches ranked by where they match, title (10) above summary (4) above
        the body, then newest first: two more walks over the same rowid range, no statistics."""
        score = dict.fromkeys(newest, 0.0)
        for column, weight in (("title", WEIGHTS[0]), ("summary", WEIGHTS[1])):
            for (rowid,) in self._read(
                    f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid >= ?",
                    table, f"{{{column}}} : ({expression})", newest[-1]):
                if rowid in score:
                    score[rowid] -= weight
        best = sorted(newest, key=lambda rowid: (score[rowid], -rowid))[:limit]
        return [(rowid, score[rowid]) for rowid in best]

    def _hits(self, ranked: list[tuple[Any, ...]]) -> list[SearchHit]:
        if not ranked:
            return []
        rows = {row[0]: row[1:] for row in self._read(
            "SELECT id, kind, locale, slug, key, title, title_html, summary_html, date "
            f"FROM found WHERE id IN ({', '.join('?' * len(ranked))})",
            "found", *(rowid for rowid, _ in ranked))}
        return [SearchHit(Found(*rows[rowid][:7], date.fromisoformat(rows[rowid][7])
                                if rows[rowid][7] else None), rank)
                for rowid, rank in ranked if rowid in rows]

    def count(self, query: str, locale: str, cap: int = COUNT_CAP) -> int:
        # Without ORDER BY, FTS5 walks the match in rowid order and stops at the limit.
        table = _table(locale) if LOCALE.fullmatch(locale) else ""
        rows = self._read(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? "
                          "LIMIT ?)", table, match_expression(query), cap + 1)
        return int(rows[0][0]) if rows else 0

    def _read(self, sql: str, table: str, *parameters: Any) -> list[tuple[Any, ...]]:
        """Rows, or none when there is nothing to ask (no words, no such language)."""
        if not parameters[0] or not table:
            return []
        try:
            return self._reader().execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as error:
            if str(error).startswith("no such table"):
                return []  # no content in this language yet
            if "fts5" in str(error):
                return []  # a term the tokenizer reads as no token at all: no match, never a 500
            raise SearchUnavailable(str(error)) from error
        except sqlite3.DatabaseError as error:  # the file is damaged
            raise SearchUnavailable(str(error)) from error
