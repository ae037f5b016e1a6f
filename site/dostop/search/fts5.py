"""SQLite FTS5 in memory, built by each process at start-up.

The tokenizer folds diacritics (`unicode61 remove_diacritics 2`), so "c" finds "č" and "sola" finds
"šola"; every query term is a quoted prefix (`"term"*`), so a visitor's words can never be FTS
syntax, and results are ranked by bm25 with the title weighted above the summary and the body.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable

from dostop.content import ContentItem, ContentRepository
from dostop.search.backend import RESULT_LIMIT, ItemKey, SearchHit, item_key
from dostop.search.query import query_terms

# bm25 column weights, in the order of the indexed columns: title, summary, body, tags.
WEIGHTS = (10.0, 4.0, 1.0, 2.0)


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a visitor's query, or "" if it has no words.

    Each term is quoted (doubling any quote, although a term admits none) and made a prefix;
    terms are joined by FTS5's implicit AND."""
    return " ".join('"' + term.replace('"', '""') + '"*' for term in query_terms(query))


class SearchIndex:
    """One in-memory FTS5 table per language.

    A table per language, not one table with a locale column: a query scores only its own
    language's matches, and bm25's word statistics come from that language. The ranking is the
    table's `rank` setting, so `ORDER BY rank LIMIT` lets FTS5 keep only the best rows: at
    10,000 articles per language a common word ranked in about half the time (bench/README.md)."""

    def __init__(self, items: Iterable[ContentItem] = ()) -> None:
        # The app serves from one event loop, but tests and threaded servers may call from
        # other threads: one connection, guarded by a lock (queries take microseconds).
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._tables: dict[str, str] = {}
        self._items: dict[int, ContentItem] = {}
        self._rowids: dict[ItemKey, int] = {}
        self._next_rowid = 0
        self.replace_all(items)

    @classmethod
    def from_content(cls, content: ContentRepository) -> SearchIndex:
        return cls(content.items)

    def __len__(self) -> int:
        return len(self._items)

    def _table(self, locale: str) -> str:
        table = self._tables.get(locale)
        if table is None:
            table = f"entries_{len(self._tables)}"  # never a visitor's or an editor's text in SQL
            self._db.execute(
                f"CREATE VIRTUAL TABLE {table} USING fts5(title, summary, body, tags, "
                "tokenize = 'unicode61 remove_diacritics 2')"
            )
            weights = ", ".join(str(w) for w in WEIGHTS)
            self._db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('rank', ?)",
                             (f"bm25({weights})",))
            self._tables[locale] = table
        return table

    def replace_all(self, items: Iterable[ContentItem]) -> None:
        with self._lock:
            for table in self._tables.values():
                self._db.execute(f"DELETE FROM {table}")
            self._items.clear()
            self._rowids.clear()
            self._upsert(items)
            self._db.commit()

    def apply(self, upserted: Iterable[ContentItem], removed: Iterable[ItemKey]) -> None:
        with self._lock:
            for key in removed:
                self._remove(key)
            self._upsert(upserted)
            self._db.commit()

    def _remove(self, key: ItemKey) -> None:
        rowid = self._rowids.pop(key, None)
        if rowid is not None:
            item = self._items.pop(rowid)
            self._db.execute(f"DELETE FROM {self._table(item.locale)} WHERE rowid = ?", (rowid,))

    def _upsert(self, items: Iterable[ContentItem]) -> None:
        rows: dict[str, list[tuple[int, str, str, str, str]]] = {}
        for item in sorted(items, key=lambda i: i.locale):
            self._remove(item_key(item))
            rowid = self._next_rowid
            self._next_rowid += 1
            self._items[rowid] = item
            self._rowids[item_key(item)] = rowid
            rows.setdefault(item.locale, []).append(
                (rowid, item.title, item.summary, item.text, " ".join(item.tags)))
        for locale, locale_rows in rows.items():
            table = self._table(locale)
            self._db.executemany(
                f"INSERT INTO {table} (rowid, title, summary, body, tags) VALUES (?, ?, ?, ?, ?)",
                locale_rows,
            )

    def search(self, query: str, locale: str, limit: int = RESULT_LIMIT) -> list[SearchHit]:
        """The best matches in one language, best first; [] for a query without words."""
        expression = match_expression(query)
        if not expression:
            return []
        table = self._tables.get(locale)
        if table is None:
            return []
        sql = f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT ?"
        try:
            with self._lock:
                rows = self._db.execute(sql, (expression, limit)).fetchall()
        except sqlite3.OperationalError:
            # A term the tokenizer reads as no token at all: no match, never a 500.
            return []
        return [SearchHit(self._items[rowid], rank) for rowid, rank in rows]
